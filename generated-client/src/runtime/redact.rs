// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Secrets (`format: password` fields, the token) never appear in `Debug` output.

use std::fmt;

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
}
