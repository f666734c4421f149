//! OpenAPI 3.1 → 3.0.3, done on the JSON value before `openapiv3` reads it,
//! so that the rest of the generator knows one model.
//!
//! Every schema is converted wherever it sits: components, parameters,
//! headers, media types, callbacks, and nested in `properties`, `items`,
//! `additionalProperties`, `allOf`, `oneOf`, `anyOf` and `not`.
//!
//! | 3.1 | 3.0.3 |
//! | --- | --- |
//! | `openapi: 3.1.x` | `openapi: 3.0.3` |
//! | `webhooks`, `jsonSchemaDialect`, `info.summary`, `info.license.identifier` | dropped (a client has no use for them) |
//! | no `paths` | `paths: {}` |
//! | an operation without `responses` | `responses: {}` |
//! | `components.pathItems` | dropped; a `$ref` to one is an error |
//! | a `mutualTLS` security scheme | error |
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: "null"` or `["null"]` | no `type`, `nullable: true` |
//! | `type: [T1, T2, …]` | `oneOf` with one schema per type, each with the keywords of its type (an `enum` split by the type of its values); `nullable` if `"null"` was listed; `integer` is left out when `number` is listed. With `$ref`, `allOf`, `oneOf`, `anyOf` or `not` beside it: error |
//! | `{type: "null"}` among `oneOf`/`anyOf` | removed, the schema `nullable`; one alternative left moves to `allOf` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` | `example: a` (unless `example` is there) |
//! | `exclusiveMinimum: n` (a number) | `minimum: n`, `exclusiveMinimum: true`, or the `minimum` beside it if that is stricter; the same for maximum |
//! | `contentEncoding: base64` or `base64url` on a string | `format: byte` |
//! | `contentMediaType` (not text, JSON, XML or YAML) on a string | `format: binary` |
//! | `$ref` with other keys beside it | `allOf: [{$ref}]` with the other keys; `nullable` if the target is. As an alternative of `oneOf`/`anyOf` with only annotations beside it (`title`, `description`, `deprecated`, `readOnly`, `writeOnly`, `example(s)`, `default`, `x-…`): the bare `$ref`, so that the alternative keeps its name and its discriminator value |
//! | boolean schema `true` / `false` | `{}` / error (`additionalProperties: false` stays) |
//! | `nullable`, `deprecated`, `readOnly`, `writeOnly`, `title`, `description`, `default`, `example` | kept (3.0 has them) |
//! | `$comment`, `$schema`, `$vocabulary`, `contentSchema` | dropped: annotations |
//! | `$id`, `$anchor` | dropped: references are resolved within the document; a `$ref` that needs them fails there |
//! | `$recursiveRef: "#"` whose nearest schema around it with `$recursiveAnchor: true` is a component schema that no other schema with the anchor extends in place | `$ref` to that component, a recursive schema (`dynamic_refs.rs` says why) |
//! | `$dynamicRef: "#name"` whose nearest schema around it with `$dynamicAnchor: "name"`, or else the only schema with it, is such a component schema | `$ref` to that component |
//! | `$dynamicRef` to a JSON pointer (`#/…`) | `$ref` |
//! | `$recursiveAnchor`, `$dynamicAnchor` | dropped, once the references are resolved |
//! | a dynamic reference with no schema of its anchor, several and none around it, its anchor on a schema that is not a component, another schema with the anchor extending the target in place (really dynamic), or beside a `$ref` | error at the keyword |
//! | `contains`, `minContains`, `maxContains`, `dependentRequired`, `propertyNames` | dropped: validation only, no effect on types |
//! | `unevaluatedProperties` / `unevaluatedItems` as `true` or `false` | dropped: validation only (generated types ignore unknown members anyway) |
//! | `$defs`, `prefixItems`, `if`/`then`/`else`, `dependentSchemas`, `patternProperties`, schema-valued `unevaluatedProperties`/`unevaluatedItems` | error at the keyword |
//!
//! The conversion keeps the document's structure except where it moves a
//! schema (a `$ref` into `allOf`, alternatives that shift when a null one is
//! removed, keywords split into `oneOf`). [`Moves`] records those places, so
//! that an error found later still names the place in the document as it was
//! written, and `$ref`s into a moved place are rewritten to follow it.

mod dynamic_refs;

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};
use crate::pointer::Pointer;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Keywords with no 3.0 form, and what to do instead.
const UNCONVERTIBLE: &[(&str, &str)] = &[
    ("$defs", "move these schemas to components/schemas and refer to them there"),
    ("prefixItems", "tuples have no 3.0 form; describe the elements with `items`"),
    ("if", "conditional schemas have no 3.0 form; use oneOf"),
    ("then", "conditional schemas have no 3.0 form; use oneOf"),
    ("else", "conditional schemas have no 3.0 form; use oneOf"),
    ("dependentSchemas", "conditional schemas have no 3.0 form; use oneOf"),
    ("patternProperties", "use additionalProperties for members whose names are not known in advance"),
    // Resolved to `$ref`s wherever they are found as schemas (`dynamic_refs`):
    // one met here is where that search does not look.
    ("$dynamicRef", "dynamic references are converted in schemas only; use $ref"),
    ("$recursiveRef", "dynamic references are converted in schemas only; use $ref"),
];

/// Keywords dropped without a trace (see the table above for why).
const DROPPED: &[&str] = &[
    "$comment",
    "$schema",
    "$vocabulary",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "contentSchema",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "propertyNames",
];

/// The keywords that belong to one type, moved with it when a list of types
/// becomes a `oneOf`.
fn keywords_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "string" => &["minLength", "maxLength", "pattern", "contentMediaType", "contentEncoding"],
        "integer" | "number" => &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &["properties", "additionalProperties", "required", "minProperties", "maxProperties"],
        _ => &[],
    }
}

fn format_applies(kind: &str, format: &str) -> bool {
    match format {
        "int32" | "int64" => kind == "integer" || kind == "number",
        "float" | "double" => kind == "number",
        _ => kind == "string",
    }
}

fn value_has_type(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// The places the conversion moved, both ways.
#[derive(Default)]
pub(super) struct Moves {
    /// converted place → where it was written.
    to_original: HashMap<String, Pointer>,
    /// written place → where it is now; only for places a `$ref` may follow
    /// (a `$ref` to a wrapped schema still means the wrapper).
    to_converted: HashMap<String, Pointer>,
    /// Null alternatives that were removed, where they were written.
    removed: Vec<String>,
}

impl Moves {
    /// `pointer` (into the converted document) as a pointer into the document
    /// as it was written.
    pub(super) fn original(&self, pointer: &str) -> String {
        match longest_prefix(&self.to_original, pointer) {
            Some((prefix, original)) => format!("{}{}", original.as_str(), &pointer[prefix.len()..]),
            None => pointer.to_string(),
        }
    }

    fn converted(&self, pointer: &str) -> Option<String> {
        let (prefix, converted) = longest_prefix(&self.to_converted, pointer)?;
        Some(format!("{}{}", converted.as_str(), &pointer[prefix.len()..]))
    }

    /// A place of the converted document, and the place it was written at.
    fn child(&self, parent: &Place, token: impl std::fmt::Display) -> Place {
        let converted = parent.converted.push(&token);
        let original = match self.to_original.get(converted.as_str()) {
            Some(original) => original.clone(),
            None => parent.original.push(&token),
        };
        Place { converted, original }
    }

    fn record(&mut self, original: &Pointer, converted: &Pointer, refs_follow: bool) {
        self.to_original.insert(converted.as_str().to_string(), original.clone());
        if refs_follow {
            self.to_converted.insert(original.as_str().to_string(), converted.clone());
        }
    }
}

/// The entry for `pointer` or its nearest ancestor.
fn longest_prefix<'m>(map: &'m HashMap<String, Pointer>, pointer: &str) -> Option<(&'m str, &'m Pointer)> {
    if map.is_empty() {
        return None;
    }
    let mut candidate = pointer;
    loop {
        if let Some((key, value)) = map.get_key_value(candidate) {
            return Some((key.as_str(), value));
        }
        candidate = &candidate[..candidate.rfind('/')?];
    }
}

/// Where a value is in the converted document, and where it was written.
#[derive(Clone)]
struct Place {
    converted: Pointer,
    original: Pointer,
}

impl Place {
    fn root() -> Self {
        Place { converted: Pointer::root(), original: Pointer::root() }
    }

    /// A child of a place that no conversion moves (outside schemas).
    fn push(&self, token: impl std::fmt::Display) -> Place {
        Place { converted: self.converted.push(&token), original: self.original.push(&token) }
    }
}

/// Converts the 3.1 document `doc` to 3.0.3 in place.
pub(super) fn downgrade(doc: &mut Value) -> Result<Moves> {
    dynamic_refs::resolve(doc)?;
    let mut converter = Converter::default();
    let root = Place::root();
    let Some(object) = doc.as_object_mut() else { return Ok(converter.moves) };
    object.insert("openapi".to_string(), json!("3.0.3"));
    object.remove("webhooks");
    object.remove("jsonSchemaDialect");
    if let Some(Value::Object(info)) = object.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    object.entry("paths").or_insert_with(|| json!({}));
    if let Some(Value::Object(components)) = object.get_mut("components") {
        components.remove("pathItems");
        converter.components(components, &root.push("components"))?;
    }
    if let Some(Value::Object(paths)) = object.get_mut("paths") {
        let place = root.push("paths");
        for (path, item) in paths.iter_mut().filter(|(path, _)| !path.starts_with("x-")) {
            converter.path_item(item, &place.push(path))?;
        }
    }
    converter.follow_references(doc, &Pointer::root())?;
    converter.nullable_through_wrapped_references(doc);
    Ok(converter.moves)
}

/// Converts one object of a kind (a schema, a parameter, …) in place.
type ConvertFn = fn(&mut Converter, &mut Value, &Place) -> Result<()>;

#[derive(Default)]
struct Converter {
    moves: Moves,
    /// Schemas whose `$ref` moved into `allOf` (converted places).
    wrapped: Vec<Pointer>,
}

impl Converter {
    fn components(&mut self, components: &mut Map<String, Value>, place: &Place) -> Result<()> {
        let sections: [(&str, ConvertFn); 6] = [
            ("schemas", Self::schema),
            ("parameters", Self::parameter),
            ("headers", Self::parameter),
            ("responses", Self::response),
            ("requestBodies", Self::request_body),
            ("callbacks", Self::callback),
        ];
        for (section, convert) in sections {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    convert(self, item, &place.push(section).push(name))?;
                }
            }
        }
        if let Some(Value::Object(schemes)) = components.get("securitySchemes") {
            for (name, scheme) in schemes {
                if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
                    return Err(Error::new(
                        place.original.push("securitySchemes").push(name).push("type"),
                        "mutualTLS security schemes (OpenAPI 3.1) are not supported: a client certificate is \
                         configured on the HTTP client, not per request",
                    ));
                }
            }
        }
        Ok(())
    }

    fn path_item(&mut self, item: &mut Value, place: &Place) -> Result<()> {
        let Some(item) = item.as_object_mut() else { return Ok(()) };
        if item.contains_key("$ref") {
            return Ok(());
        }
        self.parameters(item, place)?;
        for method in METHODS {
            if let Some(operation) = item.get_mut(method) {
                self.operation(operation, &place.push(method))?;
            }
        }
        Ok(())
    }

    fn parameters(&mut self, object: &mut Map<String, Value>, place: &Place) -> Result<()> {
        if let Some(Value::Array(parameters)) = object.get_mut("parameters") {
            for (i, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &place.push("parameters").push(i))?;
            }
        }
        Ok(())
    }

    fn operation(&mut self, operation: &mut Value, place: &Place) -> Result<()> {
        let Some(operation) = operation.as_object_mut() else { return Ok(()) };
        self.parameters(operation, place)?;
        if let Some(body) = operation.get_mut("requestBody") {
            self.request_body(body, &place.push("requestBody"))?;
        }
        let responses = operation.entry("responses").or_insert_with(|| json!({}));
        if let Some(responses) = responses.as_object_mut() {
            for (status, response) in responses.iter_mut().filter(|(status, _)| !status.starts_with("x-")) {
                self.response(response, &place.push("responses").push(status))?;
            }
        }
        if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &place.push("callbacks").push(name))?;
            }
        }
        Ok(())
    }

    fn callback(&mut self, callback: &mut Value, place: &Place) -> Result<()> {
        let Some(callback) = callback.as_object_mut() else { return Ok(()) };
        if callback.contains_key("$ref") {
            return Ok(());
        }
        for (expression, item) in callback.iter_mut().filter(|(expression, _)| !expression.starts_with("x-")) {
            self.path_item(item, &place.push(expression))?;
        }
        Ok(())
    }

    /// A parameter or a header: both hold a `schema` or a `content`.
    fn parameter(&mut self, parameter: &mut Value, place: &Place) -> Result<()> {
        let Some(parameter) = parameter.as_object_mut() else { return Ok(()) };
        if parameter.contains_key("$ref") {
            return Ok(());
        }
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &place.push("schema"))?;
        }
        self.content(parameter, place)
    }

    fn request_body(&mut self, body: &mut Value, place: &Place) -> Result<()> {
        let Some(body) = body.as_object_mut() else { return Ok(()) };
        if body.contains_key("$ref") {
            return Ok(());
        }
        self.content(body, place)
    }

    fn response(&mut self, response: &mut Value, place: &Place) -> Result<()> {
        let Some(response) = response.as_object_mut() else { return Ok(()) };
        if response.contains_key("$ref") {
            return Ok(());
        }
        self.headers(response, place)?;
        self.content(response, place)
    }

    fn headers(&mut self, object: &mut Map<String, Value>, place: &Place) -> Result<()> {
        if let Some(Value::Object(headers)) = object.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &place.push("headers").push(name))?;
            }
        }
        Ok(())
    }

    /// The media types of a `content` member.
    fn content(&mut self, object: &mut Map<String, Value>, place: &Place) -> Result<()> {
        let Some(Value::Object(content)) = object.get_mut("content") else { return Ok(()) };
        for (media_type, entry) in content.iter_mut() {
            let place = place.push("content").push(media_type);
            let Some(entry) = entry.as_object_mut() else { continue };
            if let Some(schema) = entry.get_mut("schema") {
                self.schema(schema, &place.push("schema"))?;
            }
            if let Some(Value::Object(encodings)) = entry.get_mut("encoding") {
                for (property, encoding) in encodings.iter_mut() {
                    if let Some(encoding) = encoding.as_object_mut() {
                        self.headers(encoding, &place.push("encoding").push(property))?;
                    }
                }
            }
        }
        Ok(())
    }

    fn schema(&mut self, value: &mut Value, place: &Place) -> Result<()> {
        match value {
            Value::Bool(true) => *value = json!({}),
            Value::Bool(false) => {
                return Err(Error::new(
                    place.original.as_str(),
                    "the schema `false` (nothing is valid) cannot be converted to 3.0",
                ));
            }
            Value::Object(schema) => {
                refuse_unconvertible(schema, place)?;
                // Refused unless `true` or `false`, which only validate.
                schema.remove("unevaluatedProperties");
                schema.remove("unevaluatedItems");
                for keyword in DROPPED {
                    schema.remove(*keyword);
                }
                if let Some(value) = schema.remove("const") {
                    schema.insert("enum".to_string(), json!([value]));
                }
                if let Some(examples) = schema.remove("examples")
                    && !schema.contains_key("example")
                    && let Some(first) = examples.as_array().and_then(|e| e.first())
                {
                    schema.insert("example".to_string(), first.clone());
                }
                exclusive_bound(schema, "exclusiveMinimum", "minimum", |inclusive, exclusive| inclusive > exclusive);
                exclusive_bound(schema, "exclusiveMaximum", "maximum", |inclusive, exclusive| inclusive < exclusive);
                self.null_alternatives(schema, place);
                self.type_list(schema, place)?;
                content_format(schema);
                self.subschemas(schema, place)?;
                self.wrap_reference(schema, place);
            }
            _ => {}
        }
        Ok(())
    }

    fn subschemas(&mut self, schema: &mut Map<String, Value>, place: &Place) -> Result<()> {
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            let properties_place = self.moves.child(place, "properties");
            for (name, property) in properties.iter_mut() {
                self.schema(property, &self.moves.child(&properties_place, name))?;
            }
        }
        for keyword in ["items", "not"] {
            if let Some(subschema) = schema.get_mut(keyword) {
                self.schema(subschema, &self.moves.child(place, keyword))?;
            }
        }
        if let Some(additional @ Value::Object(_)) = schema.get_mut("additionalProperties") {
            self.schema(additional, &self.moves.child(place, "additionalProperties"))?;
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(parts)) = schema.get_mut(keyword) {
                let list_place = self.moves.child(place, keyword);
                for (i, part) in parts.iter_mut().enumerate() {
                    if keyword != "allOf" {
                        drop_annotations_beside_reference(part);
                    }
                    self.schema(part, &self.moves.child(&list_place, i))?;
                }
            }
        }
        Ok(())
    }

    /// `{type: "null"}` alternatives of `oneOf`/`anyOf` → `nullable`.
    fn null_alternatives(&mut self, schema: &mut Map<String, Value>, place: &Place) {
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Array(alternatives)) = schema.get(keyword) else { continue };
            if !alternatives.iter().any(is_null_schema) {
                continue;
            }
            let Some(Value::Array(alternatives)) = schema.remove(keyword) else { continue };
            schema.insert("nullable".to_string(), json!(true));
            let written = place.original.push(keyword);
            let mut kept = Vec::new();
            for (i, alternative) in alternatives.into_iter().enumerate() {
                if is_null_schema(&alternative) {
                    self.moves.removed.push(written.push(i).as_str().to_string());
                } else {
                    kept.push((i, alternative));
                }
            }
            match kept.len() {
                0 => {}
                // One alternative is that alternative; `allOf` says so without
                // making a one-variant enum.
                1 if schema.get("allOf").is_none_or(Value::is_array) => {
                    let (i, alternative) = kept.pop().expect("one");
                    if let Value::Array(parts) = schema.entry("allOf").or_insert_with(|| json!([])) {
                        self.moves.record(&written.push(i), &place.converted.push("allOf").push(parts.len()), true);
                        parts.push(alternative);
                    }
                }
                _ => {
                    for (k, (i, _)) in kept.iter().enumerate() {
                        if *i != k {
                            self.moves.record(&written.push(i), &place.converted.push(keyword).push(k), true);
                        }
                    }
                    let alternatives = kept.into_iter().map(|(_, alternative)| alternative).collect();
                    schema.insert(keyword.to_string(), Value::Array(alternatives));
                }
            }
        }
    }

    /// `type` as a list → one type, `nullable`, or a `oneOf` per type.
    fn type_list(&mut self, schema: &mut Map<String, Value>, place: &Place) -> Result<()> {
        let listed: Vec<&str> = match schema.get("type") {
            Some(Value::String(kind)) if kind == "null" => vec!["null"],
            Some(Value::Array(kinds)) => {
                let mut listed = Vec::new();
                for (i, kind) in kinds.iter().enumerate() {
                    let Some(kind) = kind.as_str() else {
                        return Err(Error::new(
                            place.original.push("type").push(i),
                            format!("a type must be a string, found {kind}"),
                        ));
                    };
                    if !listed.contains(&kind) {
                        listed.push(kind);
                    }
                }
                listed
            }
            _ => return Ok(()),
        };
        let nullable = listed.contains(&"null");
        let mut kinds: Vec<String> = listed.iter().filter(|k| **k != "null").map(|k| k.to_string()).collect();
        // Every integer is a number: with both, `oneOf` would match integers twice.
        if kinds.iter().any(|k| k == "number") {
            kinds.retain(|k| k != "integer");
        }
        if nullable {
            schema.insert("nullable".to_string(), json!(true));
        }
        match kinds.as_slice() {
            [] => {
                schema.remove("type");
            }
            [kind] => {
                schema.insert("type".to_string(), json!(kind));
            }
            _ => self.split_types(schema, &kinds, place)?,
        }
        Ok(())
    }

    fn split_types(&mut self, schema: &mut Map<String, Value>, kinds: &[String], place: &Place) -> Result<()> {
        for keyword in ["$ref", "allOf", "oneOf", "anyOf", "not"] {
            if schema.contains_key(keyword) {
                return Err(Error::new(
                    place.original.push("type"),
                    format!(
                        "a list of several types beside `{keyword}` has no OpenAPI 3.0 form; \
                         write the types as alternatives of a oneOf"
                    ),
                ));
            }
        }
        schema.remove("type");
        let values = match schema.remove("enum") {
            Some(Value::Array(values)) => Some(values),
            Some(other) => {
                schema.insert("enum".to_string(), other);
                None
            }
            None => None,
        };
        let format = schema.get("format").and_then(Value::as_str).map(str::to_string);
        let mut moved = Vec::new();
        let mut alternatives = Vec::new();
        for kind in kinds {
            let mut alternative = Map::new();
            alternative.insert("type".to_string(), json!(kind));
            if let Some(values) = &values {
                let of_kind: Vec<Value> = values.iter().filter(|v| value_has_type(v, kind)).cloned().collect();
                if of_kind.is_empty() {
                    continue;
                }
                alternative.insert("enum".to_string(), Value::Array(of_kind));
            }
            let converted = place.converted.push("oneOf").push(alternatives.len());
            for keyword in keywords_of(kind) {
                if let Some(value) = schema.get(*keyword) {
                    alternative.insert(keyword.to_string(), value.clone());
                    self.moves.record(&place.original.push(keyword), &converted.push(keyword), true);
                    moved.push(*keyword);
                }
            }
            if let Some(format) = format.as_deref().filter(|f| format_applies(kind, f)) {
                alternative.insert("format".to_string(), json!(format));
                moved.push("format");
            }
            // The alternative as a whole was the schema itself.
            self.moves.record(&place.original, &converted, false);
            alternatives.push(Value::Object(alternative));
        }
        if alternatives.is_empty() {
            // No listed type admits any of the values: leave the values to say so.
            if let Some(values) = values {
                schema.insert("enum".to_string(), Value::Array(values));
            }
            return Ok(());
        }
        if values.is_some_and(|values| values.iter().any(Value::is_null)) {
            schema.insert("nullable".to_string(), json!(true));
        }
        for keyword in moved {
            schema.remove(keyword);
        }
        schema.insert("oneOf".to_string(), Value::Array(alternatives));
        Ok(())
    }

    /// `{$ref, description, …}` → `{allOf: [{$ref}], description, …}`: a
    /// 3.0 reader ignores everything beside a `$ref`.
    fn wrap_reference(&mut self, schema: &mut Map<String, Value>, place: &Place) {
        if schema.len() < 2 || !schema.get("$ref").is_some_and(Value::is_string) {
            return;
        }
        if schema.get("allOf").is_some_and(|all_of| !all_of.is_array()) {
            return;
        }
        let reference = schema.remove("$ref").expect("checked");
        let Value::Array(parts) = schema.entry("allOf").or_insert_with(|| json!([])) else { return };
        // Last, so that the parts already there keep their places.
        self.moves.record(&place.original, &place.converted.push("allOf").push(parts.len()), false);
        parts.push(json!({ "$ref": reference }));
        self.wrapped.push(place.converted.clone());
    }

    /// Every `$ref` of the converted document: those into a moved place follow
    /// it; those that cannot be followed fail.
    fn follow_references(&self, value: &mut Value, at: &Pointer) -> Result<()> {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get_mut("$ref")
                    && let Some(tokens) = Pointer::tokens_of_ref(reference)
                {
                    let target = tokens.iter().fold(Pointer::root(), |p, t| p.push(t));
                    let target = target.as_str();
                    let original = || self.moves.original(at.as_str());
                    if tokens.len() >= 2 && tokens[0] == "components" && tokens[1] == "pathItems" {
                        return Err(Error::new(
                            original(),
                            format!(
                                "$ref {reference:?} points into components/pathItems (OpenAPI 3.1); \
                                 a $ref'd path item is not supported, write the operations in place"
                            ),
                        ));
                    }
                    if self.moves.removed.iter().any(|r| target == r || target.starts_with(&format!("{r}/"))) {
                        return Err(Error::new(
                            original(),
                            format!(
                                "$ref {reference:?} points at a {{\"type\": \"null\"}} alternative, which the \
                                 conversion to OpenAPI 3.0 replaces by `nullable`"
                            ),
                        ));
                    }
                    if let Some(moved) = self.moves.converted(target) {
                        *reference = moved;
                    }
                }
                for (key, child) in object.iter_mut().filter(|(key, _)| !is_data(key, at)) {
                    self.follow_references(child, &at.push(key))?;
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.follow_references(item, &at.push(i))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A wrapped `$ref` to a nullable schema is nullable: without the wrapper,
    /// a reader would have seen the target's `nullable` through the `$ref`.
    fn nullable_through_wrapped_references(&self, doc: &mut Value) {
        // Wrappers may point at wrappers: repeat until nothing changes.
        loop {
            let mut changed = false;
            for wrapper in &self.wrapped {
                let at = &wrapper.as_str()[1..];
                let Some(schema) = doc.pointer(at) else { continue };
                if schema.get("nullable") == Some(&json!(true)) {
                    continue;
                }
                let reference = schema["allOf"].as_array().and_then(|parts| parts.last()).and_then(|p| p.get("$ref"));
                if reference.and_then(Value::as_str).is_some_and(|r| is_nullable_target(doc, r)) {
                    if let Some(Value::Object(schema)) = doc.pointer_mut(at) {
                        schema.insert("nullable".to_string(), json!(true));
                    }
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }
}

/// Whether the member `key` of the object at `parent` is data, where a
/// `$ref` is a value: an example, a default, an enum, an extension. The
/// members of maps of names (properties, components, responses, whose
/// `default` is a response) are not.
fn is_data(key: &str, parent: &Pointer) -> bool {
    let tokens = Pointer::tokens_of_ref(parent.as_str()).unwrap_or_default();
    let names = match tokens.as_slice() {
        [first, _] if first == "components" => true,
        [.., last] => last == "properties" || last == "responses",
        [] => false,
    };
    !names && (key.starts_with("x-") || ["example", "examples", "enum", "const", "default"].contains(&key))
}

/// Whether a local `$ref` leads (through bare `$ref`s) to a nullable schema.
fn is_nullable_target(doc: &Value, reference: &str) -> bool {
    let mut reference = reference.to_string();
    for _ in 0..32 {
        let Some(target) = reference.strip_prefix('#').and_then(|at| doc.pointer(at)) else { return false };
        if target.get("nullable") == Some(&json!(true)) {
            return true;
        }
        match target.get("$ref").and_then(Value::as_str) {
            Some(next) if target.as_object().is_some_and(|t| t.len() == 1) => reference = next.to_string(),
            _ => return false,
        }
    }
    false
}

/// A union names and matches an alternative by its `$ref` (and a
/// discriminator maps to it), and the 3.0 model gives an alternative no docs:
/// there, annotations beside a `$ref` are dropped rather than wrapped.
fn drop_annotations_beside_reference(alternative: &mut Value) {
    const ANNOTATIONS: [&str; 9] =
        ["title", "description", "deprecated", "readOnly", "writeOnly", "example", "examples", "default", "$comment"];
    let Some(alternative) = alternative.as_object_mut() else { return };
    let only_annotations =
        alternative.keys().all(|key| key == "$ref" || key.starts_with("x-") || ANNOTATIONS.contains(&key.as_str()));
    if only_annotations && alternative.get("$ref").is_some_and(Value::is_string) {
        alternative.retain(|key, _| key == "$ref");
    }
}

fn is_null_schema(schema: &Value) -> bool {
    let Some(schema) = schema.as_object() else { return false };
    if schema.contains_key("$ref") {
        return false;
    }
    match schema.get("type") {
        Some(Value::String(kind)) => kind == "null",
        Some(Value::Array(kinds)) => !kinds.is_empty() && kinds.iter().all(|k| k == "null"),
        _ => false,
    }
}

fn refuse_unconvertible(schema: &Map<String, Value>, place: &Place) -> Result<()> {
    let refuse = |keyword: &str, hint: &str| {
        Err(Error::new(
            place.original.push(keyword),
            format!("`{keyword}` (OpenAPI 3.1) cannot be converted to 3.0; {hint}"),
        ))
    };
    for (keyword, hint) in UNCONVERTIBLE {
        if schema.contains_key(*keyword) {
            return refuse(keyword, hint);
        }
    }
    for (keyword, instead) in [("unevaluatedProperties", "additionalProperties"), ("unevaluatedItems", "items")] {
        if schema.get(keyword).is_some_and(|v| !v.is_boolean()) {
            return refuse(keyword, &format!("use {instead}"));
        }
    }
    Ok(())
}

/// A numeric `exclusiveMinimum` (3.1) → `minimum` + `exclusiveMinimum: true`
/// (3.0), keeping whichever bound is stricter. `inclusive_wins(inclusive,
/// exclusive)` says when the `minimum`/`maximum` already there is.
fn exclusive_bound(
    schema: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    inclusive_wins: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else { return };
    let keep_inclusive = match (schema.get(inclusive).and_then(Value::as_f64), bound.as_f64()) {
        (Some(inclusive), Some(exclusive)) => inclusive_wins(inclusive, exclusive),
        _ => false,
    };
    if keep_inclusive {
        schema.remove(exclusive);
    } else {
        schema.insert(inclusive.to_string(), Value::Number(bound));
        schema.insert(exclusive.to_string(), json!(true));
    }
}

/// `contentEncoding`/`contentMediaType` of a string → its 3.0 `format`.
fn content_format(schema: &mut Map<String, Value>) {
    let media_type = schema.remove("contentMediaType");
    let encoding = schema.remove("contentEncoding");
    if schema.get("type").and_then(Value::as_str) != Some("string") || schema.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media_type.as_ref().and_then(Value::as_str)) {
        (Some("base64" | "base64url"), _) => "byte",
        (_, Some(media_type)) if !is_textual(media_type) => "binary",
        _ => return,
    };
    schema.insert("format".to_string(), json!(format));
}

/// Media types whose content a string holds as text.
fn is_textual(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence.starts_with("text/")
        || ["application/json", "application/xml", "application/yaml", "application/x-www-form-urlencoded"]
            .contains(&essence.as_str())
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(schemas: Value) -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas}
        })
    }

    /// The schema `S` after conversion.
    fn converted(schema: Value) -> Value {
        let mut doc = document(json!({ "S": schema }));
        downgrade(&mut doc).unwrap_or_else(|e| panic!("{e}"));
        doc["components"]["schemas"]["S"].take()
    }

    fn refusal(mut doc: Value) -> Error {
        match downgrade(&mut doc) {
            Ok(_) => panic!("expected an error, got {doc}"),
            Err(e) => e,
        }
    }

    fn schema_refusal(schema: Value) -> Error {
        refusal(document(json!({ "S": schema })))
    }

    #[test]
    fn type_lists_with_null_become_nullable() {
        assert_eq!(converted(json!({"type": ["string", "null"]})), json!({"type": "string", "nullable": true}));
        assert_eq!(converted(json!({"type": ["null", "integer"]})), json!({"type": "integer", "nullable": true}));
        assert_eq!(converted(json!({"type": ["string"]})), json!({"type": "string"}));
        assert_eq!(converted(json!({"type": ["null"]})), json!({"nullable": true}));
        assert_eq!(
            converted(json!({"type": "null", "description": "d"})),
            json!({"nullable": true, "description": "d"})
        );
        assert_eq!(converted(json!({"type": ["integer", "number"]})), json!({"type": "number"}));
    }

    #[test]
    fn several_types_become_a_one_of_with_the_keywords_of_each() {
        let schema = json!({
            "type": ["string", "integer", "array", "null"],
            "description": "d",
            "maxLength": 5,
            "minimum": 1,
            "format": "int64",
            "items": {"type": ["boolean", "null"]},
            "enum": ["a", 1, 2.0, ["x"], null]
        });
        assert_eq!(
            converted(schema),
            json!({
                "description": "d",
                "nullable": true,
                "oneOf": [
                    {"type": "string", "maxLength": 5, "enum": ["a"]},
                    {"type": "integer", "minimum": 1, "format": "int64", "enum": [1, 2.0]},
                    {"type": "array", "items": {"type": "boolean", "nullable": true}, "enum": [["x"]]}
                ]
            })
        );
        assert_eq!(
            converted(json!({"type": ["string", "object"], "format": "date", "properties": {"a": {"const": 1}}})),
            json!({"oneOf": [
                {"type": "string", "format": "date"},
                {"type": "object", "properties": {"a": {"enum": [1]}}}
            ]})
        );
    }

    #[test]
    fn several_types_beside_a_composition_are_refused() {
        let e = schema_refusal(json!({"type": ["string", "integer"], "oneOf": [{"minimum": 1}]}));
        assert_eq!(e.pointer, "#/components/schemas/S/type");
        assert_eq!(
            e.message,
            "a list of several types beside `oneOf` has no OpenAPI 3.0 form; write the types as alternatives of a oneOf"
        );
        assert_eq!(schema_refusal(json!({"type": ["string", 5]})).pointer, "#/components/schemas/S/type/1");
    }

    #[test]
    fn const_examples_and_numeric_exclusive_bounds() {
        assert_eq!(converted(json!({"const": "on"})), json!({"enum": ["on"]}));
        assert_eq!(
            converted(json!({"type": "string", "examples": ["a", "b"]})),
            json!({"type": "string", "example": "a"})
        );
        assert_eq!(converted(json!({"examples": ["a"], "example": "mine"})), json!({"example": "mine"}));
        assert_eq!(
            converted(json!({"exclusiveMinimum": 0, "exclusiveMaximum": 10.5})),
            json!({"minimum": 0, "exclusiveMinimum": true, "maximum": 10.5, "exclusiveMaximum": true})
        );
        // The stricter bound wins.
        assert_eq!(converted(json!({"minimum": 5, "exclusiveMinimum": 0})), json!({"minimum": 5}));
        assert_eq!(
            converted(json!({"minimum": 0, "exclusiveMinimum": 0})),
            json!({"minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(converted(json!({"maximum": 5, "exclusiveMaximum": 9})), json!({"maximum": 5}));
        // The 3.0 form stays.
        assert_eq!(
            converted(json!({"minimum": 1, "exclusiveMinimum": true})),
            json!({"minimum": 1, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn content_keywords_become_formats() {
        assert_eq!(
            converted(json!({"type": "string", "contentMediaType": "application/octet-stream"})),
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            converted(json!({"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            converted(json!({"type": "string", "contentMediaType": "application/json; charset=utf-8"})),
            json!({"type": "string"})
        );
        assert_eq!(
            converted(json!({"type": "string", "format": "uuid", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "uuid"})
        );
        assert_eq!(converted(json!({"type": "object", "contentMediaType": "image/png"})), json!({"type": "object"}));
        assert_eq!(
            converted(json!({"type": ["string", "null"], "contentMediaType": "image/png"})),
            json!({"type": "string", "nullable": true, "format": "binary"})
        );
    }

    #[test]
    fn null_alternatives_become_nullable() {
        assert_eq!(
            converted(json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "d"})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true, "description": "d"})
        );
        assert_eq!(
            converted(json!({"anyOf": [{"type": "null"}, {"type": "string"}, {"type": "integer"}]})),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
        assert_eq!(converted(json!({"anyOf": [{"type": ["null"]}]})), json!({"nullable": true}));
        assert_eq!(
            converted(
                json!({"allOf": [{"$ref": "#/components/schemas/B"}], "anyOf": [{"type": "object"}, {"type": "null"}]})
            ),
            json!({"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object"}], "nullable": true})
        );
    }

    #[test]
    fn references_with_siblings_are_wrapped_in_all_of() {
        assert_eq!(
            converted(json!({"$ref": "#/components/schemas/A", "description": "d"})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "d"})
        );
        assert_eq!(converted(json!({"$ref": "#/components/schemas/A"})), json!({"$ref": "#/components/schemas/A"}));
        assert_eq!(
            converted(json!({"$ref": "#/components/schemas/A", "$comment": "dropped"})),
            json!({"$ref": "#/components/schemas/A"})
        );
        assert_eq!(
            converted(json!({"$ref": "#/components/schemas/A", "allOf": [{"type": "object"}]})),
            json!({"allOf": [{"type": "object"}, {"$ref": "#/components/schemas/A"}]})
        );
        // Alternatives keep a bare `$ref` unless something beside it says more than docs.
        assert_eq!(
            converted(json!({"oneOf": [
                {"$ref": "#/components/schemas/A", "description": "d", "title": "t", "x-note": 1},
                {"$ref": "#/components/schemas/B", "required": ["id"]}
            ]})),
            json!({"oneOf": [
                {"$ref": "#/components/schemas/A"},
                {"allOf": [{"$ref": "#/components/schemas/B"}], "required": ["id"]}
            ]})
        );
    }

    #[test]
    fn a_wrapped_reference_to_a_nullable_schema_is_nullable() {
        let mut doc = document(json!({
            "N": {"type": ["string", "null"]},
            "M": {"$ref": "#/components/schemas/N", "description": "m"},
            "P": {"$ref": "#/components/schemas/M", "description": "p"},
            "Q": {"$ref": "#/components/schemas/A", "description": "q"},
            "A": {"type": "string"}
        }));
        downgrade(&mut doc).unwrap_or_else(|e| panic!("{e}"));
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["M"]["nullable"], json!(true));
        assert_eq!(schemas["P"]["nullable"], json!(true));
        assert_eq!(schemas["Q"].get("nullable"), None);
    }

    #[test]
    fn boolean_schemas_and_dropped_keywords() {
        assert_eq!(
            converted(json!({"type": "object", "properties": {"any": true}, "additionalProperties": false})),
            json!({"type": "object", "properties": {"any": {}}, "additionalProperties": false})
        );
        let e = schema_refusal(json!({"type": "object", "properties": {"none": false}}));
        assert_eq!(e.pointer, "#/components/schemas/S/properties/none");
        assert_eq!(e.message, "the schema `false` (nothing is valid) cannot be converted to 3.0");
        let dropped = json!({
            "type": "array", "$comment": "c", "$schema": "s", "$id": "i", "$anchor": "a", "contentSchema": {},
            "contains": {}, "minContains": 1, "maxContains": 2, "unevaluatedItems": false, "deprecated": true,
            "readOnly": true, "nullable": true
        });
        assert_eq!(
            converted(dropped),
            json!({"type": "array", "deprecated": true, "readOnly": true, "nullable": true})
        );
        assert_eq!(
            converted(
                json!({"type": "object", "dependentRequired": {}, "propertyNames": {}, "unevaluatedProperties": false})
            ),
            json!({"type": "object"})
        );
    }

    #[test]
    fn schemas_are_converted_wherever_they_are() {
        let string_or_null = json!({"type": ["string", "null"]});
        let converted_schema = json!({"type": "string", "nullable": true});
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {
                "parameters": [{"name": "p", "in": "query", "schema": string_or_null}],
                "post": {
                    "parameters": [{"name": "q", "in": "query", "content": {"application/json": {"schema": string_or_null}}}],
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                        "a": {"type": "array", "items": string_or_null},
                        "b": {"additionalProperties": string_or_null},
                        "c": {"allOf": [string_or_null], "not": string_or_null}
                    }}}}},
                    "responses": {"200": {
                        "description": "ok",
                        "headers": {"h": {"schema": string_or_null}},
                        "content": {"multipart/form-data": {
                            "schema": string_or_null,
                            "encoding": {"a": {"headers": {"e": {"schema": string_or_null}}}}
                        }}
                    }},
                    "callbacks": {"cb": {"{$request.body#/url}": {"post": {
                        "requestBody": {"content": {"application/json": {"schema": string_or_null}}}
                    }}}}
                }
            }},
            "components": {
                "parameters": {"P": {"name": "p", "in": "query", "schema": string_or_null}},
                "headers": {"H": {"schema": string_or_null}},
                "responses": {"R": {"description": "r", "content": {"application/json": {"schema": string_or_null}}}},
                "requestBodies": {"B": {"content": {"application/json": {"schema": string_or_null}}}}
            }
        });
        downgrade(&mut doc).unwrap_or_else(|e| panic!("{e}"));
        let text = doc.to_string();
        assert!(!text.contains("[\"string\",\"null\"]"), "a type list was left: {text}");
        assert_eq!(text.matches(&converted_schema.to_string()).count(), 14, "{text}");
        // An operation without responses (allowed in 3.1) gets an empty set.
        assert_eq!(
            doc["paths"]["/a"]["post"]["callbacks"]["cb"]["{$request.body#/url}"]["post"]["responses"],
            json!({})
        );
    }

    #[test]
    fn the_top_level_becomes_3_0_3() {
        let mut doc = json!({
            "openapi": "3.1.1",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {"title": "t", "summary": "s", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"w": {"post": {"responses": {"200": {"description": "ok"}}}}},
            "components": {"pathItems": {"I": {"get": {}}}}
        });
        downgrade(&mut doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            doc,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1", "license": {"name": "MIT"}},
                "paths": {},
                "components": {}
            })
        );
    }

    #[test]
    fn what_has_no_3_0_form_is_refused_at_its_keyword() {
        let e = schema_refusal(json!({"type": "array", "prefixItems": [{"type": "string"}]}));
        assert_eq!(e.pointer, "#/components/schemas/S/prefixItems");
        assert_eq!(
            e.message,
            "`prefixItems` (OpenAPI 3.1) cannot be converted to 3.0; tuples have no 3.0 form; describe the elements with `items`"
        );
        for keyword in [
            "$defs",
            "if",
            "then",
            "else",
            "dependentSchemas",
            "patternProperties",
            "unevaluatedProperties",
            "unevaluatedItems",
        ] {
            let e = schema_refusal(json!({"properties": {"a": {keyword: {}}}}));
            assert_eq!(e.pointer, format!("#/components/schemas/S/properties/a/{}", keyword), "{keyword}");
            assert!(e.message.starts_with(&format!("`{keyword}` (OpenAPI 3.1) cannot be converted to 3.0; ")), "{e}");
        }
    }

    #[test]
    fn refusals_of_the_document() {
        let mut doc = document(json!({}));
        doc["paths"] = json!({"/a": {"$ref": "#/components/pathItems/A"}});
        doc["components"]["pathItems"] = json!({"A": {"get": {"responses": {}}}});
        let e = refusal(doc);
        assert_eq!(e.pointer, "#/paths/~1a");
        assert_eq!(
            e.message,
            "$ref \"#/components/pathItems/A\" points into components/pathItems (OpenAPI 3.1); \
             a $ref'd path item is not supported, write the operations in place"
        );

        let mut doc = document(json!({}));
        doc["components"]["securitySchemes"] = json!({"mtls": {"type": "mutualTLS"}});
        assert_eq!(refusal(doc).pointer, "#/components/securitySchemes/mtls/type");

        let e = refusal(document(json!({
            "U": {"oneOf": [{"type": "null"}, {"type": "string"}, {"type": "integer"}]},
            "V": {"$ref": "#/components/schemas/U/oneOf/0"}
        })));
        assert_eq!(e.pointer, "#/components/schemas/V");
        assert!(e.message.contains("points at a {\"type\": \"null\"} alternative"), "{e}");
    }

    #[test]
    fn references_into_moved_places_follow_them() {
        let mut doc = document(json!({
            "U": {"oneOf": [{"type": "null"}, {"type": "string"}, {"type": "object", "properties": {"x": {}}}]},
            "V": {"$ref": "#/components/schemas/U/oneOf/2/properties/x"},
            "W": {"type": ["string", "array"], "items": {"type": "integer"}},
            "X": {"$ref": "#/components/schemas/W/items"}
        }));
        let default_response = json!({"description": "d", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/W/items"},
            "example": {"$ref": "#/components/schemas/W/items"}
        }}});
        doc["paths"] = json!({"/a": {"get": {"responses": {"default": default_response}}}});
        let moves = downgrade(&mut doc).unwrap_or_else(|e| panic!("{e}"));
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["V"]["$ref"], json!("#/components/schemas/U/oneOf/1/properties/x"));
        assert_eq!(schemas["X"]["$ref"], json!("#/components/schemas/W/oneOf/1/items"));
        let media_type = &doc["paths"]["/a"]["get"]["responses"]["default"]["content"]["application/json"];
        assert_eq!(media_type["schema"]["$ref"], json!("#/components/schemas/W/oneOf/1/items"));
        assert_eq!(media_type["example"]["$ref"], json!("#/components/schemas/W/items"), "an example is data");
        // And back: a converted place names where it was written.
        assert_eq!(
            moves.original("#/components/schemas/U/oneOf/1/properties/x"),
            "#/components/schemas/U/oneOf/2/properties/x"
        );
        assert_eq!(moves.original("#/components/schemas/U/oneOf/0"), "#/components/schemas/U/oneOf/1");
        assert_eq!(moves.original("#/components/schemas/W/oneOf/1/items"), "#/components/schemas/W/items");
        assert_eq!(moves.original("#/components/schemas/W/oneOf/0"), "#/components/schemas/W");
        assert_eq!(moves.original("#/components/schemas/W"), "#/components/schemas/W");
    }

    #[test]
    fn errors_in_moved_places_name_the_written_place() {
        let mut doc = document(json!({
            "U": {"anyOf": [{"type": "null"}, {"type": "string"}, {"type": "integer", "maximum": {"$ref": "x"}}]},
            "R": {"$ref": "#/components/schemas/Missing", "description": "d"},
            "N": {"properties": {"a": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/R", "title": "t"}]}}}
        }));
        let moves = downgrade(&mut doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(moves.original("#/components/schemas/U/anyOf/1/maximum"), "#/components/schemas/U/anyOf/2/maximum");
        assert_eq!(moves.original("#/components/schemas/R/allOf/0"), "#/components/schemas/R");
        // A wrapped reference inside an alternative that moved to allOf.
        let n = &doc["components"]["schemas"]["N"]["properties"]["a"];
        assert_eq!(
            n,
            &json!({"allOf": [{"allOf": [{"$ref": "#/components/schemas/R"}], "title": "t"}], "nullable": true})
        );
        assert_eq!(
            moves.original("#/components/schemas/N/properties/a/allOf/0/allOf/0"),
            "#/components/schemas/N/properties/a/oneOf/1"
        );
    }
}
