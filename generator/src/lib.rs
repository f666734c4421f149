//! Turns an OpenAPI 3.0 document into the generated part of a Rust client crate.
//!
//! The pipeline has four stages, one module each:
//! 1. `load`: bytes → JSON → `openapiv3` document (only 3.0.x);
//! 2. `lower`: document → [`model::Api`], where every name is chosen and every
//!    unsupported construct is reported with its JSON pointer;
//! 3. `emit`: model → Rust token streams (`quote`);
//! 4. `format`: tokens → formatted source (`prettyplease`) with a header.
//!
//! [`generate`] runs them all and returns the files; it writes nothing, so a
//! failure never leaves anything half-written.

pub mod changes;
mod emit;
mod error;
mod format;
mod load;
mod lower;
pub mod model;
mod names;
pub mod overlay;
mod pointer;

pub use error::Error;

/// Settings of a generation run.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The command that regenerates the files, named in their header.
    pub command: String,
    /// Also generate the operations marked `x-internal: true`, which are left
    /// out by default: a document marks so what its public API does not offer.
    pub keep_internal: bool,
    /// Also write `tests/generated/calls.rs`, the call table: every operation
    /// callable by its operationId with arguments given as JSON, for tests
    /// driven by data (see ARCHITECTURE.md for what it expects around it).
    pub call_table: bool,
}

impl Options {
    /// Default settings; files name `command` as the one that regenerates them.
    pub fn new(command: impl Into<String>) -> Self {
        Options { command: command.into(), keep_internal: false, call_table: false }
    }

    /// Keeps (`true`) or leaves out (`false`, the default) `x-internal` operations.
    pub fn keep_internal(mut self, keep: bool) -> Self {
        self.keep_internal = keep;
        self
    }

    /// Writes the call table for tests (`true`) or not (`false`, the default).
    pub fn call_table(mut self, write: bool) -> Self {
        self.call_table = write;
        self
    }
}

/// One generated file: a path relative to the crate root, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Generates the client code for the OpenAPI 3.0 JSON document `input`.
///
/// The files go under `src/generated/` of a crate that provides the runtime
/// module `crate::runtime` (see ARCHITECTURE.md for that contract).
pub fn generate(input: &[u8], options: &Options) -> Result<Vec<GeneratedFile>, Error> {
    let api = model_of(input, options)?;
    format::format_files(&api, options)
}

/// Runs the first two stages only: the model the code would be emitted from.
pub fn model_of(input: &[u8], options: &Options) -> Result<model::Api, Error> {
    let document = load::load(input)?;
    lower::lower(&document, options).map_err(|e| document.as_written(e))
}
