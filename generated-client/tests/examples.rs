//! Every example response body of the reference (`spec/examples/`, one file
//! `<operationId>.<status>.json` per operation) reads into the type its
//! operation returns: each is served with its status by a local server, and
//! the operation is called through the call table with synthesized arguments.
//! Nothing here is written per operation.
//!
//! An example names its operation by operationId; an operation renamed since
//! is found through the former ids it lists in `x-previous-operation-ids`.
//! Every example file must map to an operation of the client, with a status
//! that operation documents.
//!
//! One exception, [`STALE`]: an example the current document contradicts
//! (the files are the reference's bodies, kept unchanged). It must still
//! fail, at the place named, or the test fails and the entry must go.

mod common;

use std::path::PathBuf;

use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::call_support::Answer;
use common::document::{Operation, document};
use common::synth::{self, MediaKind, Mode, media_kind};
use common::{calls, client_of, spec_dir};

/// Examples the current document contradicts: the file and the path of the
/// value the client rightly refuses.
/// - `v1-get-postgrest-upgrade-eligibility.200.json` gives
///   `target_upgrade_versions[].postgres_version` as the number `42`; the
///   document now makes it a string enum (`"13"`, `"14"`, `"15"`, `"17"`,
///   `"17-oriole"`), and a value of the wrong JSON type fails by design.
const STALE: &[(&str, &str)] =
    &[("v1-get-postgrest-upgrade-eligibility.200.json", "target_upgrade_versions[0].postgres_version")];

/// One example file: the operationId and status its name gives.
struct Example {
    file: String,
    id: String,
    status: u16,
    bytes: Vec<u8>,
}

fn examples_dir() -> PathBuf {
    spec_dir().join("examples")
}

/// Every `*.json` of `spec/examples/`, sorted; a name that is not
/// `<operationId>.<status>.json` is an error.
fn examples() -> Vec<Result<Example, String>> {
    let mut files: Vec<String> = std::fs::read_dir(examples_dir())
        .expect("spec/examples is readable")
        .map(|entry| entry.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let stem = file.strip_suffix(".json").unwrap_or(&file);
            let (id, status) =
                stem.rsplit_once('.').ok_or_else(|| format!("{file}: not <operationId>.<status>.json"))?;
            let status = status.parse().map_err(|_| format!("{file}: {status:?} is not a status"))?;
            let bytes = std::fs::read(examples_dir().join(&file)).map_err(|e| format!("{file}: {e}"))?;
            Ok(Example { id: id.to_string(), status, bytes, file })
        })
        .collect()
}

/// The content type the operation documents for `status`: its JSON one,
/// else its first; JSON for an answer without content (the reference shows
/// `{}` there).
fn content_type(op: &Operation<'_>, status: u16) -> Option<String> {
    let responses = op.responses();
    let (_, response) = responses.iter().find(|(code, _)| *code == status.to_string())?;
    let mut types: Vec<&String> = response["content"].as_object().into_iter().flatten().map(|(ct, _)| ct).collect();
    types.sort();
    let json = types.iter().find(|ct| media_kind(ct) == MediaKind::Json);
    Some(json.or(types.first()).map_or_else(|| "application/json".to_string(), |ct| ct.to_string()))
}

#[tokio::test]
async fn every_example_body_reads_into_its_operations_response_type() {
    let doc = document();
    let server = MockServer::start().await;
    let client = client_of(&server);
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut stale_seen = Vec::new();
    for example in examples() {
        let example = match example {
            Ok(example) => example,
            Err(why) => {
                failures.push(why);
                continue;
            }
        };
        let file = &example.file;
        let Some(op) = doc.operation_known_as(&example.id).filter(|op| !op.internal) else {
            failures.push(format!("{file}: no operation of the client is or was called {:?}", example.id));
            continue;
        };
        let Some(content_type) = content_type(&op, example.status) else {
            failures.push(format!("{file}: {} does not document the status {}", op.id, example.status));
            continue;
        };
        server.reset().await;
        let answer = ResponseTemplate::new(example.status).set_body_raw(example.bytes.clone(), &content_type);
        Mock::given(any()).respond_with(answer).mount(&server).await;
        let call = synth::call(&op, Mode::Realistic);
        let outcome = calls::call(&client, &op.id, &call.args).await;
        checked += 1;
        let called = match outcome {
            Err(e) => {
                failures.push(format!("{file} ({}): the call table cannot call it: {e}", op.id));
                continue;
            }
            Ok(Err(supabase_management::Error::Decode(e))) => {
                let stale = STALE.iter().find(|(name, _)| name == file);
                match stale {
                    Some((_, path)) if e.path() == Some(*path) => stale_seen.push(file.clone()),
                    _ => failures.push(format!(
                        "{file} ({}): does not read as `{}`{}: {}",
                        op.id,
                        e.expected_type(),
                        e.path().map(|p| format!(" at `{p}`")).unwrap_or_default(),
                        e.message()
                    )),
                }
                continue;
            }
            Ok(Err(e)) => {
                failures.push(format!("{file} ({}): {e}", op.id));
                continue;
            }
            Ok(Ok(called)) => called,
        };
        if called.status.as_u16() != example.status {
            failures.push(format!("{file} ({}): status {} came back as {}", op.id, example.status, called.status));
        }
        match &called.answer {
            Answer::Json(_) | Answer::Empty => {}
            Answer::Bytes(bytes) if bytes.as_ref() == example.bytes.as_slice() => {}
            Answer::Text(text) if text.as_bytes() == example.bytes.as_slice() => {}
            other => failures.push(format!("{file} ({}): the answer came back as {other:?}", op.id)),
        }
    }
    for (file, path) in STALE {
        if !stale_seen.iter().any(|seen| seen == file) {
            failures.push(format!(
                "{file}: listed as stale (failing at `{path}`) but it did not fail there: remove it from STALE"
            ));
        }
    }
    assert!(checked > 0, "there are example files");
    assert!(failures.is_empty(), "{} example(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// Every example names an operation of the client (directly or by a former
/// operationId) and a status it documents; this is what the test above
/// relies on, checked without a server.
#[test]
fn every_example_file_maps_to_an_operation() {
    let doc = document();
    let mut failures = Vec::new();
    let mut renamed = Vec::new();
    for example in examples() {
        match example {
            Err(why) => failures.push(why),
            Ok(example) => match doc.operation_known_as(&example.id).filter(|op| !op.internal) {
                None => failures.push(format!("{}: no operation is or was called {:?}", example.file, example.id)),
                Some(op) => {
                    if op.id != example.id {
                        renamed.push((example.id.clone(), op.id.clone()));
                    }
                    if content_type(&op, example.status).is_none() {
                        failures.push(format!("{}: {} does not document {}", example.file, op.id, example.status));
                    }
                    if serde_json::from_slice::<Value>(&example.bytes).is_err() {
                        failures.push(format!("{}: not JSON", example.file));
                    }
                }
            },
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("examples of renamed operations, found by their former operationIds: {renamed:?}");
}

/// The mapping fails for an example of an operation that never existed.
#[test]
fn an_example_of_an_unknown_operation_maps_to_nothing() {
    let doc = document();
    assert!(doc.operation_known_as("v1-get-supavisor-config").is_some_and(|op| op.id == "v1-get-pooler-config"));
    assert!(doc.operation_known_as("v1-no-such-operation").is_none());
}
