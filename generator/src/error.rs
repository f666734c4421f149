//! The one error type of the generator: what went wrong, and where in the
//! document (a JSON pointer such as `#/paths/~1v1~1projects/get/responses/200`).

use std::fmt;

/// A document the generator cannot turn into a client, and the place why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// JSON pointer (URI fragment form, `#/...`) of the offending place; `#` is
    /// the whole document.
    pub pointer: String,
    /// What is wrong there, in a sentence.
    pub message: String,
}

impl Error {
    pub(crate) fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
