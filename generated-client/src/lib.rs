// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

// The crate's docs are its README (shown on crates.io and docs.rs alike);
// its examples are doc tests.
#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
// docs.rs builds with `--cfg docsrs`: items behind a feature say so.
#![cfg_attr(docsrs, feature(doc_cfg))]

// Written by `cargo xtask regen` and formatted by it (prettyplease), not by rustfmt.
#[rustfmt::skip]
mod generated;
mod from_env;
mod runtime;
mod wait;

pub use from_env::{ACCESS_TOKEN_VAR, API_URL_VAR};
pub use generated::{Client, DEFAULT_BASE_URL, operations, types};
// The crates the public API exposes (`reqwest::Client`, `serde_json::Value`),
// at the versions this crate uses.
pub use reqwest;
pub use serde_json;
// The runtime's public items (errors, settings, responses): see runtime/mod.rs.
pub use runtime::*;
pub use wait::{WaitError, WaitForProjectStatus};
