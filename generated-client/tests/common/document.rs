//! The effective OpenAPI document — `spec/upstream.json` with
//! `spec/overlay.json` applied, what the client is generated from — and the
//! few views of it the tests need: operations with their parameters (path-item
//! and operation level merged), bodies, answers and effective security.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

/// The HTTP methods an OpenAPI path item can hold operations for.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The workspace's `spec/` directory.
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("spec")
}

/// The effective document, read and overlaid once per test process.
pub fn document() -> &'static Document {
    static DOCUMENT: OnceLock<Document> = OnceLock::new();
    DOCUMENT.get_or_init(|| Document::new(effective(&spec_dir())))
}

/// `upstream.json` of `dir` with `overlay.json` applied.
pub fn effective(dir: &Path) -> Value {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    let (document, _) = openapi_clientgen::overlay::apply_bytes(&read("upstream.json"), &read("overlay.json"))
        .unwrap_or_else(|e| panic!("spec/overlay.json does not apply to spec/upstream.json: {e}"));
    document
}

/// Writes the effective document to `path` (creating its folder), for tools
/// that read a file, such as Prism.
pub fn write_effective(path: &Path) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    let text = serde_json::to_vec_pretty(document().json()).expect("a JSON value serializes");
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

pub struct Document {
    root: Value,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Document { .. }")
    }
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Clone, Debug)]
pub struct Parameter<'a> {
    pub name: String,
    pub location: Location,
    pub required: bool,
    pub schema: &'a Value,
    pub style: Option<String>,
    pub explode: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct Operation<'a> {
    pub id: String,
    /// Upper case: `GET`.
    pub method: String,
    /// The path template: `/v1/projects/{ref}`.
    pub path: String,
    pub parameters: Vec<Parameter<'a>>,
    /// `x-internal: true`: left out of the client.
    pub internal: bool,
    /// `x-previous-operation-ids`: the operationIds it had before.
    pub previous_ids: Vec<String>,
    pub json: &'a Value,
    doc: &'a Document,
}

impl Document {
    pub fn new(root: Value) -> Document {
        Document { root }
    }

    pub fn json(&self) -> &Value {
        &self.root
    }

    /// `value` with `$ref`s followed (local references only).
    pub fn resolve<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..64 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else { return value };
            value = self.pointer(reference).unwrap_or_else(|| panic!("$ref {reference:?} does not resolve"));
        }
        panic!("a chain of $refs longer than 64");
    }

    /// The value at a `#/…` reference.
    pub fn pointer(&self, reference: &str) -> Option<&Value> {
        self.root.pointer(reference.strip_prefix('#')?)
    }

    /// Every operation, public or not, sorted by operationId.
    pub fn operations(&self) -> Vec<Operation<'_>> {
        let mut operations = Vec::new();
        let paths = self.root["paths"].as_object().expect("the document has paths");
        for (path, item) in paths {
            let item = self.resolve(item);
            for method in METHODS {
                let Some(json) = item.get(method) else { continue };
                let id = json["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
                let mut parameters: Vec<Parameter<'_>> = Vec::new();
                let own = json.get("parameters").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
                let shared = item.get("parameters").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
                // Operation-level parameters override path-item ones of the same name and place.
                for raw in own.iter().chain(shared.iter()) {
                    let parameter = self.parameter(raw);
                    if !parameters.iter().any(|p| p.name == parameter.name && p.location == parameter.location) {
                        parameters.push(parameter);
                    }
                }
                operations.push(Operation {
                    id: id.to_string(),
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    parameters,
                    internal: json.get("x-internal") == Some(&Value::Bool(true)),
                    previous_ids: json
                        .get("x-previous-operation-ids")
                        .and_then(Value::as_array)
                        .map(|ids| ids.iter().filter_map(Value::as_str).map(str::to_string).collect())
                        .unwrap_or_default(),
                    json,
                    doc: self,
                });
            }
        }
        operations.sort_by(|a, b| a.id.cmp(&b.id));
        operations
    }

    /// The operations the client has: all but the `x-internal` ones.
    pub fn public_operations(&self) -> Vec<Operation<'_>> {
        self.operations().into_iter().filter(|op| !op.internal).collect()
    }

    pub fn operation(&self, id: &str) -> Option<Operation<'_>> {
        self.operations().into_iter().find(|op| op.id == id)
    }

    /// The operation known under `id`: its operationId, or one it had before
    /// (`x-previous-operation-ids`).
    pub fn operation_known_as(&self, id: &str) -> Option<Operation<'_>> {
        self.operations().into_iter().find(|op| op.id == id || op.previous_ids.iter().any(|old| old == id))
    }

    fn parameter<'a>(&'a self, raw: &'a Value) -> Parameter<'a> {
        let json = self.resolve(raw);
        let location = match json["in"].as_str() {
            Some("path") => Location::Path,
            Some("query") => Location::Query,
            Some("header") => Location::Header,
            Some("cookie") => Location::Cookie,
            other => panic!("a parameter in {other:?}"),
        };
        Parameter {
            name: json["name"].as_str().expect("a parameter has a name").to_string(),
            location,
            required: location == Location::Path || json["required"] == Value::Bool(true),
            schema: json.get("schema").unwrap_or(&Value::Null),
            style: json.get("style").and_then(Value::as_str).map(str::to_string),
            explode: json.get("explode").and_then(Value::as_bool),
        }
    }

    /// The security scheme of that name, resolved.
    pub fn security_scheme(&self, name: &str) -> Option<&Value> {
        self.root["components"]["securitySchemes"].get(name).map(|scheme| self.resolve(scheme))
    }
}

impl<'a> Operation<'a> {
    pub fn document(&self) -> &'a Document {
        self.doc
    }

    /// The request body object, resolved.
    pub fn request_body(&self) -> Option<&'a Value> {
        self.json.get("requestBody").map(|body| self.doc.resolve(body))
    }

    /// The documented answers, resolved, sorted by status (ranges like `2XX`
    /// after the codes they contain; `default` last).
    pub fn responses(&self) -> Vec<(String, &'a Value)> {
        let mut responses: Vec<(String, &'a Value)> = self.json["responses"]
            .as_object()
            .map(|all| all.iter().map(|(code, r)| (code.clone(), self.doc.resolve(r))).collect())
            .unwrap_or_default();
        responses.sort_by_key(|(code, _)| status_order(code));
        responses
    }

    /// The statuses the client takes as success: 2xx, or the 3xx of an
    /// operation that only answers with a redirect.
    pub fn success_statuses(&self) -> Vec<u16> {
        let codes: Vec<u16> = self.responses().iter().filter_map(|(code, _)| code.parse().ok()).collect();
        let successes: Vec<u16> = codes.iter().copied().filter(|c| (200..300).contains(c)).collect();
        if successes.is_empty() { codes.into_iter().filter(|c| (300..400).contains(c)).collect() } else { successes }
    }

    /// The effective security requirements: the operation's own, else the
    /// document's (a list of alternatives, each a map of scheme names).
    pub fn security(&self) -> &'a [Value] {
        let security = self.json.get("security").or_else(|| self.doc.root.get("security"));
        security.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
    }

    /// The names of the security schemes any alternative of the effective
    /// security requires.
    pub fn security_schemes(&self) -> Vec<&'a str> {
        let mut names: Vec<&str> = self
            .security()
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|req| req.keys().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Whether the operation is authenticated with an HTTP bearer token: one of
    /// its security alternatives names a scheme of `type: http, scheme: bearer`.
    pub fn uses_http_bearer(&self) -> bool {
        self.security_schemes().iter().any(|name| self.doc.security_scheme(name).is_some_and(is_http_bearer))
    }
}

/// Whether a security scheme is `type: http` with the `bearer` scheme (whose
/// name is case-insensitive, RFC 7235).
pub fn is_http_bearer(scheme: &Value) -> bool {
    scheme["type"] == "http" && scheme["scheme"].as_str().is_some_and(|s| s.eq_ignore_ascii_case("bearer"))
}

/// Sort key of a response code: `200` < `2XX` < `300` < … < `default`.
fn status_order(code: &str) -> (u16, u8) {
    if let Ok(n) = code.parse::<u16>() {
        return (n, 0);
    }
    match code.as_bytes() {
        [digit @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => (u16::from(digit - b'0') * 100 + 99, 1),
        _ => (u16::MAX, 2),
    }
}
