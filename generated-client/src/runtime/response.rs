// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Responses: the exchange with the server, undecoded, and the typed answer
//! given to callers.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use super::error::{DecodeError, Error};
use super::lenient;

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

/// The headers of the rate limit, named once: a lookup by `&str` parses the name each time.
const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

impl RateLimit {
    /// The rate limit in these headers; `None` when there is none of them.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let number = |name: &HeaderName| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let reset = headers
            .get(&RESET)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Duration::from_secs_f64(s.min(86_400.0 * 365.0)));
        let limit = RateLimit { limit: number(&LIMIT), remaining: number(&REMAINING), reset };
        (limit.limit.is_some() || limit.remaining.is_some() || limit.reset.is_some()).then_some(limit)
    }
}

/// One request and the answer it got, as they were: what the raw response,
/// an API error and a decode error all keep.
#[derive(Clone)]
pub(crate) struct Exchange {
    pub(crate) method: Method,
    /// The URL (the token is never part of it).
    pub(crate) url: Url,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// A response body with the status, headers and rate limit it came with.
#[derive(Clone, Debug)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    placeholders: usize,
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

    /// How many values the body lacked that its type requires: each a field
    /// the document calls required that the server left out or sent as
    /// `null`, or a body of `null` (or nothing) where the document promises
    /// one. Each was read as the empty value of its type (`""`, `0`, `false`,
    /// an empty list…), which looks like real data; zero means none was.
    pub fn placeholders_filled(&self) -> usize {
        self.placeholders
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
        ApiResponse { status: self.status, headers: self.headers, placeholders: self.placeholders, body: f(self.body) }
    }
}

/// A success answer whose body is not yet decoded.
pub struct RawResponse(pub(crate) Exchange);

impl RawResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    fn answer<T>(self, body: T, placeholders: usize) -> ApiResponse<T> {
        ApiResponse { status: self.0.status, headers: self.0.headers, placeholders, body }
    }

    /// The body read as JSON of type `T`; a failure names the field that
    /// failed. An empty body, or `null`, reads as the empty value of `T`.
    pub fn json<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let body = &self.0.body;
        if body.iter().all(u8::is_ascii_whitespace) || body.as_ref() == b"null" {
            // `null` is an answer for `Option<T>` or any JSON; for other types, a gap.
            let (value, placeholders) = lenient::counting_placeholders(|| {
                if serde_json::from_slice::<T>(b"null").is_err() {
                    lenient::count_placeholder();
                }
                lenient::placeholder::<T>()
            });
            return Ok(self.answer(value, placeholders));
        }
        // The fast path; only a body that fails is read again to find where.
        let (decoded, placeholders) = lenient::counting_placeholders(|| serde_json::from_slice::<T>(body));
        if let Ok(value) = decoded {
            return Ok(self.answer(value, placeholders));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let located = lenient::locating(|| serde_path_to_error::deserialize::<_, T>(&mut deserializer));
        let (path, message) = match located {
            Ok(_) => match deserializer.end() {
                Ok(()) => (None, "the body could not be read".to_string()),
                Err(e) => (None, scrub(&e.to_string())),
            },
            Err(e) => {
                let outer = e.path().to_string();
                let (inner, message) = lenient::split_location(&e.into_inner().to_string());
                let path = lenient::join_path(&outer, inner.as_deref().unwrap_or(""));
                ((!path.is_empty()).then_some(path), scrub(&message))
            }
        };
        Err(Error::Decode(Box::new(DecodeError {
            exchange: self.0,
            expected: std::any::type_name::<T>(),
            path,
            message,
        })))
    }

    /// The body as text; bytes that are not UTF-8 become U+FFFD.
    pub fn text(self) -> ApiResponse<String> {
        let text = String::from_utf8_lossy(&self.0.body).into_owned();
        self.answer(text, 0)
    }

    /// The body as bytes, whatever it is.
    pub fn bytes(self) -> ApiResponse<Bytes> {
        let body = self.0.body.clone();
        self.answer(body, 0)
    }

    /// No body is documented: whatever came is ignored.
    pub fn empty(self) -> ApiResponse<()> {
        self.answer((), 0)
    }

    /// Where the redirect this answer is points to.
    pub(crate) fn location(self) -> Result<ApiResponse<Url>, Error> {
        let location = self.0.headers.get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok()).map(str::to_string);
        match location.as_deref().map(|l| self.0.url.join(l)) {
            Some(Ok(url)) => Ok(self.answer(url, 0)),
            _ => Err(Error::Decode(Box::new(DecodeError {
                expected: "a redirect",
                path: None,
                message: match location {
                    None => "the redirect has no Location header".to_string(),
                    Some(l) => format!("the Location header {l:?} is not a URL"),
                },
                exchange: self.0,
            }))),
        }
    }
}

impl std::fmt::Debug for RawResponse {
    /// The body is shown by size only: it may hold secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("method", &self.0.method)
            .field("url", &self.0.url.as_str())
            .field("status", &self.0.status)
            .field("body_bytes", &self.0.body.len())
            .finish_non_exhaustive()
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
