//! Generator options: `x-internal` operations are left out unless kept.

use openapi_clientgen::{Options, model_of};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn method_names(options: &Options) -> Vec<String> {
    let api = model_of(&fixture("internal.json"), options).unwrap_or_else(|e| panic!("{e}"));
    api.operations.into_iter().map(|op| op.method_name).collect()
}

#[test]
fn internal_operations_are_left_out_by_default() {
    assert_eq!(method_names(&Options::new("test")), ["create_restore_point"]);
}

#[test]
fn internal_operations_are_kept_on_request() {
    assert_eq!(method_names(&Options::new("test").keep_internal(true)), ["create_restore_point", "get_restore_point"]);
}

#[test]
fn a_previous_operation_id_may_not_take_a_current_method_name() {
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": {
            "/a": { "get": { "operationId": "get-a", "responses": { "200": { "description": "OK" } } } },
            "/b": { "get": { "operationId": "get-b", "x-previous-operation-ids": ["v1-get-a"],
                             "responses": { "200": { "description": "OK" } } } }
        }
    });
    let error = model_of(doc.to_string().as_bytes(), &Options::new("test")).expect_err("a clash");
    assert_eq!(error.pointer, "#/paths/~1b/get/x-previous-operation-ids/0");
    assert_eq!(
        error.message,
        "the previous operationId \"v1-get-a\" becomes the method `get_a`, which the operation at #/paths/~1a/get already has"
    );
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": { "/a": { "get": { "operationId": "get-a", "x-previous-operation-ids": "old",
                                    "responses": { "200": { "description": "OK" } } } } }
    });
    let error = model_of(doc.to_string().as_bytes(), &Options::new("test")).expect_err("not a list");
    assert_eq!(error.pointer, "#/paths/~1a/get/x-previous-operation-ids");
}
