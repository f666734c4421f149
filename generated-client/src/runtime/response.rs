// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Responses: the raw answer of the server and the typed one given to callers.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use super::error::{DecodeError, Error};

/// The rate limit the API reports in `x-ratelimit-*` headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `x-ratelimit-limit`: requests allowed in the current window.
    pub limit: Option<u64>,
    /// `x-ratelimit-remaining`: requests left in the current window.
    pub remaining: Option<u64>,
    /// `x-ratelimit-reset`: time until the window resets.
    pub reset: Option<Duration>,
}

impl RateLimit {
    /// The rate limit in these headers; `None` when there is none of them.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let reset = headers
            .get("x-ratelimit-reset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Duration::from_secs_f64(s.min(86_400.0 * 365.0)));
        let limit = RateLimit { limit: number("x-ratelimit-limit"), remaining: number("x-ratelimit-remaining"), reset };
        (limit.limit.is_some() || limit.remaining.is_some() || limit.reset.is_some()).then_some(limit)
    }
}

/// A response body with the status, headers and rate limit it came with.
#[derive(Clone, Debug)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> ApiResponse<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The rate limit reported with this response.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// The body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The body, dropping the rest.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse { status: self.status, headers: self.headers, body: f(self.body) }
    }
}

/// A success answer whose body is not yet decoded.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// The body read as JSON of type `T`; a failure names the field that failed.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        // An empty body reads as `null`: fine for `Option` and any-JSON types,
        // a decode error ("invalid type: null") for the others.
        let text: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        // The fast path; only a body that fails is read again to find where.
        if let Ok(body) = serde_json::from_slice(text) {
            return Ok(ApiResponse { status: self.status, headers: self.headers, body });
        }
        let mut deserializer = serde_json::Deserializer::from_slice(text);
        let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(_) => match deserializer.end() {
                Ok(()) => (None, "the body could not be read".to_string()),
                Err(e) => (None, scrub(&e.to_string())),
            },
            Err(e) => {
                let path = e.path().to_string();
                ((path != ".").then_some(path), scrub(&e.into_inner().to_string()))
            }
        };
        Err(Error::Decode(Box::new(DecodeError {
            method: self.method,
            url: self.url,
            status: self.status,
            headers: self.headers,
            body: self.body,
            expected: std::any::type_name::<T>(),
            path,
            message,
        })))
    }

    /// The body as bytes, whatever it is.
    pub(crate) fn bytes(self) -> ApiResponse<Bytes> {
        ApiResponse { status: self.status, headers: self.headers, body: self.body }
    }

    /// The body as text; bytes that are not UTF-8 become U+FFFD.
    pub(crate) fn text(self) -> ApiResponse<String> {
        let body = String::from_utf8_lossy(&self.body).into_owned();
        ApiResponse { status: self.status, headers: self.headers, body }
    }

    /// No body is documented: whatever came is ignored.
    pub(crate) fn empty(self) -> ApiResponse<()> {
        ApiResponse { status: self.status, headers: self.headers, body: () }
    }
}

/// serde's messages quote the offending value (`invalid type: string "…"`);
/// that value may be a secret, so it is cut out of messages that get logged.
fn scrub(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(" \"") {
        out.push_str(&rest[..start]);
        let quoted = &rest[start + 2..];
        // The closing quote: the first `"` not escaped by a backslash.
        let mut end = None;
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        match end {
            Some(end) => rest = &quoted[end + 1..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn quoted_values_are_cut_from_messages() {
        assert_eq!(
            scrub("invalid type: string \"hunter2\", expected u64 at line 1 column 9"),
            "invalid type: string, expected u64 at line 1 column 9"
        );
        assert_eq!(scrub("invalid type: string \"a\\\"b\", expected i64"), "invalid type: string, expected i64");
        assert_eq!(scrub("missing field `id`"), "missing field `id`");
    }
}
