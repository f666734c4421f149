// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! The hand-written runtime of the generated client: HTTP, retries, errors,
//! lenient decoding and redaction. `cargo xtask regen` never touches these
//! files; the generated code in `src/generated/` builds on them through
//! `crate::runtime::…` (ARCHITECTURE.md lists that contract).
//!
//! Nothing here knows the API it serves: the same runtime goes into every
//! crate the generator writes. Parts that one API's generated code may not
//! use (multipart bodies, form bodies, redirects, secrets) are marked where
//! they are defined.

mod call;
mod client;
#[allow(dead_code, reason = "an API without form bodies or array and object query parameters does not use it")]
mod encoding;
mod error;
pub(crate) mod lenient;
#[cfg(feature = "mock")]
pub mod mock;
#[allow(dead_code, reason = "an API without multipart bodies does not use it")]
pub(crate) mod multipart;
mod pages;
pub(crate) mod redact;
mod request;
mod response;
mod retry;
mod tls;
mod trace;

pub use client::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, Transport,
};
pub use error::{ApiError, BodyTooLarge, DecodeError, Error, RequestInfo};
pub use pages::{Items, Page, Pages, Paginated, Paging};
pub use request::{
    Answer, Binary, BoxFuture, CustomRequest, Empty, FormBody, Json, JsonBody, NoBody, Operation, RawBody, Redirect,
    Request, Text,
};
pub use reqwest::{Method, Url};
pub use response::{ApiResponse, RateLimit, RawResponse};
pub use retry::RetryPolicy;

#[allow(unused_imports, reason = "for generated code that passes an encoding; one API's may not")]
pub(crate) use encoding::Encoding;
