//! `cargo xtask test`: every check of the project, in the order CI runs them.

use std::process::Command;

use crate::{TaskError, cargo_command, deps};

/// One step: what it checks, and how.
struct Step {
    name: String,
    run: Run,
}

enum Run {
    /// Cargo with these arguments and environment, in the workspace.
    Cargo { toolchain: Toolchain, args: Vec<&'static str>, env: &'static [(&'static str, &'static str)] },
    /// A task of its own (scratch copies: see `deps`).
    Task(fn() -> Result<(), TaskError>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Toolchain {
    /// The one the workspace builds with.
    Default,
    /// `rustup run nightly cargo …`.
    Nightly,
}

fn cargo(name: &str, args: &[&'static str]) -> Step {
    Step { name: name.to_string(), run: Run::Cargo { toolchain: Toolchain::Default, args: args.to_vec(), env: &[] } }
}

/// The client's feature sets other than the default, checked alone: no TLS,
/// then each other TLS feature (the default's is every other step's).
const CLIENT_FEATURE_SETS: [(&str, &[&str]); 3] = [
    ("without TLS", &[]),
    ("with rustls-ring alone", &["--features", "rustls-ring"]),
    ("with native-tls alone", &["--features", "native-tls"]),
];

/// `cargo <command> -p supabase-management --no-default-features <features> <rest>`.
fn client_alone(command: &'static str, features: &[&'static str], rest: &[&'static str]) -> Vec<&'static str> {
    let mut args = vec![command, "-p", "supabase-management", "--no-default-features"];
    args.extend_from_slice(features);
    args.extend_from_slice(rest);
    args
}

fn steps() -> Vec<Step> {
    let mut steps = vec![
        cargo("formatting", &["fmt", "--all", "--check"]),
        cargo(
            "lints (clippy, warnings are errors)",
            &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"],
        ),
        cargo(
            "lints of the client with all its features",
            &[
                "clippy",
                "-p",
                "supabase-management",
                "--all-targets",
                "--all-features",
                "--locked",
                "--",
                "-D",
                "warnings",
            ],
        ),
    ];
    for (which, features) in CLIENT_FEATURE_SETS {
        let args = client_alone("clippy", features, &["--all-targets", "--locked", "--", "-D", "warnings"]);
        steps.push(cargo(&format!("lints of the client {which}"), &args));
    }
    // Unit, integration (snapshots, freshness, errors, wire, HTTPS with the
    // default TLS, mock, tracing, contract, replay, workflows), trybuild and
    // doc tests; examples are built too. The client's and the fixture
    // crate's tests have the `mock` and `tracing` features (their
    // dev-dependencies on themselves).
    steps.push(cargo("tests", &["test", "--workspace", "--locked"]));
    for (which, features) in CLIENT_FEATURE_SETS {
        // Without TLS the test checks that https is refused; with a TLS
        // feature, that HTTPS works.
        let name = if features.is_empty() {
            "the client without TLS refuses https".to_string()
        } else {
            format!("HTTPS {which}")
        };
        steps.push(cargo(&name, &client_alone("test", features, &["--test", "tls", "--locked"])));
    }
    steps.extend([
        Step {
            name: "docs (rustdoc warnings are errors)".to_string(),
            run: Run::Cargo {
                toolchain: Toolchain::Default,
                args: vec!["doc", "--workspace", "--no-deps", "--locked"],
                env: &[("RUSTDOCFLAGS", "-D warnings")],
            },
        },
        Step {
            name: "docs as docs.rs builds them (nightly, all features, --cfg docsrs)".to_string(),
            run: Run::Cargo {
                toolchain: Toolchain::Nightly,
                args: vec!["doc", "-p", "supabase-management", "--all-features", "--no-deps", "--locked"],
                env: &[("RUSTDOCFLAGS", "--cfg docsrs -D warnings")],
            },
        },
        cargo(
            "the crates package and build as published (crates.io registry)",
            &["publish", "--workspace", "--dry-run", "--locked"],
        ),
        Step { name: "newest compatible dependencies (crates.io registry)".to_string(), run: Run::Task(deps::newest) },
        Step {
            name: "oldest allowed dependencies (crates.io registry, nightly)".to_string(),
            run: Run::Task(deps::minimal),
        },
    ]);
    steps
}

/// Every step builds once, from scratch on CI: incremental compilation
/// would only fill the disk (gigabytes for the feature sets below).
const INCREMENTAL_OFF: (&str, &str) = ("CARGO_INCREMENTAL", "0");

pub fn run_all() -> Result<(), TaskError> {
    let steps = steps();
    for (i, step) in steps.iter().enumerate() {
        let started = std::time::Instant::now();
        let counter = format!("[{}/{}]", i + 1, steps.len());
        match &step.run {
            Run::Cargo { toolchain, args, env } => {
                let (mut command, shown) = match toolchain {
                    Toolchain::Default => (cargo_command(), format!("cargo {}", args.join(" "))),
                    Toolchain::Nightly => (
                        crate::nightly_cargo(&crate::workspace_root()),
                        format!(
                            "rustup run nightly cargo {} (needs `rustup toolchain install nightly`)",
                            args.join(" ")
                        ),
                    ),
                };
                let plus = if *toolchain == Toolchain::Nightly { "+nightly " } else { "" };
                println!("\n==> {counter} {}: cargo {plus}{}", step.name, args.join(" "));
                command.args(args).envs(env.iter().copied()).env(INCREMENTAL_OFF.0, INCREMENTAL_OFF.1);
                status(&mut command, &step.name, &shown)?;
            }
            Run::Task(task) => {
                println!("\n==> {counter} {}", step.name);
                task().map_err(|error| TaskError::Out(format!("step `{}` failed: {error}", step.name)))?;
            }
        }
        println!("    ({:.0} s)", started.elapsed().as_secs_f64());
    }
    println!("\nall {} steps passed", steps.len());
    Ok(())
}

fn status(command: &mut Command, step: &str, shown: &str) -> Result<(), TaskError> {
    let status = command.status().map_err(|error| TaskError::Io { what: format!("cannot run {shown}"), error })?;
    if status.success() { Ok(()) } else { Err(TaskError::Out(format!("step `{step}` failed ({status}): {shown}"))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The commands of the steps, as `run_all` prints them.
    fn commands() -> Vec<String> {
        steps()
            .iter()
            .map(|step| match &step.run {
                Run::Cargo { args, .. } => format!("{}: {}", step.name, args.join(" ")),
                Run::Task(_) => step.name.clone(),
            })
            .collect()
    }

    #[test]
    fn each_feature_set_of_the_client_is_linted_and_its_tls_tested_alone() {
        let commands = commands();
        for expected in [
            "lints of the client without TLS: clippy -p supabase-management --no-default-features --all-targets --locked -- -D warnings",
            "lints of the client with rustls-ring alone: clippy -p supabase-management --no-default-features --features rustls-ring --all-targets --locked -- -D warnings",
            "lints of the client with native-tls alone: clippy -p supabase-management --no-default-features --features native-tls --all-targets --locked -- -D warnings",
            "the client without TLS refuses https: test -p supabase-management --no-default-features --test tls --locked",
            "HTTPS with rustls-ring alone: test -p supabase-management --no-default-features --features rustls-ring --test tls --locked",
            "HTTPS with native-tls alone: test -p supabase-management --no-default-features --features native-tls --test tls --locked",
        ] {
            assert!(commands.iter().any(|command| command == expected), "no step {expected:?} in {commands:#?}");
        }
        assert_eq!(commands.len(), 15, "{commands:#?}");
    }
}
