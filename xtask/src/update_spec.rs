//! `cargo xtask update-spec PATH`: vendor a new upstream document, re-apply
//! the overlay, regenerate the client, and report what changed for users.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use openapi_clientgen::changes;

use crate::{Spec, TaskError, default_out, generate, io_error, options_for, spec_dir, write_generated};

/// The note of where `spec/upstream.json` comes from, rewritten by each update.
pub const SOURCE_NOTE: &str = "SOURCE.md";

/// Where the new document comes from and when, for the note.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// A URL or a path.
    pub source: String,
    /// The publication date, when the source says it.
    pub published: Option<String>,
    /// When it was vendored (an HTTP date).
    pub vendored: String,
}

/// What an update did: the change report, and the files it wrote.
#[derive(Debug)]
pub struct Update {
    pub report: changes::ChangeReport,
    pub written: Vec<PathBuf>,
}

/// Replaces the project's upstream document with `new_document`, checks that
/// the overlay still applies and the client still generates, writes the
/// document, its note and the regenerated client, and returns the change
/// report. Nothing is written unless all of that succeeds.
pub fn update_spec(new_document: &Path, provenance: &Provenance) -> Result<Update, TaskError> {
    let project = Spec::project();
    let options = options_for(&default_out());
    let old = project.model(&options)?;
    let bytes = fs::read(new_document).map_err(io_error(format!("cannot read {}", new_document.display())))?;
    // The new document with today's overlay, in memory.
    let candidate = Spec { document: new_document.to_path_buf(), overlay: project.overlay.clone() };
    let new = candidate.model(&options)?;
    let files = generate(&candidate, &options)?;

    let upstream = project.document.clone();
    let note = spec_dir().join(SOURCE_NOTE);
    let mut written = Vec::new();
    for (path, contents) in [(&upstream, bytes.clone()), (&note, source_note(&bytes, provenance).into_bytes())] {
        let temporary = path.with_extension("tmp");
        fs::write(&temporary, &contents).map_err(io_error(format!("cannot write {}", temporary.display())))?;
        fs::rename(&temporary, path).map_err(io_error(format!("cannot replace {}", path.display())))?;
        written.push(path.clone());
    }
    let regen = write_generated(&files, &project, &default_out())?;
    written.extend(regen.written);
    Ok(Update { report: changes::compare(&old, &new), written })
}

/// The note kept next to the vendored document.
pub fn source_note(document: &[u8], provenance: &Provenance) -> String {
    let mut note = String::new();
    let _ = writeln!(note, "<!-- Written by `cargo xtask update-spec`; edit the overlay, not this note. -->\n");
    let _ = writeln!(note, "# The vendored upstream document\n");
    let _ = writeln!(
        note,
        "`upstream.json` is the API's OpenAPI document exactly as it was published, byte for byte.\n\
         Everything this project changes in it is in `overlay.json` (OpenAPI Overlay 1.0.0).\n"
    );
    let _ = writeln!(note, "- Source: {}", provenance.source);
    if let Some(published) = &provenance.published {
        let _ = writeln!(note, "- Published: {published}");
    }
    let _ = writeln!(note, "- Vendored: {}", provenance.vendored);
    let _ = writeln!(note, "- SHA-256: {}", sha256_hex(document));
    note
}

/// The SHA-256 the note records for the vendored document, if it records one.
pub fn recorded_sha256(note: &str) -> Option<&str> {
    note.lines().find_map(|line| line.strip_prefix("- SHA-256: ")).map(str::trim)
}

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}
