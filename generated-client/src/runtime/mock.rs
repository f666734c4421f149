// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! A mock of the API for the tests of code that uses the client (feature
//! `mock`): a real HTTP server on a loopback port, so that retries, timeouts,
//! pages and errors go through the real transport, answering as the tests
//! say, operation by operation, in the operations' own types.
//!
//! ```ignore
//! let mock = MockServer::start().await;
//! mock.on::<GetProject>().path("ref", "abcdefghijklmnopqrst").returns(project).times(1);
//! let client: Client = mock.client();
//! // … the code under test …
//! // Dropping `mock` checks the expectations.
//! ```
//!
//! - [`MockServer::on`] adds an expectation of one operation (its marker
//!   type, in the `operations` module): what a request must have (path
//!   parameters, query, headers, the body in the operation's body type) and
//!   what it is answered, in order: [`Expect::returns`] takes the
//!   operation's success type (anything else does not compile),
//!   [`Expect::returns_json`] any JSON, [`Expect::fails`] an API error,
//!   [`Expect::rate_limited`] a 429 with `Retry-After`, [`Expect::pages`]
//!   the pages of a paged operation. The last answer repeats.
//! - A request is answered by the first expectation (in the order they were
//!   added) that it matches. One that matches none is answered `501` with a
//!   message naming the nearest expectation and how the request differs;
//!   the client returns that as an `Error::Api`, so the test fails there.
//! - When the server is dropped (or [`MockServer::verify`]), every
//!   [`Expect::times`] is checked and every request that matched nothing is
//!   reported: the test panics with the operation, what was expected and the
//!   requests the server saw.
//! - [`MockServer::received`] gives the requests of an operation, with the
//!   body read as the operation's body type, or a multipart body's parts
//!   ([`Received::multipart`]).
//!
//! Built on hyper's HTTP/1 server, which the client's own HTTP stack already
//! compiles: the feature adds no crate to the build but hyper's server half.

use std::convert::Infallible;
use std::fmt::{self, Debug, Display, Write as _};
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use percent_encoding::percent_decode_str;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::client::{ClientBuilder, Transport};
use super::pages::{Page, Paginated, Paging};
use super::request::{Answer, Binary, Empty, FormBody, Json, JsonBody, NoBody, Operation, RawBody, Redirect, Text};
use super::retry::RetryPolicy;

/// The token of the clients [`MockServer::client`] makes.
pub const MOCK_TOKEN: &str = "mock-token";

/// A local server that answers as its expectations say (see the module docs).
pub struct MockServer {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
    /// Set once the expectations were checked by [`finish`](Self::finish).
    finished: bool,
}

impl MockServer {
    /// A server on a free loopback port, in the current tokio runtime.
    ///
    /// # Panics
    ///
    /// When no loopback port can be had (a test helper: it fails the test).
    pub async fn start() -> MockServer {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap_or_else(|e| panic!("the mock server cannot listen on a loopback port: {e}"));
        let address = listener.local_addr().unwrap_or_else(|e| panic!("the mock server has no address: {e}"));
        let state = Arc::new(Mutex::new(State::default()));
        let served = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let state = served.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| answer(state.clone(), request));
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
                });
            }
        });
        MockServer { address, state, task, finished: false }
    }

    /// The server's base URL, `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A client of this server: its base URL, the token [`MOCK_TOKEN`], and
    /// retries with backoffs of a millisecond (a server's `Retry-After` is
    /// still honoured). `let client: Client = mock.client();`
    pub fn client<C: From<Transport>>(&self) -> C {
        self.builder().build().unwrap_or_else(|e| panic!("a client of the mock server cannot be built: {e}"))
    }

    /// The builder [`client`](Self::client) uses, for other settings.
    pub fn builder<C: From<Transport>>(&self) -> ClientBuilder<C> {
        let quick =
            RetryPolicy::default().initial_backoff(Duration::from_millis(1)).max_backoff(Duration::from_millis(1));
        ClientBuilder::new(None).base_url(self.uri()).bearer_token(MOCK_TOKEN).retry(quick)
    }

    /// An expectation of operation `O`, added to the server when the
    /// statement that builds it ends.
    pub fn on<O: Operation>(&self) -> Expect<'_, O> {
        Expect {
            server: self,
            stub: Some(Stub {
                operation: O::ID,
                type_name: short_type_name::<O>(),
                method: O::METHOD,
                template: O::PATH,
                path: Vec::new(),
                query: Vec::new(),
                headers: Vec::new(),
                body: None,
                replies: Vec::new(),
                pages: None,
                first_offset: 0,
                times: None,
                calls: 0,
            }),
            operation: PhantomData,
        }
    }

    /// The requests the server received for operation `O` (its method and
    /// path), in order, whether an expectation answered them or not.
    pub fn received<O: Operation>(&self) -> Vec<Received<O>> {
        self.state()
            .log
            .iter()
            .filter_map(|entry| {
                let path = path_params(O::PATH, &entry.request.path).ok()?;
                (entry.request.method == O::METHOD).then(|| Received {
                    request: entry.request.clone(),
                    path,
                    operation: PhantomData,
                })
            })
            .collect()
    }

    /// Every request the server received, as `METHOD /path?query`.
    pub fn requests(&self) -> Vec<String> {
        self.state().log.iter().map(|entry| entry.request.to_string()).collect()
    }

    /// Panics with a report when an expectation's count was not met or a
    /// request matched no expectation. Dropping the server does it too.
    pub fn verify(&self) {
        if let Some(report) = self.state().report() {
            panic!("{report}");
        }
    }

    /// The report [`verify`](Self::verify) would panic with, if any, and the
    /// server stopped without checking again.
    pub fn finish(mut self) -> Option<String> {
        self.finished = true;
        self.state().report()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
        if !self.finished && !std::thread::panicking() {
            self.verify();
        }
    }
}

impl Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("MockServer")
            .field("uri", &self.uri())
            .field("expectations", &state.stubs.len())
            .field("requests", &state.log.len())
            .finish()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `GetProject` of `crate::generated::operations::GetProject`.
fn short_type_name<O>() -> &'static str {
    let name = std::any::type_name::<O>();
    name.rsplit("::").next().unwrap_or(name)
}

/// An expectation of operation `O` being built: what a request must have and
/// what it is answered. It joins the server when it is dropped, at the end of
/// the statement that builds it.
pub struct Expect<'a, O: Operation> {
    server: &'a MockServer,
    stub: Option<Stub>,
    operation: PhantomData<fn() -> O>,
}

impl<O: Operation> Expect<'_, O> {
    fn stub(&mut self) -> &mut Stub {
        match &mut self.stub {
            Some(stub) => stub,
            None => unreachable!("an expectation is built until it is dropped"),
        }
    }

    /// The request's path parameter `name` (as the operation's path template
    /// names it) must be `value`.
    ///
    /// # Panics
    ///
    /// When the operation's path has no parameter `name`.
    pub fn path(mut self, name: &str, value: impl Display) -> Self {
        let names = template_names(O::PATH);
        if !names.contains(&name) {
            panic!(
                "`{}` ({} {}) has no path parameter `{name}`; its path parameters: {names:?}",
                short_type_name::<O>(),
                O::METHOD,
                O::PATH
            );
        }
        self.stub().path.push((name.to_string(), value.to_string()));
        self
    }

    /// The request's query must have parameter `name` with `value` (among
    /// others it may have).
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        self.stub().query.push((name.to_string(), value.to_string()));
        self
    }

    /// The request must have header `name` with `value`.
    pub fn header(mut self, name: &str, value: impl Display) -> Self {
        self.stub().headers.push((name.to_ascii_lowercase(), value.to_string()));
        self
    }

    /// The request's body, read as the operation's body type, must equal `expected`.
    pub fn body(mut self, expected: <O::Body as ReadBody>::Value) -> Self
    where
        O::Body: ReadBody,
        <O::Body as ReadBody>::Value: PartialEq + Debug + Send + 'static,
    {
        let describe = format!("{expected:?}");
        self.stub().body = Some(BodyCheck {
            check: Box::new(move |content_type, body| {
                let actual = <O::Body as ReadBody>::read(content_type, body)?;
                if actual == expected { Ok(()) } else { Err(format!("the body is {actual:?}, expected {expected:?}")) }
            }),
            describe,
        });
        self
    }

    /// The request's body, read as the operation's body type, must satisfy
    /// `predicate`, described by `description` in reports.
    pub fn body_matching(
        mut self,
        description: &str,
        predicate: impl Fn(&<O::Body as ReadBody>::Value) -> bool + Send + 'static,
    ) -> Self
    where
        O::Body: ReadBody,
        <O::Body as ReadBody>::Value: Debug,
    {
        let describe = description.to_string();
        self.stub().body = Some(BodyCheck {
            check: Box::new(move |content_type, body| {
                let actual = <O::Body as ReadBody>::read(content_type, body)?;
                if predicate(&actual) { Ok(()) } else { Err(format!("the body {actual:?} is not {describe}")) }
            }),
            describe: description.to_string(),
        });
        self
    }

    /// Exactly `times` requests must match, checked when the server is dropped.
    pub fn times(mut self, times: usize) -> Self {
        self.stub().times = Some(times);
        self
    }

    /// No request may match.
    pub fn never(self) -> Self {
        self.times(0)
    }

    /// Answers with `reply` (next in line; the last one repeats).
    pub fn reply(mut self, reply: Reply) -> Self {
        self.stub().replies.push(reply);
        self
    }

    /// Answers with this success value of the operation, as the API sends
    /// it (JSON, text, bytes, nothing, a redirect). Another type does not compile.
    pub fn returns(self, value: <O::Answer as Answer>::Output) -> Self
    where
        O::Answer: MockAnswer,
    {
        let reply = <O::Answer as MockAnswer>::reply(&value);
        self.reply(reply)
    }

    /// Answers `status` with this JSON: for answers that stray from the document.
    pub fn returns_json(self, status: u16, body: serde_json::Value) -> Self {
        self.reply(Reply::json(status, &body))
    }

    /// Answers with an API error: `status` and `{"message": message}`, as the API writes its errors.
    pub fn fails(self, status: u16, message: &str) -> Self {
        self.reply(Reply::json(status, &serde_json::json!({ "message": message })))
    }

    /// Answers with an API error of `status` whose body is `body` (an error
    /// body type the operation's docs name).
    pub fn fails_with<T: Serialize + ?Sized>(self, status: u16, body: &T) -> Self {
        self.reply(Reply::json(status, body))
    }

    /// Answers `429 Too Many Requests`, asking to wait `retry_after` (whole
    /// seconds in `Retry-After`, the exact wait in `x-ratelimit-reset`).
    pub fn rate_limited(self, retry_after: Duration) -> Self {
        let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        self.reply(
            Reply::json(429, &serde_json::json!({ "message": "Too many requests" }))
                .header("retry-after", seconds)
                .header("x-ratelimit-remaining", 0)
                .header("x-ratelimit-reset", retry_after.as_secs_f64()),
        )
    }

    /// Waits `delay` before sending the answer added last.
    pub fn delayed(mut self, delay: Duration) -> Self {
        if let Some(reply) = self.stub().replies.last_mut() {
            reply.delay = Some(delay);
        }
        self
    }
}

impl<O: Paginated> Expect<'_, O>
where
    O::Answer: MockAnswer,
{
    /// Answers a walk of the operation's pages (`.items()`, `.pages()`) with
    /// these, in order: the first page answers the walk's first request,
    /// wherever it starts; the request of each page after it must ask for
    /// that page (the first request's offset plus the items before the page,
    /// or the cursor the page before gave). Make the last page short, empty or
    /// without a next cursor, so that the walk ends; a request for a page past
    /// the last matches nothing.
    pub fn pages(mut self, pages: impl IntoIterator<Item = Page<O>>) -> Self {
        let mut before = 0;
        let mut cursor: Option<String> = None;
        for (index, page) in pages.into_iter().enumerate() {
            let mut reply = <O::Answer as MockAnswer>::reply(&page);
            if index > 0 {
                reply.page_ask = Some(match O::PAGING {
                    Paging::Offset { offset, .. } => PageAsk::Offset { name: offset, items_before: before },
                    Paging::Cursor { cursor: name } => PageAsk::Cursor { name, cursor: cursor.clone() },
                });
            }
            before += O::page_items(&page).map_or(0, <[_]>::len) as u64;
            cursor = O::next_cursor(&page).map(str::to_string);
            self.stub().replies.push(reply);
        }
        self.stub().pages = Some(O::PAGING);
        self
    }
}

impl<O: Operation> Drop for Expect<'_, O> {
    fn drop(&mut self) {
        if let Some(stub) = self.stub.take() {
            lock(&self.server.state).stubs.push(stub);
        }
    }
}

/// How a success value of an operation goes on the wire, for
/// [`Expect::returns`]: implemented for every kind of answer the generated
/// operations have.
pub trait MockAnswer: Answer {
    /// The answer the API would send for `output`.
    fn reply(output: &Self::Output) -> Reply;
}

impl<T: Serialize + DeserializeOwned + Send> MockAnswer for Json<T> {
    fn reply(output: &T) -> Reply {
        Reply::json(200, output)
    }
}

impl MockAnswer for Text {
    fn reply(output: &String) -> Reply {
        Reply::text(200, output)
    }
}

impl MockAnswer for Binary {
    fn reply(output: &Bytes) -> Reply {
        Reply::bytes(200, output.clone())
    }
}

impl MockAnswer for Empty {
    fn reply(_: &()) -> Reply {
        Reply::empty(204)
    }
}

impl MockAnswer for Redirect {
    fn reply(output: &reqwest::Url) -> Reply {
        Reply::empty(303).header(LOCATION.as_str(), output)
    }
}

/// What an operation's body reads back as, for [`Expect::body`] and
/// [`Received::body`]: its JSON or form type, nothing, or the bytes.
pub trait ReadBody {
    /// The body's value.
    type Value;
    /// Reads a request body sent with this content type.
    fn read(content_type: Option<&str>, body: &Bytes) -> Result<Self::Value, String>;
}

impl ReadBody for NoBody {
    type Value = ();
    fn read(_: Option<&str>, body: &Bytes) -> Result<(), String> {
        if body.is_empty() { Ok(()) } else { Err(format!("a body of {} bytes where none is sent", body.len())) }
    }
}

impl<T: DeserializeOwned> ReadBody for JsonBody<T> {
    type Value = T;
    fn read(_: Option<&str>, body: &Bytes) -> Result<T, String> {
        serde_json::from_slice(body)
            .map_err(|e| format!("the body does not read as `{}` from JSON: {e}", std::any::type_name::<T>()))
    }
}

impl<T: DeserializeOwned> ReadBody for FormBody<T> {
    type Value = T;
    fn read(_: Option<&str>, body: &Bytes) -> Result<T, String> {
        serde_urlencoded::from_bytes(body)
            .map_err(|e| format!("the body does not read as `{}` from a form: {e}", std::any::type_name::<T>()))
    }
}

impl ReadBody for RawBody {
    type Value = Bytes;
    fn read(_: Option<&str>, body: &Bytes) -> Result<Bytes, String> {
        Ok(body.clone())
    }
}

/// An answer of the mock server: a status, headers, a body, and how long to
/// wait before sending it.
#[derive(Clone, Debug)]
pub struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    delay: Option<Duration>,
    /// Of a page after the first: how its request asks for it.
    page_ask: Option<PageAsk>,
}

/// How the request of a page after the first of a walk asks for it.
#[derive(Clone, Debug)]
enum PageAsk {
    /// Query parameter `name` is the offset of the walk's first request
    /// (absent: 0) plus the items of the pages before.
    Offset { name: &'static str, items_before: u64 },
    /// Query parameter `name` is the cursor of the page before (`None`:
    /// absent).
    Cursor { name: &'static str, cursor: Option<String> },
}

impl Reply {
    /// An answer with no body.
    ///
    /// # Panics
    ///
    /// When `status` is not an HTTP status (100 to 999).
    pub fn empty(status: u16) -> Reply {
        let status = StatusCode::from_u16(status).unwrap_or_else(|_| panic!("{status} is not an HTTP status"));
        Reply { status, headers: HeaderMap::new(), body: Bytes::new(), delay: None, page_ask: None }
    }

    /// `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        let body = serde_json::to_vec(value).unwrap_or_else(|e| panic!("the mock answer is not JSON: {e}"));
        Reply::bytes(status, body).header(CONTENT_TYPE.as_str(), "application/json")
    }

    /// Text (`text/plain`).
    pub fn text(status: u16, text: &str) -> Reply {
        Reply::bytes(status, text.to_string()).header(CONTENT_TYPE.as_str(), "text/plain; charset=utf-8")
    }

    /// Bytes, as they are.
    pub fn bytes(status: u16, body: impl Into<Bytes>) -> Reply {
        Reply { body: body.into(), ..Reply::empty(status) }
    }

    /// With header `name: value` (rate limits, `Retry-After`, …).
    ///
    /// # Panics
    ///
    /// When `name` or `value` cannot be a header.
    pub fn header(mut self, name: &str, value: impl Display) -> Reply {
        let name = HeaderName::from_bytes(name.as_bytes()).unwrap_or_else(|_| panic!("{name:?} is not a header name"));
        let value =
            HeaderValue::from_str(&value.to_string()).unwrap_or_else(|_| panic!("not a value of header {name}"));
        self.headers.append(name, value);
        self
    }

    /// Sent after waiting `delay`.
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = Some(delay);
        self
    }

    fn into_response(self) -> hyper::Response<Full<Bytes>> {
        let mut response = hyper::Response::new(Full::new(self.body));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

/// A request the server received, as operation `O`'s: its path parameters
/// by name, its query, headers and body.
pub struct Received<O> {
    request: ReceivedRequest,
    path: Vec<(String, String)>,
    operation: PhantomData<fn() -> O>,
}

impl<O: Operation> Received<O> {
    /// The body, read as the operation's body type (its JSON or form type,
    /// `()` without one, the bytes of others).
    pub fn body(&self) -> Result<<O::Body as ReadBody>::Value, String>
    where
        O::Body: ReadBody,
    {
        <O::Body as ReadBody>::read(self.request.content_type(), &self.request.body)
    }
}

impl<O> Received<O> {
    /// The path parameter `name`, decoded.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The first value of query parameter `name`.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.request.first_query_value(name)
    }

    /// The query's pairs, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.request.query
    }

    /// The request's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.request.headers
    }

    /// The body as it was sent.
    pub fn raw_body(&self) -> &Bytes {
        &self.request.body
    }

    /// The parts of a `multipart/form-data` body, in the order they were
    /// sent (an Edge Function's deploy: its metadata and its files). An error
    /// says why the body is not one.
    pub fn multipart(&self) -> Result<Vec<ReceivedPart>, String> {
        super::multipart::decode(self.request.content_type(), &self.request.body)
    }
}

/// One part of a `multipart/form-data` body the server received.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ReceivedPart {
    /// The `name` of its Content-Disposition: the field it is.
    pub name: String,
    /// The `filename` of its Content-Disposition, for a file.
    pub file_name: Option<String>,
    /// Its Content-Type header, if it has one (`application/json`, …).
    pub content_type: Option<String>,
    /// Its content, as sent.
    pub body: Bytes,
}

impl ReceivedPart {
    /// The body read as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_slice(&self.body).map_err(|e| {
            format!("part `{}` does not read as `{}` from JSON: {e}", self.name, std::any::type_name::<T>())
        })
    }

    /// The body as text.
    pub fn text(&self) -> Result<&str, String> {
        std::str::from_utf8(&self.body).map_err(|e| format!("part `{}` is not UTF-8 text: {e}", self.name))
    }
}

impl<O> Debug for Received<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received")
            .field("request", &self.request.to_string())
            .field("body_bytes", &self.request.body.len())
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
struct ReceivedRequest {
    method: Method,
    /// The path as sent (percent-encoded).
    path: String,
    query: Vec<(String, String)>,
    raw_query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
}

impl ReceivedRequest {
    fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    fn first_query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

impl Display for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        match &self.raw_query {
            Some(query) => write!(f, "?{query}"),
            None => Ok(()),
        }
    }
}

/// Reads a request's body (with its content type) and says how it differs, if it does.
type CheckBody = Box<dyn Fn(Option<&str>, &Bytes) -> Result<(), String> + Send>;

/// A request's body checked against an expectation.
struct BodyCheck {
    describe: String,
    check: CheckBody,
}

/// An expectation, of any operation.
struct Stub {
    operation: &'static str,
    type_name: &'static str,
    method: Method,
    template: &'static str,
    path: Vec<(String, String)>,
    query: Vec<(String, String)>,
    /// Lowercase names.
    headers: Vec<(String, String)>,
    body: Option<BodyCheck>,
    replies: Vec<Reply>,
    /// The replies are pages, walked this way: none repeats, and each after
    /// the first is for its own request.
    pages: Option<Paging>,
    /// The offset the walk's first request asked for (absent: 0).
    first_offset: u64,
    times: Option<usize>,
    calls: usize,
}

impl Stub {
    /// `GetProject` (`v1-get-project`: GET /v1/projects/{ref}, ref = "abc")
    fn describe(&self) -> String {
        let mut text = format!("`{}` (`{}`: {} {}", self.type_name, self.operation, self.method, self.template);
        for (name, value) in &self.path {
            let _ = write!(text, ", {name} = {value:?}");
        }
        for (name, value) in &self.query {
            let _ = write!(text, ", query {name} = {value:?}");
        }
        for (name, value) in &self.headers {
            let _ = write!(text, ", header {name} = {value:?}");
        }
        if let Some(body) = &self.body {
            let _ = write!(text, ", body {}", body.describe);
        }
        text.push(')');
        text
    }

    /// The reply the next matching request gets, if one is left.
    fn next_reply(&self) -> Option<&Reply> {
        match self.replies.get(self.calls) {
            Some(reply) => Some(reply),
            None if self.pages.is_some() => None,
            None => self.replies.last(),
        }
    }

    /// How `request` differs from what this expectation asks, each with a
    /// weight: another operation weighs more than another parameter.
    fn differences(&self, request: &ReceivedRequest) -> Vec<(u32, String)> {
        let mut differences = Vec::new();
        if request.method != self.method {
            differences.push((4, format!("the method is {}, expected {}", request.method, self.method)));
        }
        let params = match path_params(self.template, &request.path) {
            Ok(params) => params,
            Err(()) => {
                differences.push((8, format!("the path {} is not {}", request.path, self.template)));
                return differences;
            }
        };
        for (name, expected) in &self.path {
            let actual = params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_default();
            if actual != expected {
                differences.push((1, format!("path parameter `{name}` is {actual:?}, expected {expected:?}")));
            }
        }
        for (name, expected) in &self.query {
            let values: Vec<&str> = request.query.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect();
            if !values.contains(&expected.as_str()) {
                differences.push((1, format!("query parameter `{name}` is {values:?}, expected {expected:?}")));
            }
        }
        for (name, expected) in &self.headers {
            let values: Vec<&str> = request.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect();
            if !values.contains(&expected.as_str()) {
                differences.push((1, format!("header `{name}` is {values:?}, expected {expected:?}")));
            }
        }
        if let Some(body) = &self.body
            && let Err(difference) = (body.check)(request.content_type(), &request.body)
        {
            differences.push((1, difference));
        }
        match self.next_reply() {
            None if self.pages.is_some() => {
                differences.push((
                    1,
                    format!("it asks for page {}, and only {} were given", self.calls + 1, self.replies.len()),
                ));
            }
            Some(Reply { page_ask: Some(ask), .. }) => {
                let (name, expected) = match ask {
                    PageAsk::Offset { name, items_before } => {
                        (name, Some((self.first_offset + items_before).to_string()))
                    }
                    PageAsk::Cursor { name, cursor } => (name, cursor.clone()),
                };
                let actual = request.first_query_value(name).map(str::to_string);
                if actual != expected {
                    differences.push((
                        1,
                        format!("page {} is asked with `{name}` = {actual:?}, expected {expected:?}", self.calls + 1),
                    ));
                }
            }
            _ => {}
        }
        differences
    }
}

/// Every expectation and every request, in order.
#[derive(Default)]
struct State {
    stubs: Vec<Stub>,
    log: Vec<LogEntry>,
}

struct LogEntry {
    request: ReceivedRequest,
    /// Why no expectation matched it.
    unmatched: Option<String>,
}

/// How the server answers what matches nothing, or an expectation without a reply.
const NO_MATCH: u16 = 501;

impl State {
    fn dispatch(&mut self, request: ReceivedRequest) -> Reply {
        let matched = self.stubs.iter().position(|stub| stub.differences(&request).is_empty());
        let (reply, unmatched) = match matched {
            Some(index) => {
                let stub = &mut self.stubs[index];
                let reply = stub.next_reply().cloned();
                if let (0, Some(Paging::Offset { offset, .. })) = (stub.calls, stub.pages) {
                    stub.first_offset =
                        request.first_query_value(offset).and_then(|value| value.parse().ok()).unwrap_or(0);
                }
                stub.calls += 1;
                match reply {
                    Some(reply) => (reply, None),
                    None => {
                        let message = format!(
                            "{} matched {request}, and has no answer: give it one (`returns`, `fails`, …)",
                            stub.describe()
                        );
                        (Reply::json(NO_MATCH, &serde_json::json!({ "message": message })), None)
                    }
                }
            }
            None => {
                let message =
                    format!("no expectation of the mock server matches {request}; {}", self.nearest(&request));
                (Reply::json(NO_MATCH, &serde_json::json!({ "message": message })), Some(message))
            }
        };
        self.log.push(LogEntry { request, unmatched });
        reply
    }

    /// The expectation nearest to `request`, and how the request differs from it.
    fn nearest(&self, request: &ReceivedRequest) -> String {
        let nearest = self
            .stubs
            .iter()
            .map(|stub| (stub.differences(request), stub))
            .min_by_key(|(differences, _)| differences.iter().map(|(weight, _)| weight).sum::<u32>());
        match nearest {
            None => "the server has no expectation".to_string(),
            Some((differences, stub)) => {
                let how: Vec<&str> = differences.iter().map(|(_, text)| text.as_str()).collect();
                format!("the nearest is {}: {}", stub.describe(), how.join("; "))
            }
        }
    }

    /// What went against the expectations, or `None`.
    fn report(&self) -> Option<String> {
        let mut problems = Vec::new();
        for stub in &self.stubs {
            if let Some(times) = stub.times
                && stub.calls != times
            {
                let seen: Vec<String> = self
                    .log
                    .iter()
                    .filter(|entry| {
                        entry.request.method == stub.method && path_params(stub.template, &entry.request.path).is_ok()
                    })
                    .map(|entry| format!("    {}", entry.request))
                    .collect();
                let seen = if seen.is_empty() { " none".to_string() } else { format!("\n{}", seen.join("\n")) };
                problems.push(format!(
                    "{} expected {times} request{}, got {}. The requests of its operation the server saw:{seen}",
                    stub.describe(),
                    if times == 1 { "" } else { "s" },
                    stub.calls
                ));
            }
        }
        for entry in &self.log {
            if let Some(unmatched) = &entry.unmatched {
                problems.push(unmatched.clone());
            }
        }
        (!problems.is_empty())
            .then(|| format!("the mock server's expectations were not met:\n- {}", problems.join("\n- ")))
    }
}

async fn answer(
    state: Arc<Mutex<State>>,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map(|collected| collected.to_bytes()).unwrap_or_default();
    let raw_query = parts.uri.query().map(str::to_string);
    let query = raw_query.as_deref().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    let request = ReceivedRequest {
        method: parts.method,
        path: parts.uri.path().to_string(),
        query,
        raw_query,
        headers: parts.headers,
        body,
    };
    let reply = lock(&state).dispatch(request);
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    Ok(reply.into_response())
}

/// The names of a path template's parameters, in order.
fn template_names(template: &str) -> Vec<&str> {
    template.split('/').filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}')).collect()
}

/// The path parameters of `path` (percent-decoded) by the names of
/// `template`, or `Err` when the path does not fit the template.
fn path_params(template: &str, path: &str) -> Result<Vec<(String, String)>, ()> {
    let (template, path): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    if template.len() != path.len() {
        return Err(());
    }
    let mut params = Vec::new();
    for (expected, actual) in template.iter().zip(&path) {
        let actual = percent_decode_str(actual).decode_utf8_lossy();
        match expected.strip_prefix('{').and_then(|name| name.strip_suffix('}')) {
            Some(name) => params.push((name.to_string(), actual.into_owned())),
            None if *expected == actual => {}
            None => return Err(()),
        }
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fit_templates_segment_by_segment() {
        assert_eq!(
            path_params("/v1/projects/{ref}/secrets", "/v1/projects/abc%2Fd/secrets"),
            Ok(vec![("ref".to_string(), "abc/d".to_string())])
        );
        assert_eq!(path_params("/v1/projects/{ref}", "/v1/projects/abc/secrets"), Err(()));
        assert_eq!(path_params("/v1/projects/{ref}", "/v1/branches/abc"), Err(()));
        assert_eq!(template_names("/v1/projects/{ref}/functions/{function_slug}"), ["ref", "function_slug"]);
    }
}
