//! Invariants of `spec/`: the vendored upstream document is the published one
//! (its hash is the one its note records), the overlay applies, and the
//! effective document and the reference's example fixtures in `spec/examples/`
//! keep the properties a change of either can break without the generator
//! noticing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

use openapiv3::{OpenAPI, Operation, Parameter, PathItem, ReferenceOr};
use serde_json::Value;

fn spec_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
}

/// The effective document: upstream with the overlay applied.
fn spec_value() -> Value {
    xtask::Spec::project().effective().unwrap_or_else(|e| panic!("the overlay does not apply: {e}"))
}

fn spec() -> OpenAPI {
    serde_json::from_value(spec_value())
        .unwrap_or_else(|e| panic!("the effective document is not an OpenAPI 3.0 document: {e}"))
}

/// operationId → the operation's id now, for current and previous ids (`x-previous-operation-ids`).
fn current_ids(doc: &Value) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for item in doc["paths"].as_object().into_iter().flat_map(|paths| paths.values()) {
        for operation in item.as_object().into_iter().flat_map(|item| item.values()) {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else { continue };
            ids.insert(id.to_string(), id.to_string());
            for previous in operation.get("x-previous-operation-ids").and_then(Value::as_array).into_iter().flatten() {
                if let Some(previous) = previous.as_str() {
                    ids.insert(previous.to_string(), id.to_string());
                }
            }
        }
    }
    ids
}

#[test]
fn the_upstream_document_is_vendored_as_published() {
    let upstream = fs::read(spec_dir().join("upstream.json")).expect("spec/upstream.json");
    let note = fs::read_to_string(spec_dir().join(xtask::update_spec::SOURCE_NOTE)).expect("spec/SOURCE.md");
    let recorded = xtask::update_spec::recorded_sha256(&note).expect("the note records the SHA-256");
    assert_eq!(
        xtask::update_spec::sha256_hex(&upstream),
        recorded,
        "spec/upstream.json differs from the document its note describes; change the overlay, not the upstream \
         document (or vendor a new one with `cargo xtask update-spec`)"
    );
}

/// Every operation as `(path, method, path item, operation)`.
fn operations(api: &OpenAPI) -> Vec<(&str, &str, &PathItem, &Operation)> {
    let mut out = Vec::new();
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else { panic!("path item {path} is a $ref; keep path items inline") };
        for (method, op) in item.iter() {
            out.push((path.as_str(), method, item, op));
        }
    }
    out
}

/// The JSON pointer of `key` below `at`, escaped as RFC 6901 requires.
fn child(at: &str, key: &str) -> String {
    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// Calls `visit(pointer, object)` for every JSON object in `value`, depth first.
fn walk_objects(value: &Value, at: &str, visit: &mut dyn FnMut(&str, &serde_json::Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            visit(at, map);
            for (key, inner) in map {
                walk_objects(inner, &child(at, key), visit);
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                walk_objects(inner, &format!("{at}/{i}"), visit);
            }
        }
        _ => {}
    }
}

fn resolve_parameter<'a>(api: &'a OpenAPI, param: &'a ReferenceOr<Parameter>, place: &str) -> &'a Parameter {
    match param {
        ReferenceOr::Item(param) => param,
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix("#/components/parameters/")
                .unwrap_or_else(|| panic!("{place}: parameter $ref {reference} is not under #/components/parameters/"));
            match api.components.as_ref().and_then(|c| c.parameters.get(name)) {
                Some(ReferenceOr::Item(param)) => param,
                _ => panic!("{place}: parameter $ref {reference} does not name an inline component parameter"),
            }
        }
    }
}

/// The names between braces in a path template: `/v1/projects/{ref}` gives `ref`.
fn template_names(path: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').unwrap_or_else(|| panic!("{path}: unclosed '{{' in the path template"));
        names.insert(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    names
}

/// The fixtures of `spec/examples/`: file name to parsed JSON.
fn example_files() -> BTreeMap<String, Value> {
    let dir = spec_dir().join("examples");
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        let name = path.file_name().expect("file name").to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        assert!(
            name.ends_with(".json"),
            "spec/examples/{name}: only <operationId>.<code>.json files and README.md belong here"
        );
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read spec/examples/{name}: {e}"));
        let value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("spec/examples/{name} is not valid JSON: {e}"));
        files.insert(name, value);
    }
    files
}

#[test]
fn the_document_parses_as_openapi_3_0() {
    let api = spec();
    assert!(api.openapi.starts_with("3.0."), "openapi is {:?}, expected a 3.0.x version", api.openapi);
    assert!(!operations(&api).is_empty(), "the document has no operations");
}

#[test]
fn every_operation_has_a_unique_operation_id() {
    let api = spec();
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (path, method, _, op) in operations(&api) {
        let place = format!("{} {path}", method.to_uppercase());
        let id = op.operation_id.as_deref().unwrap_or_else(|| panic!("{place} has no operationId"));
        assert!(!id.trim().is_empty(), "{place} has an empty operationId");
        if let Some(first) = seen.insert(id, place.clone()) {
            panic!("operationId {id:?} is used by both {first} and {place}");
        }
    }
}

#[test]
fn every_ref_resolves_within_the_document() {
    let doc = spec_value();
    let mut dangling = Vec::new();
    walk_objects(&doc, "#", &mut |at, map| {
        if let Some(reference) = map.get("$ref") {
            let Some(reference) = reference.as_str() else {
                dangling.push(format!("{at}: $ref is not a string"));
                return;
            };
            match reference.strip_prefix('#') {
                Some(pointer) if doc.pointer(pointer).is_some() => {}
                Some(_) => dangling.push(format!("{at}: $ref {reference} points at nothing")),
                None => dangling.push(format!("{at}: $ref {reference} is not local to the document")),
            }
        }
    });
    assert!(dangling.is_empty(), "unresolved $refs:\n{}", dangling.join("\n"));
}

#[test]
fn every_operation_has_a_summary_and_declared_tags() {
    let api = spec();
    // Tags need not be declared at the top level (OpenAPI 3.0.3, "tags"); when some are, all must be.
    let declared: BTreeSet<&str> = api.tags.iter().map(|t| t.name.as_str()).collect();
    for (path, method, _, op) in operations(&api) {
        let place = format!("{} {path}", method.to_uppercase());
        assert!(op.summary.as_deref().is_some_and(|s| !s.trim().is_empty()), "{place} has no summary");
        assert!(!op.tags.is_empty(), "{place} has no tag");
        for tag in op.tags.iter().filter(|_| !declared.is_empty()) {
            assert!(
                declared.contains(tag.as_str()),
                "{place} uses tag {tag:?}, which the top-level tags do not declare"
            );
        }
    }
}

#[test]
fn path_templates_and_path_parameters_agree() {
    let api = spec();
    for (path, method, item, op) in operations(&api) {
        let place = format!("{} {path}", method.to_uppercase());
        let in_template = template_names(path);
        let mut declared = BTreeSet::new();
        for param in item.parameters.iter().chain(&op.parameters) {
            if let Parameter::Path { parameter_data, .. } = resolve_parameter(&api, param, &place) {
                assert!(parameter_data.required, "{place}: path parameter {} must be required", parameter_data.name);
                declared.insert(parameter_data.name.clone());
            }
        }
        if let Some(name) = in_template.difference(&declared).next() {
            panic!("{place}: {{{name}}} is in the path but not declared as a path parameter");
        }
        if let Some(name) = declared.difference(&in_template).next() {
            panic!("{place}: path parameter {name} does not appear in the path template");
        }
    }
}

#[test]
fn every_security_requirement_names_a_declared_scheme() {
    let api = spec();
    let schemes: BTreeSet<&str> =
        api.components.iter().flat_map(|c| c.security_schemes.keys()).map(String::as_str).collect();
    let mut requirements: Vec<(String, &openapiv3::SecurityRequirement)> =
        api.security.iter().flatten().map(|r| ("top-level security".to_string(), r)).collect();
    for (path, method, _, op) in operations(&api) {
        for requirement in op.security.iter().flatten() {
            requirements.push((format!("{} {path}", method.to_uppercase()), requirement));
        }
    }
    for (place, requirement) in requirements {
        for scheme in requirement.keys() {
            assert!(
                schemes.contains(scheme.as_str()),
                "{place} requires scheme {scheme:?}, which components.securitySchemes does not declare"
            );
        }
    }
}

#[test]
fn every_example_file_names_a_documented_response() {
    let api = spec();
    let by_id: BTreeMap<&str, &Operation> =
        operations(&api).into_iter().filter_map(|(_, _, _, op)| Some((op.operation_id.as_deref()?, op))).collect();
    let renamed = current_ids(&spec_value());
    let files = example_files();
    assert!(!files.is_empty(), "spec/examples/ holds no example files");
    for (name, value) in files {
        let stem = name.strip_suffix(".json").expect("example files end in .json");
        let (id, code) =
            stem.rsplit_once('.').unwrap_or_else(|| panic!("spec/examples/{name}: expected <operationId>.<code>.json"));
        // The reference's names: an operation renamed upstream is found by its previous id.
        let id = renamed.get(id).map_or(id, String::as_str);
        let op = by_id.get(id).unwrap_or_else(|| panic!("spec/examples/{name}: no operation has operationId {id:?}"));
        let response = op
            .responses
            .responses
            .iter()
            .find(|(status, _)| status.to_string() == code)
            .map(|(_, response)| response)
            .unwrap_or_else(|| panic!("spec/examples/{name}: operation {id} documents no response {code}"));
        let ReferenceOr::Item(response) = response else { panic!("spec/examples/{name}: response {code} is a $ref") };
        // The reference renders an empty body as `{}`; such a fixture may stand
        // for a success response that has no content.
        if response.content.is_empty() {
            assert!(
                code.starts_with('2') && value == Value::Object(Default::default()),
                "spec/examples/{name}: response {code} of {id} has no content, so the only allowed fixture is an empty success body {{}}"
            );
        }
    }
}

#[test]
fn every_endpoint_of_the_reference_keeps_its_example() {
    // The reference documented 70 answers with an example each (its 71st
    // endpoint redirects); the document may rename or add operations, but these
    // examples stay: the client is tested against each.
    let files = example_files();
    assert_eq!(files.len(), 70, "spec/examples/ holds the reference's 70 example answers");
    let renamed = current_ids(&spec_value());
    let missing: Vec<&String> =
        files.keys().filter(|name| !renamed.contains_key(name.split('.').next().unwrap_or(""))).collect();
    assert!(missing.is_empty(), "example files whose operation is gone: {missing:?}");
}

#[test]
fn format_password_is_only_used_on_strings() {
    let doc = spec_value();
    let mut marked = 0;
    let mut wrong = Vec::new();
    walk_objects(&doc, "#", &mut |at, map| {
        if map.get("format").and_then(Value::as_str) == Some("password") {
            marked += 1;
            if map.get("type").and_then(Value::as_str) != Some("string") {
                wrong.push(format!("{at}: format password on type {:?}", map.get("type")));
            }
        }
    });
    assert!(wrong.is_empty(), "format: password belongs on strings only:\n{}", wrong.join("\n"));
    assert!(marked > 0, "no schema is marked format: password; secrets such as passwords and tokens should be");
}
