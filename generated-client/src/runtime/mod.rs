// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! The hand-written runtime of the generated client: HTTP, retries, errors,
//! lenient decoding and redaction. `cargo xtask regen` never touches these
//! files; the generated code in `src/generated/` calls them through
//! `crate::runtime::…` (ARCHITECTURE.md lists that contract).
//!
//! Nothing here knows the API it serves: the same runtime goes into every
//! crate the generator writes.

// The runtime serves any API; the code generated for one API uses only part
// of it (no redirects, no secrets, …), so what it leaves unused is not dead.
#![allow(dead_code, unused_imports)]

mod call;
mod client;
mod error;
pub(crate) mod lenient;
pub(crate) mod multipart;
mod redact;
mod response;
mod retry;

pub(crate) use call::Call;
pub use client::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Transport};
pub use error::{ApiError, BodyTooLarge, DecodeError, Error, RequestInfo};
pub(crate) use redact::Redacted;
pub(crate) use reqwest::Method;
pub use reqwest::Url;
pub(crate) use response::RawResponse;
pub use response::{ApiResponse, RateLimit};
pub use retry::RetryPolicy;

/// The future of a request builder's `.await`.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
