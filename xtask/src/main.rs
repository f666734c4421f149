//! `cargo xtask <task>`: see `usage()`.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::update_spec::{Provenance, update_spec};
use xtask::{Spec, TaskError, check, default_out, pretty_json, regen};

fn usage() -> &'static str {
    "usage: cargo xtask <task> [options]

tasks:
  regen [--spec PATH [--overlay PATH]] [--out DIR]
                                    generate the client crate (default: spec/upstream.json with
                                    spec/overlay.json, into generated-client/); PATH is JSON or YAML,
                                    OpenAPI 3.0 or 3.1
  check [--spec PATH [--overlay PATH]] [--out DIR]
                                    fail with a diff if the generated code in DIR is not current
  spec [--out FILE]                 write the effective document (upstream + overlay) to FILE or stdout
  update-spec PATH [--source TEXT] [--published DATE] [--pr-body FILE] [--outputs FILE]
              [--spec PATH --overlay PATH] [--out DIR]
                                    vendor PATH as spec/upstream.json (or as the --spec given), keep the
                                    overlay applying (renamed operations keep their former methods),
                                    regenerate, set the next version, write the CHANGELOG entry, and print
                                    the change report for the pull request (also to FILE with --pr-body);
                                    --outputs appends `changed=`, `breaking=` and `version=` lines (a
                                    GitHub Actions output file)
  fixtures                          rewrite the generator's snapshots (generator/fixtures/snapshots)
  test                              run every check: fmt, clippy (every feature set), all tests (HTTPS per
                                    TLS feature), docs (also as docs.rs builds them), the packages, and
                                    `deps`
  deps [newest|oldest]              check the client against the dependency versions users can resolve
                                    today: the newest compatible (clippy, and a scaffolded crate's), and
                                    the oldest allowed (a build; needs nightly); both by default
  fuzz TARGET [--seconds N]         run a fuzz target of the generator (generate_bytes, generate_mutated)
                                    for N seconds (default 600); needs `cargo install cargo-fuzz`
  bench [generation|crate|overhead|builds]…
                                    measure generation speed, the generated crate's cost and the client's
                                    overhead per request, or the parts named; `builds` (cold builds of each
                                    feature set, minutes) only when named (re-runs itself from a release
                                    build of xtask)"
}

/// The options of a task: `--name value` pairs and the positional arguments.
struct Arguments {
    named: Vec<(String, String)>,
    positional: Vec<String>,
}

impl Arguments {
    fn parse(args: &[String], allowed: &[&str]) -> Result<Arguments, String> {
        let mut parsed = Arguments { named: Vec::new(), positional: Vec::new() };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if let Some(name) = arg.strip_prefix("--") {
                if !allowed.contains(&name) {
                    return Err(format!("unknown option {arg:?}"));
                }
                let value = iter.next().ok_or_else(|| format!("{arg} needs a value"))?;
                parsed.named.push((name.to_string(), value.clone()));
            } else {
                parsed.positional.push(arg.clone());
            }
        }
        Ok(parsed)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.named.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn no_positional(&self) -> Result<(), String> {
        match self.positional.first() {
            Some(extra) => Err(format!("unexpected argument {extra:?}")),
            None => Ok(()),
        }
    }

    /// `--spec` and `--overlay`, or the project's spec.
    fn spec(&self) -> Result<Spec, String> {
        match (self.get("spec"), self.get("overlay")) {
            (None, None) => Ok(Spec::project()),
            (Some(document), overlay) => {
                Ok(Spec { document: PathBuf::from(document), overlay: overlay.map(PathBuf::from) })
            }
            (None, Some(_)) => Err("--overlay needs --spec (the document it applies to)".to_string()),
        }
    }

    fn out(&self) -> PathBuf {
        self.get("out").map_or_else(default_out, PathBuf::from)
    }
}

fn run(args: &[String]) -> Result<(), TaskError> {
    let bad_usage = |message: String| TaskError::Out(format!("{message}\n\n{}", usage()));
    let task_args = args.get(1..).unwrap_or_default();
    let parse = |allowed: &[&str]| Arguments::parse(task_args, allowed).map_err(bad_usage);
    match args.first().map(String::as_str) {
        Some("regen") => {
            let arguments = parse(&["spec", "overlay", "out"])?;
            arguments.no_positional().map_err(bad_usage)?;
            let (spec, out) = (arguments.spec().map_err(bad_usage)?, arguments.out());
            let report = regen(&spec, &out)?;
            if report.scaffolded {
                println!("created a new client crate in {}", out.display());
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
            let arguments = parse(&["spec", "overlay", "out"])?;
            arguments.no_positional().map_err(bad_usage)?;
            let (spec, out) = (arguments.spec().map_err(bad_usage)?, arguments.out());
            check(&spec, &out)?;
            println!("{} is current with {}", out.display(), spec.document.display());
            Ok(())
        }
        Some("spec") => {
            let arguments = parse(&["out"])?;
            arguments.no_positional().map_err(bad_usage)?;
            let document = pretty_json(&Spec::project().effective()?);
            match arguments.get("out") {
                None => std::io::Write::write_all(&mut std::io::stdout(), &document)
                    .map_err(|error| TaskError::Io { what: "cannot write to stdout".to_string(), error }),
                Some(path) => std::fs::write(path, &document)
                    .map_err(|error| TaskError::Io { what: format!("cannot write {path}"), error }),
            }
        }
        Some("update-spec") => {
            let arguments = parse(&["source", "published", "pr-body", "outputs", "spec", "overlay", "out"])?;
            let [document] = arguments.positional.as_slice() else {
                return Err(bad_usage("update-spec takes the path of the new document".to_string()));
            };
            let provenance = Provenance {
                source: arguments.get("source").unwrap_or(document).to_string(),
                published: arguments.get("published").map(str::to_string),
                vendored: httpdate::fmt_http_date(std::time::SystemTime::now()),
            };
            let (spec, out) = (arguments.spec().map_err(bad_usage)?, arguments.out());
            let update = update_spec(&spec, &out, std::path::Path::new(document), &provenance)?;
            for path in &update.written {
                eprintln!("wrote {}", path.display());
            }
            let markdown = update.to_markdown();
            print!("{markdown}");
            update.write_for_pull_request(
                arguments.get("pr-body").map(std::path::Path::new),
                arguments.get("outputs").map(std::path::Path::new),
            )
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
        Some("deps") => {
            let arguments = parse(&[])?;
            match arguments.positional.as_slice() {
                [] => xtask::deps::newest().and_then(|()| xtask::deps::minimal()),
                [which] if which == "newest" => xtask::deps::newest(),
                [which] if which == "oldest" => xtask::deps::minimal(),
                _ => Err(bad_usage("deps takes `newest`, `oldest` or nothing (both)".to_string())),
            }
        }
        Some("fuzz") => {
            let arguments = parse(&["seconds"])?;
            let [target] = arguments.positional.as_slice() else {
                return Err(bad_usage("fuzz takes the name of a target".to_string()));
            };
            let seconds = match arguments.get("seconds") {
                None => 600,
                Some(text) => text.parse().map_err(|_| bad_usage(format!("--seconds {text:?} is not a number")))?,
            };
            xtask::fuzz::run(target, seconds)
        }
        Some("bench") => {
            let arguments = parse(&[])?;
            xtask::bench::run(&arguments.positional)
        }
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
