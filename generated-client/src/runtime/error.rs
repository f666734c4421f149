// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! The client's one error type. Every failure keeps what is needed to act on
//! it: the request, the status, the headers and the body.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

use super::response::{Exchange, RateLimit};

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status that is not a success (4xx, 5xx, or a
    /// redirect the operation does not expect). Status, headers and body are kept.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request did not complete within its timeout.
    #[error("{request} timed out (timeout {timeout:?})")]
    Timeout {
        /// The request.
        request: Box<RequestInfo>,
        /// The timeout that ran out.
        timeout: Duration,
    },
    /// The request could not be sent or the answer not received whole: DNS,
    /// connection refused or reset, TLS, a connection closed mid-body.
    #[error("{request} failed: {source}")]
    Transport {
        /// The request.
        request: Box<RequestInfo>,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// The answer is a success but its body is not what the operation documents.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The answer's body is larger than the client's limit; what was read is kept.
    #[error("{0}")]
    BodyTooLarge(Box<BodyTooLarge>),
    /// An argument cannot be sent as it is: a path parameter that is empty, `.`
    /// or `..`, a header value with a newline, a body that cannot be serialized.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The client's settings are unusable: a malformed base URL, a token that is
    /// not a valid header value, an HTTP client that cannot be built.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.exchange.status),
            Error::Decode(e) => Some(e.exchange.status),
            Error::BodyTooLarge(e) => Some(e.exchange.status),
            _ => None,
        }
    }

    /// The API error, if the server answered with an error status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// The body of an error answer read as `T`, the type the operation's
    /// docs give for its status: `None` when this is not an error answer or
    /// its body does not read as a `T` (the raw body stays in [`ApiError::body`]).
    pub fn body<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        self.as_api()?.json().ok()
    }
}

/// The request a failure is about.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    /// The method.
    pub method: Method,
    /// The URL (the token is never part of it).
    pub url: Url,
}

impl fmt::Display for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.url)
    }
}

/// An answer whose body is over the client's size limit.
#[derive(Clone)]
pub struct BodyTooLarge {
    /// The exchange, its body the first `limit` bytes.
    pub(crate) exchange: Exchange,
    pub(crate) limit: usize,
}

impl BodyTooLarge {
    /// The request.
    pub fn request(&self) -> RequestInfo {
        self.exchange.request()
    }

    /// The status of the answer.
    pub fn status(&self) -> StatusCode {
        self.exchange.status
    }

    /// The headers of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.exchange.headers
    }

    /// The limit, in bytes (`ClientBuilder::max_response_bytes`).
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The first `limit` bytes of the body.
    pub fn partial_body(&self) -> &Bytes {
        &self.exchange.body
    }
}

impl fmt::Debug for BodyTooLarge {
    /// Leaves out the body, which may hold secrets; [`partial_body`](Self::partial_body) has it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyTooLarge")
            .field("request", &self.exchange.request())
            .field("status", &self.exchange.status)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} answered {} with a body over the limit of {} bytes",
            self.exchange.request(),
            self.exchange.status,
            self.limit
        )
    }
}

impl std::error::Error for BodyTooLarge {}

impl Exchange {
    fn request(&self) -> RequestInfo {
        RequestInfo { method: self.method.clone(), url: self.url.clone() }
    }
}

/// An answer with an error status: 4xx, 5xx, or an unexpected redirect.
#[derive(Clone)]
pub struct ApiError {
    pub(crate) exchange: Exchange,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.exchange.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.exchange.headers
    }

    /// The body as it was sent.
    pub fn body(&self) -> &Bytes {
        &self.exchange.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.exchange.body).into_owned()
    }

    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.exchange.method
    }

    /// The request's URL.
    pub fn url(&self) -> &Url {
        &self.exchange.url
    }

    /// The error message of a JSON error body: its `message` member (or
    /// `error`, `msg`, `error_description`), when it has one.
    pub fn message(&self) -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(&self.exchange.body).ok()?;
        ["message", "error", "msg", "error_description"].iter().find_map(|key| match value.get(key)? {
            serde_json::Value::String(text) => Some(text.clone()),
            serde_json::Value::Array(items) => {
                let texts: Vec<&str> = items.iter().filter_map(|i| i.as_str()).collect();
                (!texts.is_empty()).then(|| texts.join("; "))
            }
            _ => None,
        })
    }

    /// The body read as JSON of your type, for APIs with structured errors.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.exchange.body)
    }

    /// The rate limit reported with this answer.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.exchange.headers)
    }

    /// How long the server asks to wait before retrying (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        super::retry::retry_after(&self.exchange.headers, std::time::SystemTime::now())
    }
}

impl fmt::Debug for ApiError {
    /// Shows the error message of the body but not the body itself, which may
    /// echo what was sent; [`body`](Self::body) has it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("method", &self.exchange.method)
            .field("url", &self.exchange.url.as_str())
            .field("status", &self.exchange.status)
            .field("message", &self.message())
            .field("body_bytes", &self.exchange.body.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ApiError {
    /// The request, the status and the API's own error message (the
    /// `message` of a JSON error body), never the rest of the body: it may
    /// echo what was sent. [`body`](Self::body) has it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} answered {}", self.exchange.request(), self.exchange.status)?;
        match self.message() {
            Some(message) => write!(f, ": {message}"),
            None if !self.exchange.body.is_empty() => write!(f, " ({} bytes of body)", self.exchange.body.len()),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

/// A success answer whose body does not fit the documented type.
#[derive(Clone)]
pub struct DecodeError {
    pub(crate) exchange: Exchange,
    /// The Rust type the body was read as.
    pub(crate) expected: &'static str,
    /// Where in the JSON reading failed (`[0].status`), when not at the top.
    pub(crate) path: Option<String>,
    pub(crate) message: String,
}

impl DecodeError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.exchange.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.exchange.headers
    }

    /// The body as it was sent.
    pub fn body(&self) -> &Bytes {
        &self.exchange.body
    }

    /// Where in the JSON document reading failed, such as `items[0].status`.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// What went wrong there (quoted values left out: they may be secrets).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The Rust type the body was read as.
    pub fn expected_type(&self) -> &'static str {
        self.expected
    }
}

impl fmt::Debug for DecodeError {
    /// Leaves out the body: a success body may hold secrets (tokens, keys);
    /// [`body`](Self::body) has it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("method", &self.exchange.method)
            .field("url", &self.exchange.url.as_str())
            .field("status", &self.exchange.status)
            .field("expected", &self.expected)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("body_bytes", &self.exchange.body.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not read the answer of {} ({}) as `{}`",
            self.exchange.request(),
            self.exchange.status,
            self.expected
        )?;
        if let Some(path) = &self.path {
            write!(f, " at `{path}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DecodeError {}
