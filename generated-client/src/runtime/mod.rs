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
mod error;
pub(crate) mod lenient;
pub(crate) mod multipart;
mod redact;
mod request;
mod response;
mod retry;

pub use client::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Transport};
pub use error::{ApiError, BodyTooLarge, DecodeError, Error, RequestInfo};
pub(crate) use redact::Redacted;
pub use request::{Answer, Binary, BoxFuture, CustomRequest, Empty, Json, Operation, Redirect, Request, Text};
pub use reqwest::{Method, Url};
pub use response::{ApiResponse, RateLimit, RawResponse};
pub use retry::RetryPolicy;

/// The conversions of a string enum whose unknown values land in a catch-all
/// variant (`$other`): `as_str`, `Display`, `From<&str>` and `FromStr`. The
/// enum itself derives serde's traits, its values as the variants' names.
macro_rules! string_enum {
    ($name:ident, $other:ident) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::$other(value) => value,
                    known => $crate::runtime::lenient::variant_value(known),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::runtime::lenient::parse_variant(value).unwrap_or_else(|| Self::$other(value.to_string()))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    };
}
pub(crate) use string_enum;
