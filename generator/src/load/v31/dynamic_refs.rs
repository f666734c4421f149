//! `$recursiveRef` (JSON Schema 2019-09) and `$dynamicRef` (2020-12) that
//! always name the same schema → plain `$ref`s to that schema's component.
//! Done on the document as written, before the rest of the conversion, so
//! that errors name the places as written.
//!
//! In JSON Schema, such a reference names the outermost schema with a
//! matching anchor among those evaluation passed through to reach it (the
//! dynamic scope), so that a schema that extends another in place
//! (`{$dynamicAnchor: node, $ref: Tree}`) changes what the other's
//! references mean. Documents mostly use them to write a recursive schema
//! (a filter whose `and` holds filters): the anchor is on the component
//! the reference sits in and nothing extends it, so the reference always
//! names that component, which a 3.0 `$ref` says. The target is
//!
//! - for `$recursiveRef: "#"`, the nearest schema around the reference with
//!   `$recursiveAnchor: true`;
//! - for `$dynamicRef: "#name"`, the nearest schema around it with
//!   `$dynamicAnchor: "name"`, else the only schema of the document with it;
//!   a `$dynamicRef` to a JSON pointer is an ordinary `$ref`.
//!
//! What fails, at the keyword: no such schema, several and none around the
//! reference, a target that is not a component schema (no `$ref` can name
//! it), and a target that another schema with the same anchor extends in
//! place, through `$ref`, `allOf`, `anyOf` or `oneOf`: there the reference
//! is really dynamic. A schema that only holds the target in a property or
//! an item does not count: with `$recursiveAnchor`, which has no name,
//! every recursive schema has the same anchor, and a query tree holding a
//! filter tree does not mean the filter's `and` to hold queries.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::is_data;
use crate::error::{Error, Result};
use crate::pointer::Pointer;

const RECURSIVE_REF: &str = "$recursiveRef";
const DYNAMIC_REF: &str = "$dynamicRef";

/// The anchor a dynamic reference looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Anchor {
    /// `$recursiveAnchor: true`.
    Recursive,
    /// `$dynamicAnchor: "name"`.
    Dynamic(String),
}

impl Anchor {
    fn describe(&self) -> String {
        match self {
            Anchor::Recursive => "`$recursiveAnchor: true`".to_string(),
            Anchor::Dynamic(name) => format!("`$dynamicAnchor: {name:?}`"),
        }
    }
}

/// The anchors and dynamic references of a document, by place.
#[derive(Default)]
struct Found {
    anchors: Vec<(Pointer, Anchor)>,
    /// The schema holding the reference, the keyword, and its value.
    references: Vec<(Pointer, &'static str, Value)>,
}

/// Replaces every `$recursiveRef` and `$dynamicRef` of `doc` by the `$ref`
/// it stands for, or fails at the first that has none.
pub(super) fn resolve(doc: &mut Value) -> Result<()> {
    let mut found = Found::default();
    collect(doc, &Pointer::root(), &mut found);
    let mut replacements = Vec::with_capacity(found.references.len());
    for (holder, keyword, value) in &found.references {
        let reference = found.reference(doc, holder, keyword, value)?;
        replacements.push((holder, *keyword, reference));
    }
    for (holder, keyword, reference) in replacements {
        if let Some(Value::Object(schema)) = doc.pointer_mut(&holder.as_str()[1..]) {
            schema.remove(keyword);
            schema.insert("$ref".to_string(), json!(reference));
        }
    }
    Ok(())
}

/// Gathers the anchors and dynamic references, leaving data (examples,
/// defaults, enums, extensions) alone.
fn collect(value: &Value, at: &Pointer, found: &mut Found) {
    match value {
        Value::Object(object) => {
            if object.get("$recursiveAnchor") == Some(&Value::Bool(true)) {
                found.anchors.push((at.clone(), Anchor::Recursive));
            }
            if let Some(Value::String(name)) = object.get("$dynamicAnchor") {
                found.anchors.push((at.clone(), Anchor::Dynamic(name.clone())));
            }
            for keyword in [RECURSIVE_REF, DYNAMIC_REF] {
                if let Some(reference) = object.get(keyword) {
                    found.references.push((at.clone(), keyword, reference.clone()));
                }
            }
            for (key, child) in object.iter().filter(|(key, _)| !is_data(key, at)) {
                collect(child, &at.push(key), found);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, &at.push(i), found);
            }
        }
        _ => {}
    }
}

impl Found {
    /// The `$ref` that the reference `keyword: value` in the schema at
    /// `holder` stands for.
    fn reference(&self, doc: &Value, holder: &Pointer, keyword: &str, value: &Value) -> Result<String> {
        let at = holder.push(keyword);
        // Every message starts with the reference, as written.
        let fail = |message: String| Err(Error::new(at.as_str(), format!("`{keyword}` {value} {message}")));
        if doc.pointer(&holder.as_str()[1..]).and_then(|schema| schema.get("$ref")).is_some() {
            return fail("beside a `$ref` has no 3.0 form; keep one of them".to_string());
        }
        let anchor = match (keyword, value.as_str()) {
            (RECURSIVE_REF, Some("#")) => Anchor::Recursive,
            (RECURSIVE_REF, _) => {
                return fail("is not \"#\", the one value of `$recursiveRef` (JSON Schema 2019-09)".to_string());
            }
            (_, Some(reference)) => match reference.strip_prefix('#') {
                // A JSON pointer names one place, whatever the path to it.
                Some(fragment) if fragment.starts_with('/') => return Ok(reference.to_string()),
                Some("") => return fail("names the whole document, not a schema".to_string()),
                Some(name) => Anchor::Dynamic(name.to_string()),
                None => {
                    return fail(
                        "points outside this document; only local references (#...) are supported".to_string(),
                    );
                }
            },
            (_, None) => return fail("is not a string".to_string()),
        };
        let candidates: Vec<&Pointer> =
            self.anchors.iter().filter(|(_, a)| *a == anchor).map(|(pointer, _)| pointer).collect();
        let enclosing = candidates.iter().filter(|c| encloses(c, holder)).max_by_key(|c| c.as_str().len());
        let target = match (enclosing, &anchor, candidates.as_slice()) {
            (Some(target), _, _) => *target,
            (None, Anchor::Recursive, _) => {
                return fail(
                    "has no schema around it with `$recursiveAnchor: true`, so it means the document, not a schema; \
                     put `$recursiveAnchor: true` on the component it refers to"
                        .to_string(),
                );
            }
            (None, Anchor::Dynamic(_), []) => return fail(format!("names no schema: none has {}", anchor.describe())),
            (None, Anchor::Dynamic(_), [only]) => only,
            (None, Anchor::Dynamic(_), several) => {
                let mut places: Vec<&str> = several.iter().map(|p| p.as_str()).collect();
                places.sort_unstable();
                return fail(format!(
                    "could name several schemas with {} ({}), none of them around it: which one depends on the \
                     path to it, which a 3.0 $ref cannot follow",
                    anchor.describe(),
                    places.join(", ")
                ));
            }
        };
        if !is_component_schema(target) {
            return fail(format!(
                "names the schema at {target} (with {}), which is not a component schema, so no 3.0 $ref can \
                 name it; move that schema to components/schemas",
                anchor.describe()
            ));
        }
        for other in candidates.iter().filter(|other| **other != target) {
            if extends_in_place(doc, other, target) {
                return fail(format!(
                    "names {target}, but {other} also has {} and extends it in place, and there the reference \
                     names {other}: a dynamic reference has no 3.0 form",
                    anchor.describe()
                ));
            }
        }
        Ok(target.as_str().to_string())
    }
}

/// Whether the schema at `outer` is `inner` or holds it.
fn encloses(outer: &Pointer, inner: &Pointer) -> bool {
    inner.as_str().strip_prefix(outer.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn is_component_schema(pointer: &Pointer) -> bool {
    matches!(Pointer::tokens_of_ref(pointer.as_str()).as_deref(), Some([components, schemas, _]) if components == "components" && schemas == "schemas")
}

/// Whether evaluating the schema at `from` (not `target`) evaluates the
/// schema at `target` against the same value: through `$ref`s (and dynamic ones) and the parts
/// of `allOf`, `anyOf` and `oneOf`, not into properties or items.
fn extends_in_place(doc: &Value, from: &Pointer, target: &Pointer) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.clone()];
    while let Some(at) = stack.pop() {
        if !seen.insert(at.clone()) {
            continue;
        }
        if at == *target {
            return true;
        }
        let Some(Value::Object(schema)) = doc.pointer(&at.as_str()[1..]) else { continue };
        for keyword in ["$ref", DYNAMIC_REF] {
            if let Some(tokens) = schema.get(keyword).and_then(Value::as_str).and_then(Pointer::tokens_of_ref) {
                stack.push(tokens.iter().fold(Pointer::root(), |pointer, token| pointer.push(token)));
            }
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = schema.get(keyword) {
                stack.extend((0..parts.len()).map(|i| at.push(keyword).push(i)));
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::downgrade;
    use crate::error::Error;

    fn document(schemas: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": schemas}})
    }

    fn converted(schemas: Value) -> Value {
        let mut doc = document(schemas);
        downgrade(&mut doc).unwrap_or_else(|e| panic!("{e}"));
        doc["components"]["schemas"].take()
    }

    fn refusal(schemas: Value) -> Error {
        let mut doc = document(schemas);
        match downgrade(&mut doc) {
            Ok(_) => panic!("expected an error, got {doc}"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_recursive_ref_in_an_anchored_component_is_a_ref_to_it() {
        let schemas = converted(json!({"Filter": {
            "$recursiveAnchor": true,
            "type": "object",
            "properties": {
                "and": {"type": "array", "items": {"$recursiveRef": "#"}},
                "not": {"$recursiveRef": "#", "description": "The filter negated."}
            }
        }}));
        assert_eq!(
            schemas["Filter"],
            json!({"type": "object", "properties": {
                "and": {"type": "array", "items": {"$ref": "#/components/schemas/Filter"}},
                "not": {"allOf": [{"$ref": "#/components/schemas/Filter"}], "description": "The filter negated."}
            }})
        );
    }

    #[test]
    fn a_dynamic_ref_names_the_anchor_around_it_or_the_only_one() {
        let schemas = converted(json!({
            "Node": {"$dynamicAnchor": "node", "properties": {"children": {"items": {"$dynamicRef": "#node"}}}},
            "Other": {"$dynamicAnchor": "node", "properties": {"next": {"$dynamicRef": "#node"}}},
            "Group": {"properties": {"rule": {"$dynamicRef": "#rule"}, "first": {"$dynamicRef": "#/components/schemas/Node"}}},
            "Rule": {"$dynamicAnchor": "rule", "type": "string"}
        }));
        assert_eq!(schemas["Node"]["properties"]["children"]["items"], json!({"$ref": "#/components/schemas/Node"}));
        assert_eq!(schemas["Other"]["properties"]["next"], json!({"$ref": "#/components/schemas/Other"}));
        assert_eq!(schemas["Group"]["properties"]["rule"], json!({"$ref": "#/components/schemas/Rule"}));
        assert_eq!(schemas["Group"]["properties"]["first"], json!({"$ref": "#/components/schemas/Node"}));
        assert_eq!(schemas["Rule"], json!({"type": "string"}));
    }

    #[test]
    fn a_schema_that_holds_another_in_a_property_does_not_make_its_references_dynamic() {
        // Both anchors are `$recursiveAnchor: true`; Query holds a Filter, and
        // a Filter's `and` still holds filters.
        let schemas = converted(json!({
            "Query": {"$recursiveAnchor": true, "properties": {
                "filter": {"$ref": "#/components/schemas/Filter"},
                "union": {"items": {"$recursiveRef": "#"}}
            }},
            "Filter": {"$recursiveAnchor": true, "properties": {"and": {"items": {"$recursiveRef": "#"}}}}
        }));
        assert_eq!(schemas["Query"]["properties"]["union"]["items"], json!({"$ref": "#/components/schemas/Query"}));
        assert_eq!(schemas["Filter"]["properties"]["and"]["items"], json!({"$ref": "#/components/schemas/Filter"}));
    }

    #[test]
    fn data_that_looks_like_a_dynamic_reference_is_left_alone() {
        let example = json!({"$recursiveRef": "#", "$dynamicRef": "#x"});
        // A property named `default` is a schema, not data.
        let schemas = converted(
            json!({"A": {"$recursiveAnchor": true, "type": "object", "example": example.clone(), "properties": {
                "default": {"$recursiveRef": "#"}
            }}}),
        );
        assert_eq!(schemas["A"]["example"], example);
        assert_eq!(schemas["A"]["properties"]["default"], json!({"$ref": "#/components/schemas/A"}));
    }

    #[test]
    fn references_that_are_really_dynamic_or_name_nothing_are_refused_at_the_keyword() {
        let cases = [
            (
                json!({"A": {"properties": {"a": {"$recursiveRef": "#"}}}}),
                "#/components/schemas/A/properties/a/$recursiveRef",
                "`$recursiveRef` \"#\" has no schema around it with `$recursiveAnchor: true`",
            ),
            (
                json!({"A": {"$recursiveAnchor": true, "properties": {"a": {"$recursiveRef": "#/components/schemas/A"}}}}),
                "#/components/schemas/A/properties/a/$recursiveRef",
                "`$recursiveRef` \"#/components/schemas/A\" is not \"#\"",
            ),
            (
                json!({"A": {"properties": {"a": {"$dynamicRef": "#node"}}}}),
                "#/components/schemas/A/properties/a/$dynamicRef",
                "`$dynamicRef` \"#node\" names no schema: none has `$dynamicAnchor: \"node\"`",
            ),
            (
                json!({
                    "A": {"properties": {"a": {"$dynamicRef": "#node"}}},
                    "B": {"$dynamicAnchor": "node"},
                    "C": {"$dynamicAnchor": "node"}
                }),
                "#/components/schemas/A/properties/a/$dynamicRef",
                "could name several schemas with `$dynamicAnchor: \"node\"` (#/components/schemas/B, #/components/schemas/C), none of them around it",
            ),
            (
                json!({"A": {"properties": {"tree": {"$recursiveAnchor": true, "properties": {"kids": {"items": {"$recursiveRef": "#"}}}}}}}),
                "#/components/schemas/A/properties/tree/properties/kids/items/$recursiveRef",
                "names the schema at #/components/schemas/A/properties/tree (with `$recursiveAnchor: true`), which is not a component schema",
            ),
            (
                json!({
                    "Tree": {"$dynamicAnchor": "node", "properties": {"children": {"items": {"$dynamicRef": "#node"}}}},
                    "StrictTree": {"$dynamicAnchor": "node", "allOf": [{"$ref": "#/components/schemas/Tree"}], "required": ["children"]}
                }),
                "#/components/schemas/Tree/properties/children/items/$dynamicRef",
                "names #/components/schemas/Tree, but #/components/schemas/StrictTree also has `$dynamicAnchor: \"node\"` and extends it in place",
            ),
            (
                json!({"A": {"$dynamicAnchor": "a", "properties": {"a": {"$dynamicRef": "#a", "$ref": "#/components/schemas/A"}}}}),
                "#/components/schemas/A/properties/a/$dynamicRef",
                "`$dynamicRef` \"#a\" beside a `$ref` has no 3.0 form",
            ),
            (
                json!({"A": {"properties": {"a": {"$dynamicRef": "other.json#node"}}}}),
                "#/components/schemas/A/properties/a/$dynamicRef",
                "points outside this document",
            ),
        ];
        for (schemas, pointer, message) in cases {
            let e = refusal(schemas.clone());
            assert_eq!(e.pointer, pointer, "{schemas}: {e}");
            assert!(e.message.contains(message), "{schemas}: {e}");
        }
    }
}
