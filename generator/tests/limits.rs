//! Documents that are valid but built to make a naive generator slow or loop:
//! these must generate (or fail) promptly. Each was a problem once.

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
    let api = model_of(doc.to_string().as_bytes(), &Options::new("test")).unwrap_or_else(|e| panic!("{e}"));
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
    assert!(generate(doc.to_string().as_bytes(), &Options::new("test")).is_ok());
}

/// Found by fuzzing (`generate_mutated`, a timeout): a component whose inline
/// property merges the component itself through `allOf`. Each merge lowered
/// the property again as a new type, without end (a stack overflow). An
/// inline schema is now one type however often it is met.
#[test]
fn an_inline_schema_that_merges_its_own_component_is_one_recursive_type() {
    let doc = json!({
        "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "paths": {},
        "components": { "schemas": { "Named": { "type": "object", "properties": { "child": { "allOf": [
            { "$ref": "#/components/schemas/Named" },
            { "type": "object", "properties": { "x": { "type": "string" } } }
        ] } } } } }
    });
    let api = model_of(doc.to_string().as_bytes(), &Options::new("test")).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Named", "NamedChild"]);
    let openapi_clientgen::model::TypeKind::Struct(child) = &api.types[1].kind else { panic!("a struct") };
    let recursive = child.fields.iter().find(|f| f.json_name == "child").expect("the merged property");
    assert_eq!(
        recursive.ty,
        openapi_clientgen::model::Ty::Boxed(Box::new(openapi_clientgen::model::Ty::Named("NamedChild".to_string())))
    );
}
