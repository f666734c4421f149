//! Documents that are valid but built to make a naive generator slow: these
//! must generate (or fail) promptly, not hang. Each was a problem once.

use openapi_clientgen::{Options, generate, model_of};
use serde_json::json;

/// `L0: allOf [L1, L1]`, `L1: allOf [L2, L2]`, …: merging walked each shared
/// component once per path to it, 2^depth times.
#[test]
fn all_of_parts_that_share_components_are_merged_once() {
    let depth = 30;
    let mut schemas = serde_json::Map::new();
    for i in 0..depth {
        let next = format!("#/components/schemas/L{}", i + 1);
        schemas.insert(format!("L{i}"), json!({ "allOf": [{ "$ref": next }, { "$ref": next }] }));
    }
    schemas.insert(format!("L{depth}"), json!({ "type": "object", "properties": { "leaf": { "type": "string" } } }));
    let doc = json!({
        "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "paths": {},
        "components": { "schemas": schemas }
    });
    let api = model_of(doc.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let structs: Vec<_> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            openapi_clientgen::model::TypeKind::Struct(s) => Some((t.name.as_str(), s)),
            _ => None,
        })
        .collect();
    assert_eq!(structs.len(), depth + 1);
    for (name, s) in structs {
        let fields: Vec<&str> = s.fields.iter().map(|f| f.json_name.as_str()).collect();
        assert_eq!(fields, ["leaf"], "{name} has the merged property once");
    }
    assert!(generate(doc.to_string().as_bytes(), &Options { command: "test".to_string() }).is_ok());
}
