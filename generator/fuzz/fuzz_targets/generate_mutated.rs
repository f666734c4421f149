//! Valid documents, mutated: one of the fixture specs with a few edits at
//! arbitrary places (values replaced, members removed or renamed, `$ref`s
//! pointed elsewhere, types changed). This reaches deep into lowering, where
//! raw bytes rarely get.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use openapi_clientgen::{Options, generate};
use serde_json::{Map, Value};

const SEEDS: &[&str] = &[
    include_str!("../../fixtures/specs/all_of_wrappers.json"),
    include_str!("../../fixtures/specs/bodies.json"),
    include_str!("../../fixtures/specs/composition.json"),
    include_str!("../../fixtures/specs/deprecations.json"),
    include_str!("../../fixtures/specs/discriminators.json"),
    include_str!("../../fixtures/specs/enums.json"),
    include_str!("../../fixtures/specs/formats.json"),
    include_str!("../../fixtures/specs/forms.json"),
    include_str!("../../fixtures/specs/internal.json"),
    include_str!("../../fixtures/specs/json_query_parameters.json"),
    include_str!("../../fixtures/specs/multipart_ref.json"),
    include_str!("../../fixtures/specs/names.json"),
    include_str!("../../fixtures/specs/objects.json"),
    include_str!("../../fixtures/specs/odd_enums.json"),
    include_str!("../../fixtures/specs/pagination.json"),
    include_str!("../../fixtures/specs/param_union_wrappers.json"),
    include_str!("../../fixtures/specs/param_unions.json"),
    include_str!("../../fixtures/specs/parameters.json"),
    include_str!("../../fixtures/specs/query_objects.json"),
    include_str!("../../fixtures/specs/recursive_refs.json"),
    include_str!("../../fixtures/specs/requests.json"),
    include_str!("../../fixtures/specs/responses.json"),
    include_str!("../../fixtures/specs/secrets.json"),
    include_str!("../../fixtures/specs/text.json"),
    include_str!("../../fixtures/specs/typed_errors.json"),
    include_str!("../../fixtures/specs/unions.json"),
];

/// Words that mean something in OpenAPI, to build plausible edits from.
const WORDS: &[&str] = &[
    "type", "object", "array", "string", "integer", "number", "boolean", "null", "properties", "items",
    "required", "nullable", "enum", "oneOf", "anyOf", "allOf", "not", "$ref", "additionalProperties",
    "format", "int32", "int64", "binary", "password", "date-time", "discriminator", "propertyName",
    "mapping", "readOnly", "writeOnly", "default", "deprecated", "description", "parameters", "in",
    "path", "query", "header", "cookie", "schema", "style", "explode", "form", "deepObject",
    "requestBody", "content", "application/json", "multipart/form-data", "application/x-www-form-urlencoded",
    "application/octet-stream", "responses", "200", "201", "204", "303", "2XX", "default", "operationId",
    "security", "bearer", "#/components/schemas/Pet", "#/components/schemas/Item", "#/components/schemas/Shape",
    "#/components/responses/FileResponse", "#/components/parameters/FileId", "#/paths", "#", "{id}", "/a/{id}",
];

#[derive(Arbitrary, Debug)]
enum Edit {
    /// Replace the value at a place with another.
    Replace { at: Vec<u16>, with: Made },
    /// Remove a member or item.
    Remove { at: Vec<u16> },
    /// Add a member to an object.
    Insert { at: Vec<u16>, key: u8, with: Made },
    /// Rename a member.
    Rename { at: Vec<u16>, key: u8 },
    /// Copy one place's value over another (makes cycles and odd sharing).
    Copy { from: Vec<u16>, to: Vec<u16> },
}

#[derive(Arbitrary, Debug)]
enum Made {
    Word(u8),
    Number(i64),
    Bool(bool),
    Null,
    Empty,
    Ref(u8),
    List(Vec<u8>),
    Object(Vec<(u8, u8)>),
}

fn word(i: u8) -> &'static str {
    WORDS[i as usize % WORDS.len()]
}

fn make(made: &Made) -> Value {
    match made {
        Made::Word(i) => Value::String(word(*i).to_string()),
        Made::Number(n) => Value::from(*n),
        Made::Bool(b) => Value::Bool(*b),
        Made::Null => Value::Null,
        Made::Empty => Value::Object(Map::new()),
        Made::Ref(i) => serde_json::json!({ "$ref": word(*i) }),
        Made::List(items) => Value::Array(items.iter().map(|i| Value::String(word(*i).to_string())).collect()),
        Made::Object(members) => Value::Object(
            members.iter().map(|(k, v)| (word(*k).to_string(), Value::String(word(*v).to_string()))).collect(),
        ),
    }
}

/// The value at a path of child indices (each index taken modulo the size).
fn at_mut<'v>(mut value: &'v mut Value, path: &[u16]) -> &'v mut Value {
    for &step in path {
        let len = match value {
            Value::Object(map) => map.len(),
            Value::Array(items) => items.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let index = step as usize % len;
        value = match value {
            Value::Object(map) => map.values_mut().nth(index).expect("index below len"),
            Value::Array(items) => &mut items[index],
            _ => unreachable!("len is 0 for scalars"),
        };
    }
    value
}

fn apply(doc: &mut Value, edit: &Edit) {
    match edit {
        Edit::Replace { at, with } => *at_mut(doc, at) = make(with),
        Edit::Remove { at } => {
            let (last, parent) = match at.split_last() {
                Some((last, parent)) => (*last as usize, parent),
                None => return,
            };
            match at_mut(doc, parent) {
                Value::Object(map) if !map.is_empty() => {
                    let key = map.keys().nth(last % map.len()).cloned().expect("index below len");
                    map.remove(&key);
                }
                Value::Array(items) if !items.is_empty() => {
                    let index = last % items.len();
                    items.remove(index);
                }
                _ => {}
            }
        }
        Edit::Insert { at, key, with } => {
            if let Value::Object(map) = at_mut(doc, at) {
                map.insert(word(*key).to_string(), make(with));
            }
        }
        Edit::Rename { at, key } => {
            if let Value::Object(map) = at_mut(doc, at)
                && let Some(old) = map.keys().next().cloned()
                && let Some(value) = map.remove(&old)
            {
                map.insert(word(*key).to_string(), value);
            }
        }
        Edit::Copy { from, to } => {
            let value = at_mut(doc, from).clone();
            *at_mut(doc, to) = value;
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Unstructured::new(data);
    let Ok(seed) = input.choose_index(SEEDS.len()) else { return };
    let Ok(mut doc) = serde_json::from_str::<Value>(SEEDS[seed]) else { return };
    let Ok(edits) = Vec::<Edit>::arbitrary_take_rest(input) else { return };
    for edit in edits.iter().take(16) {
        apply(&mut doc, edit);
    }
    let text = doc.to_string();
    // To see what a finding generated from: PRINT_DOCUMENT=1 cargo fuzz run … <artifact>
    if std::env::var_os("PRINT_DOCUMENT").is_some() {
        eprintln!("{text}");
    }
    // An error is a fine answer to a bad document; an internal error (code
    // that does not parse, a formatting thread that panicked) is a bug.
    if let Err(error) = generate(text.as_bytes(), &Options::new("fuzz")) {
        assert!(!error.message.starts_with("internal error"), "{error}");
    }
});
