//! What changed between two versions of an API, computed from their models
//! ([`compare`]), and what each change does to Rust code written against the
//! client generated from the old version.
//!
//! A change is **breaking** when such code may stop compiling, and
//! **additive** when it keeps compiling (a deprecation only warns; a change of
//! what goes on the wire with the same Rust types is additive). The rules
//! follow what the generator emits:
//!
//! - An operation is a method of `Client`: its required parameters (path
//!   parameters always) are positional arguments in order, then a required
//!   body; optional parameters and an optional body are setters of the request
//!   builder. `.await` gives the success body (`()` when empty, an enum when
//!   the body depends on the status, the `Url` of a redirect).
//! - A field is `T` when required, `Option<T>` when required and nullable or
//!   optional, `Option<Option<T>>` when optional and nullable: a change of
//!   presence that changes this type is breaking; one that keeps it only
//!   changes whether `None` is sent as `null`.
//! - A struct only read from responses (never sent in a request) is
//!   `#[non_exhaustive]` and implements `Default` (its empty value): code
//!   outside the crate cannot write it as a literal, so it builds one with
//!   `X::default()` and sets fields, and any field added to it — required or
//!   optional — is additive. Fields removed, renamed or of another type stay
//!   breaking: code reads them. A struct that becomes sent loses
//!   `#[non_exhaustive]` (additive) and, with required fields, its `Default`
//!   (breaking); one that stops being sent gains it (breaking: its literals no
//!   longer compile).
//! - A struct that is sent is exhaustive: the API requires what it requires,
//!   so a required field added is breaking. One whose fields are all optional
//!   implements `Default`; one with 1 to 7 required fields has
//!   `new(required fields…)`. Code is assumed to build sent structs through
//!   these (`X { a: Some(1), ..X::new(b) }`), so an added optional field is
//!   additive when the old struct had either, and breaking when it had
//!   neither (its literals name every field). Patterns that destructure a
//!   struct without `..` break on any added field; they are not counted.
//! - Every enum (string and integer enums, `oneOf`s, responses by status,
//!   bodies by content type) is `#[non_exhaustive]`, so every `match` on one
//!   outside the crate has a wildcard arm, and an added variant is additive
//!   (a value that used to read as the catch-all now reads as the new
//!   variant). A variant removed or renamed is breaking: code names it.
//!
//! Documentation (summaries, descriptions, formats, defaults, error statuses)
//! is not compared.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{
    Api, Body, BodyEncoding, BodyKind, BodyVariant, Discriminator, Encoding, Enum, Field, OneOf, OneOfVariant,
    Operation, Pagination, Param, ParamLocation, Response, Shape, StatusVariant, Struct, Ty, TypeDef, TypeKind,
    Variant,
};

/// The emitter gives a struct `new(…)` only up to this many required fields.
const MAX_CONSTRUCTOR_ARGUMENTS: usize = 7;

/// What a change does to code written against the previous crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// That code may no longer compile.
    Breaking,
    /// That code still compiles (at most with a deprecation warning).
    Additive,
}

/// One difference between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub impact: Impact,
    /// What changed, e.g. "required field `region: String` added".
    pub what: String,
    /// Why it has this impact, in terms of Rust code.
    pub why: String,
}

impl Change {
    fn breaking(what: impl Into<String>, why: impl Into<String>) -> Self {
        Change { impact: Impact::Breaking, what: what.into(), why: why.into() }
    }

    fn additive(what: impl Into<String>, why: impl Into<String>) -> Self {
        Change { impact: Impact::Additive, what: what.into(), why: why.into() }
    }
}

/// The changes inside one operation or type present in both versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChanges {
    /// The item as a heading, e.g. "`list_pets` (`GET /v1/pets`)".
    pub item: String,
    pub changes: Vec<Change>,
}

/// Everything that changed, section by section, each sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeReport {
    pub old_version: String,
    pub new_version: String,
    /// `Client::new` and the default base URL.
    pub client: Vec<Change>,
    pub operations_added: Vec<Change>,
    pub operations_removed: Vec<Change>,
    /// Matched by HTTP method and path template; the first change is the rename.
    pub operations_renamed: Vec<ItemChanges>,
    pub operations_changed: Vec<ItemChanges>,
    pub types_added: Vec<Change>,
    pub types_removed: Vec<Change>,
    pub types_changed: Vec<ItemChanges>,
}

impl ChangeReport {
    /// Every change, in report order.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        fn grouped(groups: &[ItemChanges]) -> impl Iterator<Item = &Change> {
            groups.iter().flat_map(|g| &g.changes)
        }
        self.client
            .iter()
            .chain(&self.operations_added)
            .chain(&self.operations_removed)
            .chain(grouped(&self.operations_renamed))
            .chain(grouped(&self.operations_changed))
            .chain(&self.types_added)
            .chain(&self.types_removed)
            .chain(grouped(&self.types_changed))
    }

    pub fn count(&self, impact: Impact) -> usize {
        self.changes().filter(|c| c.impact == impact).count()
    }

    pub fn is_breaking(&self) -> bool {
        self.changes().any(|c| c.impact == Impact::Breaking)
    }

    pub fn is_empty(&self) -> bool {
        self.changes().next().is_none()
    }

    /// The report for a pull request: a summary line, then one section per
    /// kind of change that has entries.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let versions = format!("`{}` → `{}`", self.old_version, self.new_version);
        if self.is_empty() {
            let _ = writeln!(out, "**API changes {versions}: none** — the generated client's API is the same.");
            return out;
        }
        let counts = |parts: &[(&str, usize)]| {
            let listed: Vec<String> =
                parts.iter().filter(|(_, n)| *n > 0).map(|(label, n)| format!("{n} {label}")).collect();
            if listed.is_empty() { "none".to_string() } else { listed.join(", ") }
        };
        let operations = counts(&[
            ("added", self.operations_added.len()),
            ("removed", self.operations_removed.len()),
            ("renamed", self.operations_renamed.len()),
            ("changed", self.operations_changed.len()),
        ]);
        let types = counts(&[
            ("added", self.types_added.len()),
            ("removed", self.types_removed.len()),
            ("changed", self.types_changed.len()),
        ]);
        let _ = writeln!(
            out,
            "**API changes {versions}: {} breaking, {} additive** (operations: {operations}; types: {types}).",
            self.count(Impact::Breaking),
            self.count(Impact::Additive),
        );
        out.push_str(
            "\n*Breaking*: code written against the previous version of the crate may no longer compile. \
             *Additive*: it still compiles (deprecations warn).\n",
        );
        write_flat_section(&mut out, "Client", &self.client);
        write_flat_section(&mut out, "Operations added", &self.operations_added);
        write_flat_section(&mut out, "Operations removed", &self.operations_removed);
        write_grouped_section(&mut out, "Operations renamed", &self.operations_renamed);
        write_grouped_section(&mut out, "Operations changed", &self.operations_changed);
        write_flat_section(&mut out, "Types added", &self.types_added);
        write_flat_section(&mut out, "Types removed", &self.types_removed);
        write_grouped_section(&mut out, "Types changed", &self.types_changed);
        out
    }
}

fn change_line(change: &Change) -> String {
    let tag = match change.impact {
        Impact::Breaking => "**breaking**",
        Impact::Additive => "additive",
    };
    format!("{tag}: {} — {}", change.what, change.why)
}

fn write_flat_section(out: &mut String, title: &str, changes: &[Change]) {
    if changes.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title}\n");
    for change in changes {
        let _ = writeln!(out, "- {}", change_line(change));
    }
}

fn write_grouped_section(out: &mut String, title: &str, groups: &[ItemChanges]) {
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title}\n");
    for group in groups {
        let _ = writeln!(out, "- {}", group.item);
        for change in &group.changes {
            let _ = writeln!(out, "  - {}", change_line(change));
        }
    }
}

/// The changes from `old` to `new`.
pub fn compare(old: &Api, new: &Api) -> ChangeReport {
    // Model structs are destructured without `..` here and below, so that a
    // field added to the model does not compile until it is compared or
    // marked as irrelevant to the Rust API (`_`).
    let Api { title: _, description: _, version, base_url, uses_bearer, types, operations } = new;
    let mut report =
        ChangeReport { old_version: old.version.clone(), new_version: version.clone(), ..ChangeReport::default() };
    compare_client(old, base_url, *uses_bearer, &mut report.client);
    compare_operations(old, new, operations, &mut report);
    compare_types(&old.types, types, &mut report);
    report
}

fn compare_client(old: &Api, base_url: &Option<String>, uses_bearer: bool, changes: &mut Vec<Change>) {
    match (&old.base_url, base_url) {
        (Some(was), Some(now)) if was != now => changes.push(Change::additive(
            format!("`DEFAULT_BASE_URL` is now `{now}` (was `{was}`)"),
            "clients built without a base URL talk to the new address",
        )),
        (Some(_), None) => changes.push(Change::breaking(
            "`DEFAULT_BASE_URL` removed (the document names no absolute server)",
            "`Client::new` now takes a `base_url` argument",
        )),
        (None, Some(now)) => changes.push(Change::breaking(
            format!("`DEFAULT_BASE_URL` added: `{now}`"),
            "`Client::new` no longer takes a `base_url` argument",
        )),
        _ => {}
    }
    match (old.uses_bearer, uses_bearer) {
        (false, true) => changes
            .push(Change::breaking("the API now uses bearer authentication", "`Client::new` takes a token argument")),
        (true, false) => changes.push(Change::breaking(
            "the API no longer uses bearer authentication",
            "`Client::new` no longer takes a token argument",
        )),
        _ => {}
    }
}

/// Items of two lists matched by key.
enum Paired<T> {
    Removed(T),
    Added(T),
    Kept(T, T),
}

/// Pairs up the items of two versions by key, in key order.
fn pair_by_key<K: Ord, T>(
    old: impl IntoIterator<Item = (K, T)>,
    new: impl IntoIterator<Item = (K, T)>,
) -> Vec<(K, Paired<T>)> {
    let mut slots: BTreeMap<K, (Option<T>, Option<T>)> = BTreeMap::new();
    for (key, item) in old {
        slots.entry(key).or_insert((None, None)).0 = Some(item);
    }
    for (key, item) in new {
        slots.entry(key).or_insert((None, None)).1 = Some(item);
    }
    slots
        .into_iter()
        .filter_map(|(key, slot)| match slot {
            (Some(old), Some(new)) => Some((key, Paired::Kept(old, new))),
            (Some(old), None) => Some((key, Paired::Removed(old))),
            (None, Some(new)) => Some((key, Paired::Added(new))),
            (None, None) => None,
        })
        .collect()
}

fn endpoint(op: &Operation) -> String {
    format!("`{} {}`", op.method.as_str(), op.path)
}

/// The HTTP method and the path with its parameter names left out: an
/// operation keeps its endpoint when a path parameter is renamed.
fn endpoint_key(op: &Operation) -> (&'static str, String) {
    let mut template = String::new();
    let mut in_param = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_param = true;
                template.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => template.push(c),
            _ => {}
        }
    }
    (op.method.as_str(), template)
}

/// The operations keyed by endpoint, leaving out endpoints that several share.
fn unique_endpoints<'a>(ops: &[&'a Operation]) -> Vec<((&'static str, String), &'a Operation)> {
    let keys: Vec<_> = ops.iter().map(|op| endpoint_key(op)).collect();
    keys.iter()
        .zip(ops)
        .filter(|(key, _)| keys.iter().filter(|k| k == key).count() == 1)
        .map(|(key, op)| (key.clone(), *op))
        .collect()
}

/// A removed and an added operation on the same endpoint are one renamed
/// operation, when that endpoint identifies a single one on each side.
fn pair_renamed<'a>(removed: &[&'a Operation], added: &[&'a Operation]) -> Vec<(&'a Operation, &'a Operation)> {
    pair_by_key(unique_endpoints(removed), unique_endpoints(added))
        .into_iter()
        .filter_map(|(_, pair)| if let Paired::Kept(was, now) = pair { Some((was, now)) } else { None })
        .collect()
}

/// The operations of `old` that `new` has under another method name (the
/// same HTTP method and path template, another operationId), each with its
/// new self: the renames [`compare`] reports, for `update-spec` to keep the
/// former methods as deprecated aliases.
pub fn renamed_operations<'a>(old: &'a Api, new: &'a Api) -> Vec<(&'a Operation, &'a Operation)> {
    let names = |api: &'a Api| api.operations.iter().map(|op| (op.method_name.as_str(), op));
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for (_, pair) in pair_by_key(names(old), names(new)) {
        match pair {
            Paired::Removed(op) => removed.push(op),
            Paired::Added(op) => added.push(op),
            Paired::Kept(..) => {}
        }
    }
    pair_renamed(&removed, &added)
}

fn compare_operations<'a>(old: &'a Api, new: &Api, operations: &'a [Operation], report: &mut ChangeReport) {
    let by_name = |op: &'a Operation| (op.method_name.clone(), op);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for (_, pair) in pair_by_key(old.operations.iter().map(by_name), operations.iter().map(by_name)) {
        match pair {
            Paired::Removed(op) => removed.push(op),
            Paired::Added(op) => added.push(op),
            Paired::Kept(was, now) => {
                let changes = compare_operation(new, was, now);
                if !changes.is_empty() {
                    let item = format!("`{}` ({})", now.method_name, endpoint(now));
                    report.operations_changed.push(ItemChanges { item, changes });
                }
            }
        }
    }

    let mut renamed = pair_renamed(&removed, &added);
    removed.retain(|op| !renamed.iter().any(|(was, _)| std::ptr::eq(*was, *op)));
    added.retain(|op| !renamed.iter().any(|(_, now)| std::ptr::eq(*now, *op)));

    for was in removed {
        report.operations_removed.push(Change::breaking(
            format!("`{}` ({})", was.method_name, endpoint(was)),
            format!("calls of `{}` no longer compile", was.method_name),
        ));
    }
    for now in added {
        report
            .operations_added
            .push(Change::additive(format!("`{}` ({})", now.method_name, endpoint(now)), "a new method of `Client`"));
    }
    renamed.sort_by(|a, b| a.0.method_name.cmp(&b.0.method_name));
    for (was, now) in renamed {
        let ids = match (was.operation_id(), now.operation_id()) {
            (Some(was), Some(now)) => format!(" (operationId `{was}` → `{now}`)"),
            _ => String::new(),
        };
        let rename = format!("method `{}` is now `{}`{ids}", was.method_name, now.method_name);
        let mut changes = if now.keeps_method(&was.method_name) {
            // `x-previous-operation-ids`: the old method stays, deprecated.
            let mut kept = vec![Change::additive(
                rename,
                format!("`{}` stays as a deprecated alias; calls still compile, with a warning", was.method_name),
            )];
            if was.builder_name != now.builder_name && !now.keeps_builder(&was.builder_name) {
                kept.push(Change::breaking(
                    format!("request builder `{}` is now `{}`", was.builder_name, now.builder_name),
                    "code naming the builder type no longer compiles",
                ));
            }
            kept
        } else {
            vec![Change::breaking(
                rename,
                format!(
                    "calls of `{}`, and code naming its request builder `{}`, no longer compile",
                    was.method_name, was.builder_name
                ),
            )]
        };
        changes.extend(compare_operation(new, was, now));
        let item = format!("`{}` → `{}` ({})", was.method_name, now.method_name, endpoint(now));
        report.operations_renamed.push(ItemChanges { item, changes });
    }
}

fn compare_operation(new_api: &Api, old: &Operation, new: &Operation) -> Vec<Change> {
    let Operation {
        id: _,       // only names the method
        method_name, // the identity, or a rename (reported by the caller)
        builder_name,
        method: _, // with `path`, the endpoint
        path: _,
        segments: _, // follows from the path and the parameters
        summary: _,
        description: _,
        deprecated,
        params: _, // compared in `compare_params`
        body,
        response,
        errors: _, // documentation only: error bodies are read by `Error::body::<T>()`
        bearer,
        aliases,
        pagination,
    } = new;
    let mut changes = Vec::new();
    if old.method_name == *method_name && old.builder_name != *builder_name && !new.keeps_builder(&old.builder_name) {
        changes.push(Change::breaking(
            format!("request builder `{}` is now `{builder_name}`", old.builder_name),
            "code naming the builder type no longer compiles",
        ));
    }
    if endpoint_key(old) != endpoint_key(new) {
        changes.push(Change::additive(
            format!("now sends {} (was {})", endpoint(new), endpoint(old)),
            "the method's signature is unchanged",
        ));
    }
    compare_params(old, new, &mut changes);
    compare_body(new_api, &new.method_name, old.body.as_ref(), body.as_ref(), &mut changes);
    compare_response(&old.response, response, &mut changes);
    for alias in aliases.iter().map(|alias| &alias.method_name) {
        if !old.keeps_method(alias) && *alias != old.method_name {
            changes.push(Change::additive(format!("deprecated alias `{alias}` added"), "a new (deprecated) method"));
        }
    }
    // A former name that is the operation's own again is no loss.
    for alias in old.aliases.iter().map(|alias| &alias.method_name) {
        if new.keeps_method(alias) || alias == method_name {
            continue;
        }
        changes.push(Change::breaking(
            format!("deprecated alias `{alias}` removed"),
            format!("calls of `{alias}` no longer compile"),
        ));
    }
    for former in old.aliases.iter().filter_map(|alias| alias.builder_name.as_ref()) {
        if !new.keeps_builder(former) && former != builder_name {
            changes.push(Change::breaking(
                format!("deprecated type `{former}` removed"),
                format!("code naming `{former}` no longer compiles"),
            ));
        }
    }
    match (old.deprecated.is_some(), deprecated.is_some()) {
        (false, true) => changes.push(Change::additive(
            format!("`{method_name}` deprecated"),
            "calls still compile, with a deprecation warning",
        )),
        (true, false) => {
            changes.push(Change::additive(format!("`{method_name}` no longer deprecated"), "calls no longer warn"))
        }
        _ => {}
    }
    compare_pagination(old.pagination.as_ref(), pagination.as_ref(), &mut changes);
    match (old.bearer, *bearer) {
        (false, true) => changes
            .push(Change::additive("now sends the bearer token", "no code change; the client needs a token for it")),
        (true, false) => changes.push(Change::additive("no longer sends the bearer token", "no code change")),
        _ => {}
    }
    changes
}

/// Paging gives the request `.items()` and `.pages()`; their item type is the
/// one thing code written against them names.
fn compare_pagination(old: Option<&Pagination>, new: Option<&Pagination>, changes: &mut Vec<Change>) {
    match (old, new) {
        (None, Some(_)) => changes.push(Change::additive("now paged", "`.items()` and `.pages()` walk every page")),
        (Some(_), None) => changes.push(Change::breaking(
            "no longer paged",
            "calls of `.items()` and `.pages()` on its request no longer compile",
        )),
        (Some(was), Some(now)) if was.item != now.item => changes.push(Change::breaking(
            format!("paged items `{}` → `{}`", rust_type(&was.item), rust_type(&now.item)),
            "`.items()` gives another type",
        )),
        _ => {}
    }
}

/// Path parameters by position (arguments are positional, so a renamed one is
/// the same argument); the others by location and name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum ParamKey {
    Path(usize),
    Query(String),
    Header(String),
}

fn param_keys(op: &Operation) -> Vec<(ParamKey, &Param)> {
    let mut path_index = 0;
    op.params
        .iter()
        .map(|p| {
            let key = match p.location {
                ParamLocation::Path => {
                    path_index += 1;
                    ParamKey::Path(path_index - 1)
                }
                ParamLocation::Query => ParamKey::Query(p.wire_name.clone()),
                // Header names are case-insensitive.
                ParamLocation::Header => ParamKey::Header(p.wire_name.to_ascii_lowercase()),
            };
            (key, p)
        })
        .collect()
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// The type a parameter's argument or setter takes, as the emitter writes it:
/// strings by reference, arrays as slices; a setter takes the value without
/// the `Option` of a nullable parameter.
fn param_arg_type(p: &Param) -> String {
    fn arg(ty: &Ty) -> String {
        match ty {
            Ty::String => "&str".to_string(),
            Ty::Vec(item) => match item.as_ref() {
                Ty::String => "&[&str]".to_string(),
                other => format!("&[{}]", rust_type(other)),
            },
            Ty::Option(inner) => format!("Option<{}>", arg(inner)),
            other => rust_type(other),
        }
    }
    match (&p.ty, p.required) {
        (Ty::Option(inner), false) => arg(inner),
        (ty, _) => arg(ty),
    }
}

fn describe_param(p: &Param) -> String {
    format!("{} parameter `{}: {}`", location_word(p.location), p.rust_name, param_arg_type(p))
}

fn compare_params<'a>(old: &'a Operation, new: &'a Operation, changes: &mut Vec<Change>) {
    let method = &new.method_name;
    for (_, pair) in pair_by_key(param_keys(old), param_keys(new)) {
        match pair {
            Paired::Added(p) if p.required => changes.push(Change::breaking(
                format!("required {} added", describe_param(p)),
                format!("a new argument of `{method}`"),
            )),
            Paired::Added(p) => changes.push(Change::additive(
                format!("optional {} added", describe_param(p)),
                format!("a new setter `.{}(…)` of the request builder", p.rust_name),
            )),
            Paired::Removed(p) if p.required => changes.push(Change::breaking(
                format!("required {} removed", describe_param(p)),
                format!("`{method}` takes one argument less"),
            )),
            Paired::Removed(p) => changes.push(Change::breaking(
                format!("optional {} removed", describe_param(p)),
                format!("the setter `.{}(…)` is gone", p.rust_name),
            )),
            Paired::Kept(was, now) => compare_param(method, was, now, changes),
        }
    }

    // Arguments are positional: parameters that stay arguments must keep their order.
    let argument_order = |op: &'a Operation, other: &Operation| -> Vec<(ParamKey, &'a str)> {
        let other_required: Vec<ParamKey> =
            param_keys(other).into_iter().filter(|(_, p)| p.required).map(|(k, _)| k).collect();
        param_keys(op)
            .into_iter()
            .filter(|(k, p)| p.required && other_required.contains(k))
            .map(|(k, p)| (k, p.rust_name.as_str()))
            .collect()
    };
    let (was, now) = (argument_order(old, new), argument_order(new, old));
    let keys = |arguments: &[(ParamKey, &str)]| arguments.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    if keys(&was) != keys(&now) {
        let names = |arguments: &[(ParamKey, &str)]| arguments.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ");
        changes.push(Change::breaking(
            format!("arguments reordered: ({}) → ({})", names(&was), names(&now)),
            "calls in the old order pass values to other parameters (silently, where the types agree)",
        ));
    }
}

fn compare_param(method: &str, old: &Param, new: &Param, changes: &mut Vec<Change>) {
    let Param {
        wire_name: _, // part of the key, except for path parameters (whose argument names follow)
        rust_name,
        location,
        required,
        ty,
        encoding,
        docs: _,
        deprecated,
        default: _,
    } = new;
    let place = location_word(*location);
    if old.rust_name != *rust_name {
        if old.required && *required {
            changes.push(Change::additive(
                format!("{place} parameter `{}` is now `{rust_name}`", old.rust_name),
                "arguments are positional, so calls are unchanged",
            ));
        } else if !old.required && !*required {
            changes.push(Change::breaking(
                format!("{place} parameter `{}` is now `{rust_name}`", old.rust_name),
                format!("the setter `.{}(…)` is now `.{rust_name}(…)`", old.rust_name),
            ));
        }
    }
    match (old.required, *required) {
        (false, true) => changes.push(Change::breaking(
            format!("{place} parameter `{rust_name}` is now required"),
            format!("a new argument of `{method}`; the setter `.{}(…)` is gone", old.rust_name),
        )),
        (true, false) => changes.push(Change::breaking(
            format!("{place} parameter `{rust_name}` is now optional"),
            format!("`{method}` takes one argument less; it is set with `.{rust_name}(…)`"),
        )),
        _ => {}
    }
    // With the same requiredness, compare the argument types; across a change of
    // requiredness (reported above), only the values.
    let (was_type, now_type) = if old.required == *required {
        (param_arg_type(old), param_arg_type(new))
    } else {
        (rust_type(strip_option(&old.ty)), rust_type(strip_option(ty)))
    };
    if was_type != now_type {
        let takes = if *required { "the argument" } else { "the setter" };
        changes.push(Change::breaking(
            format!("{place} parameter `{rust_name}`: `{was_type}` → `{now_type}`"),
            format!("{takes} takes another type"),
        ));
    }
    if old.deprecated.is_some() != deprecated.is_some() {
        let what = if deprecated.is_some() { "deprecated" } else { "no longer deprecated" };
        let why = match (deprecated.is_some(), *required) {
            (true, false) => "the setter still compiles, with a deprecation warning",
            (true, true) => "documented as deprecated; calls are unchanged",
            (false, _) => "calls are unchanged",
        };
        changes.push(Change::additive(format!("{place} parameter `{rust_name}` {what}"), why));
    }
    if let (Some(was), Some(now)) = (old.encoding, *encoding)
        && was != now
    {
        let array = matches!(strip_option(ty), Ty::Vec(_));
        changes.push(Change::additive(
            format!(
                "{place} parameter `{rust_name}` is now sent as {} (was {})",
                pairs_example(&new.wire_name, now, array),
                pairs_example(&old.wire_name, was, array)
            ),
            "the argument type is unchanged",
        ));
    }
}

/// How a parameter of an array (or else an object) type looks in the query.
fn pairs_example(name: &str, encoding: Encoding, array: bool) -> String {
    match (encoding, array) {
        (Encoding::Exploded, true) => format!("`{name}=1&{name}=2`"),
        (Encoding::Exploded, false) => "`k1=v1&k2=v2`".to_string(),
        (Encoding::Joined(" "), true) => format!("`{name}=1+2`"),
        (Encoding::Joined(separator), true) => format!("`{name}=1{separator}2`"),
        (Encoding::Joined(" "), false) => format!("`{name}=k1+v1`"),
        (Encoding::Joined(separator), false) => format!("`{name}=k1{separator}v1`"),
        (Encoding::DeepObject, _) => format!("`{name}[k1]=v1`"),
        (Encoding::Json, _) => format!("`{name}=<JSON>`"),
    }
}

fn strip_option(ty: &Ty) -> &Ty {
    match ty {
        Ty::Option(inner) => inner,
        other => other,
    }
}

/// What a request body argument (or `.body(…)` setter) accepts.
#[derive(Debug, Clone, PartialEq)]
enum BodyArg {
    Value(Ty),
    /// `impl Into<bytes::Bytes>`
    IntoBytes,
    /// `impl Into<Choice>`, an enum of content types.
    IntoChoice(String),
}

fn body_arg(kind: &BodyKind) -> BodyArg {
    match kind {
        BodyKind::Single { encoding: BodyEncoding::Bytes, .. } => BodyArg::IntoBytes,
        BodyKind::Single { encoding, .. } => BodyArg::Value(encoding.ty()),
        BodyKind::Choice(name) => BodyArg::IntoChoice(name.clone()),
    }
}

fn render_body_arg(arg: &BodyArg) -> String {
    match arg {
        BodyArg::Value(ty) => rust_type(ty),
        BodyArg::IntoBytes => "impl Into<bytes::Bytes>".to_string(),
        BodyArg::IntoChoice(name) => format!("impl Into<{name}>"),
    }
}

/// Whether a value that `old` took still compiles where `new` is taken: an
/// enum of content types converts `From` each variant type no other variant has.
fn still_accepts(api: &Api, new: &BodyArg, old: &BodyArg) -> bool {
    let (BodyArg::IntoChoice(name), BodyArg::Value(old_ty)) = (new, old) else { return new == old };
    let Some(TypeKind::Bodies(variants)) = api.types.iter().find(|t| t.name == *name).map(|t| &t.kind) else {
        return false;
    };
    variants.iter().filter(|v| v.encoding.ty() == *old_ty).count() == 1
}

fn compare_body(api: &Api, method: &str, old: Option<&Body>, new: Option<&Body>, changes: &mut Vec<Change>) {
    match (old, new) {
        (None, None) => {}
        (None, Some(body)) => {
            let arg = render_body_arg(&body_arg(&body.kind));
            changes.push(if body.required {
                Change::breaking(
                    format!("required request body `{arg}` added"),
                    format!("a new last argument of `{method}`"),
                )
            } else {
                Change::additive(
                    format!("optional request body `{arg}` added"),
                    "a new setter `.body(…)` of the request builder",
                )
            });
        }
        (Some(body), None) => {
            let arg = render_body_arg(&body_arg(&body.kind));
            changes.push(if body.required {
                Change::breaking(format!("request body `{arg}` removed"), format!("`{method}` takes one argument less"))
            } else {
                Change::breaking(format!("optional request body `{arg}` removed"), "the setter `.body(…)` is gone")
            });
        }
        (Some(old), Some(new)) => {
            let Body { required, kind } = new;
            match (old.required, *required) {
                (false, true) => changes.push(Change::breaking(
                    "request body is now required",
                    format!("a new last argument of `{method}`; the setter `.body(…)` is gone"),
                )),
                (true, false) => changes.push(Change::breaking(
                    "request body is now optional",
                    format!("`{method}` takes one argument less; the body is set with `.body(…)`"),
                )),
                _ => {}
            }
            let (was, now) = (body_arg(&old.kind), body_arg(kind));
            if was != now {
                let what = format!("request body `{}` → `{}`", render_body_arg(&was), render_body_arg(&now));
                changes.push(if still_accepts(api, &now, &was) {
                    Change::additive(what, format!("a `{}` still converts into it", render_body_arg(&was)))
                } else {
                    Change::breaking(what, "the body takes another type")
                });
            } else if let (
                BodyKind::Single { content_type: was_type, encoding: was_encoding },
                BodyKind::Single { content_type: now_type, encoding: now_encoding },
            ) = (&old.kind, kind)
                && (was_type != now_type || was_encoding != now_encoding)
            {
                let what = if was_type == now_type {
                    // Only the encodings of form fields (style, explode, contentType) can differ.
                    format!("request body (`{now_type}`): its fields are now encoded differently")
                } else {
                    format!("request body now sent as `{now_type}` (was `{was_type}`)")
                };
                changes.push(Change::additive(what, "the body type is unchanged"));
            }
        }
    }
}

/// What `.await` on the request gives.
fn output_type(response: &Response) -> String {
    match response {
        Response::Single { body, .. } => body.ty().map_or_else(|| "()".to_string(), |ty| rust_type(&ty)),
        Response::ByStatus(name) => name.clone(),
        Response::Redirect => "Url".to_string(),
    }
}

fn compare_response(old: &Response, new: &Response, changes: &mut Vec<Change>) {
    let (was, now) = (output_type(old), output_type(new));
    if was != now {
        changes.push(Change::breaking(format!("response `{was}` → `{now}`"), "`.await` gives another type"));
        return;
    }
    if let (Response::Single { statuses: was, .. }, Response::Single { statuses: now, .. }) = (old, new)
        && was != now
    {
        let list = |statuses: &[u16]| {
            if statuses.is_empty() {
                "none".to_string()
            } else {
                statuses.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
            }
        };
        changes.push(Change::additive(
            format!("success statuses {} → {}", list(was), list(now)),
            "the response type is unchanged",
        ));
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::StringEnum(_) => "string enum",
        TypeKind::IntegerEnum(_) => "integer enum",
        TypeKind::OneOf(_) => "oneOf enum",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Responses(_) => "enum of responses by status",
        TypeKind::Bodies(_) => "enum of request bodies by content type",
    }
}

fn type_item(def: &TypeDef) -> String {
    format!("`{}` ({})", def.name, kind_name(&def.kind))
}

fn compare_types<'a>(old: &'a [TypeDef], new: &'a [TypeDef], report: &mut ChangeReport) {
    let by_name = |t: &'a TypeDef| (t.name.clone(), t);
    let pairs = pair_by_key(old.iter().map(by_name), new.iter().map(by_name));
    let added: Vec<&TypeDef> =
        pairs.iter().filter_map(|(_, pair)| if let Paired::Added(t) = pair { Some(*t) } else { None }).collect();
    for (_, pair) in &pairs {
        match pair {
            Paired::Removed(was) => {
                let mut why = format!("code naming `{}` no longer compiles", was.name);
                // Often a type renamed with the operation it belongs to.
                let twins: Vec<&&TypeDef> = added.iter().filter(|now| now.kind == was.kind).collect();
                if let [twin] = twins.as_slice() {
                    let _ = write!(why, "; the added `{}` has the same definition", twin.name);
                }
                report.types_removed.push(Change::breaking(type_item(was), why));
            }
            Paired::Added(now) => report.types_added.push(Change::additive(type_item(now), "a new type")),
            Paired::Kept(was, now) => {
                let changes = compare_type(was, now);
                if !changes.is_empty() {
                    report.types_changed.push(ItemChanges { item: type_item(now), changes });
                }
            }
        }
    }
}

fn compare_type(old: &TypeDef, new: &TypeDef) -> Vec<Change> {
    let TypeDef { name, docs: _, kind } = new;
    let mut changes = Vec::new();
    match (&old.kind, kind) {
        (TypeKind::Struct(was), TypeKind::Struct(now)) => compare_struct(name, was, now, &mut changes),
        (TypeKind::StringEnum(was), TypeKind::StringEnum(now)) => {
            compare_enum(name, was, now, |value| format!("{value:?}"), &mut changes)
        }
        (TypeKind::IntegerEnum(was), TypeKind::IntegerEnum(now)) => {
            compare_enum(name, was, now, i64::to_string, &mut changes)
        }
        (TypeKind::OneOf(was), TypeKind::OneOf(now)) => compare_one_of(name, was, now, &mut changes),
        (TypeKind::Alias(was), TypeKind::Alias(now)) => {
            if was != now {
                changes.push(Change::breaking(
                    format!("alias of `{}` → `{}`", rust_type(was), rust_type(now)),
                    format!("code using `{name}` as the old type no longer compiles"),
                ));
            }
        }
        (TypeKind::Responses(was), TypeKind::Responses(now)) => {
            let variants = |list: &[StatusVariant]| -> Vec<PayloadVariant> {
                list.iter()
                    .map(|v| {
                        let StatusVariant { name, status, body } = v;
                        let wire = status.map_or("any other success status".to_string(), |s| format!("status {s}"));
                        (name.clone(), body.ty(), wire)
                    })
                    .collect()
            };
            compare_payload_variants(name, variants(was), variants(now), &mut changes);
        }
        (TypeKind::Bodies(was), TypeKind::Bodies(now)) => {
            let variants = |list: &[BodyVariant]| -> Vec<PayloadVariant> {
                list.iter()
                    .map(|v| {
                        let BodyVariant { name, content_type, encoding } = v;
                        let how = match encoding {
                            BodyEncoding::Json(_) => "JSON",
                            BodyEncoding::Form(..) => "form",
                            BodyEncoding::Multipart(_) => "multipart",
                            BodyEncoding::Bytes => "bytes",
                        };
                        (name.clone(), Some(encoding.ty()), format!("`{content_type}` as {how}"))
                    })
                    .collect()
            };
            compare_payload_variants(name, variants(was), variants(now), &mut changes);
        }
        // Every kind on the left, so that a new kind must get its own arm above.
        (
            TypeKind::Struct(_)
            | TypeKind::StringEnum(_)
            | TypeKind::IntegerEnum(_)
            | TypeKind::OneOf(_)
            | TypeKind::Alias(_)
            | TypeKind::Responses(_)
            | TypeKind::Bodies(_),
            _,
        ) => changes.push(Change::breaking(
            format!("was a {}, now a {}", kind_name(&old.kind), kind_name(kind)),
            format!("code using `{name}` as a {} no longer compiles", kind_name(&old.kind)),
        )),
    }
    changes
}

/// A field's Rust type, as the emitter writes it.
fn field_type(field: &Field) -> String {
    let ty = rust_type(&field.ty);
    match (field.required, field.nullable) {
        (true, false) => ty,
        (true, true) | (false, false) => format!("Option<{ty}>"),
        (false, true) => format!("Option<Option<{ty}>>"),
    }
}

/// The arguments of the struct's `new(…)`, if the emitter gives it one.
fn constructor(s: &Struct) -> Option<Vec<(String, String)>> {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    // Only structs sent in requests get one (responses are read, not built).
    if !s.sent || required.is_empty() || required.len() > MAX_CONSTRUCTOR_ARGUMENTS {
        return None;
    }
    let argument = |f: &Field| match (&f.ty, f.nullable) {
        (Ty::String, false) => "impl Into<String>".to_string(),
        _ => field_type(f),
    };
    Some(required.iter().map(|f| (f.rust_name.clone(), argument(f))).collect())
}

fn render_constructor(type_name: &str, arguments: &[(String, String)]) -> String {
    let arguments: Vec<String> = arguments.iter().map(|(name, ty)| format!("{name}: {ty}")).collect();
    format!("`{type_name}::new({})`", arguments.join(", "))
}

/// How code can build the struct without naming every field, if it can.
fn struct_base(type_name: &str, s: &Struct) -> Option<String> {
    if s.non_exhaustive() {
        Some(format!("`{type_name}::default()`"))
    } else if s.all_optional() {
        Some("`..Default::default()`".to_string())
    } else if constructor(s).is_some() {
        Some(format!("`..{type_name}::new(…)`"))
    } else {
        None
    }
}

fn compare_struct<'a>(type_name: &str, old: &'a Struct, new: &'a Struct, changes: &mut Vec<Change>) {
    let Struct {
        fields,
        additional,
        multipart: _, // how the body is sent; the Rust type is the same
        sent: _,      // compared through `constructor`, `non_exhaustive` and `has_default`
        redacted: _,  // what `Debug` shows
    } = new;
    let by_json_name = |f: &'a Field| (f.json_name.clone(), f);
    let old_base = struct_base(type_name, old);
    let optional_field_added = |what: String| match &old_base {
        Some(base) if old.non_exhaustive() => Change::additive(
            what,
            format!("`{type_name}` is `#[non_exhaustive]`: code outside the crate builds it from {base}"),
        ),
        Some(base) => Change::additive(what, format!("struct literals ending in {base} still compile")),
        None => Change::breaking(
            what,
            format!("`{type_name}` had neither `Default` nor `new`, so its struct literals must add the field"),
        ),
    };
    match (old.non_exhaustive(), new.non_exhaustive()) {
        (false, true) => changes.push(Change::breaking(
            "now `#[non_exhaustive]` (it is no longer sent in requests)",
            format!("struct literals of `{type_name}` no longer compile; build it from `{type_name}::default()`"),
        )),
        (true, false) => changes.push(Change::additive(
            "no longer `#[non_exhaustive]` (it is sent in requests now)",
            "struct literals compile now",
        )),
        _ => {}
    }
    for (_, pair) in pair_by_key(old.fields.iter().map(by_json_name), fields.iter().map(by_json_name)) {
        match pair {
            Paired::Added(f) if f.required && old.non_exhaustive() => {
                changes.push(optional_field_added(format!("required field `{}: {}` added", f.rust_name, field_type(f))))
            }
            Paired::Added(f) if f.required => changes.push(Change::breaking(
                format!("required field `{}: {}` added", f.rust_name, field_type(f)),
                "struct literals must set it",
            )),
            Paired::Added(f) => {
                changes.push(optional_field_added(format!("optional field `{}: {}` added", f.rust_name, field_type(f))))
            }
            Paired::Removed(f) => changes.push(Change::breaking(
                format!("field `{}: {}` removed", f.rust_name, field_type(f)),
                "code that reads or sets it no longer compiles",
            )),
            Paired::Kept(was, now) => compare_field(was, now, changes),
        }
    }
    match (&old.additional, additional) {
        (None, Some(ty)) => changes.push(optional_field_added(format!(
            "field `additional_properties: BTreeMap<String, {}>` added (members beyond the declared ones)",
            rust_type(ty)
        ))),
        (Some(ty), None) => changes.push(Change::breaking(
            format!("field `additional_properties: BTreeMap<String, {}>` removed", rust_type(ty)),
            "code that reads or sets it no longer compiles",
        )),
        (Some(was), Some(now)) if was != now => changes.push(Change::breaking(
            format!("field `additional_properties`: values `{}` → `{}`", rust_type(was), rust_type(now)),
            "code that reads or sets it sees another type",
        )),
        _ => {}
    }

    // What the changes above do to the ways of building the struct.
    match (old.has_default(), new.has_default()) {
        (true, false) => changes.push(Change::breaking(
            if old.non_exhaustive() {
                "no longer implements `Default` (it is sent in requests now, and has required fields)"
            } else {
                "no longer implements `Default` (it has required fields now)"
            },
            "`Default::default()` and `..Default::default()` no longer compile",
        )),
        (false, true) => changes.push(Change::additive(
            "now implements `Default`",
            if new.non_exhaustive() { "it is only read from responses" } else { "every field is optional" },
        )),
        _ => {}
    }
    match (constructor(old), constructor(new)) {
        (None, Some(now)) => changes.push(Change::additive(
            format!("constructor {} added", render_constructor(type_name, &now)),
            "a new function",
        )),
        (Some(was), None) => {
            let required = fields.iter().filter(|f| f.required).count();
            let reason = if !new.sent {
                "it is no longer sent in requests".to_string()
            } else if required == 0 {
                "no field is required now".to_string()
            } else {
                format!(
                    "{required} fields are required now, over the constructor's limit of {MAX_CONSTRUCTOR_ARGUMENTS}"
                )
            };
            changes.push(Change::breaking(
                format!("constructor {} removed ({reason})", render_constructor(type_name, &was)),
                format!("calls of `{type_name}::new` no longer compile"),
            ));
        }
        (Some(was), Some(now)) => {
            // Callers pass arguments by position: only their types matter.
            let types = |arguments: &[(String, String)]| arguments.iter().map(|(_, ty)| ty.clone()).collect::<Vec<_>>();
            if types(&was) != types(&now) {
                changes.push(Change::breaking(
                    format!(
                        "constructor {} → {}",
                        render_constructor(type_name, &was),
                        render_constructor(type_name, &now)
                    ),
                    format!("calls of `{type_name}::new` no longer compile"),
                ));
            }
        }
        (None, None) => {}
    }
}

fn compare_field(old: &Field, new: &Field, changes: &mut Vec<Change>) {
    let Field {
        json_name: _, // the key
        rust_name,
        ty,
        required,
        nullable,
        docs: _,
        deprecated,
        secret: _, // only changes what `Debug` prints
        format: _,
        default: _,
    } = new;
    if old.rust_name != *rust_name {
        changes.push(Change::breaking(
            format!("field `{}` is now `{rust_name}`", old.rust_name),
            "code that reads or sets it by the old name no longer compiles",
        ));
    }
    let (was_type, now_type) = (field_type(old), field_type(new));
    let mut how = Vec::new();
    if old.ty != *ty {
        how.push("changed type");
    }
    match (old.required, *required) {
        (true, false) => how.push("became optional"),
        (false, true) => how.push("became required"),
        _ => {}
    }
    match (old.nullable, *nullable) {
        (false, true) => how.push("became nullable"),
        (true, false) => how.push("is no longer nullable"),
        _ => {}
    }
    let how = how.join(" and ");
    if was_type != now_type {
        changes.push(Change::breaking(
            format!("field `{rust_name}` {how}: `{was_type}` → `{now_type}`"),
            "its Rust type changed, so code that reads or sets it no longer compiles",
        ));
    } else if !how.is_empty() {
        // Required and nullable ↔ optional: `Option<T>` either way.
        let why = if *required {
            "`None` is now sent as `null` instead of being left out"
        } else {
            "`None` is now left out instead of being sent as `null`"
        };
        changes.push(Change::additive(format!("field `{rust_name}` {how}, still `{now_type}`"), why));
    }
    match (old.deprecated.is_some(), deprecated.is_some()) {
        (false, true) => changes.push(Change::additive(
            format!("field `{rust_name}` deprecated"),
            "code using it still compiles, with a deprecation warning",
        )),
        (true, false) => {
            changes.push(Change::additive(format!("field `{rust_name}` no longer deprecated"), "no more warning"))
        }
        _ => {}
    }
}

/// String and integer enums: variants matched by their value on the wire.
fn compare_enum<'a, T: Ord + Clone>(
    type_name: &str,
    old: &'a Enum<T>,
    new: &'a Enum<T>,
    show: impl Fn(&T) -> String,
    changes: &mut Vec<Change>,
) {
    let Enum { variants, other } = new;
    let by_value = |v: &'a Variant<T>| (v.value.clone(), v);
    for (value, pair) in pair_by_key(old.variants.iter().map(by_value), variants.iter().map(by_value)) {
        let value = show(&value);
        match pair {
            Paired::Added(v) => changes.push(Change::additive(
                format!("value `{value}` added: `{type_name}::{}`", v.name),
                format!(
                    "`{type_name}` is `#[non_exhaustive]`, so a `match` on it has a wildcard arm already; the \
                     value no longer reads as `{type_name}::{}`",
                    old.other
                ),
            )),
            Paired::Removed(v) => changes.push(Change::breaking(
                format!("value `{value}` removed: `{type_name}::{}`", v.name),
                format!(
                    "code naming `{type_name}::{}` no longer compiles; the value now reads as `{type_name}::{other}({value})`",
                    v.name
                ),
            )),
            Paired::Kept(was, now) => {
                let Variant { name, value: _, docs: _ } = now;
                if was.name != *name {
                    changes.push(Change::breaking(
                        format!("value `{value}`: `{type_name}::{}` is now `{type_name}::{name}`", was.name),
                        format!("code naming `{type_name}::{}` no longer compiles", was.name),
                    ));
                }
            }
        }
    }
    if old.other != *other {
        changes.push(Change::breaking(
            format!("catch-all `{type_name}::{}` is now `{type_name}::{other}`", old.other),
            format!("code naming `{type_name}::{}` no longer compiles", old.other),
        ));
    }
}

/// A variant with an optional payload, and how it is told apart on the wire.
type PayloadVariant = (String, Option<Ty>, String);

fn render_variant(type_name: &str, name: &str, payload: &Option<Ty>) -> String {
    match payload {
        Some(ty) => format!("`{type_name}::{name}({})`", rust_type(ty)),
        None => format!("`{type_name}::{name}`"),
    }
}

/// Enum variants matched by name: oneOf alternatives, responses by status,
/// bodies by content type.
fn compare_payload_variants(
    type_name: &str,
    old: Vec<PayloadVariant>,
    new: Vec<PayloadVariant>,
    changes: &mut Vec<Change>,
) {
    let by_name = |list: Vec<PayloadVariant>| list.into_iter().map(|(name, ty, wire)| (name, (ty, wire)));
    for (name, pair) in pair_by_key(by_name(old), by_name(new)) {
        match pair {
            Paired::Added((payload, wire)) => changes.push(Change::additive(
                format!("variant {} added ({wire})", render_variant(type_name, &name, &payload)),
                format!("`{type_name}` is `#[non_exhaustive]`, so a `match` on it has a wildcard arm already"),
            )),
            Paired::Removed((payload, wire)) => changes.push(Change::breaking(
                format!("variant {} removed ({wire})", render_variant(type_name, &name, &payload)),
                format!("code naming `{type_name}::{name}` no longer compiles"),
            )),
            Paired::Kept((was, was_wire), (now, now_wire)) => {
                if was != now {
                    changes.push(Change::breaking(
                        format!(
                            "variant {} → {}",
                            render_variant(type_name, &name, &was),
                            render_variant(type_name, &name, &now)
                        ),
                        "code that builds or matches it sees another type",
                    ));
                } else if was_wire != now_wire {
                    changes.push(Change::additive(
                        format!("variant `{type_name}::{name}` is now {now_wire} (was {was_wire})"),
                        "its type is unchanged",
                    ));
                }
            }
        }
    }
}

fn shape_words(shape: &Shape) -> String {
    match shape {
        Shape::Object { required } if required.is_empty() => "read from any object".to_string(),
        Shape::Object { required } => {
            let members: Vec<String> = required.iter().map(|m| format!("`{m}`")).collect();
            format!("read from objects with {}", members.join(", "))
        }
        Shape::Array => "read from arrays".to_string(),
        Shape::String => "read from strings".to_string(),
        Shape::Integer => "read from integers".to_string(),
        Shape::Number => "read from numbers".to_string(),
        Shape::Bool => "read from booleans".to_string(),
        Shape::Any => "read from any JSON".to_string(),
    }
}

fn render_discriminator(discriminator: &Option<Discriminator>) -> String {
    match discriminator {
        None => "none".to_string(),
        Some(Discriminator { property, mapping }) => {
            let pairs: Vec<String> =
                mapping.iter().map(|(value, variant)| format!("`{value}` → `{variant}`")).collect();
            format!("`{property}` ({})", pairs.join(", "))
        }
    }
}

fn compare_one_of(type_name: &str, old: &OneOf, new: &OneOf, changes: &mut Vec<Change>) {
    let OneOf { variants, other, discriminator } = new;
    let payloads = |list: &[OneOfVariant]| -> Vec<PayloadVariant> {
        list.iter()
            .map(|v| {
                let OneOfVariant { name, ty, shape } = v;
                (name.clone(), Some(ty.clone()), shape_words(shape))
            })
            .collect()
    };
    compare_payload_variants(type_name, payloads(&old.variants), payloads(variants), changes);
    if old.discriminator != *discriminator {
        changes.push(Change::additive(
            format!(
                "discriminator {} → {}",
                render_discriminator(&old.discriminator),
                render_discriminator(discriminator)
            ),
            "the types are unchanged; a value may read as another variant",
        ));
    }
    if old.other != *other {
        changes.push(Change::breaking(
            format!("catch-all `{type_name}::{}` is now `{type_name}::{other}`", old.other),
            format!("code naming `{type_name}::{}` no longer compiles", old.other),
        ));
    }
}

/// A [`Ty`] in Rust notation, with short paths: `Option<Vec<Pet>>`.
pub fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_string(),
        Ty::Bool => "bool".to_string(),
        Ty::I32 => "i32".to_string(),
        Ty::I64 => "i64".to_string(),
        Ty::F32 => "f32".to_string(),
        Ty::F64 => "f64".to_string(),
        Ty::Json => "serde_json::Value".to_string(),
        Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".to_string(),
        Ty::Bytes => "bytes::Bytes".to_string(),
        Ty::Named(name) => name.clone(),
        Ty::Vec(inner) => format!("Vec<{}>", rust_type(inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        Ty::Option(inner) => format!("Option<{}>", rust_type(inner)),
        Ty::Boxed(inner) => format!("Box<{}>", rust_type(inner)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn api_with(version: &str, paths: Value, schemas: Value) -> Api {
        let document = json!({
            "openapi": "3.0.3",
            "info": { "title": "T", "version": version },
            "paths": paths,
            "components": { "schemas": schemas },
        });
        crate::model_of(document.to_string().as_bytes(), &crate::Options::new("test")).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The changes inside schema `A`, which two versions define as `old` and
    /// `new`; `A` is the body of a request, so a struct gets a constructor.
    fn changes_of_a(old: Value, new: Value) -> Vec<Change> {
        let sends_a = json!({ "/a": { "post": {
            "operationId": "send-a",
            "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } } },
            "responses": { "204": { "description": "" } } } } });
        let report =
            compare(&api_with("1", sends_a.clone(), json!({ "A": old })), &api_with("2", sends_a, json!({ "A": new })));
        assert_eq!(report.types_changed.len(), 1, "{report:#?}");
        report.types_changed[0].changes.clone()
    }

    /// The changes inside operation `POST /a/{id}`, which two versions define as `old` and `new`.
    fn changes_of_op(old: Value, new: Value, schemas: Value) -> Vec<Change> {
        let old = api_with("1", json!({ "/a/{id}": { "post": old } }), schemas.clone());
        let new = api_with("2", json!({ "/a/{id}": { "post": new } }), schemas);
        let report = compare(&old, &new);
        let unmatched = [&report.operations_added, &report.operations_removed];
        assert!(unmatched.iter().all(|list| list.is_empty()) && report.operations_renamed.is_empty(), "{report:#?}");
        report.operations_changed.first().map(|group| group.changes.clone()).unwrap_or_default()
    }

    fn operation(params: Value) -> Value {
        json!({ "operationId": "op", "parameters": params, "responses": { "204": { "description": "" } } })
    }

    fn path_param(name: &str) -> Value {
        json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } })
    }

    fn query(name: &str, required: bool, schema: Value) -> Value {
        json!({ "name": name, "in": "query", "required": required, "schema": schema })
    }

    fn object(required: &[&str], properties: Value) -> Value {
        json!({ "type": "object", "required": required, "properties": properties })
    }

    #[track_caller]
    fn only(changes: Vec<Change>) -> Change {
        assert_eq!(changes.len(), 1, "{changes:#?}");
        changes.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    fn impacts(changes: &[Change]) -> Vec<Impact> {
        changes.iter().map(|c| c.impact).collect()
    }

    #[test]
    fn a_model_compared_with_itself_gives_an_empty_report() {
        let api = api_with(
            "1",
            json!({ "/a/{id}": { "post": operation(json!([path_param("id"), query("q", false, json!({ "type": "string" }))])) } }),
            json!({ "A": object(&["x"], json!({ "x": { "type": "string" } })), "E": { "type": "string", "enum": ["a"] } }),
        );
        let report = compare(&api, &api);
        assert!(report.is_empty(), "{report:#?}");
        assert!(!report.is_breaking());
        assert_eq!(report.to_markdown(), "**API changes `1` → `1`: none** — the generated client's API is the same.\n");
    }

    #[test]
    fn an_added_optional_field_is_additive_when_the_struct_has_default_or_new() {
        let string = json!({ "type": "string" });
        let all_optional =
            only(changes_of_a(object(&[], json!({ "a": string })), object(&[], json!({ "a": string, "b": string }))));
        assert_eq!(all_optional.impact, Impact::Additive);
        assert!(all_optional.why.contains("`..Default::default()`"), "{all_optional:?}");
        let with_new = only(changes_of_a(
            object(&["a"], json!({ "a": string })),
            object(&["a"], json!({ "a": string, "b": string })),
        ));
        assert_eq!(with_new.impact, Impact::Additive);
        assert!(with_new.why.contains("`..A::new(…)`"), "{with_new:?}");
    }

    #[test]
    fn an_added_optional_field_is_breaking_when_literals_name_every_field() {
        let eight = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let properties: serde_json::Map<String, Value> =
            eight.iter().map(|name| (name.to_string(), json!({ "type": "integer" }))).collect();
        let mut more = properties.clone();
        more.insert("z".to_string(), json!({ "type": "integer" }));
        let change = only(changes_of_a(object(&eight, Value::Object(properties)), object(&eight, Value::Object(more))));
        assert_eq!(change.impact, Impact::Breaking);
        assert!(change.why.contains("neither `Default` nor `new`"), "{change:?}");
    }

    #[test]
    fn an_added_required_field_is_breaking_and_changes_the_constructor() {
        let changes = changes_of_a(
            object(&["a"], json!({ "a": { "type": "string" } })),
            object(&["a", "b"], json!({ "a": { "type": "string" }, "b": { "type": "integer", "format": "int64" } })),
        );
        assert_eq!(impacts(&changes), [Impact::Breaking, Impact::Breaking], "{changes:#?}");
        assert_eq!(changes[0].what, "required field `b: i64` added");
        assert_eq!(
            changes[1].what,
            "constructor `A::new(a: impl Into<String>)` → `A::new(a: impl Into<String>, b: i64)`"
        );
    }

    #[test]
    fn a_first_required_field_removes_default() {
        let changes = changes_of_a(
            object(&[], json!({ "a": { "type": "string" } })),
            object(&["a"], json!({ "a": { "type": "string" } })),
        );
        let whats: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "field `a` became required: `Option<String>` → `String`",
                "no longer implements `Default` (it has required fields now)",
                "constructor `A::new(a: impl Into<String>)` added",
            ]
        );
        assert_eq!(impacts(&changes), [Impact::Breaking, Impact::Breaking, Impact::Additive]);
    }

    #[test]
    fn a_field_that_became_nullable_is_breaking() {
        let change = only(changes_of_a(
            object(&[], json!({ "a": { "type": "string" } })),
            object(&[], json!({ "a": { "type": "string", "nullable": true } })),
        ));
        assert_eq!(change.impact, Impact::Breaking);
        assert_eq!(change.what, "field `a` became nullable: `Option<String>` → `Option<Option<String>>`");
    }

    #[test]
    fn a_required_nullable_field_made_optional_keeps_its_type_but_not_the_constructor() {
        let changes = changes_of_a(
            object(&["a", "b"], json!({ "a": { "type": "string", "nullable": true }, "b": { "type": "boolean" } })),
            object(&["b"], json!({ "a": { "type": "string" }, "b": { "type": "boolean" } })),
        );
        assert_eq!(impacts(&changes), [Impact::Additive, Impact::Breaking], "{changes:#?}");
        assert_eq!(changes[0].what, "field `a` became optional and is no longer nullable, still `Option<String>`");
        assert_eq!(changes[1].what, "constructor `A::new(a: Option<String>, b: bool)` → `A::new(b: bool)`");
    }

    #[test]
    fn removed_fields_and_changed_field_types_are_breaking() {
        let changes = changes_of_a(
            object(&[], json!({ "a": { "type": "integer", "format": "int32" }, "b": { "type": "string" } })),
            object(&[], json!({ "a": { "type": "integer", "format": "int64" } })),
        );
        let whats: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(
            whats,
            ["field `a` changed type: `Option<i32>` → `Option<i64>`", "field `b: Option<String>` removed"]
        );
        assert_eq!(impacts(&changes), [Impact::Breaking, Impact::Breaking]);
    }

    #[test]
    fn enum_values_removed_are_breaking_and_added_additive() {
        // Added: the enums are `#[non_exhaustive]`, so every match has a wildcard arm.
        let changes = changes_of_a(
            json!({ "type": "string", "enum": ["a", "b"] }),
            json!({ "type": "string", "enum": ["b", "c"] }),
        );
        let whats: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(whats, ["value `\"a\"` removed: `A::A`", "value `\"c\"` added: `A::C`"]);
        assert_eq!(impacts(&changes), [Impact::Breaking, Impact::Additive]);
        assert!(changes[0].why.contains("`A::Other(\"a\")`"), "{:?}", changes[0]);
        assert!(changes[1].why.contains("`#[non_exhaustive]`"), "{:?}", changes[1]);

        let change = only(changes_of_a(
            json!({ "type": "integer", "enum": [1, 2] }),
            json!({ "type": "integer", "enum": [1, 2, 3] }),
        ));
        assert_eq!((change.impact, change.what.as_str()), (Impact::Additive, "value `3` added: `A::Value3`"));
    }

    #[test]
    fn one_of_variants_added_and_discriminator_changes_are_additive() {
        let variant = |name: &str| object(&[name], json!({ name: { "type": "string" } }));
        let changes = changes_of_a(
            // (A union of one alternative is that alternative: start from two.)
            json!({ "oneOf": [variant("x"), variant("z")] }),
            json!({ "oneOf": [variant("x"), variant("z"), variant("y")], "discriminator": { "propertyName": "x" } }),
        );
        assert_eq!(impacts(&changes), [Impact::Additive, Impact::Additive], "{changes:#?}");
        assert!(changes[0].what.starts_with("variant `A::"), "{:?}", changes[0]);
        assert!(changes[1].what.starts_with("discriminator none → `x`"), "{:?}", changes[1]);
    }

    #[test]
    fn kind_and_alias_changes_are_breaking() {
        let change = only(changes_of_a(json!({ "type": "string", "enum": ["a"] }), json!({ "type": "string" })));
        assert_eq!((change.impact, change.what.as_str()), (Impact::Breaking, "was a string enum, now a type alias"));
        let change = only(changes_of_a(
            json!({ "type": "array", "items": { "type": "string" } }),
            json!({ "type": "array", "items": { "type": "string", "nullable": true } }),
        ));
        assert_eq!(
            (change.impact, change.what.as_str()),
            (Impact::Breaking, "alias of `Vec<String>` → `Vec<Option<String>>`")
        );
    }

    #[test]
    fn a_removed_type_is_breaking_and_names_its_twin() {
        let schema = object(&["a"], json!({ "a": { "type": "string" } }));
        let report = compare(
            &api_with("1", json!({}), json!({ "Old": schema })),
            &api_with("2", json!({}), json!({ "New": schema })),
        );
        let removed = only(report.types_removed.clone());
        assert_eq!(removed.impact, Impact::Breaking);
        assert!(removed.why.ends_with("the added `New` has the same definition"), "{removed:?}");
        assert_eq!(only(report.types_added.clone()).impact, Impact::Additive);
    }

    #[test]
    fn responses_by_status_gaining_a_status_is_additive() {
        let body =
            |ty: &str| json!({ "description": "", "content": { "application/json": { "schema": { "type": ty } } } });
        let old = json!({ "operationId": "op", "parameters": [path_param("id")], "responses": { "200": body("string"), "201": body("integer") } });
        let new = json!({ "operationId": "op", "parameters": [path_param("id")], "responses": { "200": body("string"), "201": body("integer"), "202": body("boolean") } });
        let report = compare(
            &api_with("1", json!({ "/a/{id}": { "post": old } }), json!({})),
            &api_with("2", json!({ "/a/{id}": { "post": new } }), json!({})),
        );
        let group = only_group(&report.types_changed);
        let change = only(group.changes.clone());
        assert_eq!(change.impact, Impact::Additive);
        assert_eq!(change.what, "variant `OpResponse::Accepted(bool)` added (status 202)");
    }

    fn only_group(groups: &[ItemChanges]) -> &ItemChanges {
        assert_eq!(groups.len(), 1, "{groups:#?}");
        &groups[0]
    }

    #[test]
    fn a_renamed_operation_is_matched_by_endpoint_without_parameter_names() {
        let old = api_with(
            "1",
            json!({ "/b/{branch_id}": { "get": {
            "operationId": "v1-get-branch", "parameters": [path_param("branch_id")], "responses": { "204": { "description": "" } } } } }),
            json!({}),
        );
        let new = api_with(
            "2",
            json!({ "/b/{branch_id_or_ref}": { "get": {
            "operationId": "v1-get-a-branch", "parameters": [path_param("branch_id_or_ref")], "responses": { "204": { "description": "" } } } } }),
            json!({}),
        );
        let report = compare(&old, &new);
        assert!(report.operations_added.is_empty() && report.operations_removed.is_empty(), "{report:#?}");
        let group = only_group(&report.operations_renamed);
        assert_eq!(group.item, "`get_branch` → `get_a_branch` (`GET /b/{branch_id_or_ref}`)");
        assert_eq!(impacts(&group.changes), [Impact::Breaking, Impact::Additive], "{group:#?}");
        assert_eq!(group.changes[1].what, "path parameter `branch_id` is now `branch_id_or_ref`");
    }

    #[test]
    fn a_rename_that_keeps_the_former_name_is_additive() {
        let get = |id: &str, previous: Value| {
            json!({ "/p/{ref}/pooler": { "get": {
                "operationId": id, "x-previous-operation-ids": previous,
                "parameters": [path_param("ref")], "responses": { "204": { "description": "" } } } } })
        };
        let old = api_with("1", get("v1-get-supavisor-config", json!([])), json!({}));
        let new = api_with("2", get("v1-get-pooler-config", json!(["v1-get-supavisor-config"])), json!({}));
        let group = only_group(&compare(&old, &new).operations_renamed).clone();
        let change = only(group.changes.clone());
        assert_eq!(
            change.what,
            "method `get_supavisor_config` is now `get_pooler_config` (operationId `v1-get-supavisor-config` → `v1-get-pooler-config`)",
        );
        assert_eq!(change.impact, Impact::Additive);
        assert!(change.why.contains("deprecated alias"), "{change:?}");

        // Without its former type (a name the generated code reserves: `Method`
        // was `Method2`), the rename breaks code naming it.
        let old = api_with("1", get("v1-method", json!([])), json!({}));
        let new = api_with("2", get("v1-http-method", json!(["v1-method"])), json!({}));
        let group = only_group(&compare(&old, &new).operations_renamed).clone();
        let whats: Vec<&str> = group.changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(whats[1..], ["request builder `Method2` is now `HttpMethod`"], "{group:#?}");
        assert_eq!(impacts(&group.changes), [Impact::Additive, Impact::Breaking]);
        let new = api_with("2", get("v1-get-pooler-config", json!(["v1-get-supavisor-config"])), json!({}));

        // Dropping the alias later removes the method and the type.
        let newer = api_with("3", get("v1-get-pooler-config", json!([])), json!({}));
        let changes = compare(&new, &newer).operations_changed[0].changes.clone();
        let whats: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(
            whats,
            ["deprecated alias `get_supavisor_config` removed", "deprecated type `GetSupavisorConfig` removed"]
        );
        assert_eq!(impacts(&changes), [Impact::Breaking, Impact::Breaking]);
    }

    #[test]
    fn operations_added_are_additive_and_removed_breaking() {
        let op = |id: &str| json!({ "operationId": id, "responses": { "204": { "description": "" } } });
        let report = compare(
            &api_with("1", json!({ "/gone": { "get": op("gone") } }), json!({})),
            &api_with("2", json!({ "/added": { "get": op("added") } }), json!({})),
        );
        assert_eq!(only(report.operations_added.clone()).what, "`added` (`GET /added`)");
        assert_eq!(only(report.operations_removed.clone()).impact, Impact::Breaking);
    }

    #[test]
    fn a_new_required_parameter_is_breaking_and_a_new_optional_one_additive() {
        let changes = changes_of_op(
            operation(json!([path_param("id")])),
            operation(json!([
                path_param("id"),
                query("a", true, json!({ "type": "string" })),
                query("b", false, json!({ "type": "integer" }))
            ])),
            json!({}),
        );
        let whats: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(whats, ["required query parameter `a: &str` added", "optional query parameter `b: i64` added"]);
        assert_eq!(impacts(&changes), [Impact::Breaking, Impact::Additive]);
    }

    #[test]
    fn a_parameter_changing_between_required_and_optional_is_breaking() {
        let int = json!({ "type": "integer" });
        let to_optional = only(changes_of_op(
            operation(json!([path_param("id"), query("a", true, int.clone())])),
            operation(json!([path_param("id"), query("a", false, int.clone())])),
            json!({}),
        ));
        assert_eq!(
            (to_optional.impact, to_optional.what.as_str()),
            (Impact::Breaking, "query parameter `a` is now optional")
        );
        let to_required = only(changes_of_op(
            operation(json!([path_param("id"), query("a", false, int.clone())])),
            operation(json!([path_param("id"), query("a", true, int)])),
            json!({}),
        ));
        assert_eq!(
            (to_required.impact, to_required.what.as_str()),
            (Impact::Breaking, "query parameter `a` is now required")
        );
    }

    #[test]
    fn paging_added_is_additive_and_removed_or_of_other_items_is_breaking() {
        let paged = |items: &str, pagination: bool| {
            let mut op = json!({
                "operationId": "op",
                "parameters": [path_param("id"), query("offset", false, json!({ "type": "integer" }))],
                "responses": { "200": { "description": "", "content": { "application/json": { "schema": {
                    "type": "object",
                    "properties": {
                        "a": { "type": "array", "items": { "type": "string" } },
                        "b": { "type": "array", "items": { "type": "integer" } }
                    }
                } } } } }
            });
            if pagination {
                op["x-pagination"] = json!({ "style": "offset", "offset": "offset", "items": items });
            }
            op
        };
        let added = only(changes_of_op(paged("/a", false), paged("/a", true), json!({})));
        assert_eq!((added.impact, added.what.as_str()), (Impact::Additive, "now paged"));
        let removed = only(changes_of_op(paged("/a", true), paged("/a", false), json!({})));
        assert_eq!((removed.impact, removed.what.as_str()), (Impact::Breaking, "no longer paged"));
        let other_items = only(changes_of_op(paged("/a", true), paged("/b", true), json!({})));
        assert_eq!((other_items.impact, other_items.what.as_str()), (Impact::Breaking, "paged items `String` → `i64`"));
    }

    #[test]
    fn an_optional_parameter_becoming_nullable_keeps_its_setter() {
        let changes = changes_of_op(
            operation(json!([path_param("id"), query("a", false, json!({ "type": "string" }))])),
            operation(json!([path_param("id"), query("a", false, json!({ "type": "string", "nullable": true }))])),
            json!({}),
        );
        assert!(changes.is_empty(), "{changes:#?}");
    }

    #[test]
    fn swapped_required_parameters_are_breaking() {
        let (a, b) = (query("a", true, json!({ "type": "string" })), query("b", true, json!({ "type": "string" })));
        let change = only(changes_of_op(
            operation(json!([path_param("id"), a.clone(), b.clone()])),
            operation(json!([path_param("id"), b, a])),
            json!({}),
        ));
        assert_eq!(
            (change.impact, change.what.as_str()),
            (Impact::Breaking, "arguments reordered: (id, a, b) → (id, b, a)")
        );
    }

    #[test]
    fn a_response_type_change_is_breaking_and_a_status_change_additive() {
        let answer = |status: &str, ty: &str| {
            json!({ "operationId": "op", "parameters": [path_param("id")], "responses": {
                status: { "description": "", "content": { "application/json": { "schema": { "type": ty } } } } } })
        };
        let change = only(changes_of_op(answer("200", "string"), answer("200", "boolean"), json!({})));
        assert_eq!((change.impact, change.what.as_str()), (Impact::Breaking, "response `String` → `bool`"));
        let change = only(changes_of_op(answer("200", "string"), answer("201", "string"), json!({})));
        assert_eq!((change.impact, change.what.as_str()), (Impact::Additive, "success statuses 200 → 201"));
    }

    #[test]
    fn deprecating_an_operation_is_additive() {
        let mut deprecated = operation(json!([path_param("id")]));
        deprecated["deprecated"] = json!(true);
        let change = only(changes_of_op(operation(json!([path_param("id")])), deprecated, json!({})));
        assert_eq!((change.impact, change.what.as_str()), (Impact::Additive, "`op` deprecated"));
    }

    #[test]
    fn bodies_added_changed_or_made_a_choice() {
        let with_body = |required: bool, content: Value| {
            let mut op = operation(json!([path_param("id")]));
            op["requestBody"] = json!({ "required": required, "content": content });
            op
        };
        let json_b = json!({ "application/json": { "schema": { "$ref": "#/components/schemas/B" } } });
        let schemas = json!({ "B": object(&[], json!({ "x": { "type": "string" } })) });

        let optional = only(changes_of_op(
            operation(json!([path_param("id")])),
            with_body(false, json_b.clone()),
            schemas.clone(),
        ));
        assert_eq!((optional.impact, optional.what.as_str()), (Impact::Additive, "optional request body `B` added"));
        let required =
            only(changes_of_op(operation(json!([path_param("id")])), with_body(true, json_b.clone()), schemas.clone()));
        assert_eq!(required.impact, Impact::Breaking);

        // A second content type makes the body an enum that a `B` still converts into.
        let mut both = json_b.as_object().cloned().unwrap_or_default();
        both.insert("application/octet-stream".to_string(), json!({}));
        let choice =
            only(changes_of_op(with_body(true, json_b.clone()), with_body(true, Value::Object(both)), schemas.clone()));
        assert_eq!((choice.impact, choice.what.as_str()), (Impact::Additive, "request body `B` → `impl Into<OpBody>`"));

        let other = json!({ "application/json": { "schema": { "type": "string" } } });
        let changed = only(changes_of_op(with_body(true, json_b), with_body(true, other), schemas));
        assert_eq!((changed.impact, changed.what.as_str()), (Impact::Breaking, "request body `B` → `String`"));
    }

    #[test]
    fn client_changes_follow_the_base_url_and_the_token() {
        let document = |server: Option<&str>, bearer: bool| {
            let mut document = json!({ "openapi": "3.0.3", "info": { "title": "T", "version": "1" }, "paths": {} });
            if let Some(url) = server {
                document["servers"] = json!([{ "url": url }]);
            }
            if bearer {
                document["components"] = json!({ "securitySchemes": { "t": { "type": "http", "scheme": "bearer" } } });
            }
            crate::model_of(document.to_string().as_bytes(), &crate::Options::new("test"))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let moved = only(
            compare(&document(Some("https://a.example"), false), &document(Some("https://b.example"), false)).client,
        );
        assert_eq!(moved.impact, Impact::Additive);
        let report = compare(&document(Some("https://a.example"), false), &document(None, true));
        assert_eq!(impacts(&report.client), [Impact::Breaking, Impact::Breaking]);
    }

    /// The struct rules this module relies on are the emitter's: a struct sent
    /// in requests has `Default` exactly when every field is optional and
    /// `new` for 1 to 7 required fields; one only read is `#[non_exhaustive]`
    /// and has `Default` whatever its fields.
    #[test]
    fn the_struct_rules_match_the_emitter() {
        let fields = |n: usize| -> Value {
            let required: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
            let mut properties: serde_json::Map<String, Value> =
                required.iter().map(|name| (name.clone(), json!({ "type": "string" }))).collect();
            properties.insert("optional".to_string(), json!({ "type": "integer" }));
            json!({ "type": "object", "required": required, "properties": properties })
        };
        let mut schemas = serde_json::Map::new();
        let mut paths = serde_json::Map::new();
        for n in [0, 1, 7, 8] {
            schemas.insert(format!("R{n}"), fields(n));
            schemas.insert(format!("S{n}"), fields(n));
            let body = json!({ "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/S{n}") } } } });
            let answer = json!({ "description": "", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/R{n}") } } } });
            paths.insert(
                format!("/{n}"),
                json!({ "post": { "operationId": format!("op{n}"), "requestBody": body, "responses": { "200": answer } } }),
            );
        }
        let document = json!({ "openapi": "3.0.3", "info": { "title": "T", "version": "1" }, "paths": paths, "components": { "schemas": schemas } });
        let bytes = document.to_string();
        let api = crate::model_of(bytes.as_bytes(), &crate::Options::new("test")).unwrap_or_else(|e| panic!("{e}"));
        let files = crate::generate(bytes.as_bytes(), &crate::Options::new("test")).unwrap_or_else(|e| panic!("{e}"));
        let types = files.iter().find(|f| f.path.ends_with("types.rs")).map(|f| f.contents.as_str()).unwrap_or("");
        for def in &api.types {
            let TypeKind::Struct(s) = &def.kind else { continue };
            let has_new =
                types.contains(&format!("impl {} {{\n    /// A `{}` with its required fields", def.name, def.name));
            assert_eq!(constructor(s).is_some(), has_new, "{}: constructor", def.name);
            let start = types.find(&format!("pub struct {} {{", def.name)).unwrap_or_else(|| panic!("{}", def.name));
            // The attributes: from the struct's `#[derive(` (which may span lines) to `pub struct`.
            let attributes = &types[types[..start].rfind("#[derive(").unwrap_or(start)..start];
            let derive = &attributes[..attributes.find(")]").unwrap_or(attributes.len())];
            assert_eq!(s.has_default(), derive.contains("Default"), "{}: {derive}", def.name);
            assert_eq!(s.non_exhaustive(), attributes.contains("#[non_exhaustive]"), "{}: {attributes}", def.name);
            assert_eq!(s.non_exhaustive(), def.name.starts_with('R'), "{}", def.name);
        }
    }

    /// The changes inside schema `A`, the answer of an operation (never sent).
    fn changes_of_answer_a(old: Value, new: Value) -> Vec<Change> {
        let answers_a = json!({ "/a": { "get": {
            "operationId": "get-a",
            "responses": { "200": { "description": "", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } } } } } } });
        let report = compare(
            &api_with("1", answers_a.clone(), json!({ "A": old })),
            &api_with("2", answers_a, json!({ "A": new })),
        );
        assert_eq!(report.types_changed.len(), 1, "{report:#?}");
        report.types_changed[0].changes.clone()
    }

    #[test]
    fn fields_added_to_a_struct_only_read_are_additive_and_removed_ones_breaking() {
        let string = json!({ "type": "string" });
        let eight = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let properties: serde_json::Map<String, Value> =
            eight.iter().map(|name| (name.to_string(), string.clone())).collect();
        let mut more = properties.clone();
        more.insert("y".to_string(), string.clone());
        more.insert("z".to_string(), string.clone());
        let mut more_required = eight.to_vec();
        more_required.push("y");
        let changes =
            changes_of_answer_a(object(&eight, Value::Object(properties)), object(&more_required, Value::Object(more)));
        let whats: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(whats, ["required field `y: String` added", "optional field `z: Option<String>` added"]);
        assert_eq!(impacts(&changes), [Impact::Additive, Impact::Additive]);
        assert!(changes[0].why.contains("builds it from `A::default()`"), "{:?}", changes[0]);

        let changes = changes_of_answer_a(
            object(&["a"], json!({ "a": string, "b": string })),
            object(&[], json!({ "a": string })),
        );
        let whats: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(
            whats,
            ["field `a` became optional: `String` → `Option<String>`", "field `b: Option<String>` removed"]
        );
        assert_eq!(impacts(&changes), [Impact::Breaking, Impact::Breaking]);
    }

    #[test]
    fn a_struct_that_starts_or_stops_being_sent_changes_how_it_is_built() {
        let schema = object(&["a"], json!({ "a": { "type": "string" } }));
        let answers = json!({ "/a": { "get": { "operationId": "get-a",
            "responses": { "200": { "description": "", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } } } } } } });
        let sends = json!({ "/a": { "get": { "operationId": "get-a",
            "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } } },
            "responses": { "204": { "description": "" } } } } });
        let read_only = api_with("1", answers, json!({ "A": schema }));
        let sent = api_with("2", sends, json!({ "A": schema }));

        let now_sent = only_group(&compare(&read_only, &sent).types_changed).changes.clone();
        let whats: Vec<&str> = now_sent.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "no longer `#[non_exhaustive]` (it is sent in requests now)",
                // Only structs read from responses keep undocumented members.
                "field `additional_properties: BTreeMap<String, serde_json::Value>` removed",
                "no longer implements `Default` (it is sent in requests now, and has required fields)",
                "constructor `A::new(a: impl Into<String>)` added",
            ]
        );
        assert_eq!(impacts(&now_sent), [Impact::Additive, Impact::Breaking, Impact::Breaking, Impact::Additive]);

        let now_read_only = only_group(&compare(&sent, &read_only).types_changed).changes.clone();
        let whats: Vec<&str> = now_read_only.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "now `#[non_exhaustive]` (it is no longer sent in requests)",
                "field `additional_properties: BTreeMap<String, serde_json::Value>` added (members beyond the declared ones)",
                "now implements `Default`",
                "constructor `A::new(a: impl Into<String>)` removed (it is no longer sent in requests)",
            ]
        );
        assert_eq!(impacts(&now_read_only), [Impact::Breaking, Impact::Additive, Impact::Additive, Impact::Breaking]);
    }

    #[test]
    fn a_query_parameter_sent_in_another_style_is_reported() {
        let filter = |style: &str| {
            let schema = object(&[], json!({ "k": { "type": "string" } }));
            json!({ "name": "filter", "in": "query", "style": style, "schema": schema })
        };
        let change = only(changes_of_op(
            operation(json!([path_param("id"), filter("form")])),
            operation(json!([path_param("id"), filter("deepObject")])),
            json!({}),
        ));
        assert_eq!(change.impact, Impact::Additive);
        assert_eq!(change.what, "query parameter `filter` is now sent as `filter[k1]=v1` (was `k1=v1&k2=v2`)");
    }

    #[test]
    fn form_fields_encoded_another_way_are_reported() {
        let form = |encoding: Value| {
            let schema = object(&[], json!({ "tags": { "type": "array", "items": { "type": "string" } } }));
            let media = json!({ "schema": schema, "encoding": encoding });
            json!({
                "operationId": "op",
                "parameters": [path_param("id")],
                "requestBody": { "content": { "application/x-www-form-urlencoded": media } },
                "responses": { "204": { "description": "" } },
            })
        };
        let change = only(changes_of_op(form(json!({})), form(json!({ "tags": { "explode": false } })), json!({})));
        assert_eq!(change.impact, Impact::Additive);
        assert_eq!(
            change.what,
            "request body (`application/x-www-form-urlencoded`): its fields are now encoded differently"
        );
    }

    #[test]
    fn types_render_in_rust_notation() {
        let ty = Ty::Option(Box::new(Ty::Vec(Box::new(Ty::Map(Box::new(Ty::Named("Pet".to_string())))))));
        assert_eq!(rust_type(&ty), "Option<Vec<BTreeMap<String, Pet>>>");
        assert_eq!(rust_type(&Ty::Boxed(Box::new(Ty::Json))), "Box<serde_json::Value>");
    }

    #[test]
    fn the_markdown_counts_and_sorts_its_entries() {
        let op = |id: &str| json!({ "operationId": id, "responses": { "204": { "description": "" } } });
        let report = compare(
            &api_with("1", json!({ "/z": { "get": op("z") } }), json!({ "Gone": { "type": "string" } })),
            &api_with("2", json!({ "/b": { "get": op("b") }, "/a": { "get": op("a") } }), json!({})),
        );
        let markdown = report.to_markdown();
        assert!(
            markdown.starts_with(
                "**API changes `1` → `2`: 2 breaking, 2 additive** (operations: 2 added, 1 removed; types: 1 removed)."
            ),
            "{markdown}"
        );
        let (a, b) = (markdown.find("`a` (`GET /a`)"), markdown.find("`b` (`GET /b`)"));
        assert!(a.is_some() && a < b, "{markdown}");
        assert!(
            markdown.contains(
                "\n### Operations removed\n\n- **breaking**: `z` (`GET /z`) — calls of `z` no longer compile\n"
            )
        );
    }
}
