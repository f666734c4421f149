// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! The request of an operation, written once for every operation: the
//! generated code declares each operation (its endpoint and how its answer
//! reads) and the setters of its optional parameters; sending, timeouts,
//! retries and decoding live here.

use std::fmt::Display;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::time::Duration;

use bytes::Bytes;
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::call::Call;
use super::client::Transport;
use super::encoding::Encoding;
use super::error::Error;
use super::multipart;
use super::response::{ApiResponse, RawResponse};
use super::retry::RetryPolicy;

/// The future of a request's `.await`.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// An operation of the API: what the generated code declares for each.
pub trait Operation {
    /// The `operationId` of the API's document (or `METHOD /path` without one).
    const ID: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The path, with a `{name}` placeholder for each path parameter in order.
    const PATH: &'static str;
    /// Whether the request carries the client's bearer token.
    const BEARER: bool;
    /// What the request's body is: [`NoBody`], [`JsonBody`], [`FormBody`] or
    /// [`RawBody`] (what the `mock` feature reads a request back as).
    type Body;
    /// How a success answer reads, and into what.
    type Answer: Answer;
}

/// An operation that sends no body.
pub struct NoBody;

/// A body sent as JSON, of type `T`.
pub struct JsonBody<T>(PhantomData<fn() -> T>);

/// A body sent form-encoded (`application/x-www-form-urlencoded`), of type `T`.
pub struct FormBody<T>(PhantomData<fn() -> T>);

/// A body sent as bytes: raw, `multipart/form-data`, or one of several content types.
pub struct RawBody;

/// How a success answer reads: JSON of a type, text, bytes, nothing, the
/// `Location` of a redirect, or per status (a generated enum).
pub trait Answer {
    /// What `.await` gives.
    type Output: Send;
    /// Whether the operation answers with a redirect rather than a success.
    const REDIRECT: bool = false;
    /// Reads the answer.
    fn decode(response: RawResponse) -> Result<ApiResponse<Self::Output>, Error>;
}

/// A JSON answer of type `T`, read leniently (see the `types` module).
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned + Send> Answer for Json<T> {
    type Output = T;
    fn decode(response: RawResponse) -> Result<ApiResponse<T>, Error> {
        response.json()
    }
}

/// A text answer (`text/*`).
pub struct Text;

impl Answer for Text {
    type Output = String;
    fn decode(response: RawResponse) -> Result<ApiResponse<String>, Error> {
        Ok(response.text())
    }
}

/// An answer that is neither JSON nor text: its bytes.
pub struct Binary;

impl Answer for Binary {
    type Output = Bytes;
    fn decode(response: RawResponse) -> Result<ApiResponse<Bytes>, Error> {
        Ok(response.bytes())
    }
}

/// An answer without a documented body: whatever comes is ignored.
pub struct Empty;

impl Answer for Empty {
    type Output = ();
    fn decode(response: RawResponse) -> Result<ApiResponse<()>, Error> {
        Ok(response.empty())
    }
}

/// A redirect, not followed: its `Location`.
pub struct Redirect;

impl Answer for Redirect {
    type Output = Url;
    const REDIRECT: bool = true;
    fn decode(response: RawResponse) -> Result<ApiResponse<Url>, Error> {
        response.location()
    }
}

/// A request of operation `O`: set its optional parts, then `.await` it (or
/// [`send`](Self::send)); [`send_with_meta`](Self::send_with_meta) also gives
/// the status, headers, rate limit and placeholders of the answer.
#[must_use = "a request does nothing until it is sent with `.await`"]
pub struct Request<'a, O> {
    call: Call<'a>,
    operation: PhantomData<fn() -> O>,
}

impl<'a, O: Operation> Request<'a, O> {
    /// The request of `O` with these path parameters, in the order of `O::PATH`.
    #[allow(dead_code, reason = "an API without operations does not use it")]
    pub(crate) fn new(transport: &'a Transport, path_params: &[&dyn Display]) -> Self {
        let mut call = Call::new(transport, O::METHOD, O::PATH, path_params);
        call.set_bearer(O::BEARER);
        call.set_operation(O::ID, O::PATH);
        Request { call, operation: PhantomData }
    }

    /// The request to send, as it is built so far.
    pub(crate) fn into_call(self) -> Call<'a> {
        self.call
    }

    /// Sends the request and returns the response body.
    pub fn send(self) -> impl Future<Output = Result<<O::Answer as Answer>::Output, Error>> + Send + 'a
    where
        O: 'a,
    {
        self.call.send_decoded(<O::Answer as Answer>::REDIRECT, |response| {
            <O::Answer as Answer>::decode(response).map(ApiResponse::into_inner)
        })
    }

    /// Sends the request and returns the response body with its status,
    /// headers, rate limit and the count of placeholders it needed.
    pub fn send_with_meta(
        self,
    ) -> impl Future<Output = Result<ApiResponse<<O::Answer as Answer>::Output>, Error>> + Send + 'a
    where
        O: 'a,
    {
        self.call.send_decoded(<O::Answer as Answer>::REDIRECT, <O::Answer as Answer>::decode)
    }
}

impl<O> Request<'_, O> {
    /// Sets how long this request may take (each attempt), instead of the client's timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.call.set_timeout(timeout);
        self
    }

    /// Sets when this request is retried, instead of the client's retry policy.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.call.set_retry(policy);
        self
    }

    /// Adds a query parameter the API accepts that this version of the client
    /// does not know (or replaces one it sets).
    pub fn query(mut self, name: &str, value: &dyn Display) -> Self {
        self.call.query(name, value);
        self
    }

    /// Adds a header to the request, replacing a header of that name.
    pub fn header(mut self, name: &str, value: &dyn Display) -> Self {
        self.call.header(name, value);
        self
    }

    /// The request as `build` leaves it: for parts set only in some cases.
    #[allow(dead_code, reason = "an API whose requests are built the same way in every case does not use it")]
    pub(crate) fn with(self, build: impl FnOnce(Self) -> Self) -> Self {
        build(self)
    }

    /// Sets a query parameter written as `encoding` says; `required` refuses
    /// to send the request when that gives no pair.
    #[allow(dead_code, reason = "an API without array or object query parameters does not use it")]
    pub(crate) fn query_encoded<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        encoding: Encoding,
        required: bool,
    ) -> Self {
        self.call.query_encoded(name, value, encoding, required);
        self
    }

    #[allow(dead_code, reason = "an API without JSON bodies does not use it")]
    pub(crate) fn json_body<T: Serialize + ?Sized>(mut self, content_type: &str, body: &T) -> Self {
        self.call.json_body(content_type, body);
        self
    }

    #[allow(dead_code, reason = "an API without form bodies does not use it")]
    pub(crate) fn form_body<T: Serialize + ?Sized>(
        mut self,
        content_type: &str,
        body: &T,
        encodings: &[(&str, Encoding)],
    ) -> Self {
        self.call.form_body(content_type, body, encodings);
        self
    }

    #[allow(dead_code, reason = "an API without multipart bodies does not use it")]
    pub(crate) fn multipart_body(mut self, form: &impl multipart::Form) -> Self {
        self.call.multipart_body(form);
        self
    }

    #[allow(dead_code, reason = "an API without raw bodies does not use it")]
    pub(crate) fn bytes_body(mut self, content_type: &str, body: Bytes) -> Self {
        self.call.bytes_body(content_type, body);
        self
    }
}

impl<'a, O: Operation + 'a> IntoFuture for Request<'a, O> {
    type Output = Result<<O::Answer as Answer>::Output, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<O> std::fmt::Debug for Request<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request").field("operation", &std::any::type_name::<O>()).field("call", &self.call).finish()
    }
}

/// A request the client has no method for: any path below the base URL,
/// through the same transport (base URL, token, user agent, timeouts,
/// retries, rate-limit state, size limit, errors). See `Client::request`.
#[must_use = "a request does nothing until it is sent"]
#[derive(Debug)]
pub struct CustomRequest<'a> {
    call: Call<'a>,
}

impl<'a> CustomRequest<'a> {
    /// A request to `path`, relative to the base URL (`/v1/projects/abc/new-thing`);
    /// an absolute URL, or a path that climbs out of the base URL, is refused
    /// when it is sent, so that the token never goes to another host.
    pub fn new(transport: &'a Transport, method: Method, path: &str) -> Self {
        let mut call = Call::custom(transport, method, path);
        call.set_bearer(true);
        CustomRequest { call }
    }

    /// Sends no bearer token (for endpoints that take none).
    pub fn without_token(mut self) -> Self {
        self.call.set_bearer(false);
        self
    }

    /// Sets a query parameter.
    pub fn query(mut self, name: &str, value: &dyn Display) -> Self {
        self.call.query(name, value);
        self
    }

    /// Sets a header.
    pub fn header(mut self, name: &str, value: &dyn Display) -> Self {
        self.call.header(name, value);
        self
    }

    /// Sends `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.call.json_body("application/json", body);
        self
    }

    /// Sends `body` as it is, with this content type.
    pub fn body(mut self, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.call.bytes_body(content_type, body.into());
        self
    }

    /// Sets how long the request may take (each attempt).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.call.set_timeout(timeout);
        self
    }

    /// Sets when the request is retried.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.call.set_retry(policy);
        self
    }

    /// Sends the request and reads the answer as JSON of type `T` (leniently,
    /// as the generated types read); `serde_json::Value` takes any JSON.
    pub fn send<T: DeserializeOwned + Send + 'a>(
        self,
    ) -> impl Future<Output = Result<ApiResponse<T>, Error>> + Send + 'a {
        self.call.send_decoded(false, RawResponse::json)
    }

    /// Sends the request and returns the answer's bytes.
    pub fn send_bytes(self) -> impl Future<Output = Result<ApiResponse<Bytes>, Error>> + Send + 'a {
        self.call.send_decoded(false, |response| Ok(response.bytes()))
    }

    /// Sends the request and returns the answer as text.
    pub fn send_text(self) -> impl Future<Output = Result<ApiResponse<String>, Error>> + Send + 'a {
        self.call.send_decoded(false, |response| Ok(response.text()))
    }
}
