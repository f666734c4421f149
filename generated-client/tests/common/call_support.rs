//! What the call table (`tests/generated/calls.rs`) needs from the module that
//! includes it: the arguments of a call given as JSON ([`Args`]), where each
//! parameter goes ([`Place`]), why arguments do not fit an operation
//! ([`CallError`]), and the client's answer kept in one shape for every
//! operation ([`Called`]). `generator/src/emit/call_table.rs` states the
//! contract.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Mutex;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::api::reqwest::header::HeaderMap;
use super::api::reqwest::{StatusCode, Url};
use super::api::{ApiResponse, Error};

/// Where a parameter goes on the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    Path,
    Query,
    Header,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Place::Path => "path",
            Place::Query => "query",
            Place::Header => "header",
        })
    }
}

/// The request body of a call: JSON read into the operation's body type, or
/// raw bytes for bodies the client sends as they are.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyArg {
    Json(Value),
    Bytes(Bytes),
}

/// The arguments of one call, as JSON, by place and name. Each read is
/// recorded, so a test can tell arguments the operation never looked at
/// ([`Args::unread`]): a parameter of the document the client does not have.
#[derive(Debug, Default)]
pub struct Args {
    params: BTreeMap<(Place, String), Param>,
    body: Option<BodyArg>,
    read: Mutex<BTreeSet<(Place, String)>>,
    body_read: Mutex<bool>,
}

/// One parameter: its JSON value and, for scalars, its text (what `text`
/// hands out: a parameter the client takes as text may be a number in JSON).
#[derive(Debug, Clone)]
struct Param {
    value: Value,
    text: Option<String>,
    texts: Option<Vec<String>>,
}

/// The text of a scalar argument: strings as they are, numbers and booleans as
/// JSON writes them.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

impl Clone for Args {
    fn clone(&self) -> Self {
        Args {
            params: self.params.clone(),
            body: self.body.clone(),
            read: Mutex::new(BTreeSet::new()),
            body_read: Mutex::new(false),
        }
    }
}

impl Args {
    pub fn new() -> Args {
        Args::default()
    }

    /// Sets a parameter.
    pub fn with(mut self, place: Place, name: &str, value: Value) -> Args {
        self.set(place, name, value);
        self
    }

    pub fn set(&mut self, place: Place, name: &str, value: Value) {
        let text = scalar_text(&value);
        let texts = value.as_array().and_then(|items| items.iter().map(scalar_text).collect());
        self.params.insert((place, name.to_string()), Param { value, text, texts });
    }

    /// Sets a JSON body.
    pub fn with_body(mut self, body: Value) -> Args {
        self.body = Some(BodyArg::Json(body));
        self
    }

    /// Sets a raw body.
    pub fn with_bytes_body(mut self, body: impl Into<Bytes>) -> Args {
        self.body = Some(BodyArg::Bytes(body.into()));
        self
    }

    /// The same parameters, and no body.
    pub fn clone_without_body(&self) -> Args {
        Args { body: None, ..self.clone() }
    }

    pub fn set_body(&mut self, body: Option<BodyArg>) {
        self.body = body;
    }

    /// The parameters, by place and name.
    pub fn params(&self) -> impl Iterator<Item = (Place, &str, &Value)> {
        self.params.iter().map(|((place, name), param)| (*place, name.as_str(), &param.value))
    }

    pub fn body_arg(&self) -> Option<&BodyArg> {
        self.body.as_ref()
    }

    /// The arguments that were given but never read, as `place name` (and
    /// `body`), since the arguments were made or last cleared.
    pub fn unread(&self) -> Vec<String> {
        let read = self.read.lock().unwrap_or_else(|p| p.into_inner());
        let mut unread: Vec<String> = self
            .params
            .keys()
            .filter(|key| !read.contains(*key))
            .map(|(place, name)| format!("{place} parameter `{name}`"))
            .collect();
        if self.body.is_some() && !*self.body_read.lock().unwrap_or_else(|p| p.into_inner()) {
            unread.push("the body".to_string());
        }
        unread
    }

    fn get(&self, place: Place, name: &str) -> Option<&Param> {
        self.read.lock().unwrap_or_else(|p| p.into_inner()).insert((place, name.to_string()));
        self.params.get(&(place, name.to_string()))
    }

    fn required(&self, place: Place, name: &str) -> Result<&Param, CallError> {
        self.get(place, name).ok_or_else(|| CallError::Missing { place, name: name.to_string() })
    }

    fn wrong(place: Place, name: &str, param: &Param, expected: &str) -> CallError {
        CallError::Invalid {
            place,
            name: name.to_string(),
            message: format!("expected {expected}, got {}", param.value),
        }
    }

    fn decode<T: DeserializeOwned>(place: Place, name: &str, value: &Value) -> Result<T, CallError> {
        serde_json::from_value(value.clone()).map_err(|e| CallError::Invalid {
            place,
            name: name.to_string(),
            message: format!("{value} does not read as `{}`: {e}", std::any::type_name::<T>()),
        })
    }

    /// A required parameter the client takes as text.
    pub fn text(&self, place: Place, name: &str) -> Result<&str, CallError> {
        let param = self.required(place, name)?;
        param.text.as_deref().ok_or_else(|| Self::wrong(place, name, param, "a string, number or boolean"))
    }

    pub fn opt_text(&self, place: Place, name: &str) -> Result<Option<&str>, CallError> {
        match self.get(place, name) {
            None | Some(Param { value: Value::Null, .. }) => Ok(None),
            Some(param) => param
                .text
                .as_deref()
                .map(Some)
                .ok_or_else(|| Self::wrong(place, name, param, "a string, number or boolean")),
        }
    }

    /// A required list parameter the client takes as texts.
    pub fn texts(&self, place: Place, name: &str) -> Result<Vec<&str>, CallError> {
        let param = self.required(place, name)?;
        Self::texts_of(place, name, param)
    }

    pub fn opt_texts(&self, place: Place, name: &str) -> Result<Option<Vec<&str>>, CallError> {
        match self.get(place, name) {
            None | Some(Param { value: Value::Null, .. }) => Ok(None),
            Some(param) => Self::texts_of(place, name, param).map(Some),
        }
    }

    fn texts_of<'a>(place: Place, name: &str, param: &'a Param) -> Result<Vec<&'a str>, CallError> {
        param
            .texts
            .as_ref()
            .map(|texts| texts.iter().map(String::as_str).collect())
            .ok_or_else(|| Self::wrong(place, name, param, "an array of strings, numbers or booleans"))
    }

    /// A required parameter of a typed value (a number, a boolean, an enum).
    pub fn value<T: DeserializeOwned>(&self, place: Place, name: &str) -> Result<T, CallError> {
        let param = self.required(place, name)?;
        Self::decode(place, name, &param.value)
    }

    pub fn opt_value<T: DeserializeOwned>(&self, place: Place, name: &str) -> Result<Option<T>, CallError> {
        match self.get(place, name) {
            None | Some(Param { value: Value::Null, .. }) => Ok(None),
            Some(param) => Self::decode(place, name, &param.value).map(Some),
        }
    }

    /// A required list parameter of typed values.
    pub fn values<T: DeserializeOwned>(&self, place: Place, name: &str) -> Result<Vec<T>, CallError> {
        let param = self.required(place, name)?;
        Self::decode(place, name, &param.value)
    }

    pub fn opt_values<T: DeserializeOwned>(&self, place: Place, name: &str) -> Result<Option<Vec<T>>, CallError> {
        match self.get(place, name) {
            None | Some(Param { value: Value::Null, .. }) => Ok(None),
            Some(param) => Self::decode(place, name, &param.value).map(Some),
        }
    }

    fn take_body(&self) -> Option<&BodyArg> {
        *self.body_read.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.body.as_ref()
    }

    /// The body read into the operation's body type with `serde_json::from_value`:
    /// members the type does not know are dropped, and a required member that is
    /// missing gets a placeholder, as when reading an answer. Comparing what
    /// was sent with what was meant tells such losses.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, CallError> {
        match self.take_body() {
            None => Err(CallError::MissingBody),
            Some(BodyArg::Json(value)) => serde_json::from_value(value.clone())
                .map_err(|e| CallError::InvalidBody(format!("does not read as `{}`: {e}", std::any::type_name::<T>()))),
            Some(BodyArg::Bytes(_)) => Err(CallError::InvalidBody(format!(
                "raw bytes were given where the operation takes `{}`",
                std::any::type_name::<T>()
            ))),
        }
    }

    pub fn opt_body<T: DeserializeOwned>(&self) -> Result<Option<T>, CallError> {
        if self.body.is_none() {
            *self.body_read.lock().unwrap_or_else(|p| p.into_inner()) = true;
            return Ok(None);
        }
        self.body().map(Some)
    }

    /// A raw body: bytes as given, or the text of a JSON string.
    pub fn bytes_body(&self) -> Result<Bytes, CallError> {
        match self.take_body() {
            None => Err(CallError::MissingBody),
            Some(BodyArg::Bytes(bytes)) => Ok(bytes.clone()),
            Some(BodyArg::Json(Value::String(text))) => Ok(Bytes::from(text.clone())),
            Some(BodyArg::Json(other)) => {
                Err(CallError::InvalidBody(format!("the operation sends raw bytes; got the JSON {other}")))
            }
        }
    }

    pub fn opt_bytes_body(&self) -> Result<Option<Bytes>, CallError> {
        if self.body.is_none() {
            *self.body_read.lock().unwrap_or_else(|p| p.into_inner()) = true;
            return Ok(None);
        }
        self.bytes_body().map(Some)
    }
}

/// Why the arguments do not fit the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// No operation of the client has this operationId.
    UnknownOperation(String),
    /// A required parameter was not given.
    Missing { place: Place, name: String },
    /// A parameter does not read as the type the client takes.
    Invalid { place: Place, name: String, message: String },
    /// The operation requires a body and none was given.
    MissingBody,
    /// The body does not read as the operation's body type.
    InvalidBody(String),
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::UnknownOperation(id) => write!(f, "no operation has the operationId {id:?}"),
            CallError::Missing { place, name } => write!(f, "the required {place} parameter `{name}` was not given"),
            CallError::Invalid { place, name, message } => write!(f, "the {place} parameter `{name}`: {message}"),
            CallError::MissingBody => f.write_str("the operation requires a body and none was given"),
            CallError::InvalidBody(message) => write!(f, "the body {message}"),
        }
    }
}

impl std::error::Error for CallError {}

/// What an operation answered, kept in one shape for every operation.
#[derive(Debug, Clone)]
pub struct Called {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// `ApiResponse::placeholders_filled()`: the values the answer lacked that
    /// its type requires, each read as an empty value (0 when none was).
    pub placeholders: usize,
    pub answer: Answer,
}

/// The answer's body as the client gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A typed JSON answer, written back as JSON.
    Json(Value),
    /// A typed answer that could not be written back as JSON (why).
    Unwritable(String),
    Text(String),
    Bytes(Bytes),
    /// The operation documents no content.
    Empty,
    /// Where the redirect points.
    Redirect(Url),
}

impl Called {
    fn from<T>(result: Result<ApiResponse<T>, Error>, answer: impl FnOnce(T) -> Answer) -> Result<Called, Error> {
        let response = result?;
        let (status, headers) = (response.status(), response.headers().clone());
        let placeholders = response.placeholders_filled();
        Ok(Called { status, headers, placeholders, answer: answer(response.into_inner()) })
    }

    pub fn json<T: Serialize>(result: Result<ApiResponse<T>, Error>) -> Result<Called, Error> {
        Called::from(result, |body| match serde_json::to_value(&body) {
            Ok(value) => Answer::Json(value),
            Err(e) => Answer::Unwritable(e.to_string()),
        })
    }

    pub fn text(result: Result<ApiResponse<String>, Error>) -> Result<Called, Error> {
        Called::from(result, Answer::Text)
    }

    pub fn bytes(result: Result<ApiResponse<Bytes>, Error>) -> Result<Called, Error> {
        Called::from(result, Answer::Bytes)
    }

    pub fn empty(result: Result<ApiResponse<()>, Error>) -> Result<Called, Error> {
        Called::from(result, |()| Answer::Empty)
    }

    pub fn redirect(result: Result<ApiResponse<Url>, Error>) -> Result<Called, Error> {
        Called::from(result, Answer::Redirect)
    }
}
