//! Every operation of the client on the wire, driven from the effective
//! OpenAPI document: no code per operation.
//!
//! [`every_operation_on_the_wire`] calls each operation of the call table
//! (`tests/generated/calls.rs`) against a local server, with every parameter
//! and every body member set by the synthesizer (`common/synth.rs`) in its
//! hostile mode (path parameters like `a/b?c#d%2e..` that must arrive as one
//! encoded segment, query values full of `&`, `=` and `+`), and checks per
//! operation: the method, the encoded path, the exact query pairs, the bearer
//! token (exactly once where the effective security names an HTTP bearer
//! scheme, never otherwise), the `User-Agent`, the header parameters, the
//! content type and the body (JSON equal to what was meant — no member
//! dropped, none invented —, form pairs, multipart parts, raw bytes); and that
//! a synthesized success answer with every member set reads into the typed
//! response and, written back as JSON, equals what was served. All failures
//! are reported together, each with its operationId.
//!
//! The set of operations the call table has must be the document's public
//! operations (`x-internal` ones are left out of the client). A few
//! hand-written tests cover what is special about single operations, and the
//! last ones show that the checks fail when they should.

mod common;

use std::collections::BTreeSet;

use bytes::Bytes;
use serde_json::{Value, json};
use supabase_management::reqwest::StatusCode;
use supabase_management::types::*;
use supabase_management::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::call_support::{Args, BodyArg, CallError, Place};
use common::document::{Document, Location, Operation, Parameter, document};
use common::synth::{self, Expect, Expected, ExpectedBody, Mode, Served};
use common::{
    HOSTILE, HOSTILE_SEGMENT, ODD, ODD_SEGMENT, calls, client_of, received, serve, serve_bytes, validate, wire,
};

// ---------------------------------------------------------------------------
// Every operation
// ---------------------------------------------------------------------------

/// The answer the server gives: the synthesized status, headers and body.
fn template(served: &Served) -> ResponseTemplate {
    let mut template = ResponseTemplate::new(served.status);
    for (name, value) in &served.headers {
        template = template.insert_header(name.as_str(), value.as_str());
    }
    match &served.content_type {
        Some(content_type) => template.set_body_raw(served.body.clone(), content_type),
        None => template,
    }
}

/// Calls operation `id` with `args` against `server` (which answers `served`)
/// and returns every way the request or the answer differs from `expected`.
async fn check_operation(
    server: &MockServer,
    client: &Client,
    id: &str,
    args: &Args,
    expected: &Expected,
    served: &Served,
) -> Vec<String> {
    server.reset().await;
    Mock::given(any()).respond_with(template(served)).mount(server).await;
    let mut problems = Vec::new();
    let outcome = calls::call(client, id, args).await;
    let unread = args.unread();
    if !unread.is_empty() {
        problems.push(format!("arguments the call table never read (not parameters of the client?): {unread:?}"));
    }
    let requests = server.received_requests().await.unwrap_or_default();
    let request = match requests.as_slice() {
        [one] => Some(one),
        more => {
            problems.push(format!("the server received {} requests, expected exactly one", more.len()));
            None
        }
    };
    if let Some(request) = request {
        problems.extend(wire::request_differences(expected, request));
    }
    match outcome {
        Err(e) => problems.push(format!("the call table cannot call it with these arguments: {e}")),
        Ok(Err(Error::Decode(e))) => problems.push(format!(
            "the answer did not read as `{}`{}: {}",
            e.expected_type(),
            e.path().map(|p| format!(" at `{p}`")).unwrap_or_default(),
            e.message()
        )),
        Ok(Err(e)) => problems.push(format!("the client failed: {e}")),
        Ok(Ok(called)) => {
            if let Some(request) = request {
                problems.extend(wire::answer_differences(served, &called, &request.url));
            }
        }
    }
    problems
}

#[tokio::test]
async fn every_operation_on_the_wire() {
    let doc = document();
    let server = MockServer::start().await;
    let client = client_of(&server);
    let mut failures = Vec::new();
    for id in calls::OPERATION_IDS {
        let Some(op) = doc.operation(id) else {
            failures.push(format!("{id}: in the call table but not an operation of the document"));
            continue;
        };
        let call = synth::call(&op, Mode::Hostile);
        let served = synth::answer(&op);
        let problems = check_operation(&server, &client, id, &call.args, &call.request, &served).await;
        if !problems.is_empty() {
            failures.push(format!("{id} ({} {}):\n    - {}", op.method, op.path, problems.join("\n    - ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations failed on the wire:\n{}",
        failures.len(),
        calls::OPERATION_IDS.len(),
        failures.join("\n")
    );
}

/// How a list of operationIds differs from the document's public operations:
/// the public ones it lacks, and those it has that are not public ones.
fn coverage_differences(doc: &Document, ids: &[&str]) -> (Vec<String>, Vec<String>) {
    let ids: BTreeSet<&str> = ids.iter().copied().collect();
    let public: BTreeSet<String> = doc.public_operations().into_iter().map(|op| op.id).collect();
    let missing = public.iter().filter(|id| !ids.contains(id.as_str())).cloned().collect();
    let unknown = ids.iter().filter(|id| !public.contains(**id)).map(|id| id.to_string()).collect();
    (missing, unknown)
}

#[test]
fn the_call_table_is_the_documents_public_operations() {
    let doc = document();
    let table: BTreeSet<&str> = calls::OPERATION_IDS.iter().copied().collect();
    assert_eq!(table.len(), calls::OPERATION_IDS.len(), "operationIds in the call table are unique");
    let (missing, unknown) = coverage_differences(doc, calls::OPERATION_IDS);
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "the call table must hold the document's public operations: missing {missing:?}, not public in the document {unknown:?}"
    );
    let internal: Vec<String> = doc.operations().into_iter().filter(|op| op.internal).map(|op| op.id).collect();
    assert!(!internal.is_empty(), "the document has x-internal operations; none of them is in the client");
    assert!(internal.iter().all(|id| !table.contains(id.as_str())), "{internal:?}");
}

#[test]
fn the_coverage_check_sees_a_missing_and_an_internal_operation() {
    let doc = document();
    let internal = doc.operations().into_iter().find(|op| op.internal).expect("an x-internal operation").id;
    let mut ids: Vec<&str> = calls::OPERATION_IDS.iter().copied().skip(1).collect();
    ids.push(&internal);
    let (missing, unknown) = coverage_differences(doc, &ids);
    assert_eq!(missing, [calls::OPERATION_IDS[0].to_string()]);
    assert_eq!(unknown, [internal]);
}

/// Realistic values are what the contract tests send to a validating server:
/// each parameter, body and answer satisfies its schema.
#[test]
fn realistic_values_satisfy_their_schemas() {
    let doc = document();
    let mut failures = Vec::new();
    for op in doc.public_operations() {
        let call = synth::call(&op, Mode::Realistic);
        for parameter in &op.parameters {
            let place = match parameter.location {
                Location::Path => Place::Path,
                Location::Query => Place::Query,
                Location::Header => Place::Header,
                Location::Cookie => continue,
            };
            let value =
                call.args.params().find(|(p, name, _)| *p == place && *name == parameter.name).map(|(_, _, v)| v);
            let value = value.expect("every parameter has an argument");
            for error in validate::errors(doc, parameter.schema, value) {
                failures.push(format!("{}: parameter {}: {error}", op.id, parameter.name));
            }
        }
        // JSON and form bodies as JSON (multipart files are bytes, not strings).
        let body = match (&call.request.body, call.args.body_arg()) {
            (ExpectedBody::Json { content_type, .. }, Some(BodyArg::Json(value)))
            | (ExpectedBody::Form { content_type, .. }, Some(BodyArg::Json(value))) => Some((content_type, value)),
            _ => None,
        };
        if let Some((content_type, value)) = body {
            let schema = &op.request_body().expect("a body")["content"][content_type]["schema"];
            for error in validate::errors(doc, schema, value) {
                failures.push(format!("{}: body: {error}", op.id));
            }
        }
        let served = synth::answer(&op);
        if let (Expect::Json(value), Some(content_type)) = (&served.expect, &served.content_type) {
            let response = op.responses().into_iter().find(|(code, _)| code == &served.status.to_string());
            let schema = &response.expect("the served status is documented").1["content"][content_type]["schema"];
            for error in validate::errors(doc, schema, value) {
                failures.push(format!("{}: answer: {error}", op.id));
            }
        }
    }
    assert!(failures.is_empty(), "synthesized values that break their schemas:\n{}", failures.join("\n"));
}

/// Hostile mode really is hostile: every path parameter that takes free text
/// gets a value that changes the path unless it is encoded as one segment.
#[test]
fn hostile_path_parameters_are_in_every_path() {
    let doc = document();
    let mut soft = Vec::new();
    for op in doc.public_operations() {
        let call = synth::call(&op, Mode::Hostile);
        for (place, name, value) in call.args.params() {
            if place == Place::Path && (value == HOSTILE || value == ODD) {
                continue;
            }
            let free_text = op
                .parameters
                .iter()
                .find(|p| p.name == name && p.location == Location::Path)
                .is_some_and(|p| takes_free_text(doc, p.schema));
            if place == Place::Path && free_text {
                soft.push(format!("{}: {name} = {value}", op.id));
            }
        }
        let hostile_segments =
            call.request.path.matches(HOSTILE_SEGMENT).count() + call.request.path.matches(ODD_SEGMENT).count();
        let path_parameters = op.parameters.iter().filter(|p| p.location == Location::Path).count();
        if path_parameters > 0 && hostile_segments == 0 && op.parameters.iter().any(|p| takes_free_text(doc, p.schema))
        {
            soft.push(format!("{}: no hostile segment in {}", op.id, call.request.path));
        }
    }
    assert!(soft.is_empty(), "path parameters without a hostile value:\n{}", soft.join("\n"));
}

/// A string schema without `enum` (or a union with such an alternative).
fn takes_free_text(doc: &Document, schema: &Value) -> bool {
    let schema = doc.resolve(schema);
    let alternatives = schema["oneOf"].as_array().or_else(|| schema["anyOf"].as_array());
    match alternatives {
        Some(alternatives) => alternatives.first().is_some_and(|first| takes_free_text(doc, first)),
        None => schema["type"] == "string" && schema.get("enum").is_none(),
    }
}

#[test]
fn the_pattern_generator_makes_matching_strings() {
    for (pattern, min, max) in [
        ("^[a-z]+$", 20, 20),
        ("^[\\w-]+$", 0, 100),
        ("^(-?[0-9]+(?:\\.[0-9]+)?)(us|ms|s|min|h|d)?$", 0, 100),
        ("^[a-z_][a-z0-9_]+$", 4, 64),
        ("^(?!SUPABASE_).*", 0, 256),
        ("^\\s*([a-zA-Z0-9_-]+(\\s*,+\\s*)?)*\\s*$", 0, 100),
        ("^([0-9]{1,15}=[0-9]+,?)*$", 0, 100),
        ("^[^,]+$", 0, 100),
    ] {
        let text = common::pattern::generate(pattern, min, max).unwrap_or_else(|| panic!("nothing for {pattern}"));
        assert!(
            common::pattern::matches(pattern, &text) && (min..=max).contains(&text.chars().count()),
            "{pattern}: {text:?}"
        );
    }
    assert_eq!(common::pattern::generate("^[a-z]+$", 20, 20).as_deref(), Some("aaaaaaaaaaaaaaaaaaaa"));
    assert!(!common::pattern::matches("^(?!SUPABASE_).*", "SUPABASE_URL"));
    assert_eq!(common::pattern::generate("^(a)\\1$", 0, 10), None, "backreferences are not read");
}

// ---------------------------------------------------------------------------
// What is special about single operations
// ---------------------------------------------------------------------------

/// The function update also takes an eszip bundle: raw bytes, sent as they are.
#[tokio::test]
async fn update_a_function_with_an_eszip_body() {
    let (client, server) = serve_bytes(200, "application/json", json_of("v1-update-a-function")).await;
    let eszip: &[u8] = b"ESZIP2.3\x00\x01\xff\xfe not UTF-8";

    let function = client
        .update_a_function(HOSTILE, ODD, UpdateAFunctionBody::Eszip(Bytes::from_static(eszip)))
        .await
        .expect("the function");

    received(&server)
        .await
        .is("PATCH", &format!("/v1/projects/{HOSTILE_SEGMENT}/functions/{ODD_SEGMENT}"))
        .with_bearer()
        .with_bytes("application/vnd.denoland.eszip", eszip);
    assert!(!function.slug.is_empty());
}

/// The function deploy is multipart: each file a part with a file name, the
/// metadata a JSON part.
#[tokio::test]
async fn deploy_a_function_sends_files_and_metadata_as_parts() {
    let (client, server) = serve_bytes(201, "application/json", json_of("v1-deploy-a-function")).await;
    let metadata = FunctionDeployBodyMetadata {
        name: Some("Hello \"world\"".to_string()),
        verify_jwt: Some(false),
        ..FunctionDeployBodyMetadata::new("index.ts")
    };
    let files = vec![Bytes::from_static(b"export default 1;\n"), Bytes::from_static(b"\x00\xff binary")];
    let body = FunctionDeployBody { file: Some(files), ..FunctionDeployBody::new(metadata) };

    client.deploy_a_function(HOSTILE, body).slug("hello").bundle_only(true).await.expect("the deployment");

    let sent = received(&server).await;
    sent.is("POST", &format!("/v1/projects/{HOSTILE_SEGMENT}/functions/deploy?slug=hello&bundleOnly=true"))
        .with_bearer();
    let content_type = sent.header("content-type");
    let parts = wire::multipart_parts(content_type.as_deref(), sent.body()).expect("a multipart body");
    let summary: Vec<(Option<&str>, Option<&str>, Option<&str>)> =
        parts.iter().map(|p| (p.name.as_deref(), p.file_name.as_deref(), p.content_type.as_deref())).collect();
    assert_eq!(
        summary,
        [
            (Some("file"), Some("file"), Some("application/octet-stream")),
            (Some("file"), Some("file"), Some("application/octet-stream")),
            (Some("metadata"), None, Some("application/json")),
        ]
    );
    assert_eq!(parts[0].data, b"export default 1;\n");
    assert_eq!(parts[1].data, b"\x00\xff binary");
    let metadata: Value = serde_json::from_slice(&parts[2].data).expect("JSON metadata");
    assert_eq!(metadata, json!({ "entrypoint_path": "index.ts", "name": "Hello \"world\"", "verify_jwt": false }));
}

/// Authorization answers with a redirect: the method returns where it points,
/// resolved against the request, and sends no token.
#[tokio::test]
async fn authorize_user_returns_the_redirect() {
    let (client, server) =
        serve(ResponseTemplate::new(303).insert_header("Location", "/login?next=%2Fv1&state=a%26b")).await;

    let response = client
        .authorize_user("client-id", AuthorizeUserResponseType::IdTokenToken, "https://app.example/cb?from=a b&x=1#top")
        .state("st&te=1")
        .send_with_meta()
        .await
        .expect("the redirect");

    received(&server)
        .await
        .is(
            "GET",
            "/v1/oauth/authorize?client_id=client-id&response_type=id_token+token\
             &redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Ffrom%3Da+b%26x%3D1%23top&state=st%26te%3D1",
        )
        .without_auth()
        .without_body();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.body().as_str(), format!("{}/login?next=%2Fv1&state=a%26b", server.uri()));
}

#[tokio::test]
async fn authorize_user_answered_without_a_redirect_is_an_error() {
    let (client, _server) = serve(ResponseTemplate::new(200).set_body_string("<html>")).await;

    let error = client
        .authorize_user("c", AuthorizeUserResponseType::Code, "https://app.example/cb")
        .await
        .expect_err("a 200 has no Location to return");

    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::OK));
}

/// The token exchange is a form, escaped, and carries no bearer token.
#[tokio::test]
async fn exchange_oauth_token_sends_an_escaped_form_without_a_token() {
    let (client, server) = serve_bytes(201, "application/json", json_of("v1-exchange-oauth-token")).await;
    let body = OAuthTokenBody {
        grant_type: Some(OAuthTokenBodyGrantType::AuthorizationCode),
        client_id: Some("client-id".to_string()),
        client_secret: Some("s3cr&t=+/".to_string()),
        code: Some("the code".to_string()),
        ..OAuthTokenBody::default()
    };

    client.exchange_oauth_token(body).await.expect("the token");

    let sent = received(&server).await;
    sent.is("POST", "/v1/oauth/token").without_auth().with_form(&[
        ("grant_type", "authorization_code"),
        ("client_id", "client-id"),
        ("client_secret", "s3cr&t=+/"),
        ("code", "the code"),
    ]);
    let form = std::str::from_utf8(sent.body()).expect("ASCII");
    assert!(form.contains("client_secret=s3cr%26t%3D%2B%2F"), "the secret is escaped: {form}");
}

/// A `text/plain` answer is returned as the text, whatever its bytes.
#[tokio::test]
async fn a_text_answer_is_returned_as_text() {
    let (client, server) =
        serve(ResponseTemplate::new(200).set_body_raw("-- diff\nCREATE TABLE ü;\n", "text/plain")).await;

    let diff = client.diff_a_branch(HOSTILE).included_schemas("public,auth").await.expect("the diff");

    received(&server)
        .await
        .is("GET", &format!("/v1/branches/{HOSTILE_SEGMENT}/diff?included_schemas=public%2Cauth"))
        .with_bearer();
    assert_eq!(diff, "-- diff\nCREATE TABLE ü;\n");
}

/// The function body is bytes, kept as they came.
#[tokio::test]
async fn get_a_function_body_keeps_binary_bytes() {
    let binary = vec![0u8, 159, 146, 150, 255, b'\n'];
    let (client, _server) = serve_bytes(200, "application/octet-stream", binary.clone()).await;

    let body = client.get_a_function_body("ref", "fn").await.expect("the body");

    assert_eq!(body.as_ref(), binary.as_slice());
}

/// The methods of renamed operations stay, deprecated, and send the same
/// request as the new ones.
#[tokio::test]
#[allow(deprecated)]
async fn deprecated_aliases_send_the_same_request_as_their_new_names() {
    let doc = document();
    for (alias, new) in [
        ("v1-get-supavisor-config", "v1-get-pooler-config"),
        ("v1-update-supavisor-config", "v1-update-pooler-config"),
        ("v1-get-postgrest-upgrade-eligibility", "v1-get-postgres-upgrade-eligibility"),
        ("v1-get-postgrest-upgrade-status", "v1-get-postgres-upgrade-status"),
    ] {
        let op = doc.operation_known_as(alias).expect("the alias names an operation");
        assert_eq!(op.id, new, "{alias} is a former operationId of {new}");
    }
    let answer = |id: &str| synth::answer(&document().operation(id).expect("an operation"));
    let pooler_body = || -> UpdateSupavisorConfigBody {
        let op = document().operation("v1-update-pooler-config").expect("an operation");
        match synth::call(&op, Mode::Realistic).request.body {
            ExpectedBody::Json { value, .. } => serde_json::from_value(value).expect("the body reads"),
            other => panic!("a JSON body, not {other:?}"),
        }
    };
    let mut pairs = Vec::new();
    for (id, use_alias) in [
        ("v1-get-pooler-config", true),
        ("v1-get-pooler-config", false),
        ("v1-update-pooler-config", true),
        ("v1-update-pooler-config", false),
        ("v1-get-postgres-upgrade-eligibility", true),
        ("v1-get-postgres-upgrade-eligibility", false),
        ("v1-get-postgres-upgrade-status", true),
        ("v1-get-postgres-upgrade-status", false),
    ] {
        let served = answer(id);
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(template(&served)).mount(&server).await;
        let client = client_of(&server);
        let outcome = match (id, use_alias) {
            ("v1-get-pooler-config", true) => client.get_supavisor_config(HOSTILE).await.map(drop),
            ("v1-get-pooler-config", false) => client.get_pooler_config(HOSTILE).await.map(drop),
            ("v1-update-pooler-config", true) => client.update_supavisor_config(HOSTILE, pooler_body()).await.map(drop),
            ("v1-update-pooler-config", false) => client.update_pooler_config(HOSTILE, pooler_body()).await.map(drop),
            ("v1-get-postgres-upgrade-eligibility", true) => {
                client.get_postgrest_upgrade_eligibility(HOSTILE).await.map(drop)
            }
            ("v1-get-postgres-upgrade-eligibility", false) => {
                client.get_postgres_upgrade_eligibility(HOSTILE).await.map(drop)
            }
            ("v1-get-postgres-upgrade-status", true) => client.get_postgrest_upgrade_status(HOSTILE).await.map(drop),
            (_, _) => client.get_postgres_upgrade_status(HOSTILE).await.map(drop),
        };
        outcome.unwrap_or_else(|e| panic!("{id} (alias: {use_alias}): {e}"));
        let request = received(&server).await.0;
        let target = format!("{}?{}", request.url.path(), request.url.query().unwrap_or_default());
        pairs.push((
            id,
            (request.method.to_string(), target, request.headers.get("authorization").cloned(), request.body),
        ));
    }
    for pair in pairs.chunks(2) {
        assert_eq!(pair[0].1, pair[1].1, "{}: the deprecated alias sends what the new name sends", pair[0].0);
    }
}

/// Path parameters that cannot be one segment are refused before anything is sent.
#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_refused_before_sending() {
    let (client, server) = serve(ResponseTemplate::new(200).set_body_json(json!({}))).await;

    for id in ["", ".", ".."] {
        let error = client.get_a_snippet(id).await.expect_err("not a segment");
        assert!(matches!(error, Error::InvalidArgument(_)), "{id:?}: {error:?}");
    }
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0), "nothing was sent");
}

/// A synthesized JSON answer of an operation, as bytes.
fn json_of(id: &str) -> Vec<u8> {
    synth::answer(&document().operation(id).expect("an operation")).body
}

// ---------------------------------------------------------------------------
// The checks fail when they should
// ---------------------------------------------------------------------------

/// The first public operation (by operationId) that `pick` accepts; the
/// checks of the harness are shown on operations chosen by what they have.
fn first_operation(pick: impl Fn(&Operation<'_>) -> bool) -> Operation<'static> {
    document().public_operations().into_iter().find(|op| pick(op)).expect("the document has such an operation")
}

fn has(op: &Operation<'_>, location: Location) -> bool {
    op.parameters.iter().any(|p| p.location == location)
}

/// Each kind of wrong request is reported, named.
#[tokio::test]
async fn the_wire_check_reports_each_difference() {
    let server = MockServer::start().await;
    let client = client_of(&server);
    let op = first_operation(|op| op.uses_http_bearer() && has(op, Location::Path) && has(op, Location::Query));
    let call = synth::call(&op, Mode::Hostile);
    let served = synth::answer(&op);
    assert!(check_operation(&server, &client, &op.id, &call.args, &call.request, &served).await.is_empty());

    let mut wrong = call.request.clone();
    wrong.path = wrong.path.replace(HOSTILE_SEGMENT, HOSTILE);
    wrong.query[0].1.push('x');
    wrong.bearer = false;
    wrong.method = "POST".to_string();
    wrong.headers.push(("X-Expected".to_string(), "1".to_string()));
    let problems = check_operation(&server, &client, &op.id, &call.args, &wrong, &served).await.join("\n");
    for what in ["method:", "path:", "query:", "Authorization:", "header X-Expected"] {
        assert!(problems.contains(what), "{}: {what} is reported: {problems}", op.id);
    }

    // A body member lost on the way, and one invented.
    let json_object_body = |op: &Operation<'_>| matches!(synth::call(op, Mode::Hostile).request.body, ExpectedBody::Json { value: Value::Object(m), .. } if !m.is_empty());
    let op = first_operation(json_object_body);
    let call = synth::call(&op, Mode::Hostile);
    let served = synth::answer(&op);
    let mut wrong = call.request.clone();
    let ExpectedBody::Json { value: Value::Object(members), .. } = &mut wrong.body else { unreachable!() };
    let dropped = members.keys().next().cloned().expect("a member");
    members.remove(&dropped);
    members.insert("invented".to_string(), json!(1));
    let problems = check_operation(&server, &client, &op.id, &call.args, &wrong, &served).await.join("\n");
    assert!(
        problems.contains("members lost [\"invented\"]") && problems.contains(&format!("\"{dropped}\"")),
        "{}: {problems}",
        op.id
    );

    // An argument the operation does not have.
    let args = call.args.clone().with(Place::Query, "not_a_parameter", json!("x"));
    let problems = check_operation(&server, &client, &op.id, &args, &call.request, &served).await.join("\n");
    assert!(problems.contains("never read") && problems.contains("not_a_parameter"), "{}: {problems}", op.id);
}

/// Members the document does not name are kept by the types read from
/// answers (and written back), so the answer check passes with one.
#[tokio::test]
async fn an_undocumented_member_of_an_answer_is_kept() {
    let server = MockServer::start().await;
    let client = client_of(&server);
    let op = first_operation(|op| matches!(synth::answer(op).expect, Expect::Json(Value::Object(_))));
    let call = synth::call(&op, Mode::Hostile);
    let mut served = synth::answer(&op);
    let Expect::Json(value) = &mut served.expect else { unreachable!() };
    value.as_object_mut().expect("an object").insert("undocumented-member".to_string(), json!({ "kept": [1, 2] }));
    served.body = serde_json::to_vec(value).expect("JSON");

    let problems = check_operation(&server, &client, &op.id, &call.args, &call.request, &served).await;

    assert!(problems.is_empty(), "{}: {problems:?}", op.id);
}

/// What the client read, written back, is compared with what was served: a
/// member sent as `null` that the type reads otherwise is reported.
#[tokio::test]
async fn the_answer_check_sees_a_member_read_otherwise() {
    let server = MockServer::start().await;
    let client = client_of(&server);
    let op = first_operation(|op| match synth::answer(op).expect {
        Expect::Json(Value::Object(members)) => members.values().any(Value::is_string),
        _ => false,
    });
    let call = synth::call(&op, Mode::Hostile);
    let mut served = synth::answer(&op);
    let Expect::Json(value) = &mut served.expect else { unreachable!() };
    let object = value.as_object_mut().expect("an object");
    let member = object.iter().find(|(_, v)| v.is_string()).map(|(k, _)| k.clone()).expect("a string member");
    object.insert(member.clone(), Value::Null);
    served.body = serde_json::to_vec(value).expect("JSON");

    let problems = check_operation(&server, &client, &op.id, &call.args, &call.request, &served).await.join("\n");

    assert!(problems.contains("answer read and written back") && problems.contains(&member), "{}: {problems}", op.id);
}

/// The call table reports arguments that do not fit, naming them.
#[tokio::test]
async fn the_call_table_names_missing_and_wrong_arguments() {
    let (client, _server) = serve(ResponseTemplate::new(200)).await;
    let op = first_operation(|op| has(op, Location::Path));
    let mut call = synth::call(&op, Mode::Hostile);
    let missing = call.args.params().find(|(place, _, _)| *place == Place::Path).map(|(_, name, _)| name.to_string());
    let missing = missing.expect("a path parameter");
    let args = call
        .args
        .params()
        .filter(|(_, name, _)| *name != missing)
        .fold(Args::new(), |args, (place, name, value)| args.with(place, name, value.clone()));
    let outcome = calls::call(&client, &op.id, &args).await.err();
    assert_eq!(outcome, Some(CallError::Missing { place: Place::Path, name: missing }), "{}", op.id);

    let boolean =
        |p: &Parameter<'_>| p.location == Location::Query && document().resolve(p.schema)["type"] == "boolean";
    let op = first_operation(|op| op.parameters.iter().any(boolean));
    let name = op.parameters.iter().find(|p| boolean(p)).expect("a boolean query parameter").name.clone();
    call = synth::call(&op, Mode::Hostile);
    let args = call.args.clone().with(Place::Query, &name, json!("yes"));
    let wrong = calls::call(&client, &op.id, &args).await.expect_err("an error");
    assert!(wrong.to_string().contains(&format!("query parameter `{name}`")), "{}: {wrong}", op.id);

    let op = first_operation(|op| op.request_body().is_some_and(|body| body["required"] == true));
    let outcome = calls::call(&client, &op.id, &synth::call(&op, Mode::Hostile).args.clone_without_body()).await.err();
    assert_eq!(outcome, Some(CallError::MissingBody), "{}", op.id);

    let unknown = calls::call(&client, "no-such-operation", &Args::new()).await.err();
    assert_eq!(unknown, Some(CallError::UnknownOperation("no-such-operation".to_string())));
}

#[tokio::test]
#[should_panic(expected = "path and query")]
async fn the_path_check_sees_a_segment_left_unencoded() {
    let (client, server) = serve(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let _ = client.get_a_snippet("a b").await;
    received(&server).await.is("GET", "/v1/snippets/a b");
}

#[tokio::test]
#[should_panic(expected = "exactly one request")]
async fn the_request_check_sees_a_second_request() {
    let (client, server) = serve(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let _ = client.list_all_projects().await;
    let _ = client.list_all_projects().await;
    received(&server).await;
}
