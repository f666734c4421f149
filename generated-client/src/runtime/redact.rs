// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Secrets (`format: password` fields, the token) never appear in `Debug` output.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// `Debug` of a secret: `"<redacted>"` in place of each value, whether the
/// field is required, optional, or optional and nullable.
pub(crate) struct Redacted<'a, T>(pub &'a T);

impl fmt::Debug for Redacted<'_, String> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

impl<T> fmt::Debug for Redacted<'_, Option<T>>
where
    for<'b> Redacted<'b, T>: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(value) => f.debug_tuple("Some").field(&Redacted(value)).finish(),
            None => f.write_str("None"),
        }
    }
}

impl Redacted<'_, ()> {
    /// `Debug` of a struct with secret fields: its members as JSON (those a
    /// field leaves out, left out), each member named in `secrets`, at any
    /// depth, shown as `<redacted>`.
    pub(crate) fn debug(
        f: &mut fmt::Formatter<'_>,
        name: &str,
        value: &impl Serialize,
        secrets: &[&str],
    ) -> fmt::Result {
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
    use super::Redacted;

    #[test]
    fn every_shape_of_a_secret_is_hidden() {
        let secret = "hunter2".to_string();
        assert_eq!(format!("{:?}", Redacted(&secret)), "\"<redacted>\"");
        assert_eq!(format!("{:?}", Redacted(&Some(secret.clone()))), "Some(\"<redacted>\")");
        assert_eq!(format!("{:?}", Redacted(&Some(Some(secret)))), "Some(Some(\"<redacted>\"))");
        assert_eq!(format!("{:?}", Redacted(&Some(None::<String>))), "Some(None)");
        assert_eq!(format!("{:?}", Redacted(&None::<String>)), "None");
    }

    #[test]
    fn secrets_are_hidden_at_any_depth() {
        struct Shown(serde_json::Value);
        impl std::fmt::Debug for Shown {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                Redacted::debug(f, "Config", &self.0, &["password", "key"])
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
