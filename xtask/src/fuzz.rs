//! `cargo xtask fuzz TARGET [--seconds N]`: runs one of the generator's fuzz
//! targets (`generator/fuzz/`) with `cargo fuzz` on stable (`-s none`).
//!
//! The working corpus, where libFuzzer writes what it finds, is
//! `generator/fuzz/corpus/TARGET/` (not committed; made here when missing).
//! The seeds are read where they live, never copied: the fixture specs and bad
//! documents of `generator/fixtures/` for `generate_bytes`, and for both
//! targets `seeds/TARGET/`, inputs that once found a bug.

use std::path::PathBuf;

use crate::{TaskError, workspace_root};

/// The targets and the seed folders of each, relative to `generator/fuzz/`.
pub const TARGETS: &[(&str, &[&str])] = &[
    ("generate_bytes", &["seeds/generate_bytes", "../fixtures/specs", "../fixtures/bad"]),
    ("generate_mutated", &["seeds/generate_mutated"]),
];

pub fn fuzz_dir() -> PathBuf {
    workspace_root().join("generator").join("fuzz")
}

/// The `cargo fuzz run` arguments for `target`, after making its corpus folder.
pub fn prepare(target: &str, seconds: u64) -> Result<Vec<String>, TaskError> {
    let Some((_, seeds)) = TARGETS.iter().find(|(name, _)| *name == target) else {
        let names: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
        return Err(TaskError::Out(format!("unknown fuzz target {target:?} (one of: {})", names.join(", "))));
    };
    let corpus = format!("corpus/{target}");
    std::fs::create_dir_all(fuzz_dir().join(&corpus))
        .map_err(|error| TaskError::Io { what: format!("cannot create generator/fuzz/{corpus}"), error })?;
    let mut args: Vec<String> = ["fuzz", "run", "-s", "none", target, &corpus].iter().map(|a| a.to_string()).collect();
    args.extend(seeds.iter().map(|seed| seed.to_string()));
    args.extend(["--".to_string(), format!("-max_total_time={seconds}")]);
    Ok(args)
}

pub fn run(target: &str, seconds: u64) -> Result<(), TaskError> {
    let installed = crate::cargo_command().args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !installed {
        return Err(TaskError::Out("cargo-fuzz is not installed: run `cargo install cargo-fuzz`".to_string()));
    }
    let args = prepare(target, seconds)?;
    println!("in generator/fuzz: cargo {}", args.join(" "));
    let status = crate::cargo_command()
        .args(&args)
        .current_dir(fuzz_dir())
        .status()
        .map_err(|error| TaskError::Io { what: "cannot run cargo fuzz".to_string(), error })?;
    if status.success() {
        Ok(())
    } else {
        Err(TaskError::Out(format!(
            "cargo fuzz run {target}: {status} (a finding is in generator/fuzz/artifacts/{target}/)"
        )))
    }
}
