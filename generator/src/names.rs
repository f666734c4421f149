//! Rust names for OpenAPI names: case conversion with `heck`, keyword escaping,
//! and deterministic resolution of collisions.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers at all, not even raw ones (`r#self` is invalid).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Strict and reserved keywords of Rust 2024, escaped as raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keeps ASCII letters and digits and turns every other character into a word
/// break, so that `id_token token`, `x-www-form` or `a.b` all split into words.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// `UpperCamelCase` name for a type or an enum variant. Never empty, never
/// starts with a digit (prefixed with `prefix`), never a keyword.
pub fn upper_camel(raw: &str, prefix: &str, empty: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = empty.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{prefix}{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The variant name of a string enum value. A value without letters or digits
/// is spelled out by its characters (`"*/"` → `AsteriskSlash`), so that such
/// values get names a reader can tell apart rather than `Empty2`, `Empty3`.
pub fn enum_variant(value: &str) -> String {
    if value.is_empty() || value.chars().any(|c| c.is_ascii_alphanumeric()) {
        return upper_camel(value, "V", "Empty");
    }
    let spelled: Vec<&str> = value.chars().map(symbol_name).collect();
    upper_camel(&spelled.join(" "), "V", "Empty")
}

fn symbol_name(c: char) -> &'static str {
    match c {
        '!' => "exclamation",
        '"' => "quote",
        '#' => "hash",
        '$' => "dollar",
        '%' => "percent",
        '&' => "ampersand",
        '\'' => "apostrophe",
        '(' => "open paren",
        ')' => "close paren",
        '*' => "asterisk",
        '+' => "plus",
        ',' => "comma",
        '-' => "minus",
        '.' => "dot",
        '/' => "slash",
        ':' => "colon",
        ';' => "semicolon",
        '<' => "less than",
        '=' => "equals",
        '>' => "greater than",
        '?' => "question",
        '@' => "at",
        '[' => "open bracket",
        '\\' => "backslash",
        ']' => "close bracket",
        '^' => "caret",
        '_' => "underscore",
        '`' => "backtick",
        '{' => "open brace",
        '|' => "pipe",
        '}' => "close brace",
        '~' => "tilde",
        c if c.is_whitespace() => "space",
        _ => "symbol",
    }
}

/// `snake_case` name for a field, argument or method. Never empty, never starts
/// with a digit. Keywords stay as they are here and become raw identifiers in
/// [`ident`].
pub fn snake(raw: &str, empty: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = empty.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("_{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The method name of an operation: its `operationId` in snake case, without a
/// leading API version such as `v1_` (`v1-list-all-projects` → `list_all_projects`).
pub fn operation_method(operation_id: &str) -> String {
    let name = snake(operation_id, "operation");
    strip_version_prefix(&name).unwrap_or(name)
}

/// `v1_list` → `list`; `None` when there is no such prefix or nothing would remain.
fn strip_version_prefix(name: &str) -> Option<String> {
    let rest = name.strip_prefix('v')?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = rest[digits..].strip_prefix('_')?;
    if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(rest.to_string())
}

/// The method name of an operation that has no `operationId`, from its method
/// and path: `GET /v1/projects/{ref}/health` → `get_projects_by_ref_health`.
pub fn operation_method_from_path(method: &str, path: &str) -> String {
    let mut parts = vec![method.to_string()];
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    if let Some(first) = segments.peek()
        && strip_version_prefix(&format!("{first}_x")).is_some()
    {
        segments.next();
    }
    for segment in segments {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => parts.push(format!("by_{param}")),
            None => parts.push(segment.to_string()),
        }
    }
    snake(&parts.join("_"), "operation")
}

/// The identifier tokens for a name made by [`snake`] or [`upper_camel`]:
/// keywords become raw identifiers (`type` → `r#type`).
pub fn ident(name: &str) -> proc_macro2::Ident {
    if KEYWORDS.contains(&name) {
        proc_macro2::Ident::new_raw(name, proc_macro2::Span::call_site())
    } else {
        proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
    }
}

/// Hands out unique names within one namespace. The first claim of a name gets
/// it as is; later claims get `2`, `3`, … appended (`_2` for snake case). Callers
/// claim in a deterministic order, so the result does not depend on map order.
#[derive(Debug, Default)]
pub struct Namespace {
    used: BTreeSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// A namespace in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self { used: reserved.iter().map(|s| s.to_string()).collect() }
    }

    pub fn claim(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        // `_` where a bare number would run into the name (`list_2`, `Sha256_2`).
        let separator = if base.contains('_')
            || base.starts_with(|c: char| c.is_ascii_lowercase())
            || base.ends_with(|c: char| c.is_ascii_digit())
        {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_camel_handles_digits_spaces_and_symbols() {
        assert_eq!(upper_camel("1_not_started", "V", "Empty"), "V1NotStarted");
        assert_eq!(upper_camel("id_token token", "V", "Empty"), "IdTokenToken");
        assert_eq!(upper_camel("ACTIVE_HEALTHY", "V", "Empty"), "ActiveHealthy");
        assert_eq!(upper_camel("", "V", "Empty"), "Empty");
        assert_eq!(upper_camel("!@#", "V", "Empty"), "Empty");
        assert_eq!(upper_camel("self", "V", "Empty"), "Self_");
    }

    #[test]
    fn enum_values_without_letters_are_spelled_out() {
        assert_eq!(enum_variant("`"), "Backtick");
        assert_eq!(enum_variant("``"), "BacktickBacktick");
        assert_eq!(enum_variant("\\"), "Backslash");
        assert_eq!(enum_variant("\""), "Quote");
        assert_eq!(enum_variant("*/"), "AsteriskSlash");
        assert_eq!(enum_variant(""), "Empty");
        assert_eq!(enum_variant("a\\nb"), "ANb");
    }

    #[test]
    fn snake_handles_camel_case_and_keywords() {
        assert_eq!(snake("dbAllowedCidrsV6", "field"), "db_allowed_cidrs_v6");
        assert_eq!(snake("connectionString", "field"), "connection_string");
        assert_eq!(snake("2fa", "field"), "_2fa");
        assert_eq!(snake("self", "field"), "self_");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("ref").to_string(), "r#ref");
        assert_eq!(ident("name").to_string(), "name");
    }

    #[test]
    fn operation_names_drop_the_version_prefix() {
        assert_eq!(operation_method("v1-list-all-projects"), "list_all_projects");
        assert_eq!(operation_method("listPets"), "list_pets");
        assert_eq!(operation_method("v1"), "v1");
        assert_eq!(operation_method("v2-3d"), "v2_3d");
        assert_eq!(operation_method_from_path("get", "/v1/projects/{ref}/health"), "get_projects_by_ref_health");
    }

    #[test]
    fn namespace_resolves_collisions_in_claim_order() {
        let mut ns = Namespace::with_reserved(&["send"]);
        assert_eq!(ns.claim("Active"), "Active");
        assert_eq!(ns.claim("Active"), "Active2");
        assert_eq!(ns.claim("Active"), "Active3");
        assert_eq!(ns.claim("send"), "send_2");
        assert_eq!(ns.claim("list_all"), "list_all");
        assert_eq!(ns.claim("list_all"), "list_all_2");
        assert_eq!(ns.claim("Sha256"), "Sha256");
        assert_eq!(ns.claim("Sha256"), "Sha256_2");
    }
}
