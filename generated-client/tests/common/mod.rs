//! Shared by the operation tests: a local server with one canned answer, the
//! reference's example bodies from `spec/examples/`, and checks of the one
//! request the server received.

#![allow(dead_code)] // Each test target uses part of this module.

use std::path::PathBuf;

use serde_json::Value;
use supabase_management::{Client, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The token the clients of these tests send.
pub const TOKEN: &str = "test-token";

/// A path parameter that would change the path if it were not encoded as one
/// segment: a slash, a query, a fragment, an already-encoded dot and a `..`.
pub const HOSTILE: &str = "a/b?c#d%2e..";
/// `HOSTILE` as the one segment it must become.
pub const HOSTILE_SEGMENT: &str = "a%2Fb%3Fc%23d%252e..";

/// A second path parameter: non-ASCII, a space, and characters that mean
/// something in query strings.
pub const ODD: &str = "ü &+=";
/// `ODD` as the one segment it must become.
pub const ODD_SEGMENT: &str = "%C3%BC%20%26%2B%3D";

/// The `User-Agent` every request carries.
pub fn user_agent() -> String {
    format!("supabase-management/{}", env!("CARGO_PKG_VERSION"))
}

/// The workspace's `spec/` directory.
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("spec")
}

/// The OpenAPI document the client is generated from.
pub fn spec() -> Value {
    let path = spec_dir().join("supabase-management-api.json");
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Every `operationId` of the document.
pub fn operation_ids() -> Vec<String> {
    let spec = spec();
    let paths = spec["paths"].as_object().expect("the document has paths");
    let mut ids = Vec::new();
    for item in paths.values() {
        for (method, operation) in item.as_object().expect("a path item is an object") {
            if matches!(method.as_str(), "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") {
                let id = operation["operationId"].as_str().expect("every operation has an operationId");
                ids.push(id.to_string());
            }
        }
    }
    ids.sort();
    ids
}

/// The reference's example body of an operation's answer, as it is on disk.
pub fn example_bytes(operation_id: &str, status: u16) -> Vec<u8> {
    let path = spec_dir().join("examples").join(format!("{operation_id}.{status}.json"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The reference's example body of an operation's answer, as JSON.
pub fn example(operation_id: &str, status: u16) -> Value {
    serde_json::from_slice(&example_bytes(operation_id, status))
        .unwrap_or_else(|e| panic!("the example of {operation_id} ({status}) is not JSON: {e}"))
}

/// A client of `server` with the test token and no retries.
pub fn client_of(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .retry(RetryPolicy::never())
        .build()
        .expect("the client settings are valid")
}

/// A server that gives `answer` to any request, and a client of it.
pub async fn serve(answer: ResponseTemplate) -> (Client, MockServer) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(answer).mount(&server).await;
    (client_of(&server), server)
}

/// A server that answers with the operation's example body and status.
pub async fn serve_example(operation_id: &str, status: u16) -> (Client, MockServer) {
    serve_bytes(status, "application/json", example_bytes(operation_id, status)).await
}

/// A server that answers with `status` and this body.
pub async fn serve_bytes(status: u16, content_type: &str, body: Vec<u8>) -> (Client, MockServer) {
    serve(ResponseTemplate::new(status).set_body_raw(body, content_type)).await
}

/// A server that answers with `status` and no body.
pub async fn serve_empty(status: u16) -> (Client, MockServer) {
    serve(ResponseTemplate::new(status)).await
}

/// The one request `server` received (fails if it received none or several).
pub async fn received(server: &MockServer) -> Sent {
    let mut requests = server.received_requests().await.expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
    Sent(requests.remove(0))
}

/// A request as the server received it, with assertions that chain:
/// `sent.is("GET", "/v1/projects").with_bearer().without_body();`
#[derive(Debug)]
pub struct Sent(pub Request);

impl Sent {
    /// The method, and the path and query exactly as they were sent (still
    /// percent-encoded; `target` has no `?` when there must be no query). The
    /// `User-Agent` is checked too, as every request must carry it.
    #[track_caller]
    pub fn is(&self, method: &str, target: &str) -> &Self {
        assert_eq!(self.0.method.as_str(), method, "method");
        let sent = match self.0.url.query() {
            Some(query) => format!("{}?{query}", self.0.url.path()),
            None => self.0.url.path().to_string(),
        };
        assert_eq!(sent, target, "path and query");
        assert_eq!(self.header("user-agent").as_deref(), Some(user_agent().as_str()), "User-Agent");
        self
    }

    /// The query parameters once decoded, in order.
    #[track_caller]
    pub fn with_query(&self, expected: &[(&str, &str)]) -> &Self {
        let pairs: Vec<(String, String)> =
            self.0.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(pairs, expected, "decoded query");
        self
    }

    /// `Authorization: Bearer test-token`, once.
    #[track_caller]
    pub fn with_bearer(&self) -> &Self {
        let values: Vec<_> = self.0.headers.get_all("authorization").iter().collect();
        assert_eq!(values.len(), 1, "one Authorization header: {values:?}");
        assert_eq!(values[0].to_str().ok(), Some(format!("Bearer {TOKEN}").as_str()), "Authorization");
        self
    }

    /// No `Authorization` header at all.
    #[track_caller]
    pub fn without_auth(&self) -> &Self {
        assert!(self.0.headers.get("authorization").is_none(), "no Authorization header: {:?}", self.0.headers);
        self
    }

    /// An empty body and no `Content-Type`.
    #[track_caller]
    pub fn without_body(&self) -> &Self {
        assert!(self.0.body.is_empty(), "no body, got {:?}", String::from_utf8_lossy(&self.0.body));
        assert_eq!(self.header("content-type"), None, "no Content-Type without a body");
        self
    }

    /// A JSON body (`Content-Type: application/json`) equal to `expected`:
    /// no member more, none less, and numbers of the same kind (`2` is not `2.0`).
    #[track_caller]
    pub fn with_json(&self, expected: Value) -> &Self {
        assert_eq!(self.header("content-type").as_deref(), Some("application/json"), "Content-Type");
        let body: Value = serde_json::from_slice(&self.0.body)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {:?}", String::from_utf8_lossy(&self.0.body)));
        assert_eq!(body, expected, "JSON body");
        self
    }

    /// A form body (`application/x-www-form-urlencoded`) with these fields, in any order.
    #[track_caller]
    pub fn with_form(&self, expected: &[(&str, &str)]) -> &Self {
        assert_eq!(self.header("content-type").as_deref(), Some("application/x-www-form-urlencoded"), "Content-Type");
        let text = std::str::from_utf8(&self.0.body).expect("a form body is ASCII");
        let mut fields: Vec<(String, String)> = text
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(name), form_decode(value))
            })
            .collect();
        let mut expected: Vec<(String, String)> =
            expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        fields.sort();
        expected.sort();
        assert_eq!(fields, expected, "form fields of {text:?}");
        self
    }

    /// A raw body of this content type.
    #[track_caller]
    pub fn with_bytes(&self, content_type: &str, expected: &[u8]) -> &Self {
        assert_eq!(self.header("content-type").as_deref(), Some(content_type), "Content-Type");
        assert_eq!(self.0.body.as_slice(), expected, "body bytes");
        self
    }

    /// The one value of a header, if it is there (fails if it is there twice).
    #[track_caller]
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<_> = self.0.headers.get_all(name).iter().collect();
        assert!(values.len() <= 1, "header {name} sent {} times: {values:?}", values.len());
        values.first().map(|v| v.to_str().expect("a header value is text").to_string())
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.0.body
    }
}

/// Decodes one `application/x-www-form-urlencoded` name or value.
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII");
                out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad escape %{hex} in {text:?}")));
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).expect("a form field is UTF-8")
}
