// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! A typed async client for the [Supabase Management API](https://supabase.com/docs/reference/api/introduction):
//! organizations, projects, auth configuration, secrets, branches, functions,
//! domains, backups and more.
//!
//! ```no_run
//! # async fn run() -> Result<(), supabase_management::Error> {
//! use supabase_management::Client;
//!
//! // SUPABASE_ACCESS_TOKEN, and SUPABASE_API_URL if set.
//! let client = Client::from_env()?;
//! for project in client.list_all_projects().await? {
//!     println!("{} {} {}", project.r#ref, project.name, project.status);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! - [`Client`] has one method per operation; required parameters are
//!   arguments, optional ones are set on the request it returns, and `.await`
//!   sends it. [`types`] holds the request and response bodies.
//! - Errors are one [`Error`] type: API errors keep the status and body, and
//!   transport, timeout and decoding failures are told apart.
//! - Requests time out (60 s by default), and 429/503 answers and failed
//!   connections are retried with backoff, honouring `Retry-After`
//!   ([`RetryPolicy`]).
//! - The token and every secret field stay out of `Debug` output, and the
//!   token goes only to the base URL, over TLS unless the API is on this
//!   machine ([`ClientBuilder::allow_insecure_http`] says otherwise).
//! - [`Client::wait_for_project_status`] polls until a project is, for
//!   example, `ACTIVE_HEALTHY` after it was created or restored.
//! - What the API adds next is not a breaking change: enums are
//!   `#[non_exhaustive]`, and so are the structs only read from responses,
//!   which implement `Default` so that a test can build one
//!   (`let mut p = T::default(); p.name = …;`).
//!
//! # Features
//!
//! The TLS of the HTTP client the builder makes, one of:
//! - `rustls` (default): rustls with the aws-lc-rs provider, the one rustls
//!   recommends;
//! - `rustls-ring`: rustls with *ring*, a shorter build (no post-quantum key
//!   exchange);
//! - `native-tls`: the platform's TLS (OpenSSL on Linux).
//!
//! None installs a process-wide rustls provider: a `reqwest::Client` of your
//! own ([`ClientBuilder::http_client`]) keeps its own TLS.
//!
//! The code in `src/generated/` is written by `cargo xtask regen` from the
//! OpenAPI document in `spec/`; the rest is written by hand.

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
