//! Contract tests: every operation of the generated client against Stoplight
//! Prism, a mock server that reads the effective OpenAPI document (upstream
//! and overlay, written to `<target>/tmp/contract/effective.json` by the
//! test), validates each request against it and answers from its schemas.
//!
//! - Prism is pinned in `contract/package.json` and `contract/package-lock.json`;
//!   `contract/prism.rs` runs `npm ci` when `node_modules` is missing or was
//!   installed from another lockfile, starts Prism on a free loopback port with
//!   `--errors` (a request that breaks the document is answered 4xx), and kills
//!   it when the test ends, passes or fails.
//! - [`drive_every_operation`] calls each operation of the call table
//!   (`tests/generated/calls.rs`) once, with every parameter and every body
//!   member set to a realistic value by the synthesizer (`common/synth.rs`:
//!   values that satisfy their schemas' patterns, formats, lengths, ranges and
//!   enums), and asserts that Prism accepted the request (a documented success
//!   status, no `sl-violations` header) and that the answer parsed into the
//!   operation's type. The set of operations driven must equal the document's
//!   public operations. Failures are listed per operationId.
//! - That run is made against Prism's static answers and again against its
//!   dynamic (schema-generated) answers for six fixed seeds.
//! - Broken requests are reported as violations (the harness can fail), and
//!   the per-operation exceptions below are checked to be still needed.
//!
//! Exceptions: each is a rule applied from the document or from Prism's
//! answer, not a list of operations, and each is checked to be still needed.
//! - **Placeholder bearer** (named in [`needs_placeholder_bearer`]):
//!   operations whose effective security names no HTTP bearer scheme but an
//!   `oauth2` (or `openIdConnect`) one — here `v1-authorize-user`,
//!   `v1-exchange-oauth-token` and `v1-revoke-token`, the endpoints that issue
//!   and revoke tokens. Prism checks `oauth2` as an `Authorization: Bearer …`
//!   header on the request (it answers 401 `WWW-Authenticate: OAuth2`
//!   otherwise); the client by design sends no token there. They are driven
//!   with a client whose HTTP client adds a placeholder bearer header
//!   ([`placeholder_bearer_client`]); query, body and answer are validated as
//!   for every other operation.
//! - **Multipart members that are objects or arrays** (named in
//!   [`prism_misreads_multipart`]): Prism 5.14.2 reads every part of a
//!   `multipart/form-data` body as one string (the last part of a name wins),
//!   so an object member sent as a JSON part always breaks "must be object"
//!   and a list of files "must be array" — here `v1-deploy-a-function`
//!   (`metadata`, `file`). A 422 whose violations are only such type errors
//!   on such members counts as accepted (every other member, the query, the
//!   path and the token are still validated); the answer cannot be checked
//!   against Prism (the wire tests check it).
//! - **Prism's own answer breaks the document** (named in
//!   [`prism_answer_broke_the_document`]): with `--errors` Prism also
//!   validates the answer it made up and, when that breaks the document,
//!   answers 500 listing violations that are all in the response. The request
//!   passed validation (it is checked first), so it counts as accepted; the
//!   answer is not checkable in that run. It happens where Prism's answer
//!   generators ignore parts of the schema: static answers ignore `pattern`
//!   (`v1-get-postgres-config`, `v1-update-postgres-config`: "string" for
//!   duration fields like `^(-?[0-9]+…)(us|ms|s|min|h|d)?$`), and dynamic
//!   answers break OpenAPI 3.0 exclusive bounds (`exclusiveMinimum: true`,
//!   e.g. `db_port`) and ambiguous `oneOf`s (the entitlement `config`, whose
//!   first alternative matches the others). The dynamic test still requires
//!   every operation's answer to have parsed in at least one of its seeds.
//!
//! The eszip body of the function create and update needs no exception: the
//! call table sends the JSON alternative of a body with several content types.
//!
//! Running them needs Node.js 18.20.1+ with npm and the npm registry (for the
//! first `npm ci`); without them the tests fail and say why.

#[path = "contract/prism.rs"]
mod prism;

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};
use supabase_management::reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use supabase_management::reqwest::{self, StatusCode};
use supabase_management::{Client, Error, RetryPolicy};

use common::call_support::{Args, CallError, Called, Place};
use common::calls;
use common::document::{Operation, document};
use common::synth::{self, Mode};
use prism::{Mode as PrismMode, Prism};

/// The seeds of the dynamic runs: each is one more set of generated answers.
const SEEDS: [u64; 6] = [1, 2, 3, 42, 1234, 20240601];

/// The header in which Prism lists the violations it did not turn into errors.
const VIOLATIONS: &str = "sl-violations";

/// The token of the regular client (Prism checks that one is there, not which).
const TOKEN: &str = "contract-test-token";

// ---------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------

/// The effective document as a file for Prism, written once per test process
/// (through a temporary file, so a reader never sees half of it).
fn prism_document() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("contract");
        let path = dir.join("effective.json");
        let partial = dir.join(format!("effective.json.{}", std::process::id()));
        common::document::write_effective(&partial);
        std::fs::rename(&partial, &path).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    })
}

/// Every public operationId with the statuses it documents as a success
/// (2xx, and 3xx for a redirect).
fn documented_successes() -> BTreeMap<String, Vec<u16>> {
    document()
        .public_operations()
        .into_iter()
        .map(|op| {
            let statuses: Vec<u16> = op
                .responses()
                .iter()
                .filter_map(|(code, _)| code.parse().ok())
                .filter(|code| (200..400).contains(code))
                .collect();
            (op.id, statuses)
        })
        .collect()
}

/// EXCEPTION (see the module docs): the operation is secured by a scheme
/// Prism checks as a bearer header while the client sends no token to it.
fn needs_placeholder_bearer(op: &Operation<'_>) -> bool {
    let doc = op.document();
    !op.uses_http_bearer()
        && op.security_schemes().iter().any(|name| {
            doc.security_scheme(name)
                .is_some_and(|scheme| matches!(scheme["type"].as_str(), Some("oauth2" | "openIdConnect")))
        })
}

/// The members of the operation's multipart body that are objects or arrays:
/// Prism reads every part as a string, so these always break their type.
fn multipart_structured_members(op: &Operation<'_>) -> BTreeSet<String> {
    let doc = op.document();
    let Some(body) = op.request_body() else { return BTreeSet::new() };
    let Some(media) = body["content"].get("multipart/form-data") else { return BTreeSet::new() };
    let schema = doc.resolve(&media["schema"]);
    schema["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, property)| matches!(doc.resolve(property)["type"].as_str(), Some("object" | "array")))
        .map(|(name, _)| name.clone())
        .collect()
}

// ---------------------------------------------------------------------------
// Was it accepted?
// ---------------------------------------------------------------------------

/// Whether Prism accepted a request: it answered one of the operation's
/// documented success statuses and listed no violation in `sl-violations`.
/// Otherwise, why not: the status, the violations and Prism's error body.
fn accepted(expected: &[u16], status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), String> {
    let violations = headers.get(VIOLATIONS).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    if expected.contains(&status.as_u16()) && violations.is_none() {
        return Ok(());
    }
    let mut why = format!("Prism answered {status} (documented: {expected:?})");
    if let Some(violations) = violations {
        why.push_str(&format!("; {VIOLATIONS}: {violations}"));
    }
    if !body.is_empty() {
        let text = String::from_utf8_lossy(body);
        let text = match serde_json::from_str::<Value>(&text) {
            Ok(json) => json.get("validation").map_or_else(|| json.to_string(), Value::to_string),
            Err(_) => text.into_owned(),
        };
        why.push_str(&format!("; body: {text}"));
    }
    Err(why)
}

/// One violation Prism reported: where (`["body", "metadata"]`), its code and message.
#[derive(Debug)]
struct Violation {
    location: Vec<String>,
    code: String,
    message: String,
}

/// The violations of a rejected request: from `sl-violations`, else from the
/// error body (a list, or an object with a `validation` list).
fn violations(headers: &HeaderMap, body: &[u8]) -> Vec<Violation> {
    let listed = headers.get(VIOLATIONS).and_then(|v| serde_json::from_slice::<Value>(v.as_bytes()).ok());
    let listed = listed.or_else(|| {
        let body: Value = serde_json::from_slice(body).ok()?;
        if body.is_array() { Some(body) } else { body.get("validation").cloned() }
    });
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    listed
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|v| Violation {
            location: v["location"].as_array().into_iter().flatten().map(text).collect(),
            code: text(&v["code"]),
            message: text(&v["message"]),
        })
        .collect()
}

/// EXCEPTION (see the module docs): a 422 whose violations are all type errors
/// of multipart members that are objects or arrays.
fn prism_misreads_multipart(structured: &BTreeSet<String>, status: StatusCode, found: &[Violation]) -> bool {
    status == StatusCode::UNPROCESSABLE_ENTITY
        && !found.is_empty()
        && found.iter().all(|v| {
            v.code == "type" && v.location.len() == 2 && v.location[0] == "body" && structured.contains(&v.location[1])
        })
}

/// EXCEPTION (see the module docs): a 500 whose violations are all in the
/// answer Prism made up, none in the request.
fn prism_answer_broke_the_document(status: StatusCode, found: &[Violation]) -> bool {
    status == StatusCode::INTERNAL_SERVER_ERROR
        && !found.is_empty()
        && found.iter().all(|v| v.location.first().is_some_and(|place| place == "response"))
}

// ---------------------------------------------------------------------------
// One run over every operation
// ---------------------------------------------------------------------------

type Outcome = Result<Result<Called, Error>, CallError>;

/// What a run drove and what went wrong, reported all at once at the end.
struct Run {
    mode: PrismMode,
    successes: BTreeMap<String, Vec<u16>>,
    multipart: BTreeMap<String, BTreeSet<String>>,
    covered: BTreeSet<String>,
    /// Operations whose request was accepted under an exception but whose
    /// answer could not be checked in this run, and why.
    unchecked: BTreeMap<String, String>,
    failures: Vec<String>,
}

impl Run {
    fn new(mode: PrismMode) -> Run {
        let multipart = document()
            .public_operations()
            .iter()
            .map(|op| (op.id.clone(), multipart_structured_members(op)))
            .filter(|(_, members)| !members.is_empty())
            .collect();
        Run {
            mode,
            successes: documented_successes(),
            multipart,
            covered: BTreeSet::new(),
            unchecked: BTreeMap::new(),
            failures: Vec::new(),
        }
    }

    /// Records the call of operation `id` and checks its outcome.
    fn check(&mut self, id: &str, outcome: Outcome) {
        assert!(self.covered.insert(id.to_string()), "{id} is driven twice in one run");
        let Some(expected) = self.successes.get(id) else {
            self.failures.push(format!("{id}: not a public operationId of the document"));
            return;
        };
        let failure = match &outcome {
            Err(e) => Some(format!("the call table cannot call it with the synthesized arguments: {e}")),
            Ok(Ok(called)) => accepted(expected, called.status, &called.headers, b"")
                .err()
                .map(|why| format!("the request was not accepted: {why}")),
            Ok(Err(Error::Api(error))) => {
                let found = violations(error.headers(), error.body());
                let summary = || found.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; ");
                let structured = self.multipart.get(id).cloned().unwrap_or_default();
                if prism_misreads_multipart(&structured, error.status(), &found) {
                    self.unchecked.insert(id.to_string(), format!("Prism misreads multipart members: {}", summary()));
                    None
                } else if prism_answer_broke_the_document(error.status(), &found) {
                    self.unchecked.insert(id.to_string(), format!("Prism's answer broke the document: {}", summary()));
                    None
                } else {
                    Some(match accepted(expected, error.status(), error.headers(), error.body()) {
                        Err(why) => format!("the request was not accepted: {why}"),
                        Ok(()) => format!("a documented success came back as an error: {error}"),
                    })
                }
            }
            Ok(Err(Error::Decode(error))) => Some(format!(
                "the answer did not parse as `{}`{}: {} (status {}, {} bytes: {})",
                error.expected_type(),
                error.path().map(|p| format!(" at `{p}`")).unwrap_or_default(),
                error.message(),
                error.status(),
                error.body().len(),
                String::from_utf8_lossy(&error.body()[..error.body().len().min(600)]),
            )),
            Ok(Err(other)) => Some(format!("the call failed: {other}")),
        };
        if let Some(failure) = failure {
            self.failures.push(format!("{id}: {failure}"));
        }
    }

    /// The operations whose answer parsed in this run.
    fn answers_parsed(&self) -> BTreeSet<String> {
        let failed: BTreeSet<&str> = self.failures.iter().filter_map(|f| f.split(':').next()).collect();
        self.covered
            .iter()
            .filter(|id| !self.unchecked.contains_key(*id) && !failed.contains(id.as_str()))
            .cloned()
            .collect()
    }

    /// Whether every public operation of the document was driven and
    /// accepted, and every answer parsed; otherwise what went wrong.
    fn verdict(&self, prism: &Prism) -> Result<(), String> {
        let documented: BTreeSet<&str> = self.successes.keys().map(String::as_str).collect();
        let covered: BTreeSet<&str> = self.covered.iter().map(String::as_str).collect();
        let missing: Vec<&&str> = documented.difference(&covered).collect();
        let unknown: Vec<&&str> = covered.difference(&documented).collect();
        if !missing.is_empty() || !unknown.is_empty() {
            return Err(format!(
                "[{}] the operations driven must be the document's public ones: not driven {missing:?}, not in the document {unknown:?}",
                self.mode
            ));
        }
        if !self.failures.is_empty() {
            return Err(format!(
                "[{}] {} of {} operations failed the contract:\n  - {}\n\nPrism's last output:\n{}",
                self.mode,
                self.failures.len(),
                documented.len(),
                self.failures.join("\n  - "),
                prism.log_tail(40)
            ));
        }
        Ok(())
    }

    /// What the run says when it passed: counts, and the answers not checked.
    fn report(&self) -> String {
        let mut text = format!(
            "[{}] all {} operations accepted by Prism; {} answers parsed",
            self.mode,
            self.covered.len(),
            self.answers_parsed().len()
        );
        for (id, why) in &self.unchecked {
            text.push_str(&format!("\n  answer not checked: {id}: {why}"));
        }
        text
    }
}

/// The client every operation but the exceptions is driven with.
fn client(prism: &Prism) -> Client {
    Client::builder()
        .base_url(prism.base_url())
        .bearer_token(TOKEN)
        .retry(RetryPolicy::never())
        .build()
        .expect("a valid client")
}

/// EXCEPTION (see the module docs): a client whose HTTP client adds a
/// placeholder bearer header to every request, for the operations secured by
/// `oauth2`, which Prism checks as a bearer header.
fn placeholder_bearer_client(prism: &Prism) -> Client {
    // Building the regular client first installs the TLS provider reqwest needs.
    let _ = client(prism);
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer placeholder-for-prism-oauth2-check"));
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");
    Client::builder()
        .base_url(prism.base_url())
        .http_client(http)
        .retry(RetryPolicy::never())
        .build()
        .expect("a valid client")
}

/// Calls every operation of the call table once, with realistic arguments,
/// and returns the run with each outcome checked.
async fn drive_every_operation(prism: &Prism, mode: PrismMode) -> Run {
    let doc = document();
    let regular = client(prism);
    let placeholder = placeholder_bearer_client(prism);
    let mut run = Run::new(mode);
    for id in calls::OPERATION_IDS {
        let Some(op) = doc.operation(id) else {
            run.check(id, Err(CallError::UnknownOperation(id.to_string())));
            continue;
        };
        let call = synth::call(&op, Mode::Realistic);
        let client = if needs_placeholder_bearer(&op) { &placeholder } else { &regular };
        run.check(id, calls::call(client, id, &call.args).await);
    }
    run
}

/// One Prism, one run: the run, or a panic with every failure of it.
async fn contract_run(mode: PrismMode) -> Run {
    let prism = Prism::start(prism_document(), mode);
    let run = drive_every_operation(&prism, mode).await;
    if let Err(why) = run.verdict(&prism) {
        panic!("{why}");
    }
    eprintln!("{}", run.report());
    run
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_operation_against_static_answers() {
    contract_run(PrismMode::Static).await;
}

/// The dynamic runs, one per seed; between them, every operation's answer
/// must have parsed at least once (but for the multipart exception, whose
/// requests Prism always misreads).
#[tokio::test]
async fn every_operation_against_dynamic_answers_for_several_seeds() {
    let mut parsed = BTreeSet::new();
    let mut never_answerable = BTreeSet::new();
    for seed in SEEDS {
        let run = contract_run(PrismMode::Dynamic { seed }).await;
        parsed.extend(run.answers_parsed());
        never_answerable.extend(run.multipart.keys().cloned());
    }
    let unparsed: Vec<&str> = calls::OPERATION_IDS
        .iter()
        .copied()
        .filter(|id| !parsed.contains(*id) && !never_answerable.contains(*id))
        .collect();
    assert!(
        unparsed.is_empty(),
        "operations whose answer Prism never made valid in {} seeds, so never checked: {unparsed:?}",
        SEEDS.len()
    );
}

/// The harness can fail: requests that break the document are reported as
/// not accepted, with Prism's violation.
#[tokio::test]
async fn broken_requests_are_reported_as_violations() {
    let prism = Prism::start(prism_document(), PrismMode::Static);
    let successes = documented_successes();
    let http = raw_http();
    let url = |path: &str| format!("{}{path}", prism.base_url());
    let reference = realistic_path_value("v1-get-project", "ref");

    // A required body member missing: `name` of an organization.
    let response = http
        .post(url("/v1/organizations"))
        .bearer_auth(TOKEN)
        .header(CONTENT_TYPE, "application/json")
        .body(json!({}).to_string())
        .send()
        .await
        .expect("Prism answers");
    let why = rejection(&successes["v1-create-an-organization"], response).await;
    assert!(why.contains("422") && why.contains("must have required property 'name'"), "{why}");

    // A wrong type: `database` must be a boolean.
    let response = http
        .put(url(&format!("/v1/projects/{reference}/ssl-enforcement")))
        .bearer_auth(TOKEN)
        .header(CONTENT_TYPE, "application/json")
        .body(json!({ "requestedConfig": { "database": "yes" } }).to_string())
        .send()
        .await
        .expect("Prism answers");
    let why = rejection(&successes["v1-update-ssl-enforcement-config"], response).await;
    assert!(why.contains("422") && why.contains("must be boolean"), "{why}");

    // A value outside the enum of a required query parameter.
    let response = http
        .get(url(&format!("/v1/projects/{reference}/health?services=auth&services=graphql")))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("Prism answers");
    let why = rejection(&successes["v1-get-services-health"], response).await;
    assert!(why.contains("must be equal to one of the allowed values"), "{why}");

    // A path parameter that breaks its pattern.
    let response = http.get(url("/v1/projects/NOT-A-REF")).bearer_auth(TOKEN).send().await.expect("Prism answers");
    let why = rejection(&successes["v1-get-project"], response).await;
    assert!(why.contains("422") || why.contains("400"), "{why}");

    // No token where the document requires a bearer token.
    let response = http.get(url("/v1/projects")).send().await.expect("Prism answers");
    let why = rejection(&successes["v1-list-all-projects"], response).await;
    assert!(why.contains("401"), "{why}");

    // A violation Prism only warns about, in `sl-violations`, is a failure too.
    let mut headers = HeaderMap::new();
    headers.insert(VIOLATIONS, HeaderValue::from_static(r#"[{"message":"a warning"}]"#));
    let why = accepted(&[200], StatusCode::OK, &headers, b"").expect_err("a violation is not accepted");
    assert!(why.contains("a warning"), "{why}");
    // A success status the operation does not document is a failure.
    assert!(accepted(&[201], StatusCode::OK, &HeaderMap::new(), b"").is_err());

    // Through the call table and the run's own check: a secret name the
    // document forbids (`^(?!SUPABASE_).*`) is reported with the operationId
    // and the pattern.
    let c = client(&prism);
    let mut run = Run::new(PrismMode::Static);
    let args = Args::new()
        .with(Place::Path, "ref", json!(reference))
        .with_body(json!([{ "name": "SUPABASE_URL", "value": "x" }]));
    run.check("v1-bulk-create-secrets", calls::call(&c, "v1-bulk-create-secrets", &args).await);
    assert_eq!(run.failures.len(), 1, "{:?}", run.failures);
    assert!(
        run.failures[0].starts_with("v1-bulk-create-secrets: ") && run.failures[0].contains("must match pattern"),
        "{}",
        run.failures[0]
    );

    // Arguments that do not fit the operation are a failure, not a skip.
    run.check("v1-get-project", calls::call(&c, "v1-get-project", &Args::new()).await);
    assert!(run.failures[1].contains("the required path parameter `ref`"), "{}", run.failures[1]);

    // And a run that misses operations fails.
    let why = Run { failures: Vec::new(), ..run }.verdict(&prism).expect_err("a run that drove two operations fails");
    assert!(why.contains("not driven") && why.contains("v1-list-all-projects"), "{why}");
}

/// The per-operation exceptions are still needed: when one of these starts to
/// pass, remove its exception.
#[tokio::test]
async fn exceptions_are_still_needed() {
    let prism = Prism::start(prism_document(), PrismMode::Static);
    let c = client(&prism);
    let excepted: Vec<Operation<'_>> =
        document().public_operations().into_iter().filter(|op| needs_placeholder_bearer(op)).collect();
    assert!(!excepted.is_empty(), "the rule still picks operations; else remove it");
    for op in excepted {
        let call = synth::call(&op, Mode::Realistic);
        assert!(!call.request.bearer, "{}: the client sends no token", op.id);
        let outcome = calls::call(&c, &op.id, &call.args).await.expect("the call table calls it");
        let error = outcome.err().unwrap_or_else(|| panic!("{}: Prism now accepts it without a bearer header", op.id));
        assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED), "{}: {error}", op.id);
        let challenge = error.as_api().and_then(|api| api.headers().get("www-authenticate").cloned());
        assert_eq!(challenge.as_ref().map(HeaderValue::as_bytes), Some(&b"OAuth2"[..]), "{}", op.id);
    }

    // Multipart members that are objects or arrays: Prism still reads them as strings.
    let multipart: Vec<(Operation<'_>, BTreeSet<String>)> = document()
        .public_operations()
        .into_iter()
        .map(|op| {
            let members = multipart_structured_members(&op);
            (op, members)
        })
        .filter(|(_, members)| !members.is_empty())
        .collect();
    assert!(!multipart.is_empty(), "the rule still picks operations; else remove it");
    for (op, members) in multipart {
        let call = synth::call(&op, Mode::Realistic);
        let outcome = calls::call(&c, &op.id, &call.args).await.expect("the call table calls it");
        let error = outcome.err().unwrap_or_else(|| panic!("{}: Prism now reads multipart parts", op.id));
        let api = error.as_api().unwrap_or_else(|| panic!("{}: {error}", op.id));
        let found = violations(api.headers(), api.body());
        assert!(prism_misreads_multipart(&members, api.status(), &found), "{}: {error}: {found:?}", op.id);
        // Each such member is misread, so the rule is not wider than needed.
        let misread: BTreeSet<&str> = found.iter().map(|v| v.location[1].as_str()).collect();
        assert_eq!(misread, members.iter().map(String::as_str).collect(), "{}", op.id);
    }
}

/// The exceptions read Prism's violations: only type errors of structured
/// multipart members, and only violations in the answer, qualify.
#[test]
fn the_exceptions_are_narrow() {
    let violation = |location: &[&str], code: &str| Violation {
        location: location.iter().map(|s| s.to_string()).collect(),
        code: code.to_string(),
        message: String::new(),
    };
    let members: BTreeSet<String> = ["metadata".to_string()].into();
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    assert!(prism_misreads_multipart(&members, unprocessable, &[violation(&["body", "metadata"], "type")]));
    assert!(!prism_misreads_multipart(&members, unprocessable, &[]));
    assert!(!prism_misreads_multipart(&members, unprocessable, &[violation(&["body", "name"], "type")]));
    assert!(!prism_misreads_multipart(
        &members,
        unprocessable,
        &[violation(&["body", "metadata"], "type"), violation(&["query", "slug"], "pattern")]
    ));
    assert!(!prism_misreads_multipart(&members, StatusCode::BAD_REQUEST, &[violation(&["body", "metadata"], "type")]));
    let error = StatusCode::INTERNAL_SERVER_ERROR;
    assert!(prism_answer_broke_the_document(error, &[violation(&["response", "body", "db_port"], "exclusiveMinimum")]));
    assert!(!prism_answer_broke_the_document(error, &[]));
    assert!(!prism_answer_broke_the_document(
        error,
        &[violation(&["response", "body"], "type"), violation(&["body", "name"], "required")]
    ));
    assert!(!prism_answer_broke_the_document(unprocessable, &[violation(&["response", "body"], "type")]));
}

/// The realistic value the synthesizer gives a path parameter of an operation.
fn realistic_path_value(id: &str, name: &str) -> String {
    let op = document().operation(id).expect("an operation");
    let call = synth::call(&op, Mode::Realistic);
    let value = call.args.params().find(|(place, n, _)| *place == Place::Path && *n == name).map(|(_, _, v)| v.clone());
    value.and_then(|v| v.as_str().map(str::to_string)).expect("a string path parameter")
}

/// An HTTP client for requests the generated client would never send.
fn raw_http() -> reqwest::Client {
    // Building a client first installs the TLS provider reqwest needs.
    let _ = Client::builder().base_url("http://127.0.0.1").build();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("an HTTP client")
}

/// Why Prism did not accept a raw request; fails if it did.
async fn rejection(expected: &[u16], response: reqwest::Response) -> String {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("a body");
    accepted(expected, status, &headers, &body).expect_err("Prism must not accept this request")
}
