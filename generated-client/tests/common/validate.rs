//! Checking a JSON value against an OpenAPI 3.0 schema: what the synthesizer
//! uses to pick a `oneOf` alternative that no other alternative also matches,
//! and what the tests use to prove realistic values satisfy their schemas —
//! the keywords a validating mock server such as Prism checks.

use serde_json::Value;

use super::document::Document;
use super::pattern;

/// The ways `value` breaks `schema`, each with the JSON path of the place
/// (`$.a[0]`); empty when it satisfies it.
pub fn errors(doc: &Document, schema: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(doc, schema, value, "$", &mut out, 0);
    out
}

pub fn is_valid(doc: &Document, schema: &Value, value: &Value) -> bool {
    errors(doc, schema, value).is_empty()
}

fn check(doc: &Document, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    let schema = doc.resolve(schema);
    let Some(keywords) = schema.as_object() else { return };
    let mut fail = |message: String| out.push(format!("{at}: {message}"));

    if value.is_null() {
        let allowed = schema["nullable"] == Value::Bool(true)
            || schema["enum"].as_array().is_some_and(|values| values.contains(&Value::Null))
            || keywords.keys().all(|k| !is_constraint(k));
        if !allowed {
            fail("null where the schema is not nullable".to_string());
        }
        return;
    }
    if let Some(values) = schema["enum"].as_array()
        && !values.contains(value)
    {
        fail(format!("{value} is not one of {}", Value::Array(values.clone())));
    }
    for part in schema["allOf"].as_array().into_iter().flatten() {
        check(doc, part, value, at, out, depth + 1);
    }
    for (keyword, exactly_one) in [("oneOf", true), ("anyOf", false)] {
        if let Some(alternatives) = schema[keyword].as_array() {
            let matching = alternatives.iter().filter(|alt| errors_at(doc, alt, value, at, depth).is_empty()).count();
            let good = if exactly_one { matching == 1 } else { matching >= 1 };
            if !good {
                out.push(format!("{at}: matches {matching} alternatives of {keyword}"));
            }
        }
    }
    let kind = schema["type"].as_str();
    let type_ok = match kind {
        None => true,
        Some("string") => value.is_string(),
        Some("integer") => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        Some(_) => true,
    };
    if !type_ok {
        out.push(format!("{at}: {value} is not of type {}", kind.unwrap_or_default()));
        return;
    }
    match value {
        Value::String(text) => check_string(schema, text, at, out),
        Value::Number(_) => check_number(schema, value.as_f64().unwrap_or_default(), at, out),
        Value::Array(items) => {
            let count = items.len() as u64;
            if schema["minItems"].as_u64().is_some_and(|min| count < min) {
                out.push(format!("{at}: fewer than minItems items"));
            }
            if schema["maxItems"].as_u64().is_some_and(|max| count > max) {
                out.push(format!("{at}: more than maxItems items"));
            }
            if schema["uniqueItems"] == Value::Bool(true)
                && items.iter().enumerate().any(|(i, item)| items[..i].contains(item))
            {
                out.push(format!("{at}: items are not unique"));
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check(doc, item_schema, item, &format!("{at}[{i}]"), out, depth + 1);
                }
            }
        }
        Value::Object(members) => {
            for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !members.contains_key(name) {
                    out.push(format!("{at}: the required member `{name}` is missing"));
                }
            }
            let properties = schema["properties"].as_object();
            for (name, member) in members {
                let here = format!("{at}.{name}");
                match properties.and_then(|p| p.get(name)) {
                    Some(property) => check(doc, property, member, &here, out, depth + 1),
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => out.push(format!("{here}: not an allowed member")),
                        Some(extra @ Value::Object(_)) => check(doc, extra, member, &here, out, depth + 1),
                        _ => {}
                    },
                }
            }
        }
        _ => {}
    }
}

fn errors_at(doc: &Document, schema: &Value, value: &Value, at: &str, depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    check(doc, schema, value, at, &mut out, depth + 1);
    out
}

/// Keywords that constrain a value (a schema of only docs accepts anything).
fn is_constraint(keyword: &str) -> bool {
    matches!(
        keyword,
        "type" | "enum" | "properties" | "required" | "items" | "allOf" | "oneOf" | "anyOf" | "format" | "pattern"
    )
}

fn check_string(schema: &Value, text: &str, at: &str, out: &mut Vec<String>) {
    let length = text.chars().count() as u64;
    if schema["minLength"].as_u64().is_some_and(|min| length < min) {
        out.push(format!("{at}: shorter than minLength"));
    }
    if schema["maxLength"].as_u64().is_some_and(|max| length > max) {
        out.push(format!("{at}: longer than maxLength"));
    }
    if let Some(regex) = schema["pattern"].as_str()
        && pattern::compiles(regex)
        && !pattern::matches(regex, text)
    {
        out.push(format!("{at}: {text:?} does not match the pattern {regex:?}"));
    }
    if let Some(format) = schema["format"].as_str()
        && !format_ok(format, text)
    {
        out.push(format!("{at}: {text:?} is not a {format}"));
    }
}

/// The string formats a validator checks (others, such as `password` or
/// `binary`, accept any string).
pub fn format_ok(format: &str, text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match format {
        "uuid" => {
            let groups: Vec<&str> = text.split('-').collect();
            groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
        }
        "date" => is_date(text),
        "date-time" => {
            let Some((date, time)) = text.split_once(['T', 't']) else { return false };
            let time = time.trim_end_matches(['Z', 'z']);
            let time = time.split(['+', '-']).next().unwrap_or_default();
            let hms: Vec<&str> = time.split('.').next().unwrap_or_default().split(':').collect();
            is_date(date) && hms.len() == 3 && hms.iter().all(|p| p.len() == 2 && digits(p))
        }
        "email" => text.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.')),
        "uri" | "url" => {
            text.split_once(':').is_some_and(|(scheme, rest)| {
                !rest.is_empty()
                    && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                    && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            }) && !text.contains(' ')
        }
        "ipv4" => text.split('.').filter(|p| digits(p) && p.parse::<u8>().is_ok()).count() == 4,
        _ => true,
    }
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([4, 2, 2]) && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

fn check_number(schema: &Value, n: f64, at: &str, out: &mut Vec<String>) {
    // OpenAPI 3.0: `exclusiveMinimum: true` makes `minimum` exclusive; 3.1 (and
    // JSON Schema) give the bound itself.
    let bound = |name: &str, exclusive_name: &str| -> Option<(f64, bool)> {
        match (schema[name].as_f64(), &schema[exclusive_name]) {
            (Some(limit), Value::Bool(exclusive)) => Some((limit, *exclusive)),
            (Some(limit), _) => Some((limit, false)),
            (None, Value::Number(limit)) => limit.as_f64().map(|l| (l, true)),
            _ => None,
        }
    };
    if let Some((min, exclusive)) = bound("minimum", "exclusiveMinimum")
        && (n < min || (exclusive && n == min))
    {
        out.push(format!("{at}: {n} is below the minimum {min}"));
    }
    if let Some((max, exclusive)) = bound("maximum", "exclusiveMaximum")
        && (n > max || (exclusive && n == max))
    {
        out.push(format!("{at}: {n} is above the maximum {max}"));
    }
    if let Some(step) = schema["multipleOf"].as_f64()
        && step > 0.0
        && (n / step).fract() != 0.0
    {
        out.push(format!("{at}: {n} is not a multiple of {step}"));
    }
}
