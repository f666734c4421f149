//! Real traffic, replayed: the request/answer pairs the Supabase CLI's
//! end-to-end tests recorded from the live Management API
//! (`tests/data/recorded/`, provenance in its README), each driven through
//! the client. No code per pair: a pair dropped into the folder is tested.
//!
//! For each pair, [`replay_every_recorded_pair`]:
//!
//! 1. finds its operation in the effective document by matching the recorded
//!    method and path against the path templates (a literal segment beats a
//!    `{parameter}`, as OpenAPI says); the path's placeholders
//!    (`__PROJECT_REF__`, `__UUID__`) are path values like any other;
//! 2. calls the client's method through the call table with the recorded path
//!    parameters, query (each value read as its parameter's schema type: the
//!    query is text on the wire) and body (read into the operation's typed
//!    body by the call table, with `serde_json::from_value`), against a local
//!    server that answers with the recorded status, headers (as recorded,
//!    `content-type` too: none when none was recorded) and body (`null`
//!    served as `null`, an absent body as nothing);
//! 3. checks that what the client sent is what the CLI sent: the method, the
//!    path, the query pairs, the bearer token exactly when the CLI sent one
//!    (a test token: only the scheme is compared, the recorded token is a
//!    placeholder), and the body — none when the CLI sent none, else the same
//!    content type and JSON equal to the CLI's (no member dropped, none
//!    invented);
//! 4. checks the answer: a recorded success reads into the typed response
//!    with **no placeholder filled** (no value the document calls required
//!    was missing or `null`), carries the recorded headers, and written back
//!    as JSON is the recorded body (nothing lost or changed); a recorded
//!    4xx/5xx is an `Error::Api` with that status and the body's `message`.
//!
//! Every failure is collected and reported at the end, each naming its pair's
//! file. The test also fails when a pair maps to no operation (or to one the
//! client leaves out), when a file has no partner, and when the folder holds
//! no pair. The last tests show that the checks fail when they should.
//!
//! A recorded request body of `null` with no `content-type` is a request
//! without a body (the recorder writes `null` there; its README says
//! "absent").

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use serde_json::{Value, json};
use supabase_management::reqwest::header::HeaderMap;
use supabase_management::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::call_support::{Answer, Args, Place};
use common::document::{Document, Location, Operation, document};
use common::synth::{Expected, ExpectedBody};
use common::{calls, client_of, wire};

/// The recorded pairs: `tests/data/recorded/`.
fn recorded_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("data").join("recorded")
}

const REQUEST_SUFFIX: &str = ".request.json";
const RESPONSE_SUFFIX: &str = ".response.json";

/// One recorded exchange: `<name>.request.json` and `<name>.response.json`.
#[derive(Debug, Clone)]
struct Pair {
    /// The common stem of the two files.
    name: String,
    request: Recorded,
    response: Recorded,
}

/// The JSON of one recorded file.
#[derive(Debug, Clone)]
struct Recorded(Value);

impl Recorded {
    /// A header as recorded (names compared case-insensitively).
    fn header(&self, name: &str) -> Option<&str> {
        let headers = self.0.get("headers")?.as_object()?;
        headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).and_then(|(_, value)| value.as_str())
    }

    fn headers(&self) -> Vec<(String, String)> {
        let headers = self.0.get("headers").and_then(Value::as_object);
        let text = |value: &Value| value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
        headers.into_iter().flatten().map(|(name, value)| (name.to_ascii_lowercase(), text(value))).collect()
    }
}

impl Pair {
    fn request_file(&self) -> String {
        format!("{}{REQUEST_SUFFIX}", self.name)
    }

    fn method(&self) -> Result<&str, String> {
        self.request.0["method"].as_str().ok_or_else(|| "the request has no `method`".to_string())
    }

    fn path(&self) -> Result<&str, String> {
        self.request.0["path"].as_str().ok_or_else(|| "the request has no `path`".to_string())
    }

    fn status(&self) -> Result<u16, String> {
        self.response.0["status"]
            .as_u64()
            .and_then(|status| u16::try_from(status).ok())
            .filter(|status| (100..600).contains(status))
            .ok_or_else(|| format!("the answer's `status` is not an HTTP status: {}", self.response.0["status"]))
    }

    /// The recorded query, name → values (a value recorded as a list is a
    /// parameter repeated).
    fn query(&self) -> Result<Vec<(String, Vec<String>)>, String> {
        let Some(query) = self.request.0.get("query").filter(|q| !q.is_null()) else { return Ok(Vec::new()) };
        let query = query.as_object().ok_or_else(|| format!("the recorded `query` is not an object: {query}"))?;
        let text = |value: &Value| match value {
            Value::String(text) => Ok(text.clone()),
            Value::Number(_) | Value::Bool(_) => Ok(value.to_string()),
            other => Err(format!("the query value {other} is not text")),
        };
        query
            .iter()
            .map(|(name, value)| {
                let values = match value {
                    Value::Array(items) => items.iter().map(text).collect::<Result<_, _>>()?,
                    scalar => vec![text(scalar)?],
                };
                Ok((name.clone(), values))
            })
            .collect()
    }

    /// The body the CLI sent: `None` when it sent none (`body` absent, or
    /// `null` with no `content-type`).
    fn request_body(&self) -> Option<&Value> {
        match self.request.0.get("body") {
            None => None,
            Some(Value::Null) if self.request.header("content-type").is_none() => None,
            Some(body) => Some(body),
        }
    }

    /// The body the server answered: `None` when it answered nothing.
    fn response_body(&self) -> Option<&Value> {
        self.response.0.get("body")
    }
}

/// Every pair of the folder, sorted by name, and the problems of files that
/// are not part of a readable pair.
fn load_pairs(dir: &Path) -> (Vec<Pair>, Vec<String>) {
    let mut problems = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut names: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for entry in entries {
        let file = entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())).file_name();
        let file = file.to_string_lossy().into_owned();
        if let Some(stem) = file.strip_suffix(REQUEST_SUFFIX) {
            names.entry(stem.to_string()).or_default().0 = true;
        } else if let Some(stem) = file.strip_suffix(RESPONSE_SUFFIX) {
            names.entry(stem.to_string()).or_default().1 = true;
        } else if file != "README.md" {
            problems.push(format!("{file}: neither `<name>{REQUEST_SUFFIX}` nor `<name>{RESPONSE_SUFFIX}`"));
        }
    }
    let read = |file: &str| -> Result<Recorded, String> {
        let path = dir.join(file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{file}: cannot read: {e}"))?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| format!("{file}: not JSON: {e}"))?;
        if value.is_object() { Ok(Recorded(value)) } else { Err(format!("{file}: not a JSON object")) }
    };
    let mut pairs = Vec::new();
    for (name, found) in names {
        let (request_file, response_file) = (format!("{name}{REQUEST_SUFFIX}"), format!("{name}{RESPONSE_SUFFIX}"));
        match found {
            (true, true) => match (read(&request_file), read(&response_file)) {
                (Ok(request), Ok(response)) => pairs.push(Pair { name, request, response }),
                (request, response) => problems.extend(request.err().into_iter().chain(response.err())),
            },
            (true, false) => problems.push(format!("{request_file}: no {response_file} next to it")),
            (false, _) => problems.push(format!("{response_file}: no {request_file} next to it")),
        }
    }
    (pairs, problems)
}

// ---------------------------------------------------------------------------
// From the recorded request to the operation and its arguments
// ---------------------------------------------------------------------------

/// Path parameters, name → value (decoded), in the template's order.
type PathValues = Vec<(String, String)>;

/// The values of a template's `{…}` segments if `path` fits it, and how
/// many literal segments it matched.
fn fit(template: &str, path: &str) -> Option<(PathValues, usize)> {
    let (template, path): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    if template.len() != path.len() {
        return None;
    }
    let mut values = Vec::new();
    let mut literals = 0;
    for (pattern, segment) in template.iter().zip(&path) {
        match pattern.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) if !segment.is_empty() => {
                values.push((name.to_string(), percent_decode_str(segment).decode_utf8_lossy().into_owned()));
            }
            Some(_) => return None,
            None if pattern == segment => literals += 1,
            None => return None,
        }
    }
    Some((values, literals))
}

/// The operation a recorded method and path are a call of, with its path
/// parameters: among the templates the path fits, the one with the most
/// literal segments (`/branches/{name}` before `/{a}/{b}`); a tie is an error.
fn find_operation<'a>(doc: &'a Document, method: &str, path: &str) -> Result<(Operation<'a>, PathValues), String> {
    let mut fits: Vec<(Operation<'a>, PathValues, usize)> = doc
        .operations()
        .into_iter()
        .filter(|op| op.method.eq_ignore_ascii_case(method))
        .filter_map(|op| fit(&op.path, path).map(|(values, literals)| (op, values, literals)))
        .collect();
    fits.sort_by_key(|(_, _, literals)| std::cmp::Reverse(*literals));
    match fits.as_slice() {
        [] => Err(format!("{method} {path} matches no operation of the document")),
        [(first, _, most), (second, _, next), ..] if most == next => Err(format!(
            "{method} {path} matches {} and {} equally ({} {} and {} {})",
            first.id, second.id, first.method, first.path, second.method, second.path
        )),
        _ => {
            let (op, values, _) = fits.remove(0);
            Ok((op, values))
        }
    }
}

/// A recorded query value (text, as on the wire) as the JSON the call table
/// takes for this parameter: booleans and numbers as such, arrays item by item.
fn query_argument(doc: &Document, schema: &Value, values: &[String]) -> Value {
    let schema = doc.resolve(schema);
    let scalar = |schema: &Value, text: &str| -> Value {
        let schema = doc.resolve(schema);
        let kind = schema["type"].as_str().unwrap_or_default();
        let parsed = match kind {
            "boolean" => text.parse::<bool>().ok().map(Value::Bool),
            "integer" | "number" => serde_json::from_str::<serde_json::Number>(text).ok().map(Value::Number),
            _ => None,
        };
        parsed.unwrap_or_else(|| Value::String(text.to_string()))
    };
    if schema["type"] == "array" {
        Value::Array(values.iter().map(|text| scalar(&schema["items"], text)).collect())
    } else {
        match values {
            [one] => scalar(schema, one),
            more => Value::Array(more.iter().map(|text| scalar(schema, text)).collect()),
        }
    }
}

/// The call-table arguments and the request the client must send, from the
/// recorded request; problems with the recording itself are errors.
fn arguments(pair: &Pair, op: &Operation<'_>, path_values: PathValues) -> Result<(Args, Expected), String> {
    let doc = op.document();
    let mut args = Args::new();
    for (name, value) in path_values {
        args.set(Place::Path, &name, Value::String(value));
    }
    let query = pair.query()?;
    let mut expected_query = Vec::new();
    for (name, values) in &query {
        let parameter = op.parameters.iter().find(|p| p.location == Location::Query && p.name == *name);
        // A query parameter the document lacks is passed on anyway: the call
        // table leaves it unread, which is reported.
        let value = match parameter {
            Some(parameter) => query_argument(doc, parameter.schema, values),
            None => Value::String(values.join(",")),
        };
        args.set(Place::Query, name, value);
        expected_query.extend(values.iter().map(|value| (name.clone(), value.clone())));
    }
    let mut expected_headers = Vec::new();
    for parameter in op.parameters.iter().filter(|p| p.location == Location::Header) {
        if let Some(value) = pair.request.header(&parameter.name) {
            args.set(Place::Header, &parameter.name, Value::String(value.to_string()));
            expected_headers.push((parameter.name.to_ascii_lowercase(), value.to_string()));
        }
    }
    let body = match pair.request_body() {
        None => ExpectedBody::None,
        Some(value) => {
            args = args.with_body(value.clone());
            let content_type = pair.request.header("content-type").unwrap_or("application/json").to_string();
            ExpectedBody::Json { content_type, value: value.clone() }
        }
    };
    let bearer = match pair.request.header("authorization") {
        None => false,
        Some(value) => {
            let scheme = value.split_whitespace().next().unwrap_or_default();
            if !scheme.eq_ignore_ascii_case("bearer") {
                return Err(format!(
                    "the CLI authenticated with the scheme {scheme:?}; the client sends bearer tokens only"
                ));
            }
            true
        }
    };
    let expected = Expected {
        method: pair.method()?.to_ascii_uppercase(),
        path: pair.path()?.to_string(),
        query: expected_query,
        headers: expected_headers,
        bearer,
        body,
    };
    Ok((args, expected))
}

// ---------------------------------------------------------------------------
// The replay
// ---------------------------------------------------------------------------

/// The recorded answer: status, every recorded header as it was (no
/// `content-type` unless one was recorded) and the body (`null` as `null`,
/// an absent body as nothing).
fn recorded_answer(pair: &Pair) -> Result<ResponseTemplate, String> {
    let mut template = ResponseTemplate::new(pair.status()?);
    for (name, value) in pair.response.headers() {
        template = template.insert_header(name.as_str(), value.as_str());
    }
    if let Some(body) = pair.response_body() {
        template = template.set_body_bytes(serde_json::to_vec(body).expect("a JSON value serializes"));
    }
    Ok(template)
}

/// Replays one pair against `server` (reset first), which answers with
/// `answer` (the recorded answer, unless a test changes it), and returns
/// every way the client's request or its reading of the answer differs from
/// the recording.
async fn check_pair(
    server: &MockServer,
    client: &Client,
    pair: &Pair,
    answer: Option<ResponseTemplate>,
) -> Vec<String> {
    let doc = document();
    let (method, path, status) = match (pair.method(), pair.path(), pair.status()) {
        (Ok(method), Ok(path), Ok(status)) => (method, path, status),
        (method, path, status) => {
            return [method.err(), path.err(), status.err()].into_iter().flatten().collect();
        }
    };
    let (op, path_values) = match find_operation(doc, method, path) {
        Ok(found) => found,
        Err(why) => return vec![why],
    };
    if op.internal {
        return vec![format!("{method} {path} is {} ({}), which is x-internal: not in the client", op.id, op.path)];
    }
    let (args, expected) = match arguments(pair, &op, path_values) {
        Ok(made) => made,
        Err(why) => return vec![format!("{}: {why}", op.id)],
    };
    let answer = match answer.map_or_else(|| recorded_answer(pair), Ok) {
        Ok(answer) => answer,
        Err(why) => return vec![why],
    };

    server.reset().await;
    Mock::given(any()).respond_with(answer).mount(server).await;
    let outcome = calls::call(client, &op.id, &args).await;
    let mut problems = Vec::new();
    let unread = args.unread();
    if !unread.is_empty() {
        problems.push(format!("recorded arguments the client has no place for (not in the document?): {unread:?}"));
    }
    let requests = server.received_requests().await.unwrap_or_default();
    match requests.as_slice() {
        [request] => problems.extend(wire::request_differences(&expected, request)),
        // A call the call table refused sends nothing; that is reported below.
        [] if outcome.is_err() => {}
        more => problems.push(format!("the server received {} requests, expected exactly one", more.len())),
    }

    let success = (200..300).contains(&status) || op.success_statuses().contains(&status);
    let served_headers = pair.response.headers();
    // Every recorded header arrives as recorded, and no content type arrives
    // where none was recorded.
    let header_differences = |headers: &HeaderMap| -> Vec<String> {
        let mut out: Vec<String> = served_headers
            .iter()
            .filter_map(|(name, value)| {
                let got = headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
                (got.as_deref() != Some(value.as_str()))
                    .then(|| format!("answer header {name}: the client has {got:?}, the recorded answer {value:?}"))
            })
            .collect();
        if pair.response.header("content-type").is_none()
            && let Some(got) = headers.get("content-type")
        {
            out.push(format!("answer header content-type: the client has {got:?}, the recorded answer none"));
        }
        out
    };
    match outcome {
        Err(e) => problems.push(format!("the call table cannot make this call with the recorded arguments: {e}")),
        Ok(Ok(called)) if success => {
            if called.status.as_u16() != status {
                problems.push(format!("answer status: the client has {}, the server sent {status}", called.status));
            }
            if called.placeholders != 0 {
                problems.push(format!(
                    "the recorded {status} answer read with {} placeholder(s) filled: a value the document calls \
                     required was missing or null",
                    called.placeholders
                ));
            }
            problems.extend(header_differences(&called.headers));
            // Undocumented members are kept and written back, so the typed
            // answer written back as JSON is the recorded body.
            if let (Some(served), Answer::Json(read)) = (pair.response_body(), &called.answer)
                && served != read
            {
                let difference = wire::json_difference(served, read, "$");
                problems.push(format!("the answer read and written back differs: {difference}"));
            }
        }
        Ok(Ok(called)) => {
            problems.push(format!("the recorded {status} answer was taken as a success ({})", called.status));
        }
        Ok(Err(Error::Decode(e))) => problems.push(format!(
            "the recorded {status} answer did not read as `{}`{}: {}",
            e.expected_type(),
            e.path().map(|p| format!(" at `{p}`")).unwrap_or_default(),
            e.message()
        )),
        Ok(Err(Error::Api(e))) if !success => {
            if e.status().as_u16() != status {
                problems.push(format!("error status: the client has {}, the server sent {status}", e.status()));
            }
            let message = pair.response_body().and_then(|body| body.get("message")).and_then(Value::as_str);
            if let Some(message) = message
                && e.message().as_deref() != Some(message)
            {
                problems.push(format!("error message: the client has {:?}, the body says {message:?}", e.message()));
            }
            problems.extend(header_differences(e.headers()));
        }
        Ok(Err(e)) if success => problems.push(format!("the recorded {status} answer failed: {e}")),
        Ok(Err(e)) => problems.push(format!("the recorded {status} answer is not an Error::Api: {e:?}")),
    }
    problems.into_iter().map(|problem| format!("{} ({method} {path}): {problem}", op.id)).collect()
}

/// Replays `pairs` and returns the failures, each naming its pair's file.
async fn replay(pairs: &[Pair]) -> Vec<String> {
    let server = MockServer::start().await;
    let client = client_of(&server);
    let mut failures = Vec::new();
    for pair in pairs {
        let problems = check_pair(&server, &client, pair, None).await;
        if !problems.is_empty() {
            failures.push(format!("{}:\n    - {}", pair.request_file(), problems.join("\n    - ")));
        }
    }
    failures
}

#[tokio::test]
async fn replay_every_recorded_pair() {
    let dir = recorded_dir();
    let (pairs, mut failures) = load_pairs(&dir);
    assert!(!pairs.is_empty(), "no recorded pair in {}: {failures:?}", dir.display());
    failures.extend(replay(&pairs).await);
    assert!(
        failures.is_empty(),
        "{} of {} recorded pairs ({}) failed:\n{}",
        failures.len(),
        pairs.len(),
        dir.display(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The checks fail when they should
// ---------------------------------------------------------------------------

/// The recorded pair of that name.
fn pair(name: &str) -> Pair {
    let (pairs, _) = load_pairs(&recorded_dir());
    pairs.into_iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no recorded pair {name}"))
}

async fn problems_of(pair: &Pair) -> String {
    let failures = replay(std::slice::from_ref(pair)).await;
    assert!(failures.iter().all(|f| f.starts_with(&pair.request_file())), "each failure names its file: {failures:?}");
    failures.join("\n")
}

#[tokio::test]
async fn a_required_member_left_out_or_null_is_a_placeholder_named_with_its_file() {
    let recorded = pair("GET_v1_projects___PROJECT_REF___branches_my_branch__default");
    assert_eq!(problems_of(&recorded).await, "", "the pair passes as recorded");
    let mut left_out = recorded.clone();
    left_out.response.0["body"].as_object_mut().expect("an object").remove("name");
    let mut null = recorded.clone();
    null.response.0["body"]["is_default"] = Value::Null;

    for changed in [left_out, null] {
        let problems = problems_of(&changed).await;
        assert!(
            problems.starts_with("GET_v1_projects___PROJECT_REF___branches_my_branch__default.request.json")
                && problems.contains("1 placeholder(s) filled"),
            "{problems}"
        );
    }
}

#[tokio::test]
async fn a_body_member_the_client_drops_is_reported() {
    let mut pair = pair("POST_v1_organizations__default");
    pair.request.0["body"]["not_in_the_document"] = json!(true);

    let problems = problems_of(&pair).await;

    assert!(problems.contains("JSON body") && problems.contains("not_in_the_document"), "{problems}");
}

#[tokio::test]
async fn a_body_the_cli_did_not_send_is_reported() {
    let mut pair = pair("POST_v1_organizations__default");
    pair.request.0["body"] = Value::Null;
    pair.request.0["headers"].as_object_mut().expect("headers").remove("content-type");

    let problems = problems_of(&pair).await;

    assert!(problems.contains("MissingBody") || problems.contains("requires a body"), "{problems}");
}

#[tokio::test]
async fn a_query_parameter_the_document_lacks_is_reported() {
    let mut pair = pair("GET_v1_snippets__default");
    pair.request.0["query"]["undocumented"] = json!("1");

    let problems = problems_of(&pair).await;

    assert!(problems.contains("query parameter `undocumented`"), "{problems}");
}

#[tokio::test]
async fn a_token_the_cli_did_not_send_is_reported() {
    let mut pair = pair("GET_v1_organizations__default");
    pair.request.0["headers"].as_object_mut().expect("headers").remove("authorization");

    let problems = problems_of(&pair).await;

    assert!(problems.contains("Authorization"), "{problems}");
}

#[tokio::test]
async fn an_error_answer_is_checked_for_its_status_and_message() {
    let pair = pair("DELETE_v1_projects___PROJECT_REF____2");
    assert_eq!(problems_of(&pair).await, "", "the pair passes as recorded");
    let server = MockServer::start().await;
    let client = client_of(&server);
    let answer = |status: u16, body: Value| Some(ResponseTemplate::new(status).set_body_json(body));

    let other_message = check_pair(&server, &client, &pair, answer(400, json!({ "message": "other" }))).await;
    let other_status = check_pair(&server, &client, &pair, answer(409, json!(pair.response.0["body"]))).await;
    let success = check_pair(&server, &client, &pair, answer(200, json!({ "id": 1, "name": "n", "ref": "r" }))).await;

    assert!(other_message.join("\n").contains("error message"), "{other_message:?}");
    assert!(other_status.join("\n").contains("error status"), "{other_status:?}");
    assert!(success.join("\n").contains("taken as a success"), "{success:?}");
}

#[tokio::test]
async fn a_path_no_template_fits_is_reported() {
    let mut pair = pair("GET_v1_organizations__default");
    pair.request.0["path"] = json!("/v1/no-such-thing");

    let problems = problems_of(&pair).await;

    assert!(problems.contains("matches no operation"), "{problems}");
}

#[test]
fn a_literal_segment_beats_a_parameter() {
    let doc = document();
    let (op, values) = find_operation(doc, "GET", "/v1/projects/__PROJECT_REF__/branches/my-branch").expect("found");
    assert_eq!((op.path.as_str(), values.len()), ("/v1/projects/{ref}/branches/{name}", 2));
    assert_eq!(values[1], ("name".to_string(), "my-branch".to_string()));
    let (op, _) = find_operation(doc, "POST", "/v1/projects/__PROJECT_REF__/network-bans/retrieve").expect("found");
    assert_eq!(op.path, "/v1/projects/{ref}/network-bans/retrieve");
}
