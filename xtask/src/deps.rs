//! The client's dependencies as its users resolve them, which our lockfile
//! does not show: the newest versions our requirements allow (what a new
//! project gets today), and the oldest (whether our lower bounds are honest).
//! Each check works on a scratch copy under `target/xtask/`, so the
//! workspace's own `Cargo.lock` is never touched; both need the crates.io
//! registry, and the oldest needs a nightly toolchain (`-Z direct-minimal-versions`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Spec, TaskError, io_error, regen, workspace_root};

/// The package users depend on, and the folders of the crates it is published with.
const CLIENT_PACKAGE: &str = "supabase-management";
const PUBLISHED: [&str; 2] = ["generated-client", "generated-client/derive"];

/// Where the scratch copies and their build outputs live.
fn scratch_root() -> PathBuf {
    workspace_root().join("target").join("xtask")
}

/// The newest compatible dependencies: a copy of the workspace without its
/// lockfile, `cargo update`, then clippy with warnings denied on the client
/// with all its features; and on the crates `regen --out` scaffolds from the
/// project's document, every fixture spec and the minimal documents (an API
/// without structs, without operations, with only required fields), resolved
/// afresh as one workspace.
pub fn newest() -> Result<(), TaskError> {
    let copy = scratch_root().join("newest");
    let target = scratch_root().join("newest-target");
    fresh_copy(&workspace_root(), &copy)?;
    remove_if_present(&copy.join("Cargo.lock"))?;
    run(cargo_in(&copy, &target).args(["update"]), "cargo update")?;
    run(
        cargo_in(&copy, &target).args(["clippy", "-p", CLIENT_PACKAGE, "--all-features", "--", "-D", "warnings"]),
        "clippy of the client, all features, newest dependencies",
    )?;

    let scaffolds = scratch_root().join("newest-scaffolds");
    if scaffolds.exists() {
        fs::remove_dir_all(&scaffolds).map_err(io_error(format!("cannot remove {}", scaffolds.display())))?;
    }
    let mut members = Vec::new();
    for (name, spec) in scaffolded_specs()? {
        let out = scaffolds.join(&name);
        regen(&spec, &out)?;
        // One workspace for them all: resolved once, built once.
        let manifest = out.join("Cargo.toml");
        write(&manifest, &without_workspace_table(&read_to_string(&manifest)?))?;
        members.push(format!("\"{name}\", \"{name}/derive\""));
    }
    write(
        &scaffolds.join("Cargo.toml"),
        &format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )?;
    run(cargo_in(&scaffolds, &target).args(["update"]), "cargo update of the scaffolded crates")?;
    run(
        cargo_in(&scaffolds, &target).args(["clippy", "--workspace", "--", "-D", "warnings"]),
        "clippy of the scaffolded crates, newest dependencies",
    )
}

/// The documents a crate is scaffolded from: the project's (with its
/// overlay), every fixture spec, and the minimal documents, each with the
/// folder (and so package) name of its crate.
fn scaffolded_specs() -> Result<Vec<(String, Spec)>, TaskError> {
    let mut specs = vec![("project".to_string(), Spec::project())];
    for name in crate::fixture_names()? {
        let spec = crate::fixtures_dir().join("specs").join(format!("{name}.json"));
        specs.push((format!("fixture-{}", name.replace('_', "-")), Spec::plain(spec)));
    }
    let minimal = crate::fixtures_dir().join("minimal");
    let mut documents: Vec<PathBuf> = fs::read_dir(&minimal)
        .map_err(io_error(format!("cannot list {}", minimal.display())))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    documents.sort();
    for path in documents {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
        specs.push((format!("minimal-{stem}"), Spec::plain(path)));
    }
    Ok(specs)
}

/// A scaffolded crate's manifest without the `[workspace]` table that makes
/// it stand alone (and the comment that says so).
fn without_workspace_table(manifest: &str) -> String {
    without_tables(manifest, &["[workspace]"])
        .replace("# A crate of its own, not part of any workspace around it.\n", "")
}

/// `manifest` without the tables (headers and their lines) named.
fn without_tables(manifest: &str, tables: &[&str]) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            skipping = tables.contains(&trimmed);
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The oldest versions our requirements allow: a workspace of the published
/// crates alone (their `[dependencies]`; dev-dependencies are not what users
/// compile), `cargo +nightly update -Z direct-minimal-versions`, then a
/// build of the client with all its features by the toolchain we declare.
pub fn minimal() -> Result<(), TaskError> {
    let copy = scratch_root().join("minimal");
    let target = scratch_root().join("minimal-target");
    if copy.exists() {
        fs::remove_dir_all(&copy).map_err(io_error(format!("cannot remove {}", copy.display())))?;
    }
    let root = workspace_root();
    for folder in PUBLISHED {
        fresh_copy(&root.join(folder), &copy.join(folder))?;
    }
    let manifest = read_to_string(&root.join("Cargo.toml"))?;
    write(&copy.join("Cargo.toml"), &published_workspace(&manifest))?;
    let client_manifest = copy.join(PUBLISHED[0]).join("Cargo.toml");
    write(&client_manifest, &without_dev_sections(&read_to_string(&client_manifest)?))?;
    run(
        crate::nightly_cargo(&copy).args(["update", "-Z", "direct-minimal-versions"]),
        "cargo +nightly update -Z direct-minimal-versions (needs `rustup toolchain install nightly`)",
    )?;
    run(
        cargo_in(&copy, &target).args(["build", "-p", CLIENT_PACKAGE, "--all-features", "--locked"]),
        "build of the client, all features, oldest allowed dependencies",
    )
}

/// The root manifest of a workspace of the published crates only: the
/// `[workspace.package]` keys they inherit, and nothing else.
fn published_workspace(manifest: &str) -> String {
    let package = section(manifest, "[workspace.package]");
    let members: Vec<String> = PUBLISHED.iter().map(|m| format!("\"{m}\"")).collect();
    format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n{package}", members.join(", "))
}

/// A manifest without its `[dev-dependencies]` and the targets that need them.
fn without_dev_sections(manifest: &str) -> String {
    without_tables(manifest, &["[dev-dependencies]", "[[bench]]", "[[test]]", "[[example]]"])
}

/// A table of a manifest, its header included, up to the next table.
fn section(manifest: &str, header: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in manifest.lines() {
        if line.trim().starts_with('[') {
            inside = line.trim() == header;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Copies the tree at `from` to `to` (replacing it), leaving out build
/// outputs, version control and installed npm packages.
fn fresh_copy(from: &Path, to: &Path) -> Result<(), TaskError> {
    if to.exists() {
        fs::remove_dir_all(to).map_err(io_error(format!("cannot remove {}", to.display())))?;
    }
    copy_tree(from, to).map_err(io_error(format!("cannot copy {} to {}", from.display(), to.display())))
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if matches!(name.to_str(), Some("target" | ".git" | "node_modules")) {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<(), TaskError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_error(format!("cannot remove {}", path.display()))(e)),
        _ => Ok(()),
    }
}

fn read_to_string(path: &Path) -> Result<String, TaskError> {
    fs::read_to_string(path).map_err(io_error(format!("cannot read {}", path.display())))
}

fn write(path: &Path, text: &str) -> Result<(), TaskError> {
    fs::write(path, text).map_err(io_error(format!("cannot write {}", path.display())))
}

/// Cargo (the one running xtask) in `dir`, building into `target`.
fn cargo_in(dir: &Path, target: &Path) -> Command {
    let mut command = crate::cargo_command();
    command.current_dir(dir).env("CARGO_TARGET_DIR", target).env("CARGO_INCREMENTAL", "0");
    command
}

fn run(command: &mut Command, what: &str) -> Result<(), TaskError> {
    let status = command.status().map_err(|error| TaskError::Io { what: format!("cannot start {what}"), error })?;
    if status.success() { Ok(()) } else { Err(TaskError::Out(format!("{what} failed ({status})"))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_workspace_keeps_what_its_crates_inherit() {
        let manifest = "[workspace]\nmembers = [\"a\", \"generated-client\"]\n\n[workspace.package]\nedition = \"2024\"\nrust-version = \"1.95\"\n\n[workspace.dependencies]\nserde = \"1\"\n";
        assert_eq!(
            published_workspace(manifest),
            "[workspace]\nresolver = \"3\"\nmembers = [\"generated-client\", \"generated-client/derive\"]\n\n[workspace.package]\nedition = \"2024\"\nrust-version = \"1.95\"\n\n"
        );
    }

    #[test]
    fn dev_sections_are_left_out() {
        let manifest = "[package]\nname = \"c\"\n\n[dependencies]\na = \"1\"\n\n[dev-dependencies]\nb = \"1\"\n\n[[bench]]\nname = \"x\"\nharness = false\n\n[package.metadata.docs.rs]\nall-features = true\n";
        assert_eq!(
            without_dev_sections(manifest),
            "[package]\nname = \"c\"\n\n[dependencies]\na = \"1\"\n\n[package.metadata.docs.rs]\nall-features = true\n"
        );
    }
}
