//! Stage 1, load: bytes → a JSON value and a typed `openapiv3` document.
//!
//! The bytes are JSON or YAML (`yaml.rs`); an OpenAPI 3.1 document is
//! converted to 3.0.3 on the JSON value (`v31.rs`). Everything that is not an
//! OpenAPI 3.0 or 3.1 document stops here, with the JSON pointer of the place
//! that is wrong.

mod v31;
mod yaml;

use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// A parsed document: the typed view used for lowering, and the raw JSON kept
/// for what the typed view cannot answer (such as resolving any `$ref`).
pub struct Document {
    pub api: openapiv3::OpenAPI,
    pub raw: serde_json::Value,
    /// The schemas a conversion from 3.1 moved (none for a 3.0 document).
    moves: v31::Moves,
}

impl Document {
    /// `error` with its pointer into the document as it was written, for an
    /// error found in `raw` after a conversion from 3.1 moved schemas.
    pub fn as_written(&self, error: Error) -> Error {
        Error { pointer: self.moves.original(&error.pointer), ..error }
    }
}

pub fn load(input: &[u8]) -> Result<Document> {
    let mut raw = parse(input)?;
    let Some(object) = raw.as_object() else {
        return Err(Error::new("#", "the document must be a JSON object"));
    };
    if object.contains_key("swagger") && !object.contains_key("openapi") {
        return Err(Error::new(
            "#/swagger",
            "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3.0",
        ));
    }
    let moves = match object.get("openapi") {
        None => {
            return Err(Error::new("#", "missing the `openapi` field: this is not an OpenAPI 3.0 document"));
        }
        Some(serde_json::Value::String(version)) if is_version(version, "3.0.") => v31::Moves::default(),
        Some(serde_json::Value::String(version)) if is_version(version, "3.1.") => v31::downgrade(&mut raw)?,
        Some(serde_json::Value::String(version)) => {
            return Err(Error::new(
                "#/openapi",
                format!("OpenAPI version {version:?} is not supported; this generator reads 3.0.x and 3.1.x documents"),
            ));
        }
        Some(other) => {
            return Err(Error::new("#/openapi", format!("expected a version string such as \"3.0.3\", found {other}")));
        }
    };
    // `openapiv3` silently drops paths that do not start with '/'.
    if let Some(paths) = raw.get("paths").and_then(|p| p.as_object()) {
        for path in paths.keys() {
            if !path.starts_with('/') && !path.starts_with("x-") {
                return Err(Error::new(Pointer::root().push("paths").push(path), "a path must start with '/'"));
            }
        }
    }
    // Read from the value in place: a copy of the whole tree first would cost more than the reading.
    let api = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&raw).map_err(|e| {
        // `openapiv3` flattens extensions into most objects, which hides the
        // path of an error; find the innermost object that is wrong instead.
        let error = locate(Kind::Document, &raw, Pointer::root())
            .unwrap_or_else(|| Error::new("#", format!("not a valid OpenAPI 3.0 document: {e}")));
        Error::new(moves.original(&error.pointer), error.message)
    })?;
    Ok(Document { api, raw, moves })
}

/// JSON or YAML bytes → a JSON value.
fn parse(input: &[u8]) -> Result<serde_json::Value> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let looks_like_json = input.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| *b == b'{' || *b == b'[');
    if looks_like_json {
        return serde_json::from_slice(input).or_else(|json_error| {
            // JSON is YAML, and so is a flow-style YAML document that is not
            // JSON (unquoted keys, comments, trailing commas). If YAML cannot
            // read it either, the JSON error says best what is wrong.
            std::str::from_utf8(input)
                .ok()
                .and_then(|text| yaml::parse(text).ok())
                .ok_or_else(|| Error::new("#", format!("invalid JSON: {json_error}")))
        });
    }
    let text = std::str::from_utf8(input).map_err(|e| {
        Error::new("#", format!("invalid YAML: the document is not UTF-8 (at byte {})", e.valid_up_to()))
    })?;
    yaml::parse(text)
}

/// The kinds of OpenAPI object whose errors are located separately.
#[derive(Clone, Copy)]
enum Kind {
    Document,
    Info,
    Server,
    Tag,
    Components,
    PathItem,
    Operation,
    Responses,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Header,
    Schema,
    SecurityScheme,
}

/// The deserialization error of `value` as `kind`, if any.
fn parse_error(kind: Kind, value: &serde_json::Value) -> Option<String> {
    use openapiv3::ReferenceOr;
    fn check<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Option<String> {
        serde_json::from_value::<T>(value.clone()).err().map(|e| e.to_string())
    }
    match kind {
        Kind::Document => check::<openapiv3::OpenAPI>(value),
        Kind::Info => check::<openapiv3::Info>(value),
        Kind::Server => check::<openapiv3::Server>(value),
        Kind::Tag => check::<openapiv3::Tag>(value),
        Kind::Components => check::<openapiv3::Components>(value),
        Kind::PathItem => check::<ReferenceOr<openapiv3::PathItem>>(value),
        Kind::Operation => check::<openapiv3::Operation>(value),
        Kind::Responses => check::<openapiv3::Responses>(value),
        Kind::Parameter => check::<ReferenceOr<openapiv3::Parameter>>(value),
        Kind::RequestBody => check::<ReferenceOr<openapiv3::RequestBody>>(value),
        Kind::Response => check::<ReferenceOr<openapiv3::Response>>(value),
        Kind::MediaType => check::<openapiv3::MediaType>(value),
        Kind::Header => check::<ReferenceOr<openapiv3::Header>>(value),
        Kind::Schema => check::<ReferenceOr<openapiv3::Schema>>(value),
        Kind::SecurityScheme => check::<ReferenceOr<openapiv3::SecurityScheme>>(value),
    }
}

/// The members of an object of `kind` that are objects of a known kind.
fn children(kind: Kind, value: &serde_json::Value) -> Vec<(String, Kind, &serde_json::Value)> {
    let mut out = Vec::new();
    let Some(object) = value.as_object() else { return out };
    let mut one = |key: &str, kind: Kind| {
        if let Some(child) = object.get(key) {
            out.push((key.to_string(), kind, child));
        }
    };
    match kind {
        Kind::Document => {
            one("info", Kind::Info);
            one("components", Kind::Components);
        }
        Kind::Operation => {
            one("requestBody", Kind::RequestBody);
            one("responses", Kind::Responses);
        }
        Kind::Parameter | Kind::Header | Kind::MediaType => one("schema", Kind::Schema),
        Kind::Schema => {
            one("items", Kind::Schema);
            one("not", Kind::Schema);
            if object.get("additionalProperties").is_some_and(|a| a.is_object()) {
                one("additionalProperties", Kind::Schema);
            }
        }
        _ => {}
    }
    let members: &[(&str, Kind)] = match kind {
        Kind::Document => &[("paths", Kind::PathItem)],
        Kind::Components => &[
            ("schemas", Kind::Schema),
            ("parameters", Kind::Parameter),
            ("responses", Kind::Response),
            ("requestBodies", Kind::RequestBody),
            ("headers", Kind::Header),
            ("securitySchemes", Kind::SecurityScheme),
        ],
        Kind::Parameter | Kind::RequestBody | Kind::Response => {
            &[("content", Kind::MediaType), ("headers", Kind::Header)]
        }
        Kind::Schema => &[("properties", Kind::Schema)],
        _ => &[],
    };
    let lists: &[(&str, Kind)] = match kind {
        Kind::Document => &[("servers", Kind::Server), ("tags", Kind::Tag)],
        Kind::PathItem | Kind::Operation => &[("parameters", Kind::Parameter), ("servers", Kind::Server)],
        Kind::Schema => &[("allOf", Kind::Schema), ("oneOf", Kind::Schema), ("anyOf", Kind::Schema)],
        _ => &[],
    };
    for (key, child_kind) in members {
        if let Some(map) = object.get(*key).and_then(|m| m.as_object()) {
            for (name, child) in map {
                out.push((format!("{key}\u{0}{name}"), *child_kind, child));
            }
        }
    }
    for (key, child_kind) in lists {
        if let Some(items) = object.get(*key).and_then(|m| m.as_array()) {
            for (i, child) in items.iter().enumerate() {
                out.push((format!("{key}\u{0}{i}"), *child_kind, child));
            }
        }
    }
    match kind {
        Kind::PathItem => {
            for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
                if let Some(child) = object.get(method) {
                    out.push((method.to_string(), Kind::Operation, child));
                }
            }
        }
        Kind::Responses => {
            for (code, child) in object {
                if !code.starts_with("x-") {
                    out.push((code.clone(), Kind::Response, child));
                }
            }
        }
        _ => {}
    }
    out
}

/// The innermost wrong object under `value` (an object of `kind` at
/// `pointer`), and within it the member whose removal repairs it, if one does.
fn locate(kind: Kind, value: &serde_json::Value, pointer: Pointer) -> Option<Error> {
    let message = parse_error(kind, value)?;
    for (key, child_kind, child) in children(kind, value) {
        let child_pointer = key.split('\u{0}').fold(pointer.clone(), |p, token| p.push(token));
        if let Some(error) = locate(child_kind, child, child_pointer) {
            return Some(error);
        }
    }
    // A missing field is missing from this object: there is no member to blame.
    if message.starts_with("missing field") {
        return Some(Error::new(pointer, message));
    }
    if let Some(object) = value.as_object() {
        for key in object.keys() {
            let mut without = object.clone();
            without.remove(key);
            // Removing a required member gives a "missing field" error instead.
            let repaired = match parse_error(kind, &serde_json::Value::Object(without)) {
                None => true,
                Some(other) => other.starts_with(&format!("missing field `{key}`")),
            };
            if repaired {
                return Some(Error::new(pointer.push(key), format!("not valid here: {message}")));
            }
        }
    }
    Some(Error::new(pointer, format!("not a valid OpenAPI 3.0 object here: {message}")))
}

/// `version` is `prefix` and a patch number, as in `3.0.3`.
fn is_version(version: &str, prefix: &str) -> bool {
    version.strip_prefix(prefix).is_some_and(|patch| !patch.is_empty() && patch.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(input: &str) -> Error {
        match load(input.as_bytes()) {
            Ok(_) => panic!("expected an error for {input}"),
            Err(e) => e,
        }
    }

    #[test]
    fn rejects_what_is_not_openapi_3_0_or_3_1() {
        assert!(error_of("{").message.contains("invalid JSON"));
        assert_eq!(error_of(r#"{"openapi":"3.0.3"}"#).message, "missing field `info`");
        assert_eq!(error_of("openapi: 3.0.0").message, "missing field `info`");
        assert_eq!(error_of(r#"{"openapi":"3.1.0"}"#).message, "missing field `info`");
        assert_eq!(error_of("[]").pointer, "#");
        assert_eq!(error_of("just text").message, "the document must be a JSON object");
        assert_eq!(error_of(r#"{"swagger":"2.0"}"#).pointer, "#/swagger");
        assert_eq!(error_of(r#"{"openapi":"3.2.0"}"#).pointer, "#/openapi");
        assert_eq!(error_of(r#"{"openapi":"3.1"}"#).pointer, "#/openapi");
        assert_eq!(error_of(r#"{"openapi":3}"#).pointer, "#/openapi");
        assert!(error_of("a: [1\n").message.starts_with("invalid YAML: "));
    }

    #[test]
    fn json_and_yaml_are_told_apart() {
        let json = br#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
        let yaml = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let flow_yaml = b"{openapi: 3.0.3, info: {title: t, version: '1'}, paths: {},}";
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), json].concat();
        let expected = load(json).expect("JSON").raw;
        for input in [yaml.as_slice(), flow_yaml, &with_bom] {
            assert_eq!(load(input).map(|d| d.raw).unwrap_or_else(|e| panic!("{e}")), expected);
        }
        assert_eq!(
            parse(b"\xff\xfe").expect_err("not UTF-8").message,
            "invalid YAML: the document is not UTF-8 (at byte 0)"
        );
    }

    #[test]
    fn structural_errors_name_their_place() {
        let e = error_of(
            r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},
                "paths":{"/a":{"get":{"responses":{"200":{"description":7}}}}}}"#,
        );
        assert_eq!(e.pointer, "#/paths/~1a/get/responses/200/description", "{e}");
    }
}
