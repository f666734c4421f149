//! `cargo xtask update-spec` and `cargo xtask spec` on a scratch copy of a
//! project: the two fixture versions of one API in `generator/fixtures/changes/`
//! stand for the vendored document and the new one.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xtask::Spec;
use xtask::update_spec::{Provenance, SOURCE_NOTE, recorded_sha256, sha256_hex, update_spec};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn changes(file: &str) -> PathBuf {
    root().join("generator/fixtures/changes").join(file)
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs")
}

/// A project in a fresh folder: `spec/upstream.json` (the first version),
/// `spec/overlay.json`, and a client crate generated from them.
fn scratch_project(name: &str) -> (Spec, PathBuf) {
    let dir = root().join("target").join("xtask-tests").join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("spec")).expect("scratch folder");
    fs::copy(changes("before.json"), dir.join("spec/upstream.json")).expect("the first version");
    fs::copy(changes("overlay.json"), dir.join("spec/overlay.json")).expect("the overlay");
    let spec = Spec { document: dir.join("spec/upstream.json"), overlay: Some(dir.join("spec/overlay.json")) };
    let out = dir.join("client");
    xtask::regen(&spec, &out).expect("the first version generates");
    (spec, out)
}

fn provenance() -> Provenance {
    Provenance {
        source: "generator/fixtures/changes/after.json".to_string(),
        published: Some("2026-06-01".to_string()),
        vendored: "Sun, 29 Nov 2026 12:00:00 GMT".to_string(),
    }
}

#[test]
fn an_update_vendors_the_document_regenerates_and_reports_the_changes() {
    let (spec, out) = scratch_project("update");
    // The lockfile of the workspace around the crate records its version and its derive crate's.
    let lockfile = out.join("../Cargo.lock");
    let lock = "[[package]]\nname = \"client\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"client-derive\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"other\"\nversion = \"0.1.0\"\n";
    fs::write(&lockfile, lock).expect("a lockfile");
    let update = update_spec(&spec, &out, &changes("after.json"), &provenance()).expect("the update succeeds");
    assert!(update.changed);
    assert_eq!(fs::read_to_string(&lockfile).expect("the lockfile"), lock.replacen("0.1.0", "0.2.0", 2));

    // The document is vendored byte for byte, with a note of where it comes from.
    let new = fs::read(changes("after.json")).expect("after.json");
    assert_eq!(fs::read(&spec.document).expect("vendored"), new);
    let note = fs::read_to_string(spec.document.with_file_name(SOURCE_NOTE)).expect("the note");
    assert_eq!(recorded_sha256(&note), Some(sha256_hex(&new).as_str()));
    assert!(
        note.contains("- Source: generator/fixtures/changes/after.json") && note.contains("- Published: 2026-06-01")
    );

    // The report names the next version first, then what happened to the overlay.
    let markdown = update.to_markdown();
    assert!(markdown.starts_with("## `client` 0.1.0 → 0.2.0\n"), "{markdown}");
    assert!(markdown.contains(" 0.1.0 → 0.2.0\n\nThe next version is 0.2.0: it has breaking changes, and before 1.0"));
    assert!(markdown.contains("### Overlay actions removed"), "{markdown}");
    assert!(
        markdown.contains("- action 1 `$.components.schemas.Category` — Category is gone from the second version.")
    );
    assert!(update.report.is_breaking());
    assert_eq!(update.outputs(), "changed=true\nbreaking=true\nversion=0.2.0\n");

    // What `--pr-body` and `--outputs` write: the report, and the outputs
    // after whatever an earlier step of the job wrote to the same file.
    let pr_body = out.join("../pr-body.md");
    let outputs = out.join("../github-output");
    fs::write(&outputs, "fetched=true\n").expect("an earlier step's output");
    update.write_for_pull_request(Some(&pr_body), Some(&outputs)).expect("the files for the pull request");
    assert_eq!(fs::read_to_string(&pr_body).expect("the body"), markdown);
    assert_eq!(
        fs::read_to_string(&outputs).expect("the outputs"),
        "fetched=true\nchanged=true\nbreaking=true\nversion=0.2.0\n"
    );
    let nowhere = out.join("../no-such-folder/pr-body.md");
    let error = update.write_for_pull_request(Some(&nowhere), None).expect_err("no folder to write in").to_string();
    assert!(error.contains("cannot write") && error.contains("no-such-folder/pr-body.md"), "{error}");

    // The renamed operation keeps its former method: an overlay action lists
    // the former operationId, and the report calls the rename additive.
    assert!(
        markdown.contains("- `get_branch` (`v1-get-branch`) → `get_a_branch` (`GET /v1/branches/{branch_id_or_ref}`)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- additive: method `get_branch` is now `get_a_branch` (operationId `v1-get-branch` → `v1-get-a-branch`) — `get_branch` stays as a deprecated alias"),
        "{markdown}"
    );
    let overlay: serde_json::Value =
        serde_json::from_slice(&fs::read(spec.overlay.as_ref().expect("overlay")).expect("overlay")).expect("JSON");
    let targets: Vec<&str> =
        overlay["actions"].as_array().expect("actions").iter().filter_map(|a| a["target"].as_str()).collect();
    assert_eq!(targets, ["$.components.schemas.Owner", "$.paths['/v1/branches/{branch_id_or_ref}'].get"]);
    assert_eq!(overlay["actions"][1]["update"]["x-previous-operation-ids"], serde_json::json!(["v1-get-branch"]));
    let operations = fs::read_to_string(out.join("src/generated/operations.rs")).expect("operations.rs");
    assert!(operations.contains("pub fn get_branch("), "the former method is generated");

    // The version moves in both manifests, and the CHANGELOG has the entry first.
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("\nversion = \"0.2.0\"\n") && !manifest.contains("\"0.1.0\""), "{manifest}");
    let derive = fs::read_to_string(out.join("derive/Cargo.toml")).expect("derive manifest");
    assert!(derive.contains("\nversion = \"0.2.0\"\n"), "{derive}");
    let changelog = fs::read_to_string(out.join("CHANGELOG.md")).expect("the changelog");
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    assert!(changelog.contains("\n## 0.2.0 — the API document of 2026-06-01\n"), "{changelog}");
    assert!(changelog.contains("\n#### Operations renamed\n"), "{changelog}");
    assert!(changelog.contains("- `get_branch` is now `get_a_branch`; `get_branch` stays, deprecated."));

    // The client is current with the new document and overlay.
    xtask::check(&spec, &out).expect("the client is current with the new document and overlay");
    assert!(update.written.contains(&out.join("src/generated/operations.rs")));

    // The same document again changes nothing.
    let again = update_spec(&spec, &out, &changes("after.json"), &provenance()).expect("a second update");
    assert!(!again.changed && again.written.is_empty(), "{again:?}");
    assert_eq!(again.outputs(), "changed=false\nbreaking=false\nversion=0.2.0\n");
    assert_eq!(fs::read_to_string(out.join("CHANGELOG.md")).expect("changelog"), changelog);
}

#[test]
fn the_command_writes_the_pull_request_body_and_the_workflow_outputs() {
    let (spec, out) = scratch_project("command");
    let (pr_body, outputs) = (out.join("../pr-body.md"), out.join("../outputs"));
    let path = |path: &Path| path.display().to_string();
    let overlay = spec.overlay.as_deref().expect("overlay");
    let run = xtask(&[
        "update-spec",
        &path(&changes("after.json")),
        "--published",
        "2026-06-01",
        "--spec",
        &path(&spec.document),
        "--overlay",
        &path(overlay),
        "--out",
        &path(&out),
        "--pr-body",
        &path(&pr_body),
        "--outputs",
        &path(&outputs),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.starts_with("## `client` 0.1.0 → 0.2.0\n"), "{stdout}");
    assert_eq!(fs::read_to_string(&pr_body).expect("the body"), stdout);
    assert_eq!(fs::read_to_string(&outputs).expect("the outputs"), "changed=true\nbreaking=true\nversion=0.2.0\n");
    let note = fs::read_to_string(spec.document.with_file_name(SOURCE_NOTE)).expect("the note");
    assert!(note.contains("- Published: 2026-06-01"), "{note}");
    xtask::check(&spec, &out).expect("the client is current with the new document");

    // A document that cannot be read fails, and nothing is written.
    let vendored = fs::read(&spec.document).expect("the vendored document");
    let run = xtask(&["update-spec", "no-such.json", "--spec", &path(&spec.document), "--overlay", &path(overlay)]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("cannot read no-such.json"), "{stderr}");
    assert_eq!(fs::read(&spec.document).expect("the vendored document"), vendored);
    let run = xtask(&["update-spec", "after.json", "--base", "x"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("unknown option \"--base\""));
}

#[test]
fn a_kept_former_name_moves_with_its_operation_when_a_path_parameter_is_renamed() {
    let (spec, out) = scratch_project("moved");
    update_spec(&spec, &out, &changes("after.json"), &provenance()).expect("the rename is kept");
    // Upstream then renames the path parameter of the renamed operation.
    let after = fs::read_to_string(changes("after.json")).expect("after.json");
    let renamed =
        after.replace("{branch_id_or_ref}", "{id}").replace("\"name\": \"branch_id_or_ref\"", "\"name\": \"id\"");
    assert_ne!(renamed, after, "the fixture has the path parameter");
    let third = out.join("../third.json");
    fs::write(&third, renamed).expect("the third version");
    let update = update_spec(&spec, &out, &third, &provenance()).expect("the third version is vendored");

    assert!(update.pruned.is_empty(), "{:?}", update.pruned);
    let overlay: serde_json::Value =
        serde_json::from_slice(&fs::read(spec.overlay.as_ref().expect("overlay")).expect("overlay")).expect("JSON");
    let targets: Vec<&str> =
        overlay["actions"].as_array().expect("actions").iter().filter_map(|a| a["target"].as_str()).collect();
    assert_eq!(targets, ["$.components.schemas.Owner", "$.paths['/v1/branches/{id}'].get"]);
    let operations = fs::read_to_string(out.join("src/generated/operations.rs")).expect("operations.rs");
    assert!(operations.contains("pub fn get_branch("), "the former method stays");
    let markdown = update.to_markdown();
    assert!(
        markdown.contains(
            "- action 1: `$.paths['/v1/branches/{branch_id_or_ref}'].get` → `$.paths['/v1/branches/{id}'].get`"
        ),
        "{markdown}"
    );
    assert!(!markdown.contains("get_branch` is removed"), "{markdown}");
    xtask::check(&spec, &out).expect("the client is current");
}

#[test]
fn a_former_operation_id_the_api_uses_again_leaves_the_overlay() {
    let (spec, out) = scratch_project("update-back");
    update_spec(&spec, &out, &changes("after.json"), &provenance()).expect("the update succeeds");
    // The API names the operation `v1-get-branch` again (on the same path): the
    // alias the first update kept goes, and `get_a_branch` is kept instead.
    let mut document: serde_json::Value =
        serde_json::from_slice(&fs::read(changes("after.json")).expect("after.json")).expect("JSON");
    document["paths"]["/v1/branches/{branch_id_or_ref}"]["get"]["operationId"] = "v1-get-branch".into();
    let renamed_back = spec.document.with_file_name("renamed-back.json");
    fs::write(&renamed_back, serde_json::to_vec(&document).expect("JSON")).expect("the third version");
    let back = update_spec(&spec, &out, &renamed_back, &provenance()).expect("the update back succeeds");
    let markdown = back.to_markdown();
    assert!(markdown.contains("### Former operationIds the API uses again"), "{markdown}");
    assert!(
        markdown.contains("- `v1-get-branch` (action 1 `$.paths['/v1/branches/{branch_id_or_ref}'].get`)"),
        "{markdown}"
    );
    let overlay: serde_json::Value =
        serde_json::from_slice(&fs::read(spec.overlay.as_ref().expect("overlay")).expect("overlay")).expect("JSON");
    let previous: Vec<&serde_json::Value> = overlay["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["update"].get("x-previous-operation-ids"))
        .collect();
    assert_eq!(previous, [&serde_json::json!(["v1-get-a-branch"])]);
    xtask::check(&spec, &out).expect("the client is current");
}

#[test]
fn an_update_that_cannot_generate_writes_nothing() {
    let (spec, out) = scratch_project("update-bad");
    let before = (fs::read(&spec.document).expect("doc"), fs::read(out.join("src/generated/types.rs")).expect("types"));
    // The new version with a `$ref` to nowhere: the overlay applies, generation fails.
    let mut document: serde_json::Value =
        serde_json::from_slice(&fs::read(changes("after.json")).expect("after.json")).expect("JSON");
    document["components"]["schemas"]["Owner"]["properties"]["pet"] =
        serde_json::json!({ "$ref": "#/components/schemas/Missing" });
    let bad = spec.document.with_file_name("new.json");
    fs::write(&bad, serde_json::to_vec(&document).expect("JSON")).expect("the bad version");
    let error = update_spec(&spec, &out, &bad, &provenance()).expect_err("a dangling $ref");
    assert!(error.to_string().contains("does not resolve"), "{error}");
    assert_eq!(before.0, fs::read(&spec.document).expect("doc"), "the vendored document is unchanged");
    assert_eq!(before.1, fs::read(out.join("src/generated/types.rs")).expect("types"), "the client is unchanged");
    assert!(!spec.document.with_file_name(SOURCE_NOTE).exists(), "no note was written");
}

#[test]
fn a_document_none_of_the_overlay_applies_to_is_refused() {
    let (spec, out) = scratch_project("update-unrelated");
    let unrelated = root().join("generator/fixtures/specs/enums.json");
    let error = update_spec(&spec, &out, &unrelated, &provenance()).expect_err("not the same API");
    assert!(error.to_string().contains("none of the overlay's 2 actions applies"), "{error}");
    assert_eq!(fs::read(&spec.document).expect("doc"), fs::read(changes("before.json")).expect("before"));
}

#[test]
fn an_overlay_that_no_longer_applies_fails_regen_with_the_action_and_target() {
    let (spec, out) = scratch_project("overlay-stale");
    fs::copy(changes("after.json"), &spec.document).expect("a newer document, vendored by hand");
    let overlay = spec.overlay.as_ref().expect("overlay").display().to_string();
    let run = xtask(&[
        "regen",
        "--spec",
        &spec.document.display().to_string(),
        "--overlay",
        &overlay,
        "--out",
        &out.display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("action 1 (target `$.components.schemas.Category`) matches nothing in the document")
            && stderr.contains("(at #/actions/1)")
            && stderr.contains(&overlay),
        "{stderr}"
    );
}

#[test]
fn spec_writes_the_effective_document() {
    let out = root().join("target").join("xtask-tests").join(format!("effective-{}.json", std::process::id()));
    let run = xtask(&["spec", "--out", &out.display().to_string()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let written: serde_json::Value = serde_json::from_slice(&fs::read(&out).expect("written")).expect("JSON");
    assert_eq!(written, Spec::project().effective().expect("the project's effective document"));
    // The overlay's own additions are in it, the upstream document is not changed.
    assert_eq!(written["servers"][0]["url"], "https://api.supabase.com");
    let upstream: serde_json::Value =
        serde_json::from_slice(&fs::read(root().join("spec/upstream.json")).expect("upstream")).expect("JSON");
    assert!(upstream.get("servers").is_none());
}
