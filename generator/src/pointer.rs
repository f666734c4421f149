//! JSON pointers (RFC 6901) in URI fragment form, built while walking the document.

use std::fmt;

/// A JSON pointer such as `#/components/schemas/Pet/properties/name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document: `#`.
    pub fn root() -> Self {
        Pointer("#".to_string())
    }

    /// This pointer with one more reference token, escaped (`~` → `~0`, `/` → `~1`).
    pub fn push(&self, token: impl fmt::Display) -> Self {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, token))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped reference tokens of a local `$ref` such as
    /// `#/components/schemas/Pet`; `None` when it is not a local pointer.
    pub fn tokens_of_ref(reference: &str) -> Option<Vec<String>> {
        let rest = reference.strip_prefix('#')?;
        if rest.is_empty() {
            return Some(Vec::new());
        }
        let rest = rest.strip_prefix('/')?;
        Some(rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> String {
        pointer.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slashes_and_tildes() {
        let p = Pointer::root().push("paths").push("/v1/projects").push("get").push("a~b");
        assert_eq!(p.as_str(), "#/paths/~1v1~1projects/get/a~0b");
        assert_eq!(
            Pointer::tokens_of_ref("#/paths/~1v1~1projects/a~0b"),
            Some(vec!["paths".to_string(), "/v1/projects".to_string(), "a~b".to_string()])
        );
        assert_eq!(Pointer::tokens_of_ref("other.json#/a"), None);
    }
}
