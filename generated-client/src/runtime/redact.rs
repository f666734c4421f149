// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Secrets (`format: password` fields, the token) never appear in `Debug` output.

use std::fmt;

/// `Debug` of a secret: `"<redacted>"` when there is a value.
pub(crate) struct Redacted<'a, T>(pub &'a T);

impl fmt::Debug for Redacted<'_, String> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

impl fmt::Debug for Redacted<'_, Option<String>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Some(\"<redacted>\")"),
            None => f.write_str("None"),
        }
    }
}
