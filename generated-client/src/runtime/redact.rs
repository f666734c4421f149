// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Secrets (`format: password` fields, the token) never appear in `Debug` output.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// `Debug` of a struct with secret fields: its members as JSON (those a
/// field leaves out, left out), each member named in `secrets`, at any
/// depth, shown as `"<redacted>"`.
#[allow(dead_code, reason = "an API without secret fields has no struct that needs it")]
pub(crate) fn debug(f: &mut fmt::Formatter<'_>, name: &str, value: &impl Serialize, secrets: &[&str]) -> fmt::Result {
    let mut value = serde_json::to_value(value).unwrap_or(Value::Null);
    hide(&mut value, secrets);
    let mut out = f.debug_struct(name);
    if let Value::Object(members) = &value {
        for (member, value) in members {
            out.field(member, &AsJson(value));
        }
    }
    out.finish()
}

/// Replaces the members named in `secrets`, wherever they are, with `<redacted>`.
fn hide(value: &mut Value, secrets: &[&str]) {
    match value {
        Value::Object(members) => {
            for (member, inner) in members.iter_mut() {
                if secrets.contains(&member.as_str()) && !inner.is_null() {
                    *inner = Value::String("<redacted>".to_string());
                } else {
                    hide(inner, secrets);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| hide(item, secrets)),
        _ => {}
    }
}

/// A JSON value shown as its JSON text.
struct AsJson<'a>(&'a Value);

impl fmt::Debug for AsJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_hidden_at_any_depth() {
        struct Shown(serde_json::Value);
        impl std::fmt::Debug for Shown {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                super::debug(f, "Config", &self.0, &["password", "key"])
            }
        }
        let value = serde_json::json!({
            "name": "db", "password": "hunter2", "nested": { "key": "sk_live", "keep": 1 },
            "list": [{ "key": "k2" }], "unset": null
        });
        let shown = format!("{:?}", Shown(value));
        assert!(!shown.contains("hunter2") && !shown.contains("sk_live") && !shown.contains("k2"), "{shown}");
        assert_eq!(
            shown,
            "Config { list: [{\"key\":\"<redacted>\"}], name: \"db\", nested: {\"keep\":1,\"key\":\"<redacted>\"}, password: \"<redacted>\", unset: null }"
        );
    }
}
