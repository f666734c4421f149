//! Overlays (OpenAPI Overlay 1.0.x) applied to small inline documents: what
//! each kind of action does, and every way an overlay is rejected, with the
//! JSON pointer into the overlay and the exact message.

use openapi_clientgen::Error;
use openapi_clientgen::overlay::{Applied, Change, apply, apply_bytes};
use serde_json::{Value, json};

fn overlay(actions: Value) -> Value {
    json!({ "overlay": "1.0.0", "info": { "title": "test", "version": "1" }, "actions": actions })
}

fn applied(mut document: Value, actions: Value) -> (Value, Applied) {
    let report = apply(&mut document, &overlay(actions)).unwrap_or_else(|e| panic!("{e}"));
    (document, report)
}

/// Applies the actions, expecting an error; checks that the document is
/// unchanged and returns the error's pointer and message.
fn rejected(document: Value, overlay: Value) -> (String, String) {
    let mut changed = document.clone();
    let error = apply(&mut changed, &overlay).expect_err("the overlay applied");
    assert_eq!(changed, document, "a failed overlay left the document changed");
    (error.pointer, error.message)
}

fn rejected_action(document: Value, actions: Value) -> (String, String) {
    rejected(document, overlay(actions))
}

fn pair(pointer: &str, message: &str) -> (String, String) {
    (pointer.to_string(), message.to_string())
}

fn petstore() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Pets", "version": "1" },
        "paths": {
            "/pets": {
                "get": { "operationId": "listPets", "tags": ["pets"], "parameters": [{ "name": "limit", "in": "query" }] },
                "post": { "operationId": "addPet" }
            },
            "/pets/{id}": { "get": { "operationId": "getPet", "parameters": [] } }
        },
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["id", "name", "tag", "name"],
                    "properties": { "id": { "type": "integer" }, "name": { "type": "string" }, "tag": { "type": "string" } }
                },
                "Owner": { "type": "object", "required": ["name"] }
            }
        }
    })
}

// What actions do.

#[test]
fn update_merges_an_object_into_the_selected_object() {
    let (document, report) = applied(
        petstore(),
        json!([{ "target": "$.paths['/pets'].post", "update": { "summary": "Add a pet", "x-internal": true } }]),
    );
    assert_eq!(
        document["paths"]["/pets"]["post"],
        json!({ "operationId": "addPet", "summary": "Add a pet", "x-internal": true })
    );
    assert_eq!(report.actions[0].change, Change::Update);
    assert_eq!(report.actions[0].nodes, ["#/paths/~1pets/post"]);
}

#[test]
fn update_merges_nested_objects_member_by_member() {
    let (document, _) = applied(
        petstore(),
        json!([{
            "target": "$.components.schemas",
            "update": { "Pet": { "properties": { "name": { "minLength": 1 }, "age": { "type": "integer" } } } }
        }]),
    );
    let pet = &document["components"]["schemas"]["Pet"];
    assert_eq!(pet["properties"]["name"], json!({ "type": "string", "minLength": 1 }), "existing members kept");
    assert_eq!(pet["properties"]["age"], json!({ "type": "integer" }), "new member added");
    assert_eq!(pet["properties"]["id"], json!({ "type": "integer" }), "members the update lacks are untouched");
    assert_eq!(pet["type"], "object");
    assert_eq!(document["components"]["schemas"]["Owner"], petstore()["components"]["schemas"]["Owner"]);
}

#[test]
fn update_appends_an_entry_to_the_selected_array() {
    let (document, report) = applied(
        petstore(),
        json!([{ "target": "$.paths['/pets'].get.parameters", "update": { "name": "offset", "in": "query" } }]),
    );
    assert_eq!(
        document["paths"]["/pets"]["get"]["parameters"],
        json!([{ "name": "limit", "in": "query" }, { "name": "offset", "in": "query" }])
    );
    assert_eq!(report.actions[0].nodes, ["#/paths/~1pets/get/parameters"]);
}

#[test]
fn an_array_update_on_the_selected_array_appends_each_entry() {
    let (document, _) = applied(petstore(), json!([{ "target": "$.paths['/pets'].get.tags", "update": ["a", "b"] }]));
    assert_eq!(document["paths"]["/pets"]["get"]["tags"], json!(["pets", "a", "b"]));
}

#[test]
fn arrays_inside_an_update_are_concatenated_with_the_document_s() {
    let (document, _) = applied(
        petstore(),
        json!([{ "target": "$.components.schemas.Owner", "update": { "required": ["id"], "x-tags": ["new"] } }]),
    );
    assert_eq!(document["components"]["schemas"]["Owner"]["required"], json!(["name", "id"]));
    assert_eq!(document["components"]["schemas"]["Owner"]["x-tags"], json!(["new"]));
}

#[test]
fn update_replaces_a_primitive_member() {
    let (document, _) = applied(
        petstore(),
        json!([{ "target": "$.info", "update": { "title": "Pet Store", "version": 2, "description": null } }]),
    );
    assert_eq!(document["info"], json!({ "title": "Pet Store", "version": 2, "description": null }));
    let (document, _) = applied(document, json!([{ "target": "$.info", "update": { "description": "now set" } }]));
    assert_eq!(document["info"]["description"], "now set", "null is a primitive and is replaced too");
}

#[test]
fn update_at_the_root_merges_into_the_whole_document() {
    let (document, report) = applied(petstore(), json!([{ "target": "$", "update": { "x-overlaid": true } }]));
    assert_eq!(document["x-overlaid"], true);
    assert_eq!(report.actions[0].nodes, ["#"]);
}

#[test]
fn remove_deletes_an_object_member() {
    let (document, report) =
        applied(petstore(), json!([{ "target": "$.components.schemas.Pet.properties.tag", "remove": true }]));
    let properties = document["components"]["schemas"]["Pet"]["properties"].as_object().unwrap();
    assert_eq!(properties.keys().collect::<Vec<_>>(), ["id", "name"]);
    assert_eq!(report.actions[0].change, Change::Remove);
    assert_eq!(report.actions[0].nodes, ["#/components/schemas/Pet/properties/tag"]);
}

#[test]
fn remove_deletes_array_entries_selected_by_a_filter() {
    // `name` is in the list twice: both go, and `tag` between them stays.
    let (document, report) =
        applied(petstore(), json!([{ "target": "$.components.schemas.Pet.required[?@ == 'name']", "remove": true }]));
    assert_eq!(document["components"]["schemas"]["Pet"]["required"], json!(["id", "tag"]));
    assert_eq!(report.actions[0].nodes, ["#/components/schemas/Pet/required/1", "#/components/schemas/Pet/required/3"]);
}

#[test]
fn remove_deletes_objects_in_an_array_selected_by_a_filter() {
    let document =
        json!({ "tags": [{ "name": "a" }, { "name": "internal" }, { "name": "b" }, { "name": "internal" }] });
    let (document, _) = applied(document, json!([{ "target": "$.tags[?@.name == 'internal']", "remove": true }]));
    assert_eq!(document, json!({ "tags": [{ "name": "a" }, { "name": "b" }] }));
}

#[test]
fn a_wildcard_target_changes_every_node_it_selects() {
    let (document, report) = applied(petstore(), json!([{ "target": "$.paths.*.get", "update": { "x-safe": true } }]));
    assert_eq!(document["paths"]["/pets"]["get"]["x-safe"], true);
    assert_eq!(document["paths"]["/pets/{id}"]["get"]["x-safe"], true);
    assert_eq!(document["paths"]["/pets"]["post"].get("x-safe"), None);
    assert_eq!(report.actions[0].nodes, ["#/paths/~1pets/get", "#/paths/~1pets~1{id}/get"]);

    let (document, report) =
        applied(petstore(), json!([{ "target": "$.components.schemas.*.required[?@ == 'name']", "remove": true }]));
    assert_eq!(document["components"]["schemas"]["Pet"]["required"], json!(["id", "tag"]));
    assert_eq!(document["components"]["schemas"]["Owner"]["required"], json!([]));
    assert_eq!(report.actions[0].nodes.len(), 3);
}

#[test]
fn a_later_action_sees_the_result_of_the_earlier_ones() {
    // Replace an array: remove it, then re-create it (the specification's way).
    let (document, report) = applied(
        petstore(),
        json!([
            { "target": "$.paths['/pets'].get.tags", "remove": true },
            { "target": "$.paths['/pets'].get", "update": { "tags": ["animals"] } },
            { "target": "$.paths['/pets'].get.tags", "update": "more" }
        ]),
    );
    assert_eq!(document["paths"]["/pets"]["get"]["tags"], json!(["animals", "more"]));
    assert_eq!(report.actions.len(), 3);

    // The same actions in another order fail: the first finds nothing yet.
    let (pointer, message) = rejected_action(
        json!({ "a": {} }),
        json!([
            { "target": "$.a.b", "update": { "c": 1 } },
            { "target": "$.a", "update": { "b": {} } }
        ]),
    );
    assert_eq!((pointer, message), pair("#/actions/0", "action 0 (target `$.a.b`) matches nothing in the document"));
    let (document, _) = applied(
        json!({ "a": {} }),
        json!([
            { "target": "$.a", "update": { "b": {} } },
            { "target": "$.a.b", "update": { "c": 1 } }
        ]),
    );
    assert_eq!(document, json!({ "a": { "b": { "c": 1 } } }));
}

#[test]
fn remove_true_wins_over_update() {
    let (document, report) =
        applied(petstore(), json!([{ "target": "$.paths['/pets'].post", "remove": true, "update": { "x": 1 } }]));
    assert_eq!(document["paths"]["/pets"].get("post"), None);
    assert_eq!(report.actions[0].change, Change::Remove);
}

#[test]
fn remove_false_with_an_update_updates() {
    let (document, _) =
        applied(json!({ "a": {} }), json!([{ "target": "$.a", "remove": false, "update": { "b": 1 } }]));
    assert_eq!(document, json!({ "a": { "b": 1 } }));
}

#[test]
fn a_node_selected_twice_is_changed_once() {
    let (document, report) = applied(json!({ "a": [] }), json!([{ "target": "$['a', 'a']", "update": 1 }]));
    assert_eq!(document, json!({ "a": [1] }));
    assert_eq!(report.actions[0].nodes, ["#/a"]);
}

#[test]
fn the_report_names_each_action_with_its_description() {
    let (_, report) = applied(
        petstore(),
        json!([
            { "target": "$.info", "description": "brand", "update": { "title": "T" } },
            { "target": "$.paths['/pets'].post", "remove": true, "x-reason": "internal" }
        ]),
    );
    let summary: Vec<(&str, Option<&str>, Change, usize)> =
        report.actions.iter().map(|a| (a.target.as_str(), a.description.as_deref(), a.change, a.nodes.len())).collect();
    assert_eq!(
        summary,
        [("$.info", Some("brand"), Change::Update, 1), ("$.paths['/pets'].post", None, Change::Remove, 1)]
    );
}

#[test]
fn extensions_and_extends_are_accepted() {
    let overlay = json!({
        "overlay": "1.0.2", "x-tool": {}, "extends": "./spec.json",
        "info": { "title": "t", "version": "1", "x-owner": "me" },
        "actions": [{ "target": "$.info", "update": { "title": "T" }, "x-note": 1 }]
    });
    let mut document = petstore();
    apply(&mut document, &overlay).unwrap();
    assert_eq!(document["info"]["title"], "T");
}

#[test]
fn apply_bytes_parses_both_and_returns_the_changed_document() {
    let document = br#"{ "info": { "title": "a" } }"#;
    let overlay = br#"{ "overlay": "1.0.0", "info": { "title": "t", "version": "1" },
                       "actions": [{ "target": "$.info", "update": { "title": "b" } }] }"#;
    let (document, report) = apply_bytes(document, overlay).unwrap();
    assert_eq!(document, json!({ "info": { "title": "b" } }));
    assert_eq!(report.actions.len(), 1);

    let error = apply_bytes(b"{", overlay).unwrap_err();
    assert_eq!(
        error,
        Error {
            pointer: "#".to_string(),
            message: "the document to apply the overlay to is not valid JSON: EOF while parsing an object at line 1 \
                      column 1"
                .to_string()
        }
    );
    let error = apply_bytes(b"{}", b"overlay: 1.0.0").unwrap_err();
    assert_eq!(error.pointer, "#");
    assert_eq!(error.message, "the overlay is not valid JSON: expected value at line 1 column 1");
}

#[test]
fn a_failing_action_leaves_the_document_as_it_was() {
    // The first two actions succeed on the copy; the third fails.
    let (pointer, message) = rejected_action(
        petstore(),
        json!([
            { "target": "$.info", "update": { "title": "changed" } },
            { "target": "$.paths['/pets']", "remove": true },
            { "target": "$.paths['/v1/x'].get", "update": { "x": 1 } }
        ]),
    );
    assert_eq!(
        (pointer, message),
        pair("#/actions/2", "action 2 (target `$.paths['/v1/x'].get`) matches nothing in the document")
    );
}

// How overlays are rejected.

#[test]
fn the_overlay_must_be_an_object() {
    assert_eq!(
        rejected(petstore(), json!(["overlay"])),
        pair("#", "an overlay must be a JSON object, but this is an array")
    );
}

#[test]
fn the_overlay_version_is_required_and_must_be_1_0_x() {
    let mut without = overlay(json!([{ "target": "$", "update": {} }]));
    without.as_object_mut().unwrap().remove("overlay");
    assert_eq!(
        rejected(petstore(), without),
        pair("#", "missing the `overlay` field (the Overlay Specification version, \"1.0.0\")")
    );
    let mut newer = overlay(json!([{ "target": "$", "update": {} }]));
    newer["overlay"] = json!("1.1.0");
    assert_eq!(
        rejected(petstore(), newer),
        pair("#/overlay", "Overlay version \"1.1.0\" is not supported; overlays of version 1.0.x are applied")
    );
    let mut number = overlay(json!([{ "target": "$", "update": {} }]));
    number["overlay"] = json!(1.0);
    assert_eq!(
        rejected(petstore(), number),
        pair("#/overlay", "`overlay` must be a version string such as \"1.0.0\", but it is a number")
    );
}

#[test]
fn info_is_required_with_a_title_and_a_version() {
    let mut without = overlay(json!([{ "target": "$", "update": {} }]));
    without.as_object_mut().unwrap().remove("info");
    assert_eq!(
        rejected(petstore(), without),
        pair("#", "missing the `info` field (an object with `title` and `version`)")
    );
    let mut no_title = overlay(json!([{ "target": "$", "update": {} }]));
    no_title["info"] = json!({ "version": "1" });
    assert_eq!(rejected(petstore(), no_title), pair("#/info", "missing the `title` field of `info`"));
    let mut version_number = overlay(json!([{ "target": "$", "update": {} }]));
    version_number["info"]["version"] = json!(1);
    assert_eq!(
        rejected(petstore(), version_number),
        pair("#/info/version", "`info.version` must be a string, but it is a number")
    );
}

#[test]
fn actions_are_required_and_not_empty() {
    let mut without = overlay(json!([]));
    without.as_object_mut().unwrap().remove("actions");
    assert_eq!(rejected(petstore(), without), pair("#", "missing the `actions` field (the list of changes to make)"));
    assert_eq!(
        rejected(petstore(), overlay(json!({ "target": "$" }))),
        pair("#/actions", "`actions` must be an array of actions, but it is an object")
    );
    assert_eq!(
        rejected(petstore(), overlay(json!([]))),
        pair("#/actions", "`actions` is empty; an overlay has at least one action")
    );
}

#[test]
fn unknown_fields_are_rejected() {
    let mut top = overlay(json!([{ "target": "$", "update": {} }]));
    top["action"] = json!([]);
    assert_eq!(
        rejected(petstore(), top),
        pair(
            "#/action",
            "an overlay has an unknown field `action`; the fields of Overlay 1.0 are `overlay`, `info`, `extends`, \
             `actions` and `x-` extensions"
        )
    );
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$.info", "updates": { "title": "x" } }])),
        pair(
            "#/actions/0/updates",
            "action 0 (target `$.info`) has an unknown field `updates`; the fields of Overlay 1.0 are `target`, \
             `description`, `update`, `remove` and `x-` extensions"
        )
    );
}

#[test]
fn an_action_must_be_an_object() {
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$", "update": {} }, "$.info"])),
        pair("#/actions/1", "action 1 must be an object with a `target`, but it is a string")
    );
}

#[test]
fn an_action_needs_a_string_target() {
    assert_eq!(
        rejected_action(petstore(), json!([{ "update": {} }])),
        pair("#/actions/0", "action 0 has no `target` (a JSONPath query)")
    );
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": ["$"], "update": {} }])),
        pair("#/actions/0/target", "the `target` of action 0 must be a JSONPath string, but it is an array")
    );
}

#[test]
fn a_target_must_be_valid_jsonpath() {
    let (pointer, message) = rejected_action(
        petstore(),
        json!([{ "target": "$", "update": {} }, { "target": "$.paths[/pets]", "update": {} }]),
    );
    assert_eq!(pointer, "#/actions/1/target");
    let parser_message = serde_json_path::JsonPath::parse("$.paths[/pets]").unwrap_err().to_string();
    assert_eq!(
        message,
        format!("the target `$.paths[/pets]` of action 1 is not a valid JSONPath query (RFC 9535): {parser_message}")
    );
    assert!(parser_message.starts_with("at position "), "{parser_message}");

    // An RFC 9535 query starts at the root identifier `$`.
    let (pointer, message) = rejected_action(petstore(), json!([{ "target": "paths.*", "update": {} }]));
    assert_eq!(pointer, "#/actions/0/target");
    assert!(message.starts_with("the target `paths.*` of action 0 is not a valid JSONPath query (RFC 9535): "));
}

#[test]
fn a_target_that_matches_nothing_fails() {
    let actions = json!([
        { "target": "$.info", "update": {} },
        { "target": "$.paths", "update": {} },
        { "target": "$.components", "update": {} },
        { "target": "$.paths['/v1/x'].get", "update": { "deprecated": true } }
    ]);
    assert_eq!(
        rejected_action(petstore(), actions),
        pair("#/actions/3", "action 3 (target `$.paths['/v1/x'].get`) matches nothing in the document")
    );
    assert_eq!(
        rejected_action(
            petstore(),
            json!([{ "target": "$.components.schemas.Pet.required[?@ == 'nope']", "remove": true }])
        ),
        pair(
            "#/actions/0",
            "action 0 (target `$.components.schemas.Pet.required[?@ == 'nope']`) matches nothing in the document"
        )
    );
}

#[test]
fn an_action_must_update_or_remove() {
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$.info", "description": "nothing" }])),
        pair("#/actions/0", "action 0 (target `$.info`) has neither `update` nor `remove: true`; it changes nothing")
    );
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$.info", "remove": false }])),
        pair("#/actions/0", "action 0 (target `$.info`) has neither `update` nor `remove: true`; it changes nothing")
    );
}

#[test]
fn remove_and_description_have_their_types() {
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$.info", "remove": "yes" }])),
        pair("#/actions/0/remove", "`remove` of action 0 (target `$.info`) must be true or false, but it is a string")
    );
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$.info", "description": 3, "remove": true }])),
        pair(
            "#/actions/0/description",
            "the `description` of action 0 (target `$.info`) must be a string, but it is a number"
        )
    );
}

#[test]
fn update_cannot_target_a_primitive() {
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$.info.title", "update": { "x": 1 } }])),
        pair(
            "#/actions/0/target",
            "action 0 (target `$.info.title`) selects #/info/title, which is a string; `update` applies to objects \
             and arrays only (to change a value, target the object that contains it)"
        )
    );
}

#[test]
fn update_of_an_object_must_be_an_object() {
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$.info", "update": "Pets" }])),
        pair(
            "#/actions/0/update",
            "action 0 (target `$.info`) selects #/info, an object, so `update` must be an object to merge into it, \
             but it is a string"
        )
    );
}

#[test]
fn update_members_must_match_the_kind_of_the_document_s() {
    assert_eq!(
        rejected_action(
            petstore(),
            json!([{ "target": "$.components", "update": { "schemas": { "Pet": { "required": "id" } } } }])
        ),
        pair(
            "#/actions/0/update/schemas/Pet/required",
            "action 0 (target `$.components`) cannot merge a string into #/components/schemas/Pet/required, which \
             is an array; only objects merge into objects, arrays into arrays and primitive values over primitive \
             values (remove it first to replace it)"
        )
    );
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$.info", "update": { "title": { "text": "x" } } }])),
        pair(
            "#/actions/0/update/title",
            "action 0 (target `$.info`) cannot merge an object into #/info/title, which is a string; only objects \
             merge into objects, arrays into arrays and primitive values over primitive values (remove it first to \
             replace it)"
        )
    );
}

#[test]
fn the_whole_document_cannot_be_removed() {
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": "$", "remove": true }])),
        pair("#/actions/0/target", "action 0 (target `$`) selects the whole document, which cannot be removed")
    );
}

#[test]
fn targets_that_would_hang_or_overflow_the_parser_are_refused() {
    let nested = format!("$[?{}@.a{}]", "@[?".repeat(40), "]".repeat(40));
    assert_eq!(
        rejected_action(petstore(), json!([{ "target": nested, "remove": true }])),
        pair(
            "#/actions/0/target",
            &format!(
                "the target `{nested}` of action 0 nests brackets and parentheses 41 deep; at most 8 are accepted"
            )
        )
    );
    let parenthesized = format!("$[?{}@.a{}]", "(".repeat(10_000), ")".repeat(10_000));
    let (pointer, message) = rejected_action(petstore(), json!([{ "target": parenthesized, "remove": true }]));
    assert_eq!(
        (pointer, message),
        pair("#/actions/0/target", "the target of action 0 is 20007 bytes long; at most 1000 are accepted")
    );
    // Realistic nesting is well inside the limit.
    let traits = "$.paths[?(@.get['tags'][?(@ == 'pets')])].get";
    let (document, _) = applied(petstore(), json!([{ "target": traits, "update": { "x-paged": true } }]));
    assert_eq!(document["paths"]["/pets"]["get"]["x-paged"], true);
}

/// The overlay is user input: mutated overlays either apply or fail with an
/// error, never panic, and a failure leaves the document unchanged.
#[test]
fn mutated_overlays_never_panic() {
    let base = serde_json::to_string(&overlay(json!([
        { "target": "$.paths.*.get.parameters[?@.name == 'limit']", "update": { "required": true } },
        { "target": "$.components.schemas.Pet.required[?@ == 'name']", "remove": true },
        { "target": "$..properties[*]", "update": { "x-seen": [1] } },
        { "target": "$.info", "update": { "title": "T", "x": { "y": [] } } }
    ])))
    .unwrap();
    let pieces: &[&str] = &[
        "[", "]", "{", "}", "(", ")", "?", "@", "$", "..", ".", "*", ",", ":", "'", "\"", "\\", "==", "!", "&&", "||",
        "0", "-1", "null", "true", "1.0.0", "x", " ", "length(", "match(", "[?", "~", "/",
    ];
    let document = petstore();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        // xorshift64: deterministic, and good enough to pick mutations.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut applied_count, mut failed_count) = (0, 0);
    for _ in 0..3000 {
        let mut text = base.clone();
        for _ in 0..1 + next() % 3 {
            let mut at = (next() as usize) % text.len();
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let piece = pieces[(next() as usize) % pieces.len()];
            let end = (at + (next() as usize) % 3).min(text.len());
            let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
            text.replace_range(at..end, piece);
        }
        let Ok(overlay) = serde_json::from_str::<Value>(&text) else { continue };
        let mut changed = document.clone();
        match apply(&mut changed, &overlay) {
            Ok(_) => applied_count += 1,
            Err(error) => {
                assert_eq!(changed, document, "{text}\n{error}");
                assert!(error.pointer.starts_with('#'), "{error}");
                failed_count += 1;
            }
        }
    }
    assert!(applied_count > 50 && failed_count > 50, "{applied_count} applied, {failed_count} failed");
}

mod pruning {
    use openapi_clientgen::overlay::{Pruned, apply, prune};
    use serde_json::json;

    #[test]
    fn actions_whose_targets_are_gone_are_left_out_and_listed() {
        let document = json!({ "components": { "schemas": { "A": { "properties": { "x": {} } } } } });
        let overlay = json!({
            "overlay": "1.0.0",
            "info": { "title": "t", "version": "1" },
            "actions": [
                { "target": "$.components.schemas.A.properties.x", "update": { "format": "password" } },
                { "target": "$.components.schemas.Gone", "description": "was renamed", "update": { "x-a": 1 } },
                // Matches only what the first action wrote: it stays.
                { "target": "$.components.schemas.A.properties.x[?@ == 'password']", "remove": true },
            ]
        });
        let (kept, pruned) = prune(&document, &overlay).expect("prunes");
        assert_eq!(
            pruned,
            [Pruned {
                index: 1,
                target: "$.components.schemas.Gone".to_string(),
                description: Some("was renamed".to_string())
            }]
        );
        let actions = kept["actions"].as_array().expect("actions");
        assert_eq!(actions.len(), 2);
        assert_eq!(actions[1]["remove"], json!(true));
        let mut applied = document.clone();
        apply(&mut applied, &kept).expect("the pruned overlay applies");
        assert_eq!(applied, json!({ "components": { "schemas": { "A": { "properties": { "x": {} } } } } }));
    }

    #[test]
    fn other_mistakes_still_fail() {
        let overlay = json!({ "overlay": "1.0.0", "info": { "title": "t", "version": "1" },
            "actions": [{ "target": "$.a", "update": "not an object" }] });
        let error = prune(&json!({ "a": {} }), &overlay).expect_err("an update of the wrong kind");
        assert_eq!(error.pointer, "#/actions/0/update");
    }
}
