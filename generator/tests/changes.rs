//! The change report between two versions of a fixture API
//! (`fixtures/changes/before.json` → `after.json`, one change of each kind)
//! equals the checked-in `fixtures/changes/report.md`.

use std::fs;
use std::path::{Path, PathBuf};

use openapi_clientgen::changes::{Impact, compare};
use openapi_clientgen::model::Api;
use openapi_clientgen::model_of;

const UPDATE: &str = "UPDATE_SNAPSHOTS=1 cargo test -p openapi-clientgen --test changes";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn model(path: &Path) -> Api {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    model_of(&bytes, &openapi_clientgen::Options::new("test"))
        .unwrap_or_else(|e| panic!("{} does not lower: {e}", path.display()))
}

#[test]
fn the_report_matches_its_snapshot() {
    let dir = fixtures().join("changes");
    let report = compare(&model(&dir.join("before.json")), &model(&dir.join("after.json"))).to_markdown();
    let snapshot = dir.join("report.md");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(&snapshot, &report).unwrap_or_else(|e| panic!("cannot write {}: {e}", snapshot.display()));
        return;
    }
    let expected = fs::read_to_string(&snapshot).unwrap_or_default();
    if expected != report {
        let diff = similar::TextDiff::from_lines(&expected, &report);
        panic!(
            "{} is out of date:\n{}\nIf the change is intended, run `{UPDATE}` and review the diff.",
            snapshot.display(),
            diff.unified_diff().context_radius(2).header("report.md", "compared now")
        );
    }
}

#[test]
fn the_fixture_versions_differ_in_breaking_and_additive_ways() {
    let dir = fixtures().join("changes");
    let report = compare(&model(&dir.join("before.json")), &model(&dir.join("after.json")));
    assert!(report.is_breaking());
    assert!(report.count(Impact::Additive) > 0);
    assert_eq!(report.count(Impact::Breaking) + report.count(Impact::Additive), report.changes().count());
}

#[test]
fn every_fixture_compared_with_itself_has_no_changes() {
    let mut paths = vec![fixtures().join("changes/before.json"), fixtures().join("changes/after.json")];
    for entry in fs::read_dir(fixtures().join("specs")).expect("fixtures/specs is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            paths.push(path);
        }
    }
    for path in paths {
        let api = model(&path);
        let report = compare(&api, &api);
        assert!(report.is_empty(), "{}: {report:#?}", path.display());
        assert!(!report.is_breaking());
        assert!(report.to_markdown().contains(": none**"), "{}", report.to_markdown());
    }
}
