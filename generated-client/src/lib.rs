// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! A typed async client for the [Supabase Management API](https://supabase.com/docs/reference/api/introduction):
//! organizations, projects, auth configuration, secrets, branches, functions,
//! domains, backups and more.
//!
//! ```no_run
//! # async fn run() -> Result<(), supabase_management::Error> {
//! use supabase_management::Client;
//!
//! let client = Client::new(std::env::var("SUPABASE_ACCESS_TOKEN").unwrap_or_default())?;
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
//! - The token and every secret field stay out of `Debug` output.
//! - [`Client::wait_for_project_status`] polls until a project is, for
//!   example, `ACTIVE_HEALTHY` after it was created or restored.
//!
//! The code in `src/generated/` is written by `cargo xtask regen` from the
//! OpenAPI document in `spec/`; the rest is written by hand.

#![warn(missing_docs)]

// Written by `cargo xtask regen` and formatted by it (prettyplease), not by rustfmt.
#[rustfmt::skip]
mod generated;
mod runtime;
mod wait;

pub use generated::{Client, DEFAULT_BASE_URL, operations, types};
pub use reqwest;
// The runtime's public items (errors, settings, responses): see runtime/mod.rs.
pub use runtime::*;
pub use wait::{WaitError, WaitForProjectStatus};
