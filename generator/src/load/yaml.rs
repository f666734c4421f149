//! YAML text → `serde_json::Value`, so that a YAML document goes through the
//! same stages as a JSON one.
//!
//! Built on the events of `saphyr-parser` rather than on a serde data format:
//! what JSON cannot hold must be reported with the JSON pointer of its place,
//! and only a builder that knows where it is can do that.
//!
//! - Scalars resolve by the YAML 1.2 core schema: only `true`/`false` (and
//!   their capitalised forms) are booleans, so `no`, `on`, `yes` stay strings;
//!   `~`, `null` and nothing are null; `0o17` and `0x1F` are integers.
//!   Quoted and block scalars are strings. `.inf` and `.nan` have no JSON form
//!   and are errors.
//! - Mapping keys are taken as written: `200:` is the key `"200"`, `true:` the
//!   key `"true"`. A sequence or a mapping as a key is an error at the pointer
//!   of the mapping; a key written twice is an error at the pointer of the
//!   second one.
//! - Anchors and aliases are expanded; an alias may not refer to the node that
//!   contains it, and aliases may add at most [`MAX_ALIAS_NODES`] nodes (a
//!   "billion laughs" document fails instead of filling the memory).
//! - Merge keys (`<<: *base` or `<<: [*a, *b]`, from YAML 1.1) are applied:
//!   the mapping's own keys win, then the merged mappings in their order.
//! - Tags: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`
//!   and the non-specific `!` are understood; any other tag is an error.
//! - A stream of several documents is an error; an empty one is `null`.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// As deep as `serde_json` nests before it refuses a document.
const MAX_DEPTH: usize = 128;

/// How many nodes aliases may add to a document in all.
pub(super) const MAX_ALIAS_NODES: usize = 1_000_000;

pub(super) fn parse(text: &str) -> Result<Value> {
    Builder::default().run(text)
}

/// A finished node, and what is needed to use it again through an alias.
#[derive(Clone)]
struct Node {
    value: Value,
    /// The scalar as written, when the node is a scalar: its text as a key.
    text: Option<String>,
    /// Nodes in this subtree (aliases expanded).
    size: usize,
    /// Levels of nesting in this subtree; a scalar is 1.
    height: usize,
}

enum Collection {
    Sequence(Vec<Value>),
    Mapping {
        entries: Map<String, Value>,
        /// The key whose value comes next.
        key: Option<Key>,
        /// Mappings named by a `<<` key, to merge in at the end.
        merges: Vec<Map<String, Value>>,
        has_merge_key: bool,
    },
}

struct Key {
    text: String,
    is_merge: bool,
}

/// A collection being read.
struct Frame {
    collection: Collection,
    anchor: usize,
    size: usize,
    height: usize,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    documents: usize,
    root: Option<Value>,
}

/// "line 3 column 5" (both from 1).
fn position(span: &Span) -> String {
    format!("line {} column {}", span.start.line(), span.start.col() + 1)
}

impl Builder {
    fn run(mut self, text: &str) -> Result<Value> {
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|e| {
                let mark = e.marker();
                Error::new("#", format!("invalid YAML: {} at line {} column {}", e.info(), mark.line(), mark.col() + 1))
            })?;
            match event {
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(Error::new(
                            "#",
                            format!("a second YAML document starts at {}; expected a single document", position(&span)),
                        ));
                    }
                }
                Event::Alias(id) => {
                    let Some(node) = self.anchors.get(&id).cloned() else {
                        return Err(self.error_here(format!(
                            "the alias at {} refers to a node that contains it; an alias must refer to a finished node",
                            position(&span)
                        )));
                    };
                    self.alias_nodes += node.size;
                    if self.alias_nodes > MAX_ALIAS_NODES {
                        return Err(self.error_here(format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes (at the alias at {})",
                            position(&span)
                        )));
                    }
                    if self.stack.len() + node.height > MAX_DEPTH {
                        return Err(self.error_here(format!("nested more than {MAX_DEPTH} levels deep")));
                    }
                    if self.expects_key() {
                        let Some(text) = node.text else {
                            return Err(self.key_error("an alias to a collection", &span));
                        };
                        self.set_key(text, false, &span)?;
                    } else {
                        self.finish(node, 0)?;
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    if self.expects_key() {
                        let is_merge = text == "<<" && style == ScalarStyle::Plain && tag.is_none();
                        if anchor != 0 {
                            let node = Node {
                                value: Value::String(text.to_string()),
                                text: Some(text.to_string()),
                                size: 1,
                                height: 1,
                            };
                            self.anchors.insert(anchor, node);
                        }
                        self.set_key(text.into_owned(), is_merge, &span)?;
                        continue;
                    }
                    let value = resolve(&text, style, tag.as_deref())
                        .map_err(|message| self.error_here(format!("{message} (at {})", position(&span))))?;
                    self.finish(Node { value, text: Some(text.into_owned()), size: 1, height: 1 }, anchor)?;
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(Collection::Sequence(Vec::new()), anchor, tag.as_deref(), "seq", &span)?;
                }
                Event::MappingStart(anchor, tag) => {
                    let mapping = Collection::Mapping {
                        entries: Map::new(),
                        key: None,
                        merges: Vec::new(),
                        has_merge_key: false,
                    };
                    self.open(mapping, anchor, tag.as_deref(), "map", &span)?;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let frame = self.stack.pop().expect("the parser balances starts and ends");
                    let value = match frame.collection {
                        Collection::Sequence(items) => Value::Array(items),
                        Collection::Mapping { mut entries, merges, .. } => {
                            for merged in merges {
                                for (key, value) in merged {
                                    entries.entry(key).or_insert(value);
                                }
                            }
                            Value::Object(entries)
                        }
                    };
                    let node = Node { value, text: None, size: frame.size, height: frame.height };
                    self.finish(node, frame.anchor)?;
                }
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        Ok(self.root.unwrap_or(Value::Null))
    }

    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame { collection: Collection::Mapping { key: None, .. }, .. }))
    }

    /// The pointer of the place the next node goes.
    fn pointer(&self) -> Pointer {
        let mut pointer = Pointer::root();
        for frame in &self.stack {
            pointer = match &frame.collection {
                Collection::Sequence(items) => pointer.push(items.len()),
                Collection::Mapping { key: Some(key), .. } => pointer.push(&key.text),
                Collection::Mapping { key: None, .. } => pointer,
            };
        }
        pointer
    }

    fn error_here(&self, message: String) -> Error {
        Error::new(self.pointer(), message)
    }

    /// A key that is not a scalar: an error at the mapping.
    fn key_error(&self, what: &str, span: &Span) -> Error {
        Error::new(
            self.pointer(),
            format!("a mapping key is {what} (at {}); JSON keys are strings, so keys must be scalars", position(span)),
        )
    }

    fn open(
        &mut self,
        collection: Collection,
        anchor: usize,
        tag: Option<&Tag>,
        tag_name: &str,
        span: &Span,
    ) -> Result<()> {
        if self.expects_key() {
            let what = if tag_name == "seq" { "a sequence" } else { "a mapping" };
            return Err(self.key_error(what, span));
        }
        if let Some(tag) = tag
            && core_name(tag) != Some(tag_name)
        {
            return Err(self.error_here(format!("unsupported YAML tag {tag} (at {})", position(span))));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error_here(format!("nested more than {MAX_DEPTH} levels deep")));
        }
        self.stack.push(Frame { collection, anchor, size: 1, height: 1 });
        Ok(())
    }

    fn set_key(&mut self, text: String, is_merge: bool, span: &Span) -> Result<()> {
        let duplicate = match &self.stack.last().expect("a mapping").collection {
            Collection::Mapping { has_merge_key, .. } if is_merge => *has_merge_key,
            Collection::Mapping { entries, .. } => entries.contains_key(&text),
            Collection::Sequence(_) => unreachable!("keys are only read in mappings"),
        };
        if duplicate {
            return Err(Error::new(
                self.pointer().push(&text),
                format!("the key {text:?} appears twice in this mapping (again at {})", position(span)),
            ));
        }
        if let Some(Frame { collection: Collection::Mapping { key, has_merge_key, .. }, .. }) = self.stack.last_mut() {
            *has_merge_key |= is_merge;
            *key = Some(Key { text, is_merge });
        }
        Ok(())
    }

    /// Places a finished node in its parent (or as the document).
    fn finish(&mut self, node: Node, anchor: usize) -> Result<()> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let merge_error = self.stack.last().is_some_and(|frame| {
            matches!(&frame.collection, Collection::Mapping { key: Some(Key { is_merge: true, .. }), .. })
                && !is_mergeable(&node.value)
        });
        if merge_error {
            return Err(self.error_here("a merge key (<<) takes a mapping or a sequence of mappings".to_string()));
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node.value);
            return Ok(());
        };
        frame.size += node.size;
        frame.height = frame.height.max(node.height + 1);
        match &mut frame.collection {
            Collection::Sequence(items) => items.push(node.value),
            Collection::Mapping { entries, key, merges, .. } => {
                let key = key.take().expect("a value follows its key");
                match node.value {
                    Value::Object(merged) if key.is_merge => merges.push(merged),
                    Value::Array(list) if key.is_merge => {
                        merges.extend(list.into_iter().filter_map(|item| match item {
                            Value::Object(merged) => Some(merged),
                            _ => None,
                        }));
                    }
                    value => {
                        entries.insert(key.text, value);
                    }
                }
            }
        }
        Ok(())
    }
}

fn is_mergeable(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().all(Value::is_object),
        _ => false,
    }
}

/// The JSON value of a scalar, or why it has none.
fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let Some(tag) = tag else {
        return if style == ScalarStyle::Plain { plain(text) } else { Ok(Value::String(text.to_string())) };
    };
    // `!` alone (non-specific) makes a plain scalar a string.
    if tag.handle.is_empty() && tag.suffix == "!" {
        return Ok(Value::String(text.to_string()));
    }
    let Some(name) = core_name(tag) else {
        return Err(format!("unsupported YAML tag {tag}"));
    };
    let value = match name {
        "str" => return Ok(Value::String(text.to_string())),
        "null" | "bool" | "int" | "float" => plain(text)?,
        _ => return Err(format!("unsupported YAML tag {tag} on a scalar")),
    };
    let fits = match name {
        "null" => value.is_null(),
        "bool" => value.is_boolean(),
        "int" => value.is_i64() || value.is_u64(),
        _ => value.is_number(),
    };
    if fits { Ok(value) } else { Err(format!("{text:?} is not a valid {tag}")) }
}

/// `str` for `!!str` or `!<tag:yaml.org,2002:str>`; `None` for other tags.
fn core_name(tag: &Tag) -> Option<&str> {
    if tag.is_yaml_core_schema() {
        return Some(&tag.suffix);
    }
    tag.handle.is_empty().then(|| tag.suffix.strip_prefix("tag:yaml.org,2002:")).flatten()
}

/// A plain scalar by the YAML 1.2 core schema.
fn plain(text: &str) -> Result<Value, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Err(format!("{text} (infinity or not-a-number) has no JSON equivalent"));
    }
    let radix = |digits: &str, radix: u32| u64::from_str_radix(digits, radix).ok().map(|n| Value::Number(n.into()));
    if let Some(octal) =
        text.strip_prefix("0o").filter(|d| !d.is_empty() && d.bytes().all(|b| matches!(b, b'0'..=b'7')))
    {
        return Ok(radix(octal, 8).unwrap_or_else(|| Value::String(text.to_string())));
    }
    if let Some(hex) = text.strip_prefix("0x").filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_hexdigit())) {
        return Ok(radix(hex, 16).unwrap_or_else(|| Value::String(text.to_string())));
    }
    if is_digits(unsigned) {
        let digits = text.strip_prefix('+').unwrap_or(text);
        if let Ok(n) = digits.parse::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = digits.parse::<u64>() {
            return Ok(Value::Number(n.into()));
        }
    } else if !is_float(unsigned) {
        return Ok(Value::String(text.to_string()));
    }
    // A float, or an integer too large for 64 bits (as serde_json reads it).
    let float: f64 = text.parse().map_err(|_| format!("{text} is not a number"))?;
    Number::from_f64(float).map(Value::Number).ok_or_else(|| format!("the number {text} is out of range"))
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`, the sign removed.
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (text, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => is_digits(fraction),
        Some((whole, fraction)) => is_digits(whole) && (fraction.is_empty() || is_digits(fraction)),
        None => is_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| is_digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(text: &str) -> Value {
        parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn error(text: &str) -> Error {
        parse(text).expect_err("an error")
    }

    #[test]
    fn scalars_resolve_by_the_yaml_1_2_core_schema() {
        let value = read(
            "a: no\nb: on\nc: yes\nd: off\ne: True\nf: false\ng: ~\nh:\ni: null\n\
             j: 12\nk: -3\nl: +4\nm: 0o17\nn: 0x1F\no: 1.5\np: 1e3\nq: .5\nr: 2.\n\
             s: '12'\nt: \"true\"\nu: 1_000\nv: 2024-01-01\nw: 18446744073709551615\nx: 0123\n",
        );
        let expected = json!({
            "a": "no", "b": "on", "c": "yes", "d": "off", "e": true, "f": false, "g": null, "h": null, "i": null,
            "j": 12, "k": -3, "l": 4, "m": 15, "n": 31, "o": 1.5, "p": 1000.0, "q": 0.5, "r": 2.0,
            "s": "12", "t": "true", "u": "1_000", "v": "2024-01-01", "w": 18446744073709551615u64, "x": 123
        });
        assert_eq!(value, expected);
    }

    #[test]
    fn numbers_read_as_serde_json_reads_them() {
        let text = r#"{"a": 1.0, "b": -0.25, "c": 1e3, "d": 123456789012345678901234567890, "e": -5, "f": 5}"#;
        let from_json: Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(read(text), from_json);
    }

    #[test]
    fn keys_are_the_text_as_written() {
        let value = read("responses:\n  200: {description: ok}\n  2XX: {}\ntrue: 1\n1.50: 2\n~: 3\n'<<': 4\n");
        assert_eq!(
            value,
            json!({"responses": {"200": {"description": "ok"}, "2XX": {}}, "true": 1, "1.50": 2, "~": 3, "<<": 4})
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let value = read(
            "base: &base {type: object, description: base}\n\
             extra: &extra {title: extra, description: extra}\n\
             copy: *base\n\
             merged:\n  <<: [*base, *extra]\n  description: own\n\
             key: &k name\n*k : aliased key\n",
        );
        assert_eq!(value["copy"], json!({"type": "object", "description": "base"}));
        assert_eq!(value["merged"], json!({"type": "object", "description": "own", "title": "extra"}));
        assert_eq!(value["name"], json!("aliased key"));
    }

    #[test]
    fn tags_of_the_core_schema() {
        let value = read("a: !!str 12\nb: !!int '7'\nc: ! 12\nd: !!map {x: 1}\ne: !<tag:yaml.org,2002:str> 5\n");
        assert_eq!(value, json!({"a": "12", "b": 7, "c": "12", "d": {"x": 1}, "e": "5"}));
        assert_eq!(error("a: !custom x\n").message, "unsupported YAML tag !custom (at line 1 column 4)");
        assert_eq!(error("a: !!int x\n").pointer, "#/a");
    }

    #[test]
    fn syntax_errors_have_a_line_and_column() {
        let e = error("openapi: 3.0.3\ninfo:\n  title: t\n version: 1\n");
        assert_eq!(e.pointer, "#");
        assert!(e.message.starts_with("invalid YAML: "), "{e}");
        assert!(e.message.ends_with("at line 4 column 2"), "{e}");
    }

    #[test]
    fn what_json_cannot_hold_fails_at_its_place() {
        let e = error("paths:\n  /a:\n    get: {}\n    put: {}\n    get: {}\n");
        assert_eq!(e.pointer, "#/paths/~1a/get");
        assert_eq!(e.message, "the key \"get\" appears twice in this mapping (again at line 5 column 5)");

        let e = error("a:\n  - x\n  - ? [1, 2]\n    : y\n");
        assert_eq!(e.pointer, "#/a/1");
        assert!(e.message.starts_with("a mapping key is a sequence"), "{e}");
        assert_eq!(error("a:\n  {b: 1}: c\n").pointer, "#/a");
        assert_eq!(error("x: &x {a: 1}\ny:\n  *x : 2\n").pointer, "#/y");

        assert_eq!(error("a:\n  b: .inf\n").pointer, "#/a/b");
        assert_eq!(error("a: 1e999\n").message, "the number 1e999 is out of range (at line 1 column 4)");
        assert_eq!(error("a:\n  <<: 5\n").message, "a merge key (<<) takes a mapping or a sequence of mappings");
        assert_eq!(error("a:\n  <<: {x: 1}\n  <<: {y: 1}\n").pointer, "#/a/<<");
        assert_eq!(error("a: 1\n---\nb: 2\n").pointer, "#");
    }

    #[test]
    fn aliases_cannot_loop_or_explode() {
        let e = error("a: &a\n  b: *a\n");
        assert_eq!(e.pointer, "#/a/b");
        assert!(e.message.contains("refers to a node that contains it"), "{e}");

        let mut laughs = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let previous = format!("*l{}", i - 1);
            laughs.push_str(&format!("l{i}: &l{i} [{}]\n", vec![previous; 10].join(", ")));
        }
        let e = error(&laughs);
        assert!(e.message.starts_with("aliases expand to more than"), "{e}");

        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        assert!(error(&deep).message.contains("levels deep"));
    }

    #[test]
    fn an_empty_stream_is_null() {
        assert_eq!(read(""), Value::Null);
        assert_eq!(read("# only a comment\n"), Value::Null);
    }
}
