//! `cargo xtask update-spec PATH`: vendor a new upstream document, re-apply
//! the overlay, regenerate the client, and report what changed for users.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use openapi_clientgen::{changes, overlay};
use serde_json::Value;

use crate::{Spec, TaskError, io_error, options_for, pretty_json, write_generated};

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

/// What an update did: the change report, the overlay actions that no longer
/// apply (left out of the overlay), and the files it wrote.
#[derive(Debug)]
pub struct Update {
    pub report: changes::ChangeReport,
    pub pruned: Vec<overlay::Pruned>,
    pub written: Vec<PathBuf>,
}

impl Update {
    /// The text for the pull request: the overlay actions left out, then the change report.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        if !self.pruned.is_empty() {
            let _ = writeln!(
                out,
                "### Overlay actions removed: their targets are not in the new document
"
            );
            let _ = writeln!(
                out,
                "Check each: upstream may have fixed what it did, or moved the place it changed (then add it back with the new target).\n"
            );
            for action in &self.pruned {
                let why = action.description.as_deref().map(|d| format!(" — {d}")).unwrap_or_default();
                let _ = writeln!(out, "- action {} `{}`{why}", action.index, action.target);
            }
            out.push('\n');
        }
        out.push_str(&self.report.to_markdown());
        out
    }
}

/// Replaces the upstream document of `spec` with `new_document`, leaves out of
/// the overlay the actions whose targets the new document no longer has,
/// checks that the client in `out` still generates, writes the document, its
/// note (next to it), the overlay and the regenerated client, and returns the
/// change report. Nothing is written unless all of that succeeds.
pub fn update_spec(spec: &Spec, out: &Path, new_document: &Path, provenance: &Provenance) -> Result<Update, TaskError> {
    let options = options_for(out);
    let old = spec.model(&options)?;
    let bytes = fs::read(new_document).map_err(io_error(format!("cannot read {}", new_document.display())))?;
    let document: Value = serde_json::from_slice(&bytes)
        .map_err(|e| TaskError::Out(format!("{} is not a JSON document: {e}", new_document.display())))?;
    let overlay_path = spec.overlay.as_ref().ok_or_else(|| TaskError::Out("the spec has no overlay".to_string()))?;
    let overlay: Value = serde_json::from_slice(&crate::read(overlay_path)?)
        .map_err(|e| TaskError::Out(format!("{} is not JSON: {e}", overlay_path.display())))?;
    let overlay_error = |error| TaskError::Spec { path: overlay_path.clone(), error };
    let (kept, pruned) = overlay::prune(&document, &overlay).map_err(overlay_error)?;
    if kept["actions"].as_array().is_some_and(Vec::is_empty) {
        return Err(TaskError::Out(format!(
            "none of the overlay's {} actions applies to {}: is it a version of the same API?",
            pruned.len(),
            new_document.display()
        )));
    }
    let mut effective = document;
    overlay::apply(&mut effective, &kept).map_err(overlay_error)?;
    let input = pretty_json(&effective);
    let spec_error = |error| TaskError::Spec { path: new_document.to_path_buf(), error };
    let new = openapi_clientgen::model_of(&input, &options).map_err(spec_error)?;
    let files = openapi_clientgen::generate(&input, &options).map_err(spec_error)?;

    let note = spec.document.with_file_name(SOURCE_NOTE);
    let mut replacements =
        vec![(spec.document.clone(), bytes.clone()), (note, source_note(&bytes, provenance).into_bytes())];
    if !pruned.is_empty() {
        replacements.push((overlay_path.clone(), pretty_json(&kept)));
    }
    let mut written = Vec::new();
    for (path, contents) in replacements {
        let temporary = path.with_extension("tmp");
        fs::write(&temporary, &contents).map_err(io_error(format!("cannot write {}", temporary.display())))?;
        fs::rename(&temporary, &path).map_err(io_error(format!("cannot replace {}", path.display())))?;
        written.push(path);
    }
    let regen = write_generated(&files, spec, out)?;
    written.extend(regen.written);
    Ok(Update { report: changes::compare(&old, &new), pruned, written })
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
