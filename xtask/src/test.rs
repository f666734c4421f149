//! `cargo xtask test`: every check of the project, in the order CI runs them.

use std::process::Command;

use crate::{TaskError, cargo_command, deps};

/// One step: what it checks, and how.
struct Step {
    name: &'static str,
    run: Run,
}

enum Run {
    /// Cargo in the workspace with these arguments and environment.
    Cargo { args: &'static [&'static str], env: &'static [(&'static str, &'static str)] },
    /// Cargo of the nightly toolchain (`rustup run nightly cargo …`).
    Nightly { args: &'static [&'static str], env: &'static [(&'static str, &'static str)] },
    /// A task of its own (scratch copies: see `deps`).
    Task(fn() -> Result<(), TaskError>),
}

const fn cargo(name: &'static str, args: &'static [&'static str]) -> Step {
    Step { name, run: Run::Cargo { args, env: &[] } }
}

/// The client with one TLS feature and no other, for `--features`.
const TLS_ALONE: [&str; 2] = ["rustls-ring", "native-tls"];

const STEPS: &[Step] = &[
    cargo("formatting", &["fmt", "--all", "--check"]),
    cargo(
        "lints (clippy, warnings are errors)",
        &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"],
    ),
    cargo(
        "lints of the client with all its features",
        &["clippy", "-p", "supabase-management", "--all-targets", "--all-features", "--locked", "--", "-D", "warnings"],
    ),
    cargo(
        "lints of the client without TLS",
        &[
            "clippy",
            "-p",
            "supabase-management",
            "--all-targets",
            "--no-default-features",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    ),
    cargo(
        "lints of the client with rustls-ring alone",
        &[
            "clippy",
            "-p",
            "supabase-management",
            "--all-targets",
            "--no-default-features",
            "--features",
            TLS_ALONE[0],
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    ),
    cargo(
        "lints of the client with native-tls alone",
        &[
            "clippy",
            "-p",
            "supabase-management",
            "--all-targets",
            "--no-default-features",
            "--features",
            TLS_ALONE[1],
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    ),
    // Unit, integration (snapshots, freshness, errors, wire, HTTPS with the
    // default TLS, mock, tracing, contract, replay, workflows), trybuild and
    // doc tests; examples are built too. The client's and the fixture
    // crate's tests have the `mock` and `tracing` features (their
    // dev-dependencies on themselves).
    cargo("tests", &["test", "--workspace", "--locked"]),
    cargo(
        "the client without TLS refuses https",
        &["test", "-p", "supabase-management", "--no-default-features", "--test", "tls", "--locked"],
    ),
    cargo(
        "HTTPS with rustls-ring alone",
        &[
            "test",
            "-p",
            "supabase-management",
            "--no-default-features",
            "--features",
            TLS_ALONE[0],
            "--test",
            "tls",
            "--locked",
        ],
    ),
    cargo(
        "HTTPS with native-tls alone",
        &[
            "test",
            "-p",
            "supabase-management",
            "--no-default-features",
            "--features",
            TLS_ALONE[1],
            "--test",
            "tls",
            "--locked",
        ],
    ),
    Step {
        name: "docs (rustdoc warnings are errors)",
        run: Run::Cargo {
            args: &["doc", "--workspace", "--no-deps", "--locked"],
            env: &[("RUSTDOCFLAGS", "-D warnings")],
        },
    },
    Step {
        name: "docs as docs.rs builds them (nightly, all features, --cfg docsrs)",
        run: Run::Nightly {
            args: &["doc", "-p", "supabase-management", "--all-features", "--no-deps", "--locked"],
            env: &[("RUSTDOCFLAGS", "--cfg docsrs -D warnings")],
        },
    },
    cargo(
        "the crates package and build as published (crates.io registry)",
        &["publish", "--workspace", "--dry-run", "--locked"],
    ),
    Step { name: "newest compatible dependencies (crates.io registry)", run: Run::Task(deps::newest) },
    Step { name: "oldest allowed dependencies (crates.io registry, nightly)", run: Run::Task(deps::minimal) },
];

/// Every step builds once, from scratch on CI: incremental compilation
/// would only fill the disk (gigabytes for the feature sets below).
const INCREMENTAL_OFF: (&str, &str) = ("CARGO_INCREMENTAL", "0");

pub fn run_all() -> Result<(), TaskError> {
    for (i, step) in STEPS.iter().enumerate() {
        let started = std::time::Instant::now();
        match &step.run {
            Run::Cargo { args, env } => {
                println!("\n==> [{}/{}] {}: cargo {}", i + 1, STEPS.len(), step.name, args.join(" "));
                let mut command = cargo_command();
                command.args(*args).envs(env.iter().copied()).env(INCREMENTAL_OFF.0, INCREMENTAL_OFF.1);
                status(&mut command, step.name, &format!("cargo {}", args.join(" ")))?;
            }
            Run::Nightly { args, env } => {
                println!("\n==> [{}/{}] {}: cargo +nightly {}", i + 1, STEPS.len(), step.name, args.join(" "));
                let mut command = crate::nightly_cargo(&crate::workspace_root());
                command.args(*args).envs(env.iter().copied()).env(INCREMENTAL_OFF.0, INCREMENTAL_OFF.1);
                status(
                    &mut command,
                    step.name,
                    &format!("rustup run nightly cargo {} (needs `rustup toolchain install nightly`)", args.join(" ")),
                )?;
            }
            Run::Task(task) => {
                println!("\n==> [{}/{}] {}", i + 1, STEPS.len(), step.name);
                task().map_err(|error| TaskError::Out(format!("step `{}` failed: {error}", step.name)))?;
            }
        }
        println!("    ({:.0} s)", started.elapsed().as_secs_f64());
    }
    println!("\nall {} steps passed", STEPS.len());
    Ok(())
}

fn status(command: &mut Command, step: &str, shown: &str) -> Result<(), TaskError> {
    let status = command.status().map_err(|error| TaskError::Io { what: format!("cannot run {shown}"), error })?;
    if status.success() { Ok(()) } else { Err(TaskError::Out(format!("step `{step}` failed ({status}): {shown}"))) }
}
