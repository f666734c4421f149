// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! One request: built up from an operation's arguments, then sent with retries.

use std::fmt::{self, Display};
use std::future::Future;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;

use super::client::Transport;
use super::encoding::{self, Encoding};
use super::error::{ApiError, BodyTooLarge, DecodeError, Error, RequestInfo};
use super::multipart;
use super::response::{Exchange, RateLimit, RawResponse};
use super::retry::{self, RetryPolicy};
use super::trace::{CallTrace, RetryReason};

/// A path parameter is one segment: everything but unreserved characters is
/// escaped, so `/`, `?`, `#` and `%` in a value can never change the path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// Literal parts of a path template keep their `/` and common characters.
const TEMPLATE: &AsciiSet = &SEGMENT
    .remove(b'/')
    .remove(b':')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// A path given to the escape hatch: as written, its `%`-escapes kept.
const CUSTOM_PATH: &AsciiSet = &TEMPLATE.remove(b'%');

/// A request being built. Argument errors are kept and reported when it is
/// sent, so that building never fails half-way. A clone sends the same
/// request again (walking pages does, changing only the page's position).
#[derive(Clone)]
pub(crate) struct Call<'a> {
    transport: &'a Transport,
    method: Method,
    path: String,
    /// Each `key=value` pair of the query string, with the parameter it
    /// belongs to (one parameter may give several keys), to replace it.
    query: Vec<(String, (String, String))>,
    headers: HeaderMap,
    body: Option<(HeaderValue, Bytes)>,
    bearer: bool,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    /// The first argument error, sent back as `Error::InvalidArgument`.
    error: Option<String>,
    /// The operation's `operationId` and path template, for tracing
    /// (`None` through the escape hatch).
    operation: Option<(&'static str, &'static str)>,
}

/// What one attempt came to: an outcome, or a wait before the next attempt.
#[allow(clippy::large_enum_variant, reason = "one short-lived value per attempt")]
enum Attempt {
    Done(Result<Exchange, Error>),
    RetryAfter(Duration, RetryReason),
}

impl<'a> Call<'a> {
    /// A request to `template` (`/v1/projects/{ref}`) with `params` put in
    /// for its `{…}` placeholders, in order, each as exactly one segment.
    pub(crate) fn new(transport: &'a Transport, method: Method, template: &str, params: &[&dyn Display]) -> Self {
        let mut call = Call {
            transport,
            method,
            path: String::with_capacity(template.len() + 16),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            bearer: false,
            timeout: None,
            retry: None,
            error: None,
            operation: None,
        };
        let mut params = params.iter();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            call.path.extend(utf8_percent_encode(&rest[..open], TEMPLATE));
            let close = rest[open..].find('}').map_or(rest.len(), |close| open + close);
            let name = &rest[open + 1..close];
            match params.next() {
                Some(value) => call.path_param(name, value),
                None => call.fail(format!("the path parameter `{name}` has no value")),
            }
            rest = rest.get(close + 1..).unwrap_or("");
        }
        call.path.extend(utf8_percent_encode(rest, TEMPLATE));
        call
    }

    /// A request of the escape hatch: `path` as the caller gives it, which must
    /// stay below the base URL (no scheme or host, no `..` segment).
    pub(crate) fn custom(transport: &'a Transport, method: Method, path: &str) -> Self {
        let mut call = Call::new(transport, method, "", &[]);
        if !path.starts_with('/') || path.starts_with("//") || path.contains(['?', '#', '\\']) {
            call.fail(format!(
                "the path {path:?} must start with one '/' and be a path relative to the base URL, without a query or fragment (set those with `query`)"
            ));
        } else if path.split('/').any(|segment| matches!(segment, "." | ".." | "%2e%2e" | "%2E%2E")) {
            call.fail(format!("the path {path:?} must not climb out of the base URL with `.` or `..`"));
        } else {
            call.path.extend(utf8_percent_encode(path, CUSTOM_PATH));
        }
        call
    }

    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(message);
        }
    }

    fn path_param(&mut self, name: &str, value: &dyn Display) {
        let value = value.to_string();
        if value.is_empty() || value == "." || value == ".." {
            self.fail(format!("path parameter `{name}` must not be empty, `.` or `..` (it was {value:?})"));
            return;
        }
        self.path.extend(utf8_percent_encode(&value, SEGMENT));
    }

    /// Sets a query parameter, replacing any value it had.
    pub(crate) fn query(&mut self, name: &str, value: &dyn Display) {
        self.query.retain(|(param, _)| param != name);
        self.query.push((name.to_string(), (name.to_string(), value.to_string())));
    }

    /// The value of query parameter `name`, if it is set as one `name=value`
    /// pair (the last, if repeated).
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(param, (key, _))| param == name && key == name)
            .map(|(_, (_, value))| value.as_str())
    }

    /// Sets a query parameter where it already is in the query (so that a
    /// page differs from the one before only in its value), else at the end.
    pub(crate) fn query_in_place(&mut self, name: &str, value: &dyn Display) {
        let pair = (name.to_string(), (name.to_string(), value.to_string()));
        match self.query.iter().position(|(param, _)| param == name) {
            Some(at) => {
                self.query[at] = pair;
                let mut index = 0;
                self.query.retain(|(param, _)| {
                    index += 1;
                    index - 1 == at || param != name
                });
            }
            None => self.query.push(pair),
        }
    }

    /// Sets a query parameter written as `encoding` says (an array or an
    /// object may give several pairs), replacing any value it had. A
    /// required parameter that gives no pair cannot be sent (it would be absent).
    #[allow(dead_code, reason = "an API without array or object query parameters does not use it")]
    pub(crate) fn query_encoded<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        encoding: Encoding,
        required: bool,
    ) {
        let mut pairs = Vec::new();
        let encoded = serde_json::to_value(value)
            .map_err(|e| e.to_string())
            .and_then(|value| encoding::encode(name, &value, encoding, &mut pairs));
        if let Err(e) = encoded {
            self.fail(format!("the query parameter `{name}` cannot be encoded: {e}"));
        } else if required && pairs.is_empty() {
            self.fail(format!("the required parameter `{name}` needs at least one value"));
        }
        self.query.retain(|(param, _)| param != name);
        self.query.extend(pairs.into_iter().map(|pair| (name.to_string(), pair)));
    }

    pub(crate) fn header(&mut self, name: &str, value: &dyn Display) {
        let parsed = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value.to_string()));
        match parsed {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.fail(format!("header `{name}` cannot carry this value (line breaks or non-ASCII characters?)")),
        }
    }

    /// The operation this call is, by `operationId` and path template.
    #[allow(dead_code, reason = "an API without operations does not use it")]
    pub(crate) fn set_operation(&mut self, id: &'static str, template: &'static str) {
        self.operation = Some((id, template));
    }

    /// Whether this request carries the client's bearer token.
    pub(crate) fn set_bearer(&mut self, bearer: bool) {
        self.bearer = bearer;
    }

    fn set_body(&mut self, content_type: &str, body: Bytes) {
        match HeaderValue::from_str(content_type) {
            Ok(content_type) => self.body = Some((content_type, body)),
            Err(_) => self.fail(format!("invalid content type {content_type:?}")),
        }
    }

    pub(crate) fn json_body<T: Serialize + ?Sized>(&mut self, content_type: &str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(content_type, bytes.into()),
            Err(e) => self.fail(format!("the body cannot be written as JSON: {e}")),
        }
    }

    /// Sends `body`, an object, as form pairs: each member written as its
    /// entry in `encodings` says, [`Encoding::Exploded`] without one.
    #[allow(dead_code, reason = "an API without form bodies does not use it")]
    pub(crate) fn form_body<T: Serialize + ?Sized>(
        &mut self,
        content_type: &str,
        body: &T,
        encodings: &[(&str, Encoding)],
    ) {
        let encoded = serde_json::to_value(body)
            .map_err(|e| e.to_string())
            .and_then(|body| encoding::form_pairs(&body, encodings))
            .and_then(|pairs| serde_urlencoded::to_string(pairs).map_err(|e| e.to_string()));
        match encoded {
            Ok(text) => self.set_body(content_type, text.into()),
            Err(e) => self.fail(format!("the body cannot be form-encoded: {e}")),
        }
    }

    #[allow(dead_code, reason = "an API without multipart bodies does not use it")]
    pub(crate) fn multipart_body(&mut self, form: &impl multipart::Form) {
        let (content_type, body) = multipart::encode(&form.parts());
        self.set_body(&content_type, body);
    }

    pub(crate) fn bytes_body(&mut self, content_type: &str, body: Bytes) {
        self.set_body(content_type, body);
    }

    pub(crate) fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    pub(crate) fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// The URL of the request: the base URL's path, then the call's path and
    /// query, set on a copy of the base URL (its scheme and host are parsed
    /// once, when the client is built).
    fn url(&self) -> Result<Url, Error> {
        let mut url = self.transport.base_url().clone();
        let base_path = url.path().trim_end_matches('/');
        let mut path = String::with_capacity(base_path.len() + self.path.len());
        path.push_str(base_path);
        path.push_str(&self.path);
        url.set_path(&path);
        if !self.query.is_empty() {
            let pairs: Vec<&(String, String)> = self.query.iter().map(|(_, pair)| pair).collect();
            let query = serde_urlencoded::to_string(pairs)
                .map_err(|e| Error::InvalidArgument(format!("the query cannot be encoded: {e}")))?;
            url.set_query(Some(&query));
        }
        Ok(url)
    }

    /// Sends the request and reads the answer with `decode`, all of it inside
    /// the call's trace. The future holds the call once: each layer of
    /// `async fn` would keep its own copy of its arguments, and the future is
    /// moved (copied) as it is built and boxed.
    pub(crate) fn send_decoded<T: 'a>(
        self,
        redirect: bool,
        decode: impl FnOnce(RawResponse) -> Result<T, Error> + Send + 'a,
    ) -> impl Future<Output = Result<T, Error>> + Send + 'a {
        let trace = CallTrace::start(
            &self.method,
            self.transport.base_url(),
            self.operation.map(|(id, _)| id),
            self.operation.map(|(_, template)| template),
        );
        trace.instrument(self.run(redirect, decode, trace.clone()))
    }

    /// Sends the request, retrying as the policy says, and reads the answer
    /// with `decode` when it is what the operation expects: a success, or a
    /// redirect when `redirect` is set; anything else is an error.
    async fn run<T>(
        mut self,
        redirect: bool,
        decode: impl FnOnce(RawResponse) -> Result<T, Error>,
        trace: CallTrace,
    ) -> Result<T, Error> {
        let result = match self.exchange(redirect, &trace).await {
            Ok(response) => decode(response),
            Err(error) => Err(error),
        };
        if let Err(error) = &result {
            trace.failed(error);
        }
        result
    }

    /// The exchange that answers the request, after the retries the policy
    /// allows, if it is what the operation expects.
    async fn exchange(&mut self, redirect: bool, trace: &CallTrace) -> Result<RawResponse, Error> {
        if let Some(message) = self.error.take() {
            return Err(Error::InvalidArgument(message));
        }
        let url = self.url()?;
        let inner = &self.transport.inner;
        let policy = self.retry.as_ref().unwrap_or(&inner.retry);
        let timeout = self.timeout.unwrap_or(inner.timeout);
        let mut attempt = 1;
        let exchange = loop {
            match self.attempt(&url, policy, timeout, attempt).await {
                Attempt::Done(outcome) => break outcome?,
                Attempt::RetryAfter(wait, reason) => {
                    trace.retrying(attempt, reason, wait);
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
            }
        };
        trace.answered(exchange.status, &exchange.headers);
        let status = exchange.status;
        if redirect && status.is_success() {
            // A success where only a redirect is documented: nothing to return.
            return Err(Error::Decode(Box::new(DecodeError {
                expected: "a redirect",
                path: None,
                message: format!("expected a redirect (3xx) with a Location header, got {status}"),
                exchange,
            })));
        }
        let expected = if redirect { status.is_redirection() } else { status.is_success() };
        if !expected {
            return Err(Error::Api(Box::new(ApiError { exchange })));
        }
        Ok(RawResponse(exchange))
    }

    /// One attempt: the exchange, or how long to wait before the next one.
    async fn attempt(&self, url: &Url, policy: &RetryPolicy, timeout: Duration, attempt: u32) -> Attempt {
        let inner = &self.transport.inner;
        let may_retry = attempt < policy.attempts();
        let mut request =
            inner.http.request(self.method.clone(), url.clone()).header(USER_AGENT, inner.user_agent.clone());
        if inner.http_timeout != Some(timeout) {
            request = request.timeout(timeout);
        }
        if !self.headers.is_empty() {
            request = request.headers(self.headers.clone());
        }
        if let (true, Some(auth)) = (self.bearer, &inner.auth) {
            request = request.header(AUTHORIZATION, auth.clone());
        }
        if let Some((content_type, body)) = &self.body {
            request = request.header(CONTENT_TYPE, content_type.clone()).body(body.clone());
        }
        let mut response = match request.send().await {
            Ok(response) => response,
            // Nothing was sent when the connection failed: safe to try again.
            Err(e) if e.is_connect() && may_retry => {
                return Attempt::RetryAfter(policy.backoff(attempt), RetryReason::Connect);
            }
            Err(e) => return Attempt::Done(Err(transport_error(e, &self.method, url, timeout))),
        };
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        self.transport.record_rate_limit(RateLimit::from_headers(&headers));
        let idempotent = !matches!(self.method, Method::POST | Method::PATCH);
        let retryable = matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE);
        if retryable && policy.retries_status(idempotent) && may_retry {
            let wait =
                retry::server_delay(status, &headers, SystemTime::now()).unwrap_or_else(|| policy.backoff(attempt));
            if wait <= policy.longest_wait() {
                return Attempt::RetryAfter(wait, RetryReason::Status(status));
            }
        }
        let exchange = Exchange { method: self.method.clone(), url: url.clone(), status, headers, body: Bytes::new() };
        Attempt::Done(read_body(response, exchange, inner.max_response_bytes, timeout).await)
    }
}

/// Reads the whole body into the exchange, up to `limit` bytes.
async fn read_body(
    mut response: reqwest::Response,
    mut exchange: Exchange,
    limit: usize,
    timeout: Duration,
) -> Result<Exchange, Error> {
    let failed = |e: reqwest::Error, exchange: &Exchange| transport_error(e, &exchange.method, &exchange.url, timeout);
    // A body announced within the limit is read in one go (reqwest stops at
    // the announced length, so a longer body cannot slip through).
    if response.content_length().is_some_and(|length| length <= limit as u64) {
        exchange.body = response.bytes().await.map_err(|e| failed(e, &exchange))?;
        return Ok(exchange);
    }
    let mut body = BytesMut::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > limit {
                    let room = limit - body.len();
                    body.extend_from_slice(&chunk[..room]);
                    exchange.body = body.freeze();
                    return Err(Error::BodyTooLarge(Box::new(BodyTooLarge { exchange, limit })));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => {
                exchange.body = body.freeze();
                return Ok(exchange);
            }
            Err(e) => return Err(failed(e, &exchange)),
        }
    }
}

fn transport_error(error: reqwest::Error, method: &Method, url: &Url, timeout: Duration) -> Error {
    let request = Box::new(RequestInfo { method: method.clone(), url: url.clone() });
    if error.is_timeout() { Error::Timeout { request, timeout } } else { Error::Transport { request, source: error } }
}

impl fmt::Debug for Call<'_> {
    /// The body is shown by size only: it may hold secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body_bytes", &self.body.as_ref().map(|(_, body)| body.len()))
            .field("bearer", &self.bearer)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("error", &self.error)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_are_one_segment() {
        let encoded: String = utf8_percent_encode("a/b?c#d%2e..", SEGMENT).collect();
        assert_eq!(encoded, "a%2Fb%3Fc%23d%252e..");
        let literal: String = utf8_percent_encode("/v1/projects/", TEMPLATE).collect();
        assert_eq!(literal, "/v1/projects/");
    }
}
