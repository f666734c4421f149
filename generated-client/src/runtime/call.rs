// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! One request: built up by the generated code, then sent with retries.

use std::fmt::{self, Display};
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;

use super::client::Transport;
use super::error::{ApiError, BodyTooLarge, DecodeError, Error, RequestInfo};
use super::multipart;
use super::response::{ApiResponse, RateLimit, RawResponse};
use super::retry::{self, RetryPolicy};

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

/// A request being built. Argument errors are kept and reported by `send`, so
/// that building never fails half-way.
pub(crate) struct Call<'a> {
    transport: &'a Transport,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<(HeaderValue, Bytes)>,
    bearer: bool,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    error: Option<Error>,
}

impl<'a> Call<'a> {
    pub(crate) fn new(transport: &'a Transport, method: Method) -> Self {
        Call {
            transport,
            method,
            path: String::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            bearer: false,
            timeout: None,
            retry: None,
            error: None,
        }
    }

    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(Error::InvalidArgument(message));
        }
    }

    /// A literal part of the path template.
    pub(crate) fn path(&mut self, literal: &str) {
        self.path.extend(utf8_percent_encode(literal, TEMPLATE));
    }

    /// A path parameter, encoded as exactly one segment.
    pub(crate) fn path_param(&mut self, name: &str, value: &impl Display) {
        let value = value.to_string();
        if value.is_empty() || value == "." || value == ".." {
            self.fail(format!("path parameter `{name}` must not be empty, `.` or `..` (it was {value:?})"));
            return;
        }
        self.path.extend(utf8_percent_encode(&value, SEGMENT));
    }

    /// Sets a query parameter, replacing any value it had.
    pub(crate) fn query(&mut self, name: &str, value: &impl Display) {
        self.query.retain(|(existing, _)| existing != name);
        self.query.push((name.to_string(), value.to_string()));
    }

    /// A required array parameter with no value cannot be sent (it would be absent).
    pub(crate) fn require_values(&mut self, name: &str, count: usize) {
        if count == 0 {
            self.fail(format!("the required parameter `{name}` needs at least one value"));
        }
    }

    /// Sets an array as repeated parameters: `name=a&name=b`.
    pub(crate) fn query_each<T: Display>(&mut self, name: &str, values: &[T]) {
        self.query.retain(|(existing, _)| existing != name);
        self.query.extend(values.iter().map(|value| (name.to_string(), value.to_string())));
    }

    /// Sets an array as one parameter: `name=a,b`; an empty array is left out.
    pub(crate) fn query_joined<T: Display>(&mut self, name: &str, values: &[T], separator: &str) {
        self.query.retain(|(existing, _)| existing != name);
        if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.query.push((name.to_string(), joined.join(separator)));
        }
    }

    pub(crate) fn header(&mut self, name: &str, value: &impl Display) {
        let parsed = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value.to_string()));
        match parsed {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.fail(format!("header `{name}` cannot carry this value (line breaks or non-ASCII characters?)")),
        }
    }

    /// Sends the client's bearer token with this request.
    pub(crate) fn bearer_auth(&mut self) {
        self.bearer = true;
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

    pub(crate) fn form_body<T: Serialize + ?Sized>(&mut self, content_type: &str, body: &T) {
        match serde_urlencoded::to_string(body) {
            Ok(text) => self.set_body(content_type, text.into()),
            Err(e) => self.fail(format!("the body cannot be form-encoded: {e}")),
        }
    }

    pub(crate) fn multipart_body(&mut self, form: &impl multipart::Form) {
        let (content_type, body) = multipart::encode(&form.parts());
        self.set_body(&content_type, body);
    }

    pub(crate) fn bytes_body(&mut self, content_type: &str, body: impl Into<Bytes>) {
        self.set_body(content_type, body.into());
    }

    pub(crate) fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    pub(crate) fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// Sends the request; a success (2xx) answer comes back undecoded.
    pub(crate) async fn send(self) -> Result<RawResponse, Error> {
        self.execute(false).await
    }

    /// Sends a request that is answered with a redirect, and returns where to.
    pub(crate) async fn send_redirect(self) -> Result<ApiResponse<Url>, Error> {
        let response = self.execute(true).await?;
        let location = response.headers.get(LOCATION).and_then(|l| l.to_str().ok()).map(str::to_string);
        match location.as_deref().map(|l| response.url.join(l)) {
            Some(Ok(url)) => Ok(response.empty().map(|()| url)),
            _ => Err(Error::Decode(Box::new(DecodeError {
                expected: "a redirect",
                path: None,
                message: match location {
                    None => "the redirect has no Location header".to_string(),
                    Some(l) => format!("the Location header {l:?} is not a URL"),
                },
                method: response.method,
                url: response.url,
                status: response.status,
                headers: response.headers,
                body: response.body,
            }))),
        }
    }

    fn url(&self) -> Result<Url, Error> {
        let base = self.transport.base_url();
        let mut url = format!("{}{}", base.as_str().trim_end_matches('/'), self.path);
        if !self.query.is_empty() {
            let query = serde_urlencoded::to_string(&self.query)
                .map_err(|e| Error::InvalidArgument(format!("the query cannot be encoded: {e}")))?;
            url.push('?');
            url.push_str(&query);
        }
        Url::parse(&url).map_err(|e| Error::InvalidArgument(format!("the request URL {url:?} is not valid: {e}")))
    }

    async fn execute(mut self, expect_redirect: bool) -> Result<RawResponse, Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let url = self.url()?;
        let inner = &self.transport.inner;
        let policy = self.retry.as_ref().unwrap_or(&inner.retry);
        let timeout = self.timeout.unwrap_or(inner.timeout);
        let idempotent = !matches!(self.method, Method::POST | Method::PATCH);
        let mut attempt = 1;
        loop {
            let mut request = inner
                .http
                .request(self.method.clone(), url.clone())
                .timeout(timeout)
                .header(USER_AGENT, inner.user_agent.clone());
            if !self.headers.is_empty() {
                request = request.headers(self.headers.clone());
            }
            if let (true, Some(auth)) = (self.bearer, &inner.auth) {
                request = request.header(AUTHORIZATION, auth.clone());
            }
            if let Some((content_type, body)) = &self.body {
                request = request.header(CONTENT_TYPE, content_type.clone()).body(body.clone());
            }
            let response = match request.send().await {
                Ok(response) => response,
                // Nothing was sent when the connection failed: safe to try again.
                Err(e) if e.is_connect() && attempt < policy.attempts() => {
                    tokio::time::sleep(policy.backoff(attempt)).await;
                    attempt += 1;
                    continue;
                }
                Err(e) => return Err(transport_error(e, &self.method, &url, timeout)),
            };
            let status = response.status();
            let mut response = response;
            let headers = std::mem::take(response.headers_mut());
            self.transport.record_rate_limit(RateLimit::from_headers(&headers));
            let retryable = matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE);
            if retryable && policy.retries_status(idempotent) && attempt < policy.attempts() {
                let wait =
                    retry::server_delay(status, &headers, SystemTime::now()).unwrap_or_else(|| policy.backoff(attempt));
                if wait <= policy.longest_wait() {
                    drop(response);
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                    continue;
                }
            }
            let body = read_body(response, &headers, inner.max_response_bytes, &self.method, &url, timeout).await?;
            if expect_redirect && status.is_success() {
                // A success where only a redirect is documented: nothing to return.
                return Err(Error::Decode(Box::new(DecodeError {
                    expected: "a redirect",
                    path: None,
                    message: format!("expected a redirect (3xx) with a Location header, got {status}"),
                    method: self.method,
                    url,
                    status,
                    headers,
                    body,
                })));
            }
            let expected = if expect_redirect { status.is_redirection() } else { status.is_success() };
            if !expected {
                return Err(Error::Api(Box::new(ApiError { method: self.method, url, status, headers, body })));
            }
            return Ok(RawResponse { method: self.method, url, status, headers, body });
        }
    }
}

/// Reads the whole body, up to `limit` bytes.
async fn read_body(
    mut response: reqwest::Response,
    headers: &HeaderMap,
    limit: usize,
    method: &Method,
    url: &Url,
    timeout: Duration,
) -> Result<Bytes, Error> {
    // A body announced within the limit is read in one go (reqwest stops at
    // the announced length, so a longer body cannot slip through).
    if response.content_length().is_some_and(|length| length <= limit as u64) {
        return response.bytes().await.map_err(|e| transport_error(e, method, url, timeout));
    }
    let status = response.status();
    let mut body = BytesMut::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > limit {
                    let room = limit - body.len();
                    body.extend_from_slice(&chunk[..room]);
                    return Err(Error::BodyTooLarge(Box::new(BodyTooLarge {
                        request: RequestInfo { method: method.clone(), url: url.clone() },
                        status,
                        headers: headers.clone(),
                        limit,
                        partial_body: body.freeze(),
                    })));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body.freeze()),
            Err(e) => return Err(transport_error(e, method, url, timeout)),
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
