//! Overlays: changes to an OpenAPI document kept in a separate file, applied
//! to the document's JSON before it is loaded.
//!
//! An overlay follows the [OpenAPI Overlay Specification 1.0.0][spec]; any
//! `1.0.x` is accepted, since patch versions only clarify ([Versions]). It is
//! a JSON object with `overlay`, `info` (`title`, `version`) and a list of
//! `actions`, each with a `target` (an RFC 9535 JSONPath query, evaluated
//! with `serde_json_path`), an optional `description`, and `update` or
//! `remove`.
//!
//! # The rules implemented
//!
//! From 1.0.0, [Overlay Object][overlay-object] and [Action Object][action]:
//!
//! - Actions apply in order, each to the result of the one before.
//! - `update` on a selected **object** must be an object; its members are
//!   merged recursively into the selected object, and members only it has
//!   are added.
//! - `update` on a selected **array** is an entry appended to the array.
//! - `remove: true` removes each selected node from the object or array that
//!   contains it; `update` then has no effect.
//! - The `update` must be compatible with the selected node.
//!
//! 1.0.0 says "recursively merged" but not what that means for arrays,
//! primitives or a mismatch of kinds, nor whether an array `update` on a
//! selected array is one entry or many. 1.1.0 ([Action Object][action-1-1])
//! spells this out, and this module follows it (speakeasy-api's
//! `openapi-overlay` also merges objects and concatenates arrays):
//!
//! - a member only the document has is left alone; a member only the update
//!   has is inserted;
//! - object into object merges recursively; array into array concatenates,
//!   so an array `update` on a selected array appends each of its elements
//!   (not the array as one nested entry); a primitive (string, number,
//!   boolean or `null`, as RFC 8259 §1 counts them) replaces a primitive;
//! - any other pair (an object onto a string, an array onto an object, …) is
//!   an error naming the place in the document.
//!
//! # Where this is stricter or wider than the specification
//!
//! - **A target that selects nothing is an error.** The specification lets
//!   such an action do nothing; here it fails with the action's index and
//!   target, because a vendored document that changes upstream must not make
//!   an overlay stop applying without anyone noticing.
//! - An action with neither `update` nor `remove: true` is an error (it would
//!   change nothing), and so are fields the specification does not define
//!   (other than `x-` extensions): a misspelt `updates` must not be ignored.
//! - `update` on a selected primitive is an error, as 1.0.0 allows only
//!   objects and arrays as targets; target the containing object instead.
//! - `remove` works on any selected node, primitives included, so that
//!   `$.components.schemas.A.required[?@ == 'name']` removes one entry of a
//!   list of strings (1.0.0 names only objects and arrays; 1.1.0 allows this).
//!   Removing the whole document (`$`) is an error.
//! - A node selected more than once by one target is changed once.
//! - A target longer than 1000 bytes, or nesting brackets and parentheses
//!   more than 8 deep, is rejected before it is parsed: on such input the
//!   JSONPath parser takes exponential time or overflows its stack.
//!
//! Applying is all or nothing: the actions run on a copy of the document,
//! which replaces the caller's only when every action succeeded. Errors carry
//! a JSON pointer into the **overlay** (such as `#/actions/3/target`); where
//! the document is at fault, the message names the place in the document.
//!
//! [spec]: https://spec.openapis.org/overlay/v1.0.0.html
//! [Versions]: https://spec.openapis.org/overlay/v1.0.0.html#versions
//! [overlay-object]: https://spec.openapis.org/overlay/v1.0.0.html#overlay-object
//! [action]: https://spec.openapis.org/overlay/v1.0.0.html#action-object
//! [action-1-1]: https://spec.openapis.org/overlay/v1.1.0.html#action-object

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, PathElement};

use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// What an overlay changed: one entry per action, in the overlay's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub actions: Vec<AppliedAction>,
}

/// One action and the nodes it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedAction {
    /// The JSONPath target, as written in the overlay.
    pub target: String,
    pub description: Option<String>,
    pub change: Change,
    /// JSON pointers (`#/...`) into the document of the nodes the action
    /// selected, where they were before it ran; sorted by path (members by
    /// name, array entries by index).
    pub nodes: Vec<String>,
}

/// The kind of change an action makes to each node it selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Update,
    Remove,
}

/// Applies the overlay (a parsed Overlay 1.0.x document) to `document`.
///
/// On error `document` is left as it was.
pub fn apply(document: &mut Value, overlay: &Value) -> Result<Applied> {
    // Every action is checked before any is run, so a mistake in the last
    // action is reported even when an earlier one would fail on this document.
    let actions = parse_overlay(overlay)?;
    let mut changed = document.clone();
    let applied = actions.iter().map(|action| action.apply_to(&mut changed)).collect::<Result<Vec<_>>>()?;
    *document = changed;
    Ok(Applied { actions: applied })
}

/// An action left out by [`prune`] because its target selects nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pruned {
    /// Its index in the overlay as it was.
    pub index: usize,
    pub target: String,
    pub description: Option<String>,
}

/// The overlay without the actions whose targets select nothing in
/// `document` (in the order the actions run, so that an action that only
/// matches what an earlier one added counts as matching), and those actions.
///
/// For vendoring a new document: what no longer applies is dropped and
/// reported, instead of failing as [`apply`] does. Any other error of the
/// overlay is returned as [`apply`] would.
pub fn prune(document: &Value, overlay: &Value) -> Result<(Value, Vec<Pruned>)> {
    let actions = parse_overlay(overlay)?;
    let mut changed = document.clone();
    let mut pruned = Vec::new();
    for action in &actions {
        if action.select(&changed).is_empty() {
            pruned.push(Pruned {
                index: action.index,
                target: action.target.to_string(),
                description: action.description.map(str::to_string),
            });
            continue;
        }
        action.apply_to(&mut changed)?;
    }
    let mut kept = overlay.clone();
    if let Some(list) = kept.get_mut("actions").and_then(Value::as_array_mut) {
        let mut index = 0;
        list.retain(|_| {
            let keep = !pruned.iter().any(|p| p.index == index);
            index += 1;
            keep
        });
    }
    Ok((kept, pruned))
}

/// Parses the JSON `document` and the JSON `overlay` and applies the overlay,
/// returning the changed document.
pub fn apply_bytes(document: &[u8], overlay: &[u8]) -> Result<(Value, Applied)> {
    let mut document: Value = serde_json::from_slice(document)
        .map_err(|e| Error::new("#", format!("the document to apply the overlay to is not valid JSON: {e}")))?;
    let overlay: Value =
        serde_json::from_slice(overlay).map_err(|e| Error::new("#", format!("the overlay is not valid JSON: {e}")))?;
    let applied = apply(&mut document, &overlay)?;
    Ok((document, applied))
}

struct Action<'a> {
    index: usize,
    target: &'a str,
    path: JsonPath,
    description: Option<&'a str>,
    modifier: Modifier<'a>,
}

enum Modifier<'a> {
    Update(&'a Value),
    Remove,
}

const OVERLAY_FIELDS: &[&str] = &["overlay", "info", "extends", "actions"];
const INFO_FIELDS: &[&str] = &["title", "version"];
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "remove"];

fn parse_overlay(overlay: &Value) -> Result<Vec<Action<'_>>> {
    let root = Pointer::root();
    let Some(object) = overlay.as_object() else {
        return Err(Error::new("#", format!("an overlay must be a JSON object, but this is {}", kind_of(overlay))));
    };
    match object.get("overlay") {
        None => {
            return Err(Error::new("#", "missing the `overlay` field (the Overlay Specification version, \"1.0.0\")"));
        }
        Some(Value::String(version)) if is_supported_version(version) => {}
        Some(Value::String(version)) => {
            return Err(Error::new(
                root.push("overlay"),
                format!("Overlay version {version:?} is not supported; overlays of version 1.0.x are applied"),
            ));
        }
        Some(other) => {
            return Err(Error::new(
                root.push("overlay"),
                format!("`overlay` must be a version string such as \"1.0.0\", but it is {}", kind_of(other)),
            ));
        }
    }
    reject_unknown_fields(object, OVERLAY_FIELDS, &root, "an overlay")?;
    if let Some(extends) = object.get("extends").filter(|e| !e.is_string()) {
        return Err(Error::new(
            root.push("extends"),
            format!("`extends` must be a URI reference string, but it is {}", kind_of(extends)),
        ));
    }

    let info_pointer = root.push("info");
    let info = match object.get("info") {
        None => return Err(Error::new("#", "missing the `info` field (an object with `title` and `version`)")),
        Some(Value::Object(info)) => info,
        Some(other) => {
            return Err(Error::new(
                info_pointer.as_str(),
                format!("`info` must be an object with `title` and `version`, but it is {}", kind_of(other)),
            ));
        }
    };
    for field in INFO_FIELDS {
        match info.get(*field) {
            None => return Err(Error::new(info_pointer.as_str(), format!("missing the `{field}` field of `info`"))),
            Some(Value::String(_)) => {}
            Some(other) => {
                return Err(Error::new(
                    info_pointer.push(field),
                    format!("`info.{field}` must be a string, but it is {}", kind_of(other)),
                ));
            }
        }
    }
    reject_unknown_fields(info, INFO_FIELDS, &info_pointer, "`info`")?;

    let actions_pointer = root.push("actions");
    let actions = match object.get("actions") {
        None => return Err(Error::new("#", "missing the `actions` field (the list of changes to make)")),
        Some(Value::Array(actions)) => actions,
        Some(other) => {
            return Err(Error::new(
                actions_pointer.as_str(),
                format!("`actions` must be an array of actions, but it is {}", kind_of(other)),
            ));
        }
    };
    if actions.is_empty() {
        return Err(Error::new(actions_pointer.as_str(), "`actions` is empty; an overlay has at least one action"));
    }
    actions
        .iter()
        .enumerate()
        .map(|(index, action)| parse_action(index, action, &actions_pointer.push(index)))
        .collect()
}

fn parse_action<'a>(index: usize, action: &'a Value, pointer: &Pointer) -> Result<Action<'a>> {
    let Some(object) = action.as_object() else {
        return Err(Error::new(
            pointer.as_str(),
            format!("action {index} must be an object with a `target`, but it is {}", kind_of(action)),
        ));
    };
    let target = match object.get("target") {
        None => return Err(Error::new(pointer.as_str(), format!("action {index} has no `target` (a JSONPath query)"))),
        Some(Value::String(target)) => target.as_str(),
        Some(other) => {
            return Err(Error::new(
                pointer.push("target"),
                format!("the `target` of action {index} must be a JSONPath string, but it is {}", kind_of(other)),
            ));
        }
    };
    check_target_size(index, target, &pointer.push("target"))?;
    let path = JsonPath::parse(target).map_err(|e| {
        Error::new(
            pointer.push("target"),
            format!("the target `{target}` of action {index} is not a valid JSONPath query (RFC 9535): {e}"),
        )
    })?;
    let name = format!("action {index} (target `{target}`)");
    reject_unknown_fields(object, ACTION_FIELDS, pointer, &name)?;
    let description = match object.get("description") {
        None => None,
        Some(Value::String(description)) => Some(description.as_str()),
        Some(other) => {
            return Err(Error::new(
                pointer.push("description"),
                format!("the `description` of {name} must be a string, but it is {}", kind_of(other)),
            ));
        }
    };
    let remove = match object.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(other) => {
            return Err(Error::new(
                pointer.push("remove"),
                format!("`remove` of {name} must be true or false, but it is {}", kind_of(other)),
            ));
        }
    };
    // Action Object: `update` has no effect when `remove` is true.
    let modifier = match (remove, object.get("update")) {
        (true, _) => Modifier::Remove,
        (false, Some(update)) => Modifier::Update(update),
        (false, None) => {
            return Err(Error::new(
                pointer.as_str(),
                format!("{name} has neither `update` nor `remove: true`; it changes nothing"),
            ));
        }
    };
    Ok(Action { index, target, path, description, modifier })
}

/// Longest target accepted, in bytes: real targets are a few hundred at most.
const MAX_TARGET_LENGTH: usize = 1000;
/// Deepest nesting of brackets and parentheses accepted in a target. The
/// JSONPath parser takes time exponential in the nesting of filters and stack
/// in proportion to all nesting (a few hundred levels overflow it); realistic
/// targets nest up to about five.
const MAX_TARGET_NESTING: usize = 8;

/// Rejects targets that would make the JSONPath parser hang or overflow its
/// stack: the overlay is user input, and neither can be caught afterwards.
fn check_target_size(index: usize, target: &str, pointer: &Pointer) -> Result<()> {
    if target.len() > MAX_TARGET_LENGTH {
        return Err(Error::new(
            pointer.as_str(),
            format!(
                "the target of action {index} is {} bytes long; at most {MAX_TARGET_LENGTH} are accepted",
                target.len()
            ),
        ));
    }
    let nesting = nesting_depth(target);
    if nesting > MAX_TARGET_NESTING {
        return Err(Error::new(
            pointer.as_str(),
            format!(
                "the target `{target}` of action {index} nests brackets and parentheses {nesting} deep; \
                 at most {MAX_TARGET_NESTING} are accepted"
            ),
        ));
    }
    Ok(())
}

/// The deepest nesting of `[` and `(` in a JSONPath query, not counting those
/// inside string literals. Only an upper bound matters: wherever this count
/// and the parser's reading part, the query is invalid and the parser stops.
fn nesting_depth(query: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut open_quote: Option<char> = None;
    let mut escaped = false;
    for c in query.chars() {
        if let Some(quote) = open_quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                open_quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => open_quote = Some(c),
            '[' | '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn is_supported_version(version: &str) -> bool {
    version.strip_prefix("1.0.").is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

/// Fails on a field that is neither one of `known` nor an `x-` extension.
fn reject_unknown_fields(object: &Map<String, Value>, known: &[&str], pointer: &Pointer, what: &str) -> Result<()> {
    match object.keys().find(|key| !known.contains(&key.as_str()) && !key.starts_with("x-")) {
        None => Ok(()),
        Some(key) => Err(Error::new(
            pointer.push(key),
            format!(
                "{what} has an unknown field `{key}`; the fields of Overlay 1.0 are {} and `x-` extensions",
                known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// One step of a path from the document's root to a node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Member(String),
    Index(usize),
}

impl Action<'_> {
    fn name(&self) -> String {
        format!("action {} (target `{}`)", self.index, self.target)
    }

    fn pointer(&self) -> Pointer {
        Pointer::root().push("actions").push(self.index)
    }

    fn apply_to(&self, document: &mut Value) -> Result<AppliedAction> {
        let selected = self.select(document);
        if selected.is_empty() {
            return Err(Error::new(self.pointer(), format!("{} matches nothing in the document", self.name())));
        }
        let change = match self.modifier {
            Modifier::Update(update) => {
                // An update never removes a member nor shortens an array, so
                // the paths found before it stay valid while it runs.
                for path in &selected {
                    self.update_node(document, path, update)?;
                }
                Change::Update
            }
            Modifier::Remove => {
                if selected.first().is_some_and(Vec::is_empty) {
                    return Err(Error::new(
                        self.pointer().push("target"),
                        format!("{} selects the whole document, which cannot be removed", self.name()),
                    ));
                }
                // Last path first: removing an array entry then shifts only
                // later entries, and those (and the nodes inside them) are
                // already gone.
                for path in selected.iter().rev() {
                    self.remove_node(document, path)?;
                }
                Change::Remove
            }
        };
        Ok(AppliedAction {
            target: self.target.to_string(),
            description: self.description.map(str::to_string),
            change,
            nodes: selected.iter().map(|path| document_pointer(path).into()).collect(),
        })
    }

    /// The paths of the selected nodes, each once, sorted: members by name,
    /// array entries by index, a node before the nodes inside it.
    fn select(&self, document: &Value) -> Vec<Vec<Step>> {
        let mut paths: Vec<Vec<Step>> = self
            .path
            .query_located(document)
            .locations()
            .map(|location| {
                location
                    .iter()
                    .map(|element| match element {
                        PathElement::Name(name) => Step::Member(name.to_string()),
                        PathElement::Index(index) => Step::Index(*index),
                    })
                    .collect()
            })
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    fn update_node(&self, document: &mut Value, path: &[Step], update: &Value) -> Result<()> {
        let Some(node) = node_at(document, path) else {
            return Err(self.lost_node(path));
        };
        match node {
            Value::Object(members) => {
                let Value::Object(update_members) = update else {
                    return Err(Error::new(
                        self.pointer().push("update"),
                        format!(
                            "{} selects {}, an object, so `update` must be an object to merge into it, but it is {}",
                            self.name(),
                            document_pointer(path),
                            kind_of(update)
                        ),
                    ));
                };
                self.merge_members(members, update_members, document_pointer(path), self.pointer().push("update"))
            }
            Value::Array(entries) => {
                match update {
                    Value::Array(more) => entries.extend(more.iter().cloned()),
                    entry => entries.push(entry.clone()),
                }
                Ok(())
            }
            primitive => Err(Error::new(
                self.pointer().push("target"),
                format!(
                    "{} selects {}, which is {}; `update` applies to objects and arrays only \
                     (to change a value, target the object that contains it)",
                    self.name(),
                    document_pointer(path),
                    kind_of(primitive)
                ),
            )),
        }
    }

    /// Merges `update` into `members`; `at` is where `members` is in the
    /// document, `from` where `update` is in the overlay.
    fn merge_members(
        &self,
        members: &mut Map<String, Value>,
        update: &Map<String, Value>,
        at: Pointer,
        from: Pointer,
    ) -> Result<()> {
        for (key, new) in update {
            let Some(old) = members.get_mut(key) else {
                members.insert(key.clone(), new.clone());
                continue;
            };
            match (old, new) {
                (Value::Object(old), Value::Object(new)) => {
                    self.merge_members(old, new, at.push(key), from.push(key))?
                }
                (Value::Array(old), Value::Array(new)) => old.extend(new.iter().cloned()),
                (old, new) if is_primitive(old) && is_primitive(new) => *old = new.clone(),
                (old, new) => {
                    return Err(Error::new(
                        from.push(key),
                        format!(
                            "{} cannot merge {} into {}, which is {}; only objects merge into objects, arrays into \
                             arrays and primitive values over primitive values (remove it first to replace it)",
                            self.name(),
                            kind_of(new),
                            at.push(key),
                            kind_of(old)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn remove_node(&self, document: &mut Value, path: &[Step]) -> Result<()> {
        let Some((last, parent_path)) = path.split_last() else {
            return Err(self.lost_node(path));
        };
        let removed = match (node_at(document, parent_path), last) {
            (Some(Value::Object(members)), Step::Member(key)) => members.remove(key).is_some(),
            (Some(Value::Array(entries)), Step::Index(index)) if *index < entries.len() => {
                entries.remove(*index);
                true
            }
            _ => false,
        };
        if removed { Ok(()) } else { Err(self.lost_node(path)) }
    }

    /// A selected node that is no longer where the query found it: this
    /// module's ordering rules should make it impossible, but it is reported
    /// rather than a panic.
    fn lost_node(&self, path: &[Step]) -> Error {
        Error::new(
            self.pointer(),
            format!("{}: the selected node {} moved while the action ran", self.name(), document_pointer(path)),
        )
    }
}

fn node_at<'a>(document: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(document, |node, step| match (node, step) {
        (Value::Object(members), Step::Member(key)) => members.get_mut(key),
        (Value::Array(entries), Step::Index(index)) => entries.get_mut(*index),
        _ => None,
    })
}

fn document_pointer(path: &[Step]) -> Pointer {
    path.iter().fold(Pointer::root(), |pointer, step| match step {
        Step::Member(key) => pointer.push(key),
        Step::Index(index) => pointer.push(index),
    })
}

fn is_primitive(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Value {
        json!({ "overlay": "1.0.0", "info": { "title": "t", "version": "1" }, "actions": actions })
    }

    #[test]
    fn versions_1_0_x_are_accepted_and_others_are_not() {
        for version in ["1.0.0", "1.0.1", "1.0.12"] {
            assert!(is_supported_version(version), "{version}");
        }
        for version in ["1.0", "1.0.", "1.1.0", "2.0.0", "1.0.0-rc1", "v1.0.0", " 1.0.0"] {
            assert!(!is_supported_version(version), "{version}");
        }
    }

    #[test]
    fn nesting_depth_counts_brackets_and_parentheses_outside_strings() {
        assert_eq!(nesting_depth("$"), 0);
        assert_eq!(nesting_depth("$.paths['/a'].get"), 1);
        assert_eq!(nesting_depth("$.a[0][1]"), 1);
        assert_eq!(nesting_depth("$.paths[?(@.get['x-oai-traits'][?(@ == 'paged')])].get"), 4);
        assert_eq!(nesting_depth("$['(([[']"), 1);
        assert_eq!(nesting_depth(r#"$["a\"(("]"#), 1, "an escaped quote does not end the string");
        assert_eq!(nesting_depth(r"$['a\\'][(]"), 2, "an escaped backslash does");
        assert_eq!(nesting_depth("$[?@[?@[?@.a]]]"), 3);
    }

    #[test]
    fn selected_paths_are_unique_and_sorted() {
        let document = json!({ "b": [10, 20, 30], "a": { "x": 1 } });
        let action = overlay(json!([{ "target": "$.b[2, 0, 2, 1]", "remove": true }]));
        let actions = parse_overlay(&action).unwrap();
        let paths = actions[0].select(&document);
        assert_eq!(
            paths,
            [0, 1, 2].map(|i| vec![Step::Member("b".to_string()), Step::Index(i)]),
            "duplicates dropped, sorted by index"
        );
    }

    #[test]
    fn removing_an_entry_and_a_member_inside_a_later_entry_keeps_both_paths_valid() {
        // Removing [0] first would move [2] to [1], and #/list/2/inner would be gone.
        let mut document = json!({ "list": [{ "drop": 1 }, "keep", { "inner": { "drop": 2 }, "y": 3 }] });
        let applied = apply(&mut document, &overlay(json!([{ "target": "$..[?@.drop]", "remove": true }]))).unwrap();
        assert_eq!(document, json!({ "list": ["keep", { "y": 3 }] }));
        assert_eq!(applied.actions[0].nodes, ["#/list/0", "#/list/2/inner"]);
    }

    #[test]
    fn a_node_and_a_node_inside_it_are_both_removed() {
        let mut document = json!({ "a": { "description": "d", "b": { "description": "e" } }, "keep": 1 });
        let applied = apply(&mut document, &overlay(json!([{ "target": "$..description", "remove": true }]))).unwrap();
        assert_eq!(document, json!({ "a": { "b": {} }, "keep": 1 }));
        assert_eq!(applied.actions[0].nodes, ["#/a/b/description", "#/a/description"]);
    }

    #[test]
    fn document_pointers_escape_slashes_and_tildes() {
        let path = [Step::Member("/a~b".to_string()), Step::Index(3)];
        assert_eq!(document_pointer(&path).as_str(), "#/~1a~0b/3");
    }
}
