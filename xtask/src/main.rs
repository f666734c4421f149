//! `cargo xtask <task>`: see `usage()`.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{TaskError, check, default_out, default_spec, regen};

fn usage() -> &'static str {
    "usage: cargo xtask <task> [options]

tasks:
  regen [--spec PATH] [--out DIR]   generate the client crate (default: spec/ into generated-client/)
  check [--spec PATH] [--out DIR]   fail with a diff if the generated code in DIR is not current
  fixtures                          rewrite the generator's snapshots (generator/fixtures/snapshots)
  test                              run every check: fmt, clippy, all tests, benchmark build, docs
  bench                             measure generation speed, the generated crate's cost and the client's
                                    overhead per request (re-runs itself from a release build of xtask)"
}

struct Paths {
    spec: PathBuf,
    out: PathBuf,
}

fn parse_paths(args: &[String]) -> Result<Paths, String> {
    let mut paths = Paths { spec: default_spec(), out: default_out() };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let value = |iter: &mut std::slice::Iter<'_, String>| {
            iter.next().cloned().ok_or_else(|| format!("{arg} needs a value"))
        };
        match arg.as_str() {
            "--spec" => paths.spec = PathBuf::from(value(&mut iter)?),
            "--out" => paths.out = PathBuf::from(value(&mut iter)?),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(paths)
}

fn run(args: &[String]) -> Result<(), TaskError> {
    let bad_usage = |message: String| TaskError::Out(format!("{message}\n\n{}", usage()));
    match args.first().map(String::as_str) {
        Some("regen") => {
            let paths = parse_paths(&args[1..]).map_err(bad_usage)?;
            let report = regen(&paths.spec, &paths.out)?;
            if report.scaffolded {
                println!("created a new client crate in {}", paths.out.display());
            }
            for path in &report.written {
                println!("wrote {}", path.display());
            }
            for path in &report.removed {
                println!("removed {}", path.display());
            }
            println!(
                "{} written, {} unchanged, {} removed",
                report.written.len(),
                report.unchanged,
                report.removed.len()
            );
            Ok(())
        }
        Some("check") => {
            let paths = parse_paths(&args[1..]).map_err(bad_usage)?;
            check(&paths.spec, &paths.out)?;
            println!("{} is current with {}", paths.out.display(), paths.spec.display());
            Ok(())
        }
        Some("fixtures") => {
            let changed = xtask::update_fixtures()?;
            for path in &changed {
                println!("wrote {}", path.display());
            }
            println!("{} snapshot files changed", changed.len());
            Ok(())
        }
        Some("test") => xtask::test::run_all(),
        Some("bench") => xtask::bench::run(),
        Some("-h" | "--help" | "help") => {
            println!("{}", usage());
            Ok(())
        }
        Some(other) => Err(bad_usage(format!("unknown task {other:?}"))),
        None => Err(bad_usage("no task given".to_string())),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
