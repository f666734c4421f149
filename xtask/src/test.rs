//! `cargo xtask test`: every check of the project, in the order CI runs them.

use crate::{TaskError, cargo_command};

/// One step: what it checks, and the cargo arguments that check it.
struct Step {
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const STEPS: &[Step] = &[
    Step { name: "formatting", args: &["fmt", "--all", "--check"], env: &[] },
    Step {
        name: "lints (clippy, warnings are errors)",
        args: &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"],
        env: &[],
    },
    Step {
        // Unit, integration (snapshots, freshness, errors, wire, contract), trybuild
        // and doc tests; examples are built too.
        name: "tests",
        args: &["test", "--workspace", "--locked"],
        env: &[],
    },
    Step { name: "benchmarks build", args: &["bench", "--workspace", "--locked", "--no-run"], env: &[] },
    Step {
        name: "docs (rustdoc warnings are errors)",
        args: &["doc", "--workspace", "--no-deps", "--locked"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
];

pub fn run_all() -> Result<(), TaskError> {
    for (i, step) in STEPS.iter().enumerate() {
        println!("\n==> [{}/{}] {}: cargo {}", i + 1, STEPS.len(), step.name, step.args.join(" "));
        let status = cargo_command()
            .args(step.args)
            .envs(step.env.iter().copied())
            .status()
            .map_err(|error| TaskError::Io { what: format!("cannot run {}", crate::cargo()), error })?;
        if !status.success() {
            return Err(TaskError::Out(format!(
                "step `{}` failed ({status}): cargo {}",
                step.name,
                step.args.join(" ")
            )));
        }
    }
    println!("\nall {} steps passed", STEPS.len());
    Ok(())
}
