//! `cargo xtask update-spec PATH`: vendor a new upstream document, keep the
//! overlay applying to it, regenerate the client, and say what changed for
//! users: the change report, the next version, a CHANGELOG entry.
//!
//! Everything is computed before anything is written; then the document, its
//! note, the overlay, the generated code, the manifests' version, the lockfile
//! and the CHANGELOG are replaced, each through a temporary file.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use openapi_clientgen::model::Api;
use openapi_clientgen::{changes, overlay};
use serde_json::{Value, json};

use crate::{Spec, TaskError, io_error, options_for, pretty_json, write_generated};

/// The note of where `spec/upstream.json` comes from, rewritten by each update.
pub const SOURCE_NOTE: &str = "SOURCE.md";

/// The changelog of the client crate, next to its manifest.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The extension that keeps the methods of former operationIds (see the generator).
const PREVIOUS_IDS: &str = "x-previous-operation-ids";

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

/// An operation the API renamed, kept under its former name: the overlay
/// action `update-spec` added for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptAlias {
    /// The method of the former operationId, now a deprecated alias.
    pub former_method: String,
    pub former_id: String,
    pub method: String,
    /// `POST /v1/things`
    pub endpoint: String,
}

/// An overlay action that keeps former operationIds, moved with its operation
/// to the path it has now (upstream renamed a path parameter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedAlias {
    /// The action's index in the overlay as it was.
    pub action: usize,
    pub from: String,
    pub to: String,
}

/// A former operationId the overlay listed that the document uses again as an
/// operation's own (the API renamed it back): taken out of the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedAlias {
    pub action: usize,
    pub target: String,
    pub id: String,
}

/// The crate's version before the update and the one its changes call for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub crate_name: String,
    pub current: String,
    pub next: String,
}

/// What an update did. When the document is the one already vendored,
/// nothing is written and `changed` is false.
#[derive(Debug)]
pub struct Update {
    pub changed: bool,
    pub report: changes::ChangeReport,
    pub release: Release,
    pub pruned: Vec<overlay::Pruned>,
    pub dropped_aliases: Vec<DroppedAlias>,
    pub kept_aliases: Vec<KeptAlias>,
    pub moved_aliases: Vec<MovedAlias>,
    pub written: Vec<PathBuf>,
}

impl Update {
    /// The text for the pull request: the next version, what the update did
    /// to the overlay, then the change report.
    pub fn to_markdown(&self) -> String {
        let Release { crate_name, current, next } = &self.release;
        let mut out = String::new();
        if !self.changed {
            let _ = writeln!(out, "The document is the one already vendored: `{crate_name}` stays at {current}.");
            return out;
        }
        let why = if self.report.is_breaking() {
            if major(current) == Some(0) {
                "it has breaking changes, and before 1.0 those raise the minor version"
            } else {
                "it has breaking changes"
            }
        } else if self.report.is_empty() {
            "the generated API is the same (documentation or wire details changed)"
        } else if major(current) == Some(0) {
            "every change is additive, and before 1.0 those raise the patch version"
        } else {
            "every change is additive"
        };
        let _ = writeln!(out, "## `{crate_name}` {current} → {next}\n");
        let _ = writeln!(out, "The next version is {next}: {why}.\n");
        let kept = self.kept_aliases.iter().map(|alias| {
            format!("`{}` (`{}`) → `{}` ({})", alias.former_method, alias.former_id, alias.method, alias.endpoint)
        });
        let previous_ids_kept = format!(
            "`spec/overlay.json` now lists each former operationId in `{PREVIOUS_IDS}`, so the former method stays, deprecated, and calls of it still compile."
        );
        section(&mut out, "Renamed operations kept under their former names", &previous_ids_kept, kept);
        let moved = self
            .moved_aliases
            .iter()
            .map(|moved| format!("action {}: `{}` → `{}`", moved.action, moved.from, moved.to));
        section(
            &mut out,
            "Former operationIds moved with their operation",
            "The path of the operation changed only in the names of its parameters: the action that keeps its former operationIds now targets the new path.",
            moved,
        );
        let dropped = self
            .dropped_aliases
            .iter()
            .map(|dropped| format!("`{}` (action {} `{}`)", dropped.id, dropped.action, dropped.target));
        let taken_out =
            format!("Taken out of `{PREVIOUS_IDS}` in `spec/overlay.json`: the operation has that name again.");
        section(&mut out, "Former operationIds the API uses again", &taken_out, dropped);
        let pruned = self.pruned.iter().map(|action| {
            let why = action.description.as_deref().map(|d| format!(" — {d}")).unwrap_or_default();
            format!("action {} `{}`{why}", action.index, action.target)
        });
        section(
            &mut out,
            "Overlay actions removed: their targets are not in the new document",
            "Check each: upstream may have fixed what it did, or moved the place it changed (then add it back with the new target).",
            pruned,
        );
        out.push_str(&self.report.to_markdown());
        out
    }

    /// The lines for a GitHub Actions output file: `changed`, `breaking`, `version`.
    pub fn outputs(&self) -> String {
        let version = if self.changed { &self.release.next } else { &self.release.current };
        format!("changed={}\nbreaking={}\nversion={version}\n", self.changed, self.changed && self.report.is_breaking())
    }

    /// Writes what the update workflow reads: the report to `pr_body`, and
    /// [`Update::outputs`] appended to `outputs` (GitHub Actions collects every
    /// step's outputs in one file, so what is there stays).
    pub fn write_for_pull_request(&self, pr_body: Option<&Path>, outputs: Option<&Path>) -> Result<(), TaskError> {
        if let Some(path) = pr_body {
            fs::write(path, self.to_markdown()).map_err(io_error(format!("cannot write {}", path.display())))?;
        }
        if let Some(path) = outputs {
            let mut file = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(io_error(format!("cannot open {}", path.display())))?;
            std::io::Write::write_all(&mut file, self.outputs().as_bytes())
                .map_err(io_error(format!("cannot write {}", path.display())))?;
        }
        Ok(())
    }
}

/// A section of the report: its title, what it means, and one line per
/// item; nothing when there are no items.
fn section(out: &mut String, title: &str, meaning: &str, items: impl Iterator<Item = String>) {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "### {title}\n\n{meaning}\n");
    for item in items {
        let _ = writeln!(out, "- {item}");
    }
    out.push('\n');
}

/// Replaces the upstream document of `spec` with `new_document` and updates
/// everything that follows from it (see the module docs). Nothing is written
/// unless all of it succeeds.
pub fn update_spec(spec: &Spec, out: &Path, new_document: &Path, provenance: &Provenance) -> Result<Update, TaskError> {
    let options = options_for(out);
    let old = spec.model(&options)?;
    let manifest_path = out.join("Cargo.toml");
    let manifest =
        fs::read_to_string(&manifest_path).map_err(io_error(format!("cannot read {}", manifest_path.display())))?;
    let (crate_name, current) = package_name_and_version(&manifest)
        .ok_or_else(|| TaskError::Out(format!("{} has no [package] name and version", manifest_path.display())))?;
    let bytes = fs::read(new_document).map_err(io_error(format!("cannot read {}", new_document.display())))?;
    let unchanged_release = Release { crate_name: crate_name.clone(), current: current.clone(), next: current.clone() };
    if fs::read(&spec.document).is_ok_and(|vendored| vendored == bytes) {
        return Ok(Update {
            changed: false,
            report: changes::compare(&old, &old),
            release: unchanged_release,
            pruned: Vec::new(),
            dropped_aliases: Vec::new(),
            kept_aliases: Vec::new(),
            moved_aliases: Vec::new(),
            written: Vec::new(),
        });
    }
    let document: Value = serde_json::from_slice(&bytes)
        .map_err(|e| TaskError::Out(format!("{} is not a JSON document: {e}", new_document.display())))?;
    let overlay_path = spec.overlay.as_ref().ok_or_else(|| TaskError::Out("the spec has no overlay".to_string()))?;
    let overlay: Value = serde_json::from_slice(&crate::read(overlay_path)?)
        .map_err(|e| TaskError::Out(format!("{} is not JSON: {e}", overlay_path.display())))?;
    let overlay_error = |error| TaskError::Spec { path: overlay_path.clone(), error };
    let (mut kept, mut pruned) = overlay::prune(&document, &overlay).map_err(overlay_error)?;
    let moved_aliases = move_aliases(&overlay, &mut kept, &mut pruned, &document);
    if kept["actions"].as_array().is_some_and(Vec::is_empty) {
        return Err(TaskError::Out(format!(
            "none of the overlay's {} actions applies to {}: is it a version of the same API?",
            pruned.len(),
            new_document.display()
        )));
    }
    let dropped_aliases = drop_reused_ids(&mut kept, &document);
    let spec_error = |error| TaskError::Spec { path: new_document.to_path_buf(), error };
    let model_with = |overlay: &Value| -> Result<(Vec<u8>, Api), TaskError> {
        let mut effective = document.clone();
        overlay::apply(&mut effective, overlay).map_err(overlay_error)?;
        let input = pretty_json(&effective);
        let model = openapi_clientgen::model_of(&input, &options).map_err(spec_error)?;
        Ok((input, model))
    };
    let (mut input, mut new) = model_with(&kept)?;
    let kept_aliases = keep_renamed(&old, &new, &mut kept, provenance);
    if !kept_aliases.is_empty() {
        (input, new) = model_with(&kept)?;
    }
    let files = openapi_clientgen::generate(&input, &options).map_err(spec_error)?;
    let report = changes::compare(&old, &new);
    let next = next_version(&current, &report).ok_or_else(|| {
        TaskError::Out(format!("the version {current:?} of {} is not X.Y.Z", manifest_path.display()))
    })?;
    let release = Release { crate_name, current, next };

    let note = spec.document.with_file_name(SOURCE_NOTE);
    let mut replacements =
        vec![(spec.document.clone(), bytes.clone()), (note, source_note(&bytes, provenance).into_bytes())];
    if kept != overlay {
        replacements.push((overlay_path.clone(), pretty_json(&kept)));
    }
    replacements.extend(version_files(out, &release)?);
    let update = Update {
        changed: true,
        report,
        release,
        pruned,
        dropped_aliases,
        kept_aliases,
        moved_aliases,
        written: Vec::new(),
    };
    let changelog_path = out.join(CHANGELOG);
    let changelog = fs::read_to_string(&changelog_path).unwrap_or_default();
    replacements.push((changelog_path, with_entry(&changelog, &changelog_entry(&update, provenance)).into_bytes()));

    let mut written = Vec::new();
    for (path, contents) in replacements {
        let temporary = path.with_extension("tmp");
        fs::write(&temporary, &contents).map_err(io_error(format!("cannot write {}", temporary.display())))?;
        fs::rename(&temporary, &path).map_err(io_error(format!("cannot replace {}", path.display())))?;
        written.push(path);
    }
    let regen = write_generated(&files, spec, out)?;
    written.extend(regen.written);
    Ok(Update { written, ..update })
}

/// Of the `pruned` actions, those that only keep former operationIds and
/// whose operation is still there at a path that differs only in the names of
/// its parameters (`/v1/things/{thing_id}` → `/v1/things/{id}`): put back into
/// `kept`, targeting the new path, instead of being pruned.
fn move_aliases(
    overlay: &Value,
    kept: &mut Value,
    pruned: &mut Vec<overlay::Pruned>,
    document: &Value,
) -> Vec<MovedAlias> {
    let mut moved = Vec::new();
    let original = overlay.get("actions").and_then(Value::as_array);
    pruned.retain(|action| {
        let Some(original) = original.and_then(|actions| actions.get(action.index)) else { return true };
        let only_ids = original
            .get("update")
            .and_then(Value::as_object)
            .is_some_and(|update| update.len() == 1 && update.contains_key(PREVIOUS_IDS));
        let Some((path, method)) = operation_target(&action.target).filter(|_| only_ids) else { return true };
        let shape = path_shape(&path);
        let mut now = operations(document).filter(|(p, m, _)| *m == method && path_shape(p) == shape);
        let (Some((now_path, _, _)), None) = (now.next(), now.next()) else { return true };
        let target = operation_target_of(now_path, &method);
        let mut action_now = original.clone();
        action_now["target"] = Value::String(target.clone());
        if let Some(actions) = kept.get_mut("actions").and_then(Value::as_array_mut) {
            actions.push(action_now);
        }
        moved.push(MovedAlias { action: action.index, from: action.target.clone(), to: target });
        false
    });
    moved
}

/// The target of an overlay action on the operation at `path` and `method`
/// (lowercase), as `update-spec` writes it: `$.paths['/v1/things'].get`.
fn operation_target_of(path: &str, method: &str) -> String {
    format!("$.paths['{}'].{method}", path.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The path and method of a target [`operation_target_of`] wrote.
fn operation_target(target: &str) -> Option<(String, String)> {
    let quoted = target.strip_prefix("$.paths['")?;
    let (quoted, method) = quoted.rsplit_once("'].")?;
    let mut path = String::new();
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        path.push(if c == '\\' { chars.next()? } else { c });
    }
    Some((path, method.to_string()))
}

/// A path template with its parameters' names left out: `/v1/things/{}`.
fn path_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => in_name = true,
            '}' => in_name = false,
            _ if in_name => continue,
            _ => {}
        }
        shape.push(c);
    }
    shape
}

/// Takes out of the overlay's `x-previous-operation-ids` the ids that are an
/// operation's own operationId in `document` (the API went back to a former
/// name): as an alias it would clash with that operation's method.
fn drop_reused_ids(overlay: &mut Value, document: &Value) -> Vec<DroppedAlias> {
    let current: Vec<&str> = operations(document).filter_map(|(_, _, op)| op.get("operationId")?.as_str()).collect();
    let mut dropped = Vec::new();
    let Some(actions) = overlay.get_mut("actions").and_then(Value::as_array_mut) else { return dropped };
    for (index, action) in actions.iter_mut().enumerate() {
        let target = action.get("target").and_then(Value::as_str).unwrap_or_default().to_string();
        let Some(ids) = action.pointer_mut(&format!("/update/{PREVIOUS_IDS}")).and_then(Value::as_array_mut) else {
            continue;
        };
        ids.retain(|id| match id.as_str() {
            Some(id) if current.contains(&id) => {
                dropped.push(DroppedAlias { action: index, target: target.clone(), id: id.to_string() });
                false
            }
            _ => true,
        });
    }
    // An action left with nothing to add goes.
    actions.retain(|action| {
        let update = action.get("update").and_then(Value::as_object);
        let emptied = update.is_some_and(|update| {
            update.len() == 1 && update.get(PREVIOUS_IDS).and_then(Value::as_array).is_some_and(Vec::is_empty)
        });
        !emptied
    });
    dropped
}

/// The operations of a document: path, method and the operation object.
fn operations(document: &Value) -> impl Iterator<Item = (&str, &str, &Value)> {
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    document.get("paths").and_then(Value::as_object).into_iter().flatten().flat_map(|(path, item)| {
        METHODS.iter().filter_map(move |method| Some((path.as_str(), *method, item.get(*method)?)))
    })
}

/// For each operation `new` has under another name than `old` (same method
/// and path, another operationId) whose former method it does not keep yet,
/// an overlay action listing the former operationId in
/// `x-previous-operation-ids`, so that the rename is additive.
fn keep_renamed(old: &Api, new: &Api, overlay: &mut Value, provenance: &Provenance) -> Vec<KeptAlias> {
    let taken: Vec<&str> = new
        .operations
        .iter()
        .flat_map(|op| std::iter::once(&op.method_name).chain(op.aliases.iter().map(|alias| &alias.method_name)))
        .map(String::as_str)
        .collect();
    let mut kept = Vec::new();
    for (was, now) in changes::renamed_operations(old, new) {
        let Some(former_id) = was.operation_id() else { continue };
        if taken.contains(&was.method_name.as_str()) || now.keeps_method(&was.method_name) {
            continue;
        }
        let when =
            provenance.published.as_deref().map(|date| format!(" in the document of {date}")).unwrap_or_default();
        let action = json!({
            "target": operation_target_of(&now.path, &now.method.as_str().to_ascii_lowercase()),
            "description": format!(
                "Renamed upstream{when} (operationId `{former_id}` → `{}`); the method of the former operationId stays as a deprecated alias. Added by `cargo xtask update-spec`.",
                now.id
            ),
            "update": { PREVIOUS_IDS: [former_id] },
        });
        if let Some(actions) = overlay.get_mut("actions").and_then(Value::as_array_mut) {
            actions.push(action);
        }
        kept.push(KeptAlias {
            former_method: was.method_name.clone(),
            former_id: former_id.to_string(),
            method: now.method_name.clone(),
            endpoint: format!("`{} {}`", now.method.as_str(), now.path),
        });
    }
    kept
}

/// The version the changes call for: before 1.0, breaking → next minor and
/// anything else → next patch; from 1.0, breaking → next major, additive →
/// next minor, none → next patch. `None` when `current` is not `X.Y.Z`.
pub fn next_version(current: &str, report: &changes::ChangeReport) -> Option<String> {
    let parts: Vec<u64> = current.split('.').map(|part| part.parse().ok()).collect::<Option<_>>()?;
    let [major, minor, patch] = parts[..] else { return None };
    Some(match (major, report.is_breaking(), report.is_empty()) {
        (0, true, _) => format!("0.{}.0", minor + 1),
        (0, false, _) => format!("0.{minor}.{}", patch + 1),
        (_, true, _) => format!("{}.0.0", major + 1),
        (_, false, false) => format!("{major}.{}.0", minor + 1),
        (_, false, true) => format!("{major}.{minor}.{}", patch + 1),
    })
}

fn major(version: &str) -> Option<u64> {
    version.split('.').next()?.parse().ok()
}

/// The `name` and `version` of a manifest's `[package]`.
pub fn package_name_and_version(manifest: &str) -> Option<(String, String)> {
    let mut table = "";
    let (mut name, mut version) = (None, None);
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            table = line;
        } else if table == "[package]"
            && let Some((key, value)) = line.split_once('=')
        {
            let value = Some(value.trim().trim_matches('"').to_string());
            match key.trim() {
                "name" => name = value,
                "version" => version = value,
                _ => {}
            }
        }
    }
    Some((name?, version?))
}

/// The files that name the crate's version, with the next one: the client's
/// manifest (its version, and the exact requirement on its derive crate),
/// the derive crate's manifest, and the workspace lockfile's entries of both.
fn version_files(out: &Path, release: &Release) -> Result<Vec<(PathBuf, Vec<u8>)>, TaskError> {
    let Release { current, next, .. } = release;
    let read = |path: &Path| fs::read_to_string(path).map_err(io_error(format!("cannot read {}", path.display())));
    let mut files = Vec::new();
    let manifest_path = out.join("Cargo.toml");
    let manifest =
        set_package_version(&read(&manifest_path)?, next).replace(&format!("\"={current}\""), &format!("\"={next}\""));
    files.push((manifest_path, manifest.into_bytes()));
    let mut packages = vec![release.crate_name.clone()];
    let derive_path = out.join("derive").join("Cargo.toml");
    if derive_path.exists() {
        let derive = read(&derive_path)?;
        if let Some((name, _)) = package_name_and_version(&derive) {
            packages.push(name);
        }
        files.push((derive_path, set_package_version(&derive, next).into_bytes()));
    }
    // The workspace's lockfile records the versions of its own packages.
    for lockfile in [out.join("Cargo.lock"), out.join("..").join("Cargo.lock")] {
        if let Ok(text) = fs::read_to_string(&lockfile) {
            let mut updated = text.clone();
            for package in &packages {
                updated = updated.replace(
                    &format!("name = \"{package}\"\nversion = \"{current}\"\n"),
                    &format!("name = \"{package}\"\nversion = \"{next}\"\n"),
                );
            }
            if updated != text {
                files.push((lockfile, updated.into_bytes()));
            }
        }
    }
    Ok(files)
}

/// The manifest with its `[package]` version set to `version`.
fn set_package_version(manifest: &str, version: &str) -> String {
    let mut in_package = false;
    let mut done = false;
    let mut out = String::with_capacity(manifest.len());
    for line in manifest.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        }
        if in_package && !done && trimmed.split_once('=').is_some_and(|(key, _)| key.trim() == "version") {
            out.push_str(&format!("version = \"{version}\"\n"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The CHANGELOG entry of an update: the version, the document it follows,
/// and the change report with its sections one level down.
fn changelog_entry(update: &Update, provenance: &Provenance) -> String {
    let mut entry = String::new();
    let date = provenance.published.as_deref().unwrap_or(&provenance.vendored);
    let _ = writeln!(entry, "## {} — the API document of {date}\n", update.release.next);
    let _ = writeln!(entry, "Generated from {} (vendored {}).\n", provenance.source, provenance.vendored);
    for alias in &update.kept_aliases {
        let _ = writeln!(
            entry,
            "- `{}` is now `{}`; `{}` stays, deprecated.",
            alias.former_method, alias.method, alias.former_method
        );
    }
    if !update.kept_aliases.is_empty() {
        entry.push('\n');
    }
    for line in update.report.to_markdown().lines() {
        match line.strip_prefix("### ") {
            Some(title) => {
                let _ = writeln!(entry, "#### {title}");
            }
            None => {
                let _ = writeln!(entry, "{line}");
            }
        }
    }
    entry
}

/// The changelog with `entry` before its newest entry (the first `## `
/// heading), under its title and preamble; a missing changelog gets a title.
pub fn with_entry(changelog: &str, entry: &str) -> String {
    const TITLE: &str = "# Changelog\n\nEach release of the crate, newest first. `cargo xtask update-spec` writes the entry of an API update.\n";
    let changelog = if changelog.trim().is_empty() { TITLE } else { changelog };
    let newest = if changelog.starts_with("## ") { Some(0) } else { changelog.find("\n## ").map(|at| at + 1) };
    match newest {
        Some(at) => format!("{}{}\n\n{}", &changelog[..at], entry.trim_end(), &changelog[at..]),
        None => format!("{}\n\n{}\n", changelog.trim_end(), entry.trim_end()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn report(breaking: bool, additive: bool) -> changes::ChangeReport {
        let mut report = changes::ChangeReport::default();
        if breaking {
            report.operations_removed.push(changes::Change {
                impact: changes::Impact::Breaking,
                what: "x".into(),
                why: "y".into(),
            });
        }
        if additive {
            report.operations_added.push(changes::Change {
                impact: changes::Impact::Additive,
                what: "x".into(),
                why: "y".into(),
            });
        }
        report
    }

    #[test]
    fn operation_targets_read_back_what_they_write() {
        for path in ["/v1/things/{id}", "/v1/it's/a\\path"] {
            let target = operation_target_of(path, "get");
            assert_eq!(operation_target(&target), Some((path.to_string(), "get".to_string())), "{target}");
        }
        assert_eq!(operation_target("$.components.schemas.Thing"), None);
        assert_eq!(path_shape("/v1/{project_ref}/things/{thing_id}"), "/v1/{}/things/{}");
        assert_ne!(path_shape("/v1/things/{id}"), path_shape("/v1/thing/{id}"));
    }

    #[test]
    fn the_next_version_follows_the_changes() {
        let next = |current: &str, breaking, additive| next_version(current, &report(breaking, additive));
        assert_eq!(next("0.1.0", true, true).as_deref(), Some("0.2.0"));
        assert_eq!(next("0.1.3", false, true).as_deref(), Some("0.1.4"));
        assert_eq!(next("0.1.3", false, false).as_deref(), Some("0.1.4"));
        assert_eq!(next("1.2.3", true, false).as_deref(), Some("2.0.0"));
        assert_eq!(next("1.2.3", false, true).as_deref(), Some("1.3.0"));
        assert_eq!(next("1.2.3", false, false).as_deref(), Some("1.2.4"));
        assert_eq!(next("1.2", false, false), None);
        assert_eq!(next("1.2.x", false, false), None);
    }

    #[test]
    fn a_manifest_gets_its_package_version_only() {
        let manifest = "[package]\nname = \"c\"\nversion = \"0.1.0\"\n\n[dependencies]\nd = { version = \"=0.1.0\" }\nversion = \"x\"\n";
        assert_eq!(package_name_and_version(manifest), Some(("c".to_string(), "0.1.0".to_string())));
        assert_eq!(
            set_package_version(manifest, "0.2.0"),
            "[package]\nname = \"c\"\nversion = \"0.2.0\"\n\n[dependencies]\nd = { version = \"=0.1.0\" }\nversion = \"x\"\n"
        );
    }

    #[test]
    fn a_changelog_entry_goes_first_under_the_title() {
        let first = with_entry("", "## 0.1.0 — one\n\nA.\n");
        assert!(first.starts_with("# Changelog\n\n"), "{first}");
        assert!(first.ends_with("\n## 0.1.0 — one\n\nA.\n"), "{first}");
        let second = with_entry(&first, "## 0.2.0 — two\n\nB.\n");
        let (two, one) = (second.find("## 0.2.0"), second.find("## 0.1.0"));
        assert!(two.is_some() && two < one, "{second}");
        assert_eq!(second.matches("# Changelog").count(), 1, "{second}");
        // A hand-written preamble under the title stays there.
        let with_preamble = with_entry("# Changelog\n\nSee also the README.\n\n## 0.1.0 — one\n", "## 0.2.0 — two\n");
        let (preamble, two) = (with_preamble.find("See also"), with_preamble.find("## 0.2.0"));
        assert!(preamble.is_some() && preamble < two, "{with_preamble}");
    }
}
