//! A small change to a document makes a small change to the generated code:
//! the unified diff (3 lines of context) of two generations that differ by one
//! change has as few hunks as the change needs, so that a reviewer of
//! `cargo xtask regen` reads one place per change.

use openapi_clientgen::{GeneratedFile, Options, generate};
use serde_json::{Value, json};

/// A pets API: a struct sent and read (with a constructor), one read only, an
/// enum, and two operations.
fn document() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Pets", "version": "1.0.0" },
        "servers": [{ "url": "https://pets.example.com" }],
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "list-pets",
                    "parameters": [{ "name": "limit", "in": "query", "schema": { "type": "integer" } }],
                    "responses": { "200": { "description": "OK", "content": { "application/json": {
                        "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Pet" } } } } } }
                },
                "post": {
                    "operationId": "create-pet",
                    "requestBody": { "required": true, "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/NewPet" } } } },
                    "responses": { "201": { "description": "Created", "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Pet" } } } } }
                }
            }
        },
        "components": {
            "schemas": {
                "NewPet": {
                    "type": "object",
                    "required": ["name", "kind"],
                    "properties": {
                        "name": { "type": "string", "description": "What the pet answers to." },
                        "kind": { "$ref": "#/components/schemas/Kind" },
                        "age": { "type": "integer" },
                        "tags": { "type": "array", "items": { "type": "string" } },
                        "vaccinated": { "type": "boolean" }
                    }
                },
                "Pet": {
                    "type": "object",
                    "required": ["id", "name", "kind"],
                    "properties": {
                        "id": { "type": "integer" },
                        "name": { "type": "string" },
                        "kind": { "$ref": "#/components/schemas/Kind" },
                        "owner": { "type": "string" },
                        "status": { "type": "string", "enum": ["available", "pending", "sold"] }
                    }
                },
                "Kind": { "type": "string", "enum": ["cat", "dog", "fish", "bird", "hamster"] }
            }
        }
    })
}

fn files(document: &Value) -> Vec<GeneratedFile> {
    generate(document.to_string().as_bytes(), &Options::new("cargo xtask regen"))
        .unwrap_or_else(|e| panic!("the document generates: {e}"))
}

/// The hunks of the diff between two generations, each as its diff text.
fn hunks(before: &Value, after: &Value) -> Vec<String> {
    let (before, after) = (files(before), files(after));
    assert_eq!(
        before.iter().map(|f| &f.path).collect::<Vec<_>>(),
        after.iter().map(|f| &f.path).collect::<Vec<_>>(),
        "the same files"
    );
    let mut hunks = Vec::new();
    for (old, new) in before.iter().zip(&after) {
        let diff = similar::TextDiff::from_lines(&old.contents, &new.contents);
        for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
            hunks.push(format!("{}:\n{hunk}", old.path));
        }
    }
    hunks
}

fn schema<'a>(document: &'a mut Value, name: &str) -> &'a mut Value {
    &mut document["components"]["schemas"][name]
}

#[test]
fn an_added_optional_field_is_one_hunk() {
    let before = document();
    let mut after = before.clone();
    schema(&mut after, "NewPet")["properties"]["microchip"] = json!({ "type": "string" });
    let hunks = hunks(&before, &after);
    assert_eq!(hunks.len(), 1, "{}", hunks.join("\n"));
    let mut read_only = before.clone();
    schema(&mut read_only, "Pet")["properties"]["adopted_at"] = json!({ "type": "string", "format": "date-time" });
    let hunks = self::hunks(&before, &read_only);
    assert_eq!(hunks.len(), 1, "{}", hunks.join("\n"));
}

#[test]
fn an_added_required_field_is_the_struct_and_its_constructor() {
    let before = document();
    let mut after = before.clone();
    let pet = schema(&mut after, "NewPet");
    pet["properties"]["weight"] = json!({ "type": "number" });
    pet["required"] = json!(["name", "kind", "weight"]);
    let hunks = hunks(&before, &after);
    assert!(hunks.len() <= 2, "{}", hunks.join("\n"));
    assert!(hunks.iter().any(|h| h.contains("+    pub weight: f64,")), "{}", hunks.join("\n"));
    let constructor =
        hunks.iter().flat_map(|h| h.lines()).any(|l| l.starts_with("+    pub fn new(") && l.contains("weight: f64"));
    assert!(constructor, "the constructor takes it: {}", hunks.join("\n"));
}

#[test]
fn an_added_operation_only_adds_blocks() {
    let before = document();
    let mut after = before.clone();
    after["paths"]["/pets/{id}"] = json!({ "delete": {
        "operationId": "delete-pet",
        "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
        "responses": { "204": { "description": "Deleted" } }
    } });
    let hunks = hunks(&before, &after);
    assert!(!hunks.is_empty());
    for hunk in &hunks {
        let removed = hunk.lines().skip(2).filter(|line| line.starts_with('-')).count();
        assert_eq!(removed, 0, "nothing else is touched:\n{hunk}");
    }
    assert!(hunks.iter().any(|h| h.contains("+pub struct DeletePet;")), "{}", hunks.join("\n"));
}

#[test]
fn a_removed_enum_value_is_one_hunk() {
    let before = document();
    let mut after = before.clone();
    schema(&mut after, "Kind")["enum"] = json!(["cat", "dog", "bird", "hamster"]);
    let hunks = hunks(&before, &after);
    assert_eq!(hunks.len(), 1, "{}", hunks.join("\n"));
    assert!(hunks[0].contains("-    Fish,"), "{}", hunks[0]);
}
