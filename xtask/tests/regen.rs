//! `cargo xtask regen` and `check` as a maintainer runs them: the binary, its
//! exit status, and what it leaves on disk.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// A fresh temporary folder under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target").join("xtask-tests").join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).expect("readable file"));
            }
        }
    }
    files
}

fn fixture_spec(name: &str) -> String {
    root().join("generator/fixtures/specs").join(format!("{name}.json")).display().to_string()
}

#[test]
fn regen_writes_a_crate_into_a_new_folder_and_check_accepts_it() {
    let out = scratch("new-crate").join("pets client");
    let spec = fixture_spec("objects");
    let run = xtask(&["regen", "--spec", &spec, "--out", &out.display().to_string()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "src/runtime/mod.rs",
        "src/generated/mod.rs",
        "src/generated/types.rs",
        "derive/Cargo.toml",
        "derive/src/lib.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} was not written");
    }
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"pets-client\""), "{manifest}");
    assert!(manifest.contains("[workspace]"), "the new crate stands alone: {manifest}");
    // The runtime's features and dependencies, but its own copy of the derive crate.
    let without_derive = |manifest: &str| -> Vec<String> {
        xtask::runtime_sections(manifest)
            .lines()
            .filter(|l| !l.starts_with("clientgen-derive"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        without_derive(&manifest),
        without_derive(&fs::read_to_string(root().join("generated-client/Cargo.toml")).expect("manifest")),
        "the new crate has the runtime's features and dependencies"
    );
    assert!(
        manifest.contains("\nclientgen-derive = { package = \"pets-client-derive\", path = \"derive\" }\n"),
        "{manifest}"
    );
    let derive = fs::read_to_string(out.join("derive/Cargo.toml")).expect("the derive crate's manifest");
    assert!(derive.contains("name = \"pets-client-derive\"") && derive.contains("proc-macro = true"), "{derive}");
    let check = xtask(&["check", "--spec", &spec, "--out", &out.display().to_string()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));

    // A second run changes nothing.
    let before = snapshot(&out);
    let again = xtask(&["regen", "--spec", &spec, "--out", &out.display().to_string()]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 written, 3 unchanged"));
    assert_eq!(before, snapshot(&out));
}

#[test]
fn check_fails_with_a_diff_and_the_command_when_the_code_is_stale() {
    let out = scratch("stale");
    let spec = fixture_spec("enums");
    assert!(xtask(&["regen", "--spec", &spec, "--out", &out.display().to_string()]).status.success());
    let types = out.join("src/generated/types.rs");
    let edited = fs::read_to_string(&types).expect("types").replace("    ActiveHealthy,", "    Edited,");
    fs::write(&types, edited).expect("edit");
    let check = xtask(&["check", "--spec", &spec, "--out", &out.display().to_string()]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success());
    assert!(stderr.contains("-    Edited,") && stderr.contains("+    ActiveHealthy,"), "{stderr}");
    assert!(stderr.contains(&format!("Run `cargo xtask regen --spec {spec} --out {}`", out.display())), "{stderr}");
}

#[test]
fn a_bad_document_exits_non_zero_and_changes_nothing() {
    let out = scratch("bad");
    let good = fixture_spec("bodies");
    assert!(xtask(&["regen", "--spec", &good, "--out", &out.display().to_string()]).status.success());
    let before = snapshot(&out);
    let bad_dir = root().join("generator/fixtures/bad");
    let mut cases = 0;
    for entry in fs::read_dir(&bad_dir).expect("fixtures/bad") {
        let spec = entry.expect("entry").path();
        let run = xtask(&["regen", "--spec", &spec.display().to_string(), "--out", &out.display().to_string()]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{}: {stderr}", spec.display());
        assert!(
            stderr.contains("cannot generate a client") && stderr.contains("(at #"),
            "{}: {stderr}",
            spec.display()
        );
        assert_eq!(before, snapshot(&out), "{} changed the crate", spec.display());
        // Nor does it create anything in a new folder.
        let fresh = out.with_file_name("never-written");
        let run = xtask(&["regen", "--spec", &spec.display().to_string(), "--out", &fresh.display().to_string()]);
        assert_eq!(run.status.code(), Some(1));
        assert!(!fresh.exists(), "{} created {}", spec.display(), fresh.display());
        cases += 1;
    }
    assert!(cases >= 20, "only {cases} bad documents");
}

#[test]
fn regen_refuses_a_folder_that_is_not_a_client_crate() {
    let out = scratch("not-a-crate");
    fs::write(out.join("notes.txt"), "mine").expect("a file");
    let run = xtask(&["regen", "--spec", &fixture_spec("objects"), "--out", &out.display().to_string()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("neither empty nor a client crate"));
    assert_eq!(fs::read_to_string(out.join("notes.txt")).expect("kept"), "mine");
    assert_eq!(snapshot(&out).len(), 1, "nothing else was written");
}

#[test]
fn the_fixture_crate_has_the_runtime_dependencies() {
    let read = |path: &str| fs::read_to_string(root().join(path)).expect("manifest");
    // The derives are the same crate, reached from each manifest's own folder.
    // (Unpublished, it needs no version of them.)
    let fixtures = read("generator/fixtures/Cargo.toml");
    let client = read("generated-client/Cargo.toml");
    let lines = |manifest: &str| -> Vec<String> {
        xtask::runtime_sections(manifest)
            .lines()
            .filter(|l| !l.starts_with("clientgen-derive") && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        lines(&fixtures),
        lines(&client),
        "generator/fixtures/Cargo.toml must list the same [features] and [dependencies] as generated-client/Cargo.toml"
    );
    assert!(fixtures.contains(
        "\nclientgen-derive = { package = \"supabase-management-derive\", path = \"../../generated-client/derive\" }\n"
    ));
    assert!(client.contains("\nclientgen-derive = { package = \"supabase-management-derive\", version = \"="));
}

#[test]
fn usage_errors_exit_non_zero() {
    let run = xtask(&["frobnicate"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("unknown task"));
    let run = xtask(&["regen", "--spec"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--spec needs a value"));
}

/// Crates written for small APIs use little of the runtime — the minimal
/// documents: no structs, no operations, only required fields; and the
/// `text` fixture: no string enums, forms, multipart bodies or paging. The
/// parts they do not use are marked where they are defined, so clippy finds
/// nothing. (`cargo xtask deps newest` does the same for every fixture with
/// the newest dependencies.)
#[test]
fn new_crates_for_small_apis_pass_clippy_with_warnings_denied() {
    let workspace = scratch("small-apis");
    let minimal = root().join("generator/fixtures/minimal");
    let mut specs: Vec<PathBuf> = fs::read_dir(&minimal)
        .expect("the minimal documents")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    specs.sort();
    assert_eq!(specs.len(), 3, "{specs:?}");
    specs.push(PathBuf::from(fixture_spec("text")));
    let mut members = Vec::new();
    for spec in &specs {
        let name = spec.file_stem().expect("a name").to_string_lossy().replace('_', "-");
        let out = workspace.join(&name);
        let run = xtask(&["regen", "--spec", &spec.display().to_string(), "--out", &out.display().to_string()]);
        assert!(run.status.success(), "{}: {}", spec.display(), String::from_utf8_lossy(&run.stderr));
        // Members of one workspace, so that the dependencies are built once.
        let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        let manifest = manifest.split("\n# A crate of its own").next().expect("the package part").to_string();
        fs::write(out.join("Cargo.toml"), manifest).expect("manifest");
        members.push(format!("\"{name}\", \"{name}/derive\""));
    }
    fs::write(
        workspace.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("the workspace manifest");
    // The workspace's versions of the dependencies, built once into a target
    // folder of their own and reused from run to run.
    fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("the workspace lock file");
    let clippy = xtask::cargo_command()
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", root().join("target").join("small-api-clippy"))
        .args(["clippy", "--quiet", "--workspace", "--", "-D", "warnings"])
        .output()
        .expect("cargo clippy runs");
    assert!(clippy.status.success(), "{}", String::from_utf8_lossy(&clippy.stderr));
}
