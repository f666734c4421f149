//! Bad input: every document in `fixtures/bad/` (JSON or YAML) is malformed
//! or uses what the generator does not support, and fails with the JSON
//! pointer of the place and a message that says what is wrong. (xtask's tests
//! check that `cargo xtask regen` then exits non-zero and writes nothing.)

use std::fs;
use std::path::Path;

use openapi_clientgen::{Options, generate};

/// (fixture, JSON pointer of the error, part of the message)
const TABLE: &[(&str, &str, &str)] = &[
    ("invalid-json", "#", "invalid JSON"),
    ("invalid-yaml", "#", "invalid YAML: while parsing a block mapping, did not find expected key at line 5 column 2"),
    (
        "duplicate-yaml-key",
        "#/paths/~1a/get",
        "the key \"get\" appears twice in this mapping (again at line 11 column 5)",
    ),
    ("not-an-object", "#", "must be a JSON object"),
    ("swagger-2", "#/swagger", "Swagger 2.0 documents are not supported"),
    ("openapi-3-2", "#/openapi", "\"3.2.0\" is not supported"),
    (
        "openapi-3-1-prefix-items",
        "#/components/schemas/A/prefixItems",
        "`prefixItems` (OpenAPI 3.1) cannot be converted to 3.0",
    ),
    (
        "dynamic-ref-extended-in-place",
        "#/components/schemas/Tree/properties/children/items/$dynamicRef",
        "`$dynamicRef` \"#node\" names #/components/schemas/Tree, but #/components/schemas/StrictTree also has \
         `$dynamicAnchor: \"node\"` and extends it in place",
    ),
    (
        "recursive-anchor-not-a-component",
        "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/and/items/$recursiveRef",
        "which is not a component schema, so no 3.0 $ref can name it",
    ),
    ("missing-info", "#", "missing field `info`"),
    ("title-not-a-string", "#/info/title", "expected a string"),
    ("description-not-a-string", "#/paths/~1a/get/responses/200/description", "expected a string"),
    ("path-without-leading-slash", "#/paths/a", "must start with '/'"),
    ("path-item-ref", "#/paths/~1a", "$ref'd path item is not supported"),
    ("dangling-ref", "#/components/schemas/A/properties/b", "no component schema \"Missing\""),
    ("cyclic-ref", "#/components/schemas/A", "cycle of references"),
    ("recursive-array-alias", "#/components/schemas/List", "no finite type"),
    ("external-ref", "#/components/schemas/A/properties/b", "only local references"),
    ("dangling-parameter-ref", "#/paths/~1a/get/parameters/0", "does not resolve"),
    ("request-body-ref-to-a-schema", "#/paths/~1a/post/requestBody", "where components/requestBodies belong"),
    ("duplicate-operation-ids", "#/paths/~1b/get/operationId", "already used by #/paths/~1a/get"),
    ("operation-ids-clash-after-case-conversion", "#/paths/~1b/get/operationId", "both become the method `get_pet`"),
    (
        "schema-names-clash-after-case-conversion",
        "#/components/schemas/pet_owner",
        "both become the Rust type `PetOwner`",
    ),
    ("path-parameter-not-in-template", "#/paths/~1a/get/parameters/0", "does not appear in the path template"),
    ("template-parameter-not-declared", "#/paths/~1a~1{id}/get", "declares no path parameter \"id\""),
    ("unbalanced-template", "#/paths/~1a~1{id/get", "unclosed '{'"),
    ("duplicate-parameter", "#/paths/~1a/get/parameters/1", "declared twice"),
    ("cookie-parameter", "#/paths/~1a/get/parameters/0", "cookie parameters are not supported"),
    (
        "deep-object-array-parameter",
        "#/paths/~1a/get/parameters/0/style",
        "style deepObject writes objects (`name[member]=value`), and query parameter \"filter\" is an array",
    ),
    (
        "nested-object-query-parameter",
        "#/paths/~1a/get/parameters/0/schema",
        "query parameter \"filter\" cannot be written as key=value pairs: its member `range` is an array or object; \
         a query parameter that states no `style` or `explode` is sent as JSON text",
    ),
    (
        "exploded-array-of-objects-parameter",
        "#/paths/~1a/get/parameters/0/schema",
        "query parameter \"filters\" cannot be written as key=value pairs: its items are arrays or objects; \
         a query parameter that states no `style` or `explode` is sent as JSON text",
    ),
    (
        "header-parameter-with-content",
        "#/paths/~1a/get/parameters/0/content",
        "path and header parameters described by `content` are not supported; use `schema`",
    ),
    (
        "query-parameter-with-xml-content",
        "#/paths/~1a/get/parameters/0/content/application~1xml",
        "a query parameter of media type \"application/xml\" is not supported; only JSON (sent as JSON text) is",
    ),
    ("not-schema", "#/components/schemas/A", "`not` schemas are not supported"),
    ("unknown-schema-type", "#/components/schemas/A/type", "unsupported schema type \"file\""),
    ("all-of-a-string", "#/components/schemas/A/allOf/1", "allOf can only merge object schemas"),
    ("all-of-one-of-a-string", "#/components/schemas/A/allOf/1/oneOf/1", "allOf can only merge object schemas"),
    (
        "form-body-not-an-object",
        "#/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/schema",
        "form body must be an object",
    ),
    (
        "form-field-nested-array",
        "#/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/rows",
        "form field \"rows\" cannot be written as key=value pairs: its items are arrays or objects; with `contentType: application/json`",
    ),
    (
        "form-field-content-type",
        "#/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/encoding/doc/contentType",
        "contentType \"application/xml\" is not supported for a form field",
    ),
    ("status-code-out-of-range", "#/paths/~1a/get/responses/999", "not an HTTP status code"),
    (
        "pagination-unknown-parameter",
        "#/paths/~1a/get/x-pagination/offset",
        "the operation has no query parameter \"start\"",
    ),
    (
        "pagination-items-not-an-array",
        "#/paths/~1a/get/x-pagination/items",
        "\"/total\" must lead to an array in the answer `OpResponse`: it leads to `i64`",
    ),
];

fn bad_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("bad")
}

#[test]
fn every_bad_document_fails_with_its_pointer_and_reason() {
    let mut failures = Vec::new();
    for (name, pointer, fragment) in TABLE {
        let input = ["json", "yaml"]
            .iter()
            .find_map(|extension| fs::read(bad_dir().join(format!("{name}.{extension}"))).ok())
            .expect("the fixture exists as .json or .yaml");
        match generate(&input, &Options::new("cargo xtask regen")) {
            Ok(_) => failures.push(format!("{name}: generated a client instead of failing")),
            Err(e) => {
                if e.pointer != *pointer || !e.message.contains(fragment) {
                    failures.push(format!("{name}: got `{e}`, expected {pointer} and a message with {fragment:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_every_bad_document() {
    let mut files: Vec<String> = fs::read_dir(bad_dir())
        .expect("fixtures/bad")
        .map(|e| e.expect("an entry").path().file_stem().expect("a name").to_string_lossy().to_string())
        .collect();
    files.sort();
    let mut listed: Vec<String> = TABLE.iter().map(|(name, _, _)| name.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "every file in fixtures/bad needs a row in TABLE, and every row a file");
    assert!(listed.len() >= 20);
}

/// The rows of the bad-input table in ARCHITECTURE.md: (document, pointer, message).
fn documented_rows() -> Vec<(String, String, String)> {
    let architecture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ARCHITECTURE.md");
    let text = fs::read_to_string(architecture).expect("ARCHITECTURE.md");
    let section = text.split("## Bad input").nth(1).expect("a Bad input section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let cell = |text: &str| text.trim().trim_matches('`').to_string();
    section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').splitn(3, " | ").collect();
            match cells.as_slice() {
                [name, pointer, message] => Some((cell(name), cell(pointer), message.trim().to_string())),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn architecture_lists_every_bad_document_with_its_pointer_and_message() {
    let rows = documented_rows();
    let mut failures = Vec::new();
    for (name, pointer, fragment) in TABLE {
        match rows.iter().find(|(row, _, _)| row == name) {
            None => failures.push(format!("{name}: no row in ARCHITECTURE.md")),
            Some((_, row_pointer, message)) => {
                if row_pointer != pointer || !message.contains(fragment) {
                    failures.push(format!(
                        "{name}: the row says {row_pointer} `{message}`, the test {pointer} {fragment:?}"
                    ));
                }
            }
        }
    }
    for (name, _, _) in &rows {
        if !TABLE.iter().any(|(listed, _, _)| listed == name) {
            failures.push(format!("{name}: a row in ARCHITECTURE.md for no bad document"));
        }
    }
    assert!(failures.is_empty(), "the bad-input table of ARCHITECTURE.md is stale:\n{}", failures.join("\n"));
}
