//! The formats `load` reads besides OpenAPI 3.0 JSON: YAML documents, and
//! OpenAPI 3.1 documents (converted to 3.0.3 before anything else sees them).

use openapi_clientgen::{GeneratedFile, Options, generate};

fn run(input: &str) -> Vec<GeneratedFile> {
    generate(input.as_bytes(), &Options::new("cargo xtask regen"))
        .unwrap_or_else(|e| panic!("the document does not generate: {e}"))
}

fn file<'f>(files: &'f [GeneratedFile], name: &str) -> &'f str {
    let path = format!("src/generated/{name}");
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

fn error_of(input: &str) -> openapi_clientgen::Error {
    match generate(input.as_bytes(), &Options::new("test")) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

/// `no` and `on` stay strings (YAML 1.2), `200:` is the status "200", and an
/// alias repeats the anchored schema.
const PETS_YAML: &str = r#"
openapi: 3.0.3
info:
  title: Pets
  version: "1.0"
paths:
  /pets/{id}:
    get:
      operationId: get-pet
      parameters:
        - name: id
          in: path
          required: true
          schema: {type: integer, format: int64}
      responses:
        200:
          description: The pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: &id {type: integer, format: int64}
        name: {type: string}
        owner_id: *id
        vaccinated:
          type: string
          enum: [yes, no, on, off]
"#;

const PETS_JSON: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1.0"},
  "paths": {
    "/pets/{id}": {
      "get": {
        "operationId": "get-pet",
        "parameters": [
          {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}
        ],
        "responses": {
          "200": {
            "description": "The pet.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Pet": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
          "id": {"type": "integer", "format": "int64"},
          "name": {"type": "string"},
          "owner_id": {"type": "integer", "format": "int64"},
          "vaccinated": {"type": "string", "enum": ["yes", "no", "on", "off"]}
        }
      }
    }
  }
}"##;

#[test]
fn a_yaml_document_generates() {
    let files = run(PETS_YAML);
    let types = file(&files, "types.rs");
    assert!(types.contains("pub struct Pet {"), "{types}");
    assert!(types.contains("pub owner_id: Option<i64>"), "{types}");
    for variant in ["Yes,", "No,", "On,", "Off,"] {
        assert!(types.contains(variant), "the enum has {variant}: {types}");
    }
    let operations = file(&files, "operations.rs");
    assert!(operations.contains("pub fn get_pet("), "{operations}");
    assert!(operations.contains("Pet"), "{operations}");
}

#[test]
fn a_yaml_document_generates_the_same_code_as_its_json() {
    assert_eq!(run(PETS_YAML), run(PETS_JSON));
}

/// The usual shapes of a 3.1 document: type lists with "null", `const`,
/// `examples`, numeric exclusive bounds, a `$ref` with a description beside
/// it, and `oneOf` with a null alternative.
const PETS_3_1: &str = r##"{
  "openapi": "3.1.0",
  "info": {"title": "Pets", "version": "1.0", "license": {"name": "MIT", "identifier": "MIT"}},
  "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
  "webhooks": {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}},
  "paths": {
    "/pets": {
      "post": {
        "operationId": "create-pet",
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}
        },
        "responses": {
          "201": {"description": "Created.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Kind": {"type": "string", "enum": ["cat", "dog"]},
      "NewPet": {
        "type": "object",
        "required": ["name", "kind", "age", "nickname"],
        "properties": {
          "name": {"type": "string", "examples": ["Rex"]},
          "kind": {"$ref": "#/components/schemas/Kind", "description": "What the pet is."},
          "age": {"type": "integer", "exclusiveMinimum": 0},
          "nickname": {"type": ["string", "null"]},
          "version": {"const": "v1"}
        }
      },
      "Pet": {
        "type": "object",
        "required": ["id", "owner"],
        "properties": {
          "id": {"type": "integer", "format": "int64"},
          "owner": {"oneOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]},
          "tag": {"type": ["string", "integer"]}
        }
      },
      "Owner": {"type": "object", "properties": {"name": {"type": "string"}}}
    }
  }
}"##;

#[test]
fn an_openapi_3_1_document_generates() {
    let files = run(PETS_3_1);
    let types = file(&files, "types.rs");
    for expected in [
        "pub struct NewPet {",
        "pub nickname: Option<String>",
        "pub kind: Kind",
        "/// What the pet is.",
        "pub owner: Option<Owner>",
        "pub enum PetTag {",
        "String(String),",
        "Integer(i64),",
        "V1,",
    ] {
        assert!(types.contains(expected), "types.rs has {expected:?}:\n{types}");
    }
    assert!(file(&files, "operations.rs").contains("pub fn create_pet("));
}

#[test]
fn an_openapi_3_1_document_in_yaml_generates() {
    let yaml = r#"
openapi: 3.1.0
info: {title: Pets, version: "1.0"}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: [string, "null"]}
"#;
    let types = file(&run(yaml), "types.rs").to_string();
    assert!(types.contains("pub name: Option<String>"), "{types}");
}

/// Conversion moves some schemas (a `$ref` into `allOf`, alternatives after a
/// removed null one); an error found in one still names the place written.
#[test]
fn errors_after_conversion_name_the_place_in_the_written_document() {
    let document = |schema: &str| {
        format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}},
                "components": {{"schemas": {{"S": {schema}}}}}}}"#
        )
    };
    let e = error_of(&document(r##"{"$ref": "#/components/schemas/Missing", "description": "d"}"##));
    assert_eq!(e.pointer, "#/components/schemas/S", "{e}");
    assert!(e.message.contains("no component schema \"Missing\""), "{e}");

    let e = error_of(&document(r#"{"oneOf": [{"type": "null"}, {"type": "string"}, {"not": {}}]}"#));
    assert_eq!(e.pointer, "#/components/schemas/S/oneOf/2", "{e}");
    assert_eq!(e.message, "`not` schemas are not supported");

    let e = error_of(&document(r#"{"anyOf": [{"type": "null"}, {"type": "file"}]}"#));
    assert_eq!(e.pointer, "#/components/schemas/S/anyOf/1/type", "{e}");

    let e = error_of(&document(r#"{"type": ["array", "string"], "items": {"type": "file"}}"#));
    assert_eq!(e.pointer, "#/components/schemas/S/items/type", "{e}");

    // Found by `openapiv3` while reading the converted document.
    let e = error_of(&document(
        r#"{"oneOf": [{"type": "null"}, {"type": "string"}, {"type": "string", "maxLength": "x"}]}"#,
    ));
    assert_eq!(e.pointer, "#/components/schemas/S/oneOf/2/maxLength", "{e}");
}
