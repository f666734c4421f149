//! The project's tasks: regenerate the client crate, check it is current, and
//! (in `bench`) measure. `main.rs` is the command line over these functions;
//! the tests call them directly.

pub mod bench;
pub mod deps;
pub mod fuzz;
pub mod test;
pub mod update_spec;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_clientgen::{GeneratedFile, Options};

/// The command that regenerates the client, as headers and messages name it.
pub const REGEN_COMMAND: &str = "cargo xtask regen";

/// The folders generated files live in, relative to the crate root: the
/// client's code, and the call table of its tests.
pub const GENERATED_DIRS: [&str; 2] = ["src/generated", "tests/generated"];

/// The folder of the client's generated code, relative to the crate root.
pub const GENERATED_DIR: &str = GENERATED_DIRS[0];

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// The project's `spec/` folder.
pub fn spec_dir() -> PathBuf {
    workspace_root().join("spec")
}

/// Where an OpenAPI document comes from: a file, and the overlay applied to
/// it before generation, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub document: PathBuf,
    pub overlay: Option<PathBuf>,
}

impl Spec {
    /// A document used as it is.
    pub fn plain(document: impl Into<PathBuf>) -> Spec {
        Spec { document: document.into(), overlay: None }
    }

    /// The project's input: the upstream document as published, with our overlay.
    pub fn project() -> Spec {
        Spec { document: spec_dir().join("upstream.json"), overlay: Some(spec_dir().join("overlay.json")) }
    }

    /// The document with the overlay applied: what the generator and every test read.
    pub fn effective(&self) -> Result<serde_json::Value, TaskError> {
        let document = read(&self.document)?;
        let Some(overlay_path) = &self.overlay else {
            return serde_json::from_slice(&document)
                .map_err(|e| TaskError::Out(format!("{} is not a JSON document: {e}", self.document.display())));
        };
        let overlay = read(overlay_path)?;
        openapi_clientgen::overlay::apply_bytes(&document, &overlay)
            .map(|(effective, _)| effective)
            .map_err(|error| TaskError::Spec { path: overlay_path.clone(), error })
    }

    /// The bytes the generator reads: the file itself, or the effective document.
    pub fn input(&self) -> Result<Vec<u8>, TaskError> {
        match &self.overlay {
            None => read(&self.document),
            Some(_) => Ok(pretty_json(&self.effective()?)),
        }
    }

    /// The model of the effective document.
    pub fn model(&self, options: &Options) -> Result<openapi_clientgen::model::Api, TaskError> {
        openapi_clientgen::model_of(&self.input()?, options).map_err(|error| self.error(error))
    }

    fn error(&self, error: openapi_clientgen::Error) -> TaskError {
        TaskError::Spec { path: self.document.clone(), error }
    }

    /// The arguments that name this spec on the command line (none for the project's).
    fn arguments(&self) -> String {
        if *self == Spec::project() {
            return String::new();
        }
        let mut arguments = format!(" --spec {}", self.document.display());
        if let Some(overlay) = &self.overlay {
            let _ = write!(arguments, " --overlay {}", overlay.display());
        }
        arguments
    }
}

/// JSON as the project writes it: two-space indents and a final newline.
pub fn pretty_json(value: &serde_json::Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("a JSON value always serialises");
    bytes.push(b'\n');
    bytes
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, TaskError> {
    fs::read(path).map_err(io_error(format!("cannot read {}", path.display())))
}

/// The checked-in client crate, the default output.
pub fn default_out() -> PathBuf {
    workspace_root().join("generated-client")
}

/// What went wrong in a task, ready to print.
#[derive(Debug)]
pub enum TaskError {
    /// The document cannot be turned into a client (with its JSON pointer).
    Spec {
        path: PathBuf,
        error: openapi_clientgen::Error,
    },
    Io {
        what: String,
        error: io::Error,
    },
    /// The output folder is not a client crate this task may write into.
    Out(String),
    /// `check` found differences; the report says which, with a diff.
    Stale(String),
}

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TaskError::Spec { path, error } => {
                write!(f, "{}: cannot generate a client: {} (at {})", path.display(), error.message, error.pointer)
            }
            TaskError::Io { what, error } => write!(f, "{what}: {error}"),
            TaskError::Out(message) | TaskError::Stale(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for TaskError {}

fn io_error(what: impl Into<String>) -> impl FnOnce(io::Error) -> TaskError {
    let what = what.into();
    move |error| TaskError::Io { what, error }
}

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// The variables `cargo run` sets for xtask's package; `CARGO_PKG_*` too.
const PACKAGE_VARIABLES: &[&str] =
    &["CARGO_MANIFEST_DIR", "CARGO_MANIFEST_PATH", "CARGO_CRATE_NAME", "CARGO_BIN_NAME", "CARGO_PRIMARY_PACKAGE"];

/// Cargo in the workspace root, without the variables that describe xtask:
/// some build scripts (ring's) watch `CARGO_MANIFEST_DIR`, so passing it on
/// would rebuild them, and again at the user's next build from a shell.
pub fn cargo_command() -> Command {
    let mut command = Command::new(cargo());
    command.current_dir(workspace_root());
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if PACKAGE_VARIABLES.contains(&text.as_ref()) || text.starts_with("CARGO_PKG_") {
            command.env_remove(&name);
        }
    }
    command
}

/// Cargo of the nightly toolchain (`rustup run nightly cargo`) in `dir`,
/// without the variables that name the running toolchain or xtask's package.
pub fn nightly_cargo(dir: &Path) -> Command {
    let mut command = Command::new("rustup");
    command.current_dir(dir).args(["run", "nightly", "cargo"]);
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if PACKAGE_VARIABLES.contains(&text.as_ref())
            || text.starts_with("CARGO_PKG_")
            || matches!(text.as_ref(), "CARGO" | "RUSTUP_TOOLCHAIN" | "RUSTC" | "RUSTDOC")
        {
            command.env_remove(&name);
        }
    }
    command
}

/// The generator's settings for a crate at `out`: the project's own client
/// also gets the call table its tests drive every operation with.
pub fn options_for(out: &Path) -> Options {
    Options::new(REGEN_COMMAND).call_table(out == default_out())
}

/// Generates the files for `spec` in memory.
pub fn generate(spec: &Spec, options: &Options) -> Result<Vec<GeneratedFile>, TaskError> {
    openapi_clientgen::generate(&spec.input()?, options).map_err(|error| spec.error(error))
}

/// What `regen` did.
#[derive(Debug)]
pub struct RegenReport {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
    pub scaffolded: bool,
}

/// Generates from `spec` into the crate at `out`. A new or empty `out` first
/// gets a crate around the generated code (manifest, `lib.rs`, runtime).
///
/// Nothing is written unless generation succeeds; then each file is written
/// to a temporary file and renamed over the old one, so no file is ever half
/// written.
pub fn regen(spec: &Spec, out: &Path) -> Result<RegenReport, TaskError> {
    let files = generate(spec, &options_for(out))?;
    write_generated(&files, spec, out)
}

/// Writes generated files into the crate at `out` (a new crate around them if
/// `out` is new), and removes the generated files they no longer include.
fn write_generated(files: &[GeneratedFile], spec: &Spec, out: &Path) -> Result<RegenReport, TaskError> {
    let scaffolded = scaffold_if_new(out, &spec.document)?;
    let mut staged = Vec::new();
    let mut unchanged = 0;
    for file in files {
        let target = out.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_error(format!("cannot create {}", parent.display())))?;
        }
        if fs::read_to_string(&target).ok().as_deref() == Some(file.contents.as_str()) {
            unchanged += 1;
            continue;
        }
        let temporary = target.with_extension("rs.tmp");
        fs::write(&temporary, &file.contents).map_err(io_error(format!("cannot write {}", temporary.display())))?;
        staged.push((temporary, target));
    }
    let mut written = Vec::new();
    for (temporary, target) in staged {
        fs::rename(&temporary, &target).map_err(io_error(format!("cannot replace {}", target.display())))?;
        written.push(target);
    }
    // Files a previous generation wrote that this one no longer does.
    let expected: BTreeSet<PathBuf> = files.iter().map(|f| out.join(&f.path)).collect();
    let mut removed = Vec::new();
    for dir in GENERATED_DIRS {
        for path in generated_files_on_disk(&out.join(dir))? {
            if !expected.contains(&path) {
                fs::remove_file(&path).map_err(io_error(format!("cannot remove {}", path.display())))?;
                removed.push(path);
            }
        }
    }
    Ok(RegenReport { written, unchanged, removed, scaffolded })
}

fn generated_files_on_disk(dir: &Path) -> Result<Vec<PathBuf>, TaskError> {
    let mut files = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(io_error(format!("cannot list {}", dir.display()))(e)),
    };
    for entry in entries {
        let path = entry.map_err(io_error(format!("cannot list {}", dir.display())))?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The generator's fixture crate: specs, their snapshot outputs, and the
/// crate that compiles them (`generator/fixtures`).
pub fn fixtures_dir() -> PathBuf {
    workspace_root().join("generator").join("fixtures")
}

/// Where the snapshot of a generated file goes: `src/generated/types.rs` of
/// fixture `enums` → `snapshots/enums/types.rs`.
pub fn snapshot_path(fixture: &str, generated_path: &str) -> PathBuf {
    let file = generated_path.strip_prefix("src/generated/").unwrap_or(generated_path);
    fixtures_dir().join("snapshots").join(fixture).join(file)
}

/// The fixture names: the `*.json` files of `generator/fixtures/specs`, sorted.
pub fn fixture_names() -> Result<Vec<String>, TaskError> {
    let dir = fixtures_dir().join("specs");
    let mut names = Vec::new();
    for entry in fs::read_dir(&dir).map_err(io_error(format!("cannot list {}", dir.display())))? {
        let path = entry.map_err(io_error(format!("cannot list {}", dir.display())))?.path();
        if path.extension().is_some_and(|e| e == "json") {
            names.push(path.file_stem().unwrap_or_default().to_string_lossy().to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// Rewrites every fixture's snapshot and the fixture crate's `lib.rs`, which
/// compiles them all. Returns the files that changed.
pub fn update_fixtures() -> Result<Vec<PathBuf>, TaskError> {
    let names = fixture_names()?;
    let mut changed = Vec::new();
    let mut write = |path: PathBuf, contents: &str| -> Result<(), TaskError> {
        if fs::read_to_string(&path).ok().as_deref() == Some(contents) {
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(format!("cannot create {}", parent.display())))?;
        }
        fs::write(&path, contents).map_err(io_error(format!("cannot write {}", path.display())))?;
        changed.push(path);
        Ok(())
    };
    for name in &names {
        let spec = fixtures_dir().join("specs").join(format!("{name}.json"));
        for file in generate(&Spec::plain(spec), &Options::new(REGEN_COMMAND))? {
            write(snapshot_path(name, &file.path), &file.contents)?;
        }
    }
    write(fixtures_dir().join("src").join("lib.rs"), &fixture_lib_rs(&names))?;
    Ok(changed)
}

/// The fixture crate's `lib.rs`: the runtime and one module per fixture.
pub fn fixture_lib_rs(names: &[String]) -> String {
    let mut out = "// @generated by `cargo xtask fixtures`: one module per fixture spec.\n\n\
         //! The generator's snapshot outputs, compiled with the client runtime so\n\
         //! that every snapshot is known to build (and to pass clippy and rustdoc).\n\n\
         #![warn(missing_docs)]\n\n\
         #[path = \"../../../generated-client/src/runtime/mod.rs\"]\n\
         mod runtime;\n\n\
         pub use runtime::*;\n"
        .to_string();
    for name in names {
        let _ = write!(
            out,
            "\n/// The client generated from `specs/{name}.json`.\n#[rustfmt::skip]\n#[path = \"../snapshots/{name}/mod.rs\"]\npub mod {name};\n"
        );
    }
    out
}

/// Compares a fresh generation from `spec` with the files in `out`. `Ok` when
/// they are the same; otherwise a report with a diff and the command to run.
pub fn check(spec: &Spec, out: &Path) -> Result<(), TaskError> {
    let files = generate(spec, &options_for(out))?;
    let mut report = String::new();
    for file in &files {
        let path = out.join(&file.path);
        match fs::read_to_string(&path) {
            Ok(current) if current == file.contents => {}
            Ok(current) => {
                let diff = similar::TextDiff::from_lines(&current, &file.contents);
                let _ = writeln!(report, "{} is out of date:", path.display());
                let _ =
                    write!(report, "{}", diff.unified_diff().context_radius(2).header("checked in", "generated now"));
            }
            Err(_) => {
                let _ = writeln!(report, "{} is missing", path.display());
            }
        }
    }
    let expected: BTreeSet<PathBuf> = files.iter().map(|f| out.join(&f.path)).collect();
    for dir in GENERATED_DIRS {
        for path in generated_files_on_disk(&out.join(dir))? {
            if !expected.contains(&path) {
                let _ = writeln!(report, "{} is not generated any more", path.display());
            }
        }
    }
    if report.is_empty() {
        return Ok(());
    }
    let mut command = REGEN_COMMAND.to_string();
    command.push_str(&spec.arguments());
    if out != default_out() {
        let _ = write!(command, " --out {}", out.display());
    }
    let _ = write!(report, "\nThe generated code is stale. Run `{command}` and commit the result.");
    Err(TaskError::Stale(report))
}

/// Writes a crate around the generated code into `out` when `out` does not
/// exist or is empty: a manifest with the runtime's dependencies, a `lib.rs`,
/// and a copy of the runtime. Refuses a non-empty folder that is not a crate.
fn scaffold_if_new(out: &Path, spec: &Path) -> Result<bool, TaskError> {
    if out.join("Cargo.toml").exists() {
        if !out.join("src/runtime/mod.rs").exists() {
            return Err(TaskError::Out(format!(
                "{} is a crate without the client runtime (src/runtime/); regen writes only into client crates",
                out.display()
            )));
        }
        return Ok(false);
    }
    let empty = match fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => true,
        Err(e) => return Err(io_error(format!("cannot read {}", out.display()))(e)),
    };
    if !empty {
        return Err(TaskError::Out(format!(
            "{} is neither empty nor a client crate; give an empty or new folder to write a new crate",
            out.display()
        )));
    }
    let template = default_out();
    let manifest = fs::read_to_string(template.join("Cargo.toml"))
        .map_err(io_error(format!("cannot read {}", template.join("Cargo.toml").display())))?;
    let name = crate_name(out);
    let files = [
        (PathBuf::from("Cargo.toml"), new_manifest(&name, &manifest)),
        (PathBuf::from("derive/Cargo.toml"), new_derive_manifest(&name)),
        (PathBuf::from("src/lib.rs"), new_lib_rs(spec)),
    ];
    // The hand-written runtime and the code of its derives, copied as they are.
    let mut runtime = Vec::new();
    for folder in ["src/runtime", "derive/src"] {
        let source = template.join(folder);
        for entry in fs::read_dir(&source).map_err(io_error(format!("cannot read {}", source.display())))? {
            let path = entry.map_err(io_error(format!("cannot read {}", source.display())))?.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).map_err(io_error(format!("cannot read {}", path.display())))?;
                runtime.push((PathBuf::from(folder).join(path.file_name().unwrap_or_default()), text));
            }
        }
    }
    for (relative, text) in files.into_iter().chain(runtime) {
        let target = out.join(&relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_error(format!("cannot create {}", parent.display())))?;
        }
        fs::write(&target, text).map_err(io_error(format!("cannot write {}", target.display())))?;
    }
    Ok(true)
}

/// A package name from the folder name: `/tmp/my client` → `my-client`.
fn crate_name(out: &Path) -> String {
    let raw = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let name: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("client-{name}") } else { name }
}

/// The `[features]` and `[dependencies]` sections of a manifest, verbatim:
/// what a crate hosting the runtime needs (its TLS features, its crates).
pub fn runtime_sections(manifest: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    let mut section = Vec::new();
    let flush = |section: &mut Vec<&str>, out: &mut String| {
        // Comments and blank lines after a section's last entry introduce what follows.
        while section.last().is_some_and(|l: &&str| l.trim().is_empty() || l.trim_start().starts_with('#')) {
            section.pop();
        }
        for line in section.drain(..) {
            out.push_str(line);
            out.push('\n');
        }
    };
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            flush(&mut section, &mut out);
            inside = trimmed == "[features]" || trimmed == "[dependencies]";
            if inside && !out.is_empty() {
                out.push('\n');
            }
        }
        if inside {
            section.push(line);
        }
    }
    flush(&mut section, &mut out);
    out
}

/// The local name of the derive crate in the runtime's manifest (the runtime
/// names it `clientgen_derive`, whatever the package is called).
const DERIVE_DEPENDENCY: &str = "clientgen-derive";

/// A new crate's manifest: its package, the runtime's features and
/// dependencies, its own copy of the derive crate under its own name.
fn new_manifest(name: &str, template_manifest: &str) -> String {
    let sections: Vec<String> = runtime_sections(template_manifest)
        .lines()
        .map(|line| match line.split_once('=') {
            Some((key, _)) if key.trim() == DERIVE_DEPENDENCY => {
                format!("{DERIVE_DEPENDENCY} = {{ package = \"{name}-derive\", path = \"derive\" }}")
            }
            _ => line.to_string(),
        })
        .collect();
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n{}\n\n\
         # A crate of its own, not part of any workspace around it.\n[workspace]\n",
        sections.join("\n").trim_end()
    )
}

/// The manifest of a new crate's copy of the derive crate.
fn new_derive_manifest(name: &str) -> String {
    format!(
        "[package]\nname = \"{name}-derive\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         # The derives of the generated types: a copy of the project's, a crate of its own (a proc-macro crate must be).\n\
         [lib]\nproc-macro = true\n"
    )
}

fn new_lib_rs(spec: &Path) -> String {
    format!(
        "//! A client generated by `{REGEN_COMMAND}` from `{}`.\n\
         //!\n\
         //! `src/generated/` is rewritten by every regeneration; `src/runtime/` is a\n\
         //! copy of the hand-written runtime of the project's `generated-client/`.\n\n\
         #![warn(missing_docs)]\n\n\
         mod generated;\n\
         mod runtime;\n\n\
         pub use generated::*;\n\
         pub use reqwest;\n\
         pub use runtime::*;\n\
         pub use serde_json;\n",
        spec.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
    )
}
