//! The request/answer synthesizer: for any operation of an OpenAPI document,
//! arguments for every parameter (optional ones too) and a body with every
//! member set, with the wire form the client must give them; and a success
//! answer with every member set, with its status and content type. Nothing
//! here knows the API: it reads schemas.
//!
//! # Values from schemas
//!
//! - `$ref`s are followed; `allOf` parts are merged into one object schema
//!   (properties and `required` united).
//! - `oneOf`/`anyOf`: the first alternative whose (realistic) value no other
//!   alternative also matches — a validator accepts it then, and the client's
//!   lenient reading cannot take it for another alternative; with a
//!   discriminator, its property is set to the value naming that alternative
//!   (the `mapping` key, else the component name, else the property's enum).
//! - `enum`: the first non-null value (the n-th for the n-th item of a list).
//! - Strings: in [`Mode::Realistic`], the first of the schema's `example`, its
//!   `default`, a value for its `format` (date-time, date, uuid, email, uri,
//!   ipv4, password), a string generated from its `pattern`, and a plain word
//!   fitted to `minLength`/`maxLength`, that satisfies the whole schema
//!   (pattern, lengths, format). In [`Mode::Hostile`], free-text strings are
//!   replaced by values that break naive encoding: path parameters by
//!   `HOSTILE`/`ODD` (which must arrive as one encoded segment), query and
//!   header parameters and body text by values full of `&`, `=`, `+`, `%`,
//!   quotes and non-ASCII letters.
//! - Numbers: `example`, `default`, else 1 (1.5 for `number`) moved into
//!   `minimum`/`maximum` (exclusive bounds honoured) and onto `multipleOf`.
//!   Booleans: `example`, else `true`.
//! - Arrays: one item (two for parameters, so that repetition shows),
//!   at least `minItems`, at most `maxItems`. Objects: every property
//!   (`readOnly` ones only in answers, `writeOnly` ones only in requests);
//!   a map gets one entry. Past a nesting depth only required members and
//!   `minItems` items are set, so recursive schemas end.
//! - Binary strings are bytes: raw, not UTF-8 bytes in multipart files and
//!   raw bodies, text inside JSON.
//!
//! # The wire form
//!
//! - Path parameters: each value percent-encoded as exactly one segment
//!   (everything but RFC 3986 unreserved characters escaped).
//! - Query parameters: a pair per value; arrays repeated (`a=1&a=2`, `form`
//!   with `explode`, the default) or joined (`,`, or space/pipe for
//!   `spaceDelimited`/`pipeDelimited`) when `explode: false`. Header
//!   parameters: their text, arrays joined with `,`.
//! - The body in the content type the client uses: of several, the first in
//!   sorted order that is not raw bytes (the call table's rule). JSON bodies
//!   are compared as JSON, form bodies as pairs, multipart bodies as parts
//!   (binary → a file part; objects → a JSON part; arrays → a part per item;
//!   scalars → a text part), raw bodies as bytes.
//! - `Authorization: Bearer …` when the effective security names an HTTP
//!   bearer scheme.
//!
//! # The answer
//!
//! The first documented 2xx answer (status `2XX` serves 200), or for an
//! operation answering only with redirects its first 3xx with a `Location`
//! (from the header's schema). Its body: JSON for a JSON content type, text
//! for `text/*` with a string schema, bytes otherwise, nothing when the answer
//! has no content; documented response headers are sent too.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::call_support::{Args, BodyArg, Place, scalar_text};
use super::document::{Document, Location, Operation};
use super::{HOSTILE, ODD, pattern, validate};

/// How synthesized strings look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Values that break naive encoding, for a server that checks bytes.
    Hostile,
    /// Values that satisfy their schemas, for a server that validates them.
    Realistic,
}

/// A query parameter value with every character that means something in a
/// query string, and non-ASCII.
pub const HOSTILE_QUERY: &str = "a&b=c+d %2e/ü?#";
/// A header value with quotes and separators (header values must be visible ASCII).
pub const HOSTILE_HEADER: &str = "a \"b\"; c=d, e/%2e";
/// Free text in bodies: quotes, a backslash, form-encoding characters, a
/// line break, non-ASCII.
pub const HOSTILE_TEXT: &str = "Acme \"Ltd\" \\ a&b=c+d/%2e\nü ✓";
/// A raw body or file: bytes that are not UTF-8.
pub const RAW_BYTES: &[u8] = b"\x00\x01 raw bytes, not UTF-8: \xff\xfe\x80";

/// Past this nesting depth only required members and `minItems` items are set.
const SHALLOW: usize = 8;
/// Past this depth nothing more is made (a required member that recurses).
const DEEPEST: usize = 24;

/// One synthesized call: the arguments for the call table, and what must
/// arrive on the wire.
#[derive(Debug, Clone)]
pub struct Call {
    pub id: String,
    pub args: Args,
    pub request: Expected,
}

/// The request the client must send.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub method: String,
    /// Percent-encoded, as sent.
    pub path: String,
    /// Decoded pairs, in parameter order (values of one parameter in order).
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    /// Whether the client's bearer token must be sent.
    pub bearer: bool,
    pub body: ExpectedBody,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExpectedBody {
    None,
    Json { content_type: String, value: Value },
    Form { content_type: String, pairs: Vec<(String, String)> },
    Multipart(Vec<Part>),
    Bytes { content_type: String, bytes: Vec<u8> },
}

/// One part of a multipart body.
#[derive(Clone, PartialEq)]
pub struct Part {
    pub name: String,
    pub kind: PartKind,
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Part {
    /// The data as text (bytes that are not UTF-8 escaped), not as a list of numbers.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("data", &self.data.escape_ascii().to_string())
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A file: with a file name, `application/octet-stream`.
    File,
    /// `application/json`; compared as JSON.
    Json,
    /// Text; no content type or `text/plain`.
    Text,
}

/// A synthesized success answer and what the client must make of it.
#[derive(Debug, Clone)]
pub struct Served {
    pub status: u16,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub expect: Expect,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// The typed answer, written back as JSON, equals this.
    Json(Value),
    Text(String),
    Bytes(Vec<u8>),
    /// No content is documented.
    Empty,
    /// The client returns this `Location`, resolved against the request URL.
    Redirect(String),
}

/// How the content type of a body is sent: the generator's classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Other,
}

pub fn media_kind(content_type: &str) -> MediaKind {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence == "text/json" {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence == "multipart/form-data" {
        MediaKind::Multipart
    } else if essence.starts_with("text/") {
        MediaKind::Text
    } else {
        MediaKind::Other
    }
}

/// The arguments of a call of `op` and the request they must become.
pub fn call(op: &Operation<'_>, mode: Mode) -> Call {
    let synth = Synth { doc: op.document(), mode };
    let mut args = Args::new();
    let mut path_texts = BTreeMap::new();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut path_index = 0;
    for parameter in &op.parameters {
        let (place, slot) = match parameter.location {
            Location::Path => {
                path_index += 1;
                (Place::Path, Slot::Path(path_index - 1))
            }
            Location::Query => (Place::Query, Slot::Query),
            Location::Header => (Place::Header, Slot::Header),
            Location::Cookie => continue,
        };
        let value = synth.value(parameter.schema, Ctx::new(Direction::Request, slot));
        let texts: Vec<String> = match &value {
            Value::Array(items) => items.iter().filter_map(scalar_text).collect(),
            Value::Null => Vec::new(),
            scalar => scalar_text(scalar).into_iter().collect(),
        };
        let is_array = value.is_array();
        args.set(place, &parameter.name, value);
        match parameter.location {
            Location::Path => {
                path_texts.insert(parameter.name.clone(), texts.join(","));
            }
            Location::Query => {
                let style = parameter.style.as_deref().unwrap_or("form");
                let explode = parameter.explode.unwrap_or(style == "form");
                if is_array && !explode {
                    let separator = match style {
                        "spaceDelimited" => " ",
                        "pipeDelimited" => "|",
                        _ => ",",
                    };
                    if !texts.is_empty() {
                        query.push((parameter.name.clone(), texts.join(separator)));
                    }
                } else {
                    query.extend(texts.into_iter().map(|text| (parameter.name.clone(), text)));
                }
            }
            Location::Header => headers.push((parameter.name.clone(), texts.join(","))),
            Location::Cookie => {}
        }
    }
    let (body_arg, body) = synth.body(op);
    args.set_body(body_arg);
    Call {
        id: op.id.clone(),
        args,
        request: Expected {
            method: op.method.clone(),
            path: expected_path(&op.path, &path_texts),
            query,
            headers,
            bearer: op.uses_http_bearer(),
            body,
        },
    }
}

/// A success answer of `op` with every member set.
pub fn answer(op: &Operation<'_>) -> Served {
    let synth = Synth { doc: op.document(), mode: Mode::Realistic };
    let responses = op.responses();
    let is_2xx = |code: &str| code.starts_with('2');
    let chosen = responses.iter().find(|(code, _)| is_2xx(code));
    let Some((code, response)) = chosen.or_else(|| responses.iter().find(|(code, _)| code.starts_with('3'))) else {
        return Served {
            status: 200,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
            expect: Expect::Empty,
        };
    };
    let status = code.parse().unwrap_or(if is_2xx(code) { 200 } else { 302 });
    let mut headers = Vec::new();
    for (name, header) in response["headers"].as_object().into_iter().flatten() {
        let header = synth.doc.resolve(header);
        let value = synth.value(&header["schema"], Ctx::new(Direction::Answer, Slot::Answer));
        let text = scalar_text(&value).unwrap_or_else(|| value.to_string());
        if !name.eq_ignore_ascii_case("content-type") {
            headers.push((name.clone(), text));
        }
    }
    if !is_2xx(code) {
        let location = headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("location")).map(|(_, l)| l.clone());
        let location = location.unwrap_or_else(|| "https://example.com/redirected?from=test".to_string());
        headers.retain(|(name, _)| !name.eq_ignore_ascii_case("location"));
        headers.push(("Location".to_string(), location.clone()));
        return Served { status, content_type: None, headers, body: Vec::new(), expect: Expect::Redirect(location) };
    }
    let mut content: Vec<(&String, &Value)> = response["content"].as_object().into_iter().flatten().collect();
    content.sort_by(|a, b| a.0.cmp(b.0));
    let served = |content_type: &str, body: Vec<u8>, expect: Expect| Served {
        status,
        content_type: Some(content_type.to_string()),
        headers: headers.clone(),
        body,
        expect,
    };
    if content.is_empty() {
        return Served { status, content_type: None, headers, body: Vec::new(), expect: Expect::Empty };
    }
    if let Some((content_type, media)) = content.iter().find(|(ct, _)| media_kind(ct) == MediaKind::Json) {
        let value = synth.value(&media["schema"], Ctx::new(Direction::Answer, Slot::Answer));
        let body = serde_json::to_vec(&value).expect("JSON serializes");
        return served(content_type, body, Expect::Json(value));
    }
    let textual =
        content.iter().all(|(ct, media)| media_kind(ct) == MediaKind::Text && synth.is_text(&media["schema"]));
    let content_type = content[0].0;
    if textual {
        let text = "A text answer: ü ✓\nsecond line".to_string();
        return served(content_type, text.clone().into_bytes(), Expect::Text(text));
    }
    served(content_type, RAW_BYTES.to_vec(), Expect::Bytes(RAW_BYTES.to_vec()))
}

/// A value for `schema` (for tests of the synthesizer itself).
pub fn value_of(doc: &Document, schema: &Value, mode: Mode) -> Value {
    Synth { doc, mode }.value(schema, Ctx::new(Direction::Request, Slot::Body))
}

/// `template` with each `{name}` replaced by its value as one encoded segment.
pub fn expected_path(template: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&encode(&rest[..open], true));
        let close = rest[open..].find('}').map_or(rest.len(), |i| open + i);
        let name = &rest[open + 1..close];
        let value = values.get(name).unwrap_or_else(|| panic!("no value for {{{name}}} in {template}"));
        out.push_str(&encode(value, false));
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    out.push_str(&encode(rest, true));
    out
}

/// Percent-encodes all but RFC 3986 unreserved characters; in the literal
/// parts of a template, `/` and the other sub-delimiters of a path stay.
pub fn encode(text: &str, literal: bool) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        let keep =
            byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || (literal && b"/:@!$&'()*+,;=".contains(&byte));
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Answer,
}

/// Where a value goes, which decides its hostile form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// The n-th path parameter.
    Path(usize),
    Query,
    Header,
    Body,
    Answer,
}

#[derive(Clone, Copy)]
struct Ctx {
    direction: Direction,
    slot: Slot,
    depth: usize,
    /// The n-th item of a list: enums and hostile strings vary with it.
    variant: usize,
    /// Binary strings as byte arrays (multipart files) rather than text.
    binary_as_bytes: bool,
}

impl Ctx {
    fn new(direction: Direction, slot: Slot) -> Ctx {
        Ctx { direction, slot, depth: 0, variant: 0, binary_as_bytes: false }
    }

    fn deeper(self) -> Ctx {
        Ctx { depth: self.depth + 1, variant: 0, ..self }
    }
}

struct Synth<'a> {
    doc: &'a Document,
    mode: Mode,
}

impl Synth<'_> {
    fn value(&self, schema: &Value, ctx: Ctx) -> Value {
        let schema = self.doc.resolve(schema);
        if ctx.depth > DEEPEST {
            return Value::Null;
        }
        if schema.get("allOf").is_some() {
            return self.value(&self.merged(schema), ctx);
        }
        if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
            return self.alternative(schema, ctx);
        }
        if let Some(values) = schema["enum"].as_array() {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if !values.is_empty() {
                return values[ctx.variant % values.len()].clone();
            }
        }
        match schema["type"].as_str() {
            Some("string") => self.string(schema, ctx),
            Some("integer") => self.number(schema, true),
            Some("number") => self.number(schema, false),
            Some("boolean") => schema["example"].as_bool().map_or(Value::Bool(true), Value::Bool),
            Some("array") => self.array(schema, ctx),
            Some("object") => self.object(schema, ctx),
            _ if schema.get("properties").is_some() => self.object(schema, ctx),
            _ if schema.get("items").is_some() => self.array(schema, ctx),
            // Any JSON: an object shows more than a scalar would.
            _ => json!({ "key": "value" }),
        }
    }

    /// The `allOf` parts and the schema's own keywords as one schema.
    fn merged(&self, schema: &Value) -> Value {
        let mut out = Map::new();
        for part in schema["allOf"].as_array().into_iter().flatten() {
            let part = self.doc.resolve(part);
            let part = if part.get("allOf").is_some() { self.merged(part) } else { part.clone() };
            merge_into(&mut out, &part);
        }
        let mut own = schema.clone();
        if let Some(own) = own.as_object_mut() {
            own.remove("allOf");
        }
        merge_into(&mut out, &own);
        Value::Object(out)
    }

    fn alternative(&self, schema: &Value, ctx: Ctx) -> Value {
        let alternatives: Vec<&Value> =
            schema["oneOf"].as_array().or_else(|| schema["anyOf"].as_array()).into_iter().flatten().collect();
        let property = schema["discriminator"]["propertyName"].as_str();
        let realistic = Synth { doc: self.doc, mode: Mode::Realistic };
        let make = |synth: &Synth<'_>, alternative: &Value| {
            let mut value = synth.value(alternative, ctx);
            if let (Some(property), Some(name), Some(members)) =
                (property, self.discriminator_value(schema, alternative), value.as_object_mut())
            {
                members.insert(property.to_string(), Value::String(name));
            }
            value
        };
        for (i, alternative) in alternatives.iter().enumerate() {
            let probe = make(&realistic, alternative);
            let matching: Vec<usize> = alternatives
                .iter()
                .enumerate()
                .filter(|(_, other)| validate::is_valid(self.doc, other, &probe))
                .map(|(j, _)| j)
                .collect();
            if matching == [i] {
                return if self.mode == Mode::Realistic { probe } else { make(self, alternative) };
            }
        }
        alternatives.first().map_or(Value::Null, |first| make(self, first))
    }

    /// The discriminator value that names `alternative`.
    fn discriminator_value(&self, schema: &Value, alternative: &Value) -> Option<String> {
        let property = schema["discriminator"]["propertyName"].as_str()?;
        let reference = alternative.get("$ref").and_then(Value::as_str);
        if let (Some(mapping), Some(reference)) = (schema["discriminator"]["mapping"].as_object(), reference)
            && let Some((key, _)) = mapping.iter().find(|(_, target)| target.as_str() == Some(reference))
        {
            return Some(key.clone());
        }
        let resolved = self.merged(&json!({ "allOf": [alternative] }));
        if let Some(first) = resolved["properties"][property]["enum"].as_array().and_then(|v| v.first()) {
            return first.as_str().map(str::to_string);
        }
        reference.and_then(|r| r.rsplit('/').next()).map(str::to_string)
    }

    fn string(&self, schema: &Value, ctx: Ctx) -> Value {
        let format = schema["format"].as_str();
        if format == Some("binary") {
            return if ctx.binary_as_bytes {
                Value::Array(RAW_BYTES.iter().map(|b| json!(b)).collect())
            } else {
                Value::String("binary content".to_string())
            };
        }
        if self.mode == Mode::Hostile {
            let free_text = matches!(format, None | Some("password"));
            let hostile = match ctx.slot {
                Slot::Path(n) => Some(if (n + ctx.variant).is_multiple_of(2) { HOSTILE } else { ODD }),
                Slot::Query if free_text => Some(if ctx.variant.is_multiple_of(2) { HOSTILE_QUERY } else { ODD }),
                Slot::Header => Some(HOSTILE_HEADER),
                Slot::Body if free_text => Some(if ctx.variant.is_multiple_of(2) { HOSTILE_TEXT } else { ODD }),
                _ => None,
            };
            if let Some(text) = hostile {
                return Value::String(text.to_string());
            }
        }
        let min = schema["minLength"].as_u64().map_or(0, |n| n as usize);
        let max = schema["maxLength"].as_u64().map_or(usize::MAX, |n| n as usize);
        let mut candidates: Vec<String> = Vec::new();
        candidates.extend(schema["example"].as_str().map(str::to_string));
        candidates.extend(schema["default"].as_str().map(str::to_string));
        candidates.extend(format.and_then(format_value).map(str::to_string));
        if let Some(regex) = schema["pattern"].as_str() {
            candidates.extend(pattern::generate(regex, min, max.min(256)));
        }
        let mut word = "example".to_string();
        while word.chars().count() < min {
            word.push('x');
        }
        candidates.push(word.chars().take(max).collect());
        let fits = |text: &String| validate::is_valid(self.doc, schema, &Value::String(text.clone()));
        let chosen = candidates.iter().find(|text| fits(text)).or(candidates.last());
        Value::String(chosen.cloned().unwrap_or_default())
    }

    fn number(&self, schema: &Value, integer: bool) -> Value {
        let mut candidates: Vec<Value> = Vec::new();
        candidates.extend(schema.get("example").filter(|v| v.is_number()).cloned());
        candidates.extend(schema.get("default").filter(|v| v.is_number()).cloned());
        let step = if integer { 1.0 } else { 0.5 };
        let mut n: f64 = if integer { 1.0 } else { 1.5 };
        let exclusive = |name: &str| schema[name] == Value::Bool(true);
        if let Some(min) = schema["minimum"].as_f64().or_else(|| schema["exclusiveMinimum"].as_f64()) {
            let min =
                if exclusive("exclusiveMinimum") || schema["exclusiveMinimum"].is_number() { min + step } else { min };
            n = n.max(min);
        }
        if let Some(max) = schema["maximum"].as_f64().or_else(|| schema["exclusiveMaximum"].as_f64()) {
            let max =
                if exclusive("exclusiveMaximum") || schema["exclusiveMaximum"].is_number() { max - step } else { max };
            n = n.min(max);
        }
        if let Some(multiple) = schema["multipleOf"].as_f64().filter(|m| *m > 0.0) {
            n = (n / multiple).ceil() * multiple;
        }
        let computed = if integer || n.fract() == 0.0 { json!(n as i64) } else { json!(n) };
        candidates.push(computed);
        let fits = |v: &Value| validate::is_valid(self.doc, schema, v);
        candidates.iter().find(|v| fits(v)).or(candidates.last()).cloned().unwrap_or(Value::Null)
    }

    fn array(&self, schema: &Value, ctx: Ctx) -> Value {
        let is_parameter = matches!(ctx.slot, Slot::Path(_) | Slot::Query | Slot::Header);
        let min = schema["minItems"].as_u64().map_or(0, |n| n as usize);
        let max = schema["maxItems"].as_u64().map_or(usize::MAX, |n| n as usize);
        let wanted = if ctx.depth >= SHALLOW {
            0
        } else if is_parameter {
            2
        } else {
            1
        };
        let count = wanted.max(min).min(max);
        let items = schema.get("items").unwrap_or(&Value::Null);
        let mut values: Vec<Value> = Vec::new();
        for variant in 0..count {
            let value = self.value(items, Ctx { variant, ..ctx.deeper() });
            // An item equal to one before shows nothing more (and breaks
            // `uniqueItems`); it is kept only to reach `minItems`.
            let unique = schema["uniqueItems"] == Value::Bool(true);
            if !values.contains(&value) || (!unique && variant < min) {
                values.push(value);
            }
        }
        Value::Array(values)
    }

    fn object(&self, schema: &Value, ctx: Ctx) -> Value {
        let mut members = Map::new();
        let required: Vec<&str> =
            schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let properties = schema["properties"].as_object();
        for (name, property) in properties.into_iter().flatten() {
            let resolved = self.doc.resolve(property);
            let skip = match ctx.direction {
                Direction::Request => resolved["readOnly"] == Value::Bool(true),
                Direction::Answer => resolved["writeOnly"] == Value::Bool(true),
            };
            if skip || (ctx.depth >= SHALLOW && !required.contains(&name.as_str())) {
                continue;
            }
            members.insert(name.clone(), self.value(property, ctx.deeper()));
        }
        if properties.is_none_or(Map::is_empty) {
            match schema.get("additionalProperties") {
                Some(Value::Bool(false)) => {}
                Some(extra @ Value::Object(_)) => {
                    members.insert("key".to_string(), self.value(extra, ctx.deeper()));
                }
                _ => {
                    members.insert("key".to_string(), Value::String("value".to_string()));
                }
            }
        }
        Value::Object(members)
    }

    /// Whether a schema describes text (a non-binary string, or anything).
    fn is_text(&self, schema: &Value) -> bool {
        let schema = self.doc.resolve(schema);
        match schema["type"].as_str() {
            Some("string") => schema["format"] != "binary",
            None => schema.get("properties").is_none(),
            Some(_) => false,
        }
    }

    /// The body argument and the body that must arrive.
    fn body(&self, op: &Operation<'_>) -> (Option<BodyArg>, ExpectedBody) {
        let Some(body) = op.request_body() else { return (None, ExpectedBody::None) };
        let mut content: Vec<(&String, &Value)> = body["content"].as_object().into_iter().flatten().collect();
        content.sort_by(|a, b| a.0.cmp(b.0));
        let raw = |ct: &str| matches!(media_kind(ct), MediaKind::Text | MediaKind::Other);
        let Some((content_type, media)) = content.iter().find(|(ct, _)| !raw(ct)).or(content.first()).copied() else {
            return (None, ExpectedBody::None);
        };
        let content_type = content_type.clone();
        let schema = &media["schema"];
        let ctx = Ctx::new(Direction::Request, Slot::Body);
        match media_kind(&content_type) {
            MediaKind::Json => {
                let value = self.value(schema, ctx);
                (Some(BodyArg::Json(value.clone())), ExpectedBody::Json { content_type, value })
            }
            MediaKind::Form => {
                let value = self.value(schema, ctx);
                let mut pairs = Vec::new();
                for (name, member) in value.as_object().into_iter().flatten() {
                    match member {
                        Value::Array(items) => {
                            pairs.extend(items.iter().filter_map(scalar_text).map(|text| (name.clone(), text)));
                        }
                        other => pairs.extend(scalar_text(other).map(|text| (name.clone(), text))),
                    }
                }
                (Some(BodyArg::Json(value)), ExpectedBody::Form { content_type, pairs })
            }
            MediaKind::Multipart => {
                let value = self.value(schema, Ctx { binary_as_bytes: true, ..ctx });
                let merged = self.merged(&json!({ "allOf": [schema] }));
                let mut parts = Vec::new();
                for (name, member) in value.as_object().into_iter().flatten() {
                    self.parts(name, &merged["properties"][name], member, &mut parts);
                }
                (Some(BodyArg::Json(value)), ExpectedBody::Multipart(parts))
            }
            MediaKind::Text | MediaKind::Other => {
                let bytes = RAW_BYTES.to_vec();
                (Some(BodyArg::Bytes(bytes.clone().into())), ExpectedBody::Bytes { content_type, bytes })
            }
        }
    }

    /// The parts a member of a multipart body becomes (OpenAPI 3.0's defaults).
    fn parts(&self, name: &str, schema: &Value, value: &Value, out: &mut Vec<Part>) {
        let schema = self.doc.resolve(schema);
        let part = |kind, data| Part { name: name.to_string(), kind, data };
        match value {
            Value::Null => {}
            _ if schema["type"] == "string" && schema["format"] == "binary" => {
                let data = match value {
                    Value::String(text) => text.as_bytes().to_vec(),
                    Value::Array(bytes) => bytes.iter().filter_map(Value::as_u64).map(|b| b as u8).collect(),
                    other => other.to_string().into_bytes(),
                };
                out.push(part(PartKind::File, data));
            }
            Value::Array(items) => {
                for item in items {
                    self.parts(name, schema.get("items").unwrap_or(&Value::Null), item, out);
                }
            }
            Value::Object(_) => out.push(part(PartKind::Json, serde_json::to_vec(value).expect("JSON serializes"))),
            scalar => out.push(part(PartKind::Text, scalar_text(scalar).unwrap_or_default().into_bytes())),
        }
    }
}

/// Merges one `allOf` part into the merged schema: properties and `required`
/// are united; other keywords are taken where the merged schema has none.
fn merge_into(out: &mut Map<String, Value>, part: &Value) {
    let Some(part) = part.as_object() else { return };
    for (keyword, value) in part {
        match keyword.as_str() {
            "properties" => {
                let properties = out.entry("properties").or_insert_with(|| json!({}));
                if let (Some(properties), Some(more)) = (properties.as_object_mut(), value.as_object()) {
                    for (name, property) in more {
                        properties.insert(name.clone(), property.clone());
                    }
                }
            }
            "required" => {
                let required = out.entry("required").or_insert_with(|| json!([]));
                if let (Some(required), Some(more)) = (required.as_array_mut(), value.as_array()) {
                    for name in more {
                        if !required.contains(name) {
                            required.push(name.clone());
                        }
                    }
                }
            }
            _ => {
                out.entry(keyword.clone()).or_insert_with(|| value.clone());
            }
        }
    }
}

/// A realistic value of a string format.
fn format_value(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2025-01-02T03:04:05Z",
        "date" => "2025-01-02",
        "uuid" => "6f1c7a3e-2b4d-4e8f-9a0b-1c2d3e4f5a6b",
        "email" => "someone@example.com",
        "uri" | "url" => "https://example.com/callback",
        "hostname" => "db.example.com",
        "ipv4" => "192.0.2.10",
        "password" => "correct-horse-battery-staple",
        _ => return None,
    })
}
