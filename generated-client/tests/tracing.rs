//! The `tracing` feature: one span per call with OpenTelemetry's HTTP client
//! fields, an event per retry, the rate limit of the answer, the kind of a
//! failure — and never the token, a secret field or a body. A subscriber of
//! the test's own keeps every span field and event.
#![cfg(feature = "tracing")]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use supabase_management::types::V1CreateProjectBody;
use supabase_management::{Client, Error, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A span of a call, as the subscriber saw it: its fields, and the events in it.
#[derive(Clone, Debug, Default)]
struct CallSpan {
    fields: BTreeMap<String, String>,
    events: Vec<BTreeMap<String, String>>,
}

/// Keeps the spans named `http.client.request` and the events inside them.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<(Id, CallSpan)>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        if attrs.metadata().name() == "http.client.request" {
            let mut span = CallSpan::default();
            attrs.record(&mut Fields(&mut span.fields));
            self.spans.lock().unwrap().push((id.clone(), span));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some((_, span)) = self.spans.lock().unwrap().iter_mut().find(|(span_id, _)| span_id == id) {
            values.record(&mut Fields(&mut span.fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, context: Context<'_, S>) {
        // The events of this crate: inside its span, hyper's own say how it connects.
        if !event.metadata().target().starts_with("supabase_management") {
            return;
        }
        let Some(parent) = context.event_span(event).map(|span| span.id()) else { return };
        if let Some((_, span)) = self.spans.lock().unwrap().iter_mut().find(|(id, _)| *id == parent) {
            let mut fields = BTreeMap::new();
            event.record(&mut Fields(&mut fields));
            span.events.push(fields);
        }
    }
}

impl Capture {
    fn calls(&self) -> Vec<CallSpan> {
        self.spans.lock().unwrap().iter().map(|(_, span)| span.clone()).collect()
    }

    /// Everything recorded, as one text, to look for what must not be there.
    fn everything(&self) -> String {
        format!("{:?}", self.calls())
    }
}

/// Runs `calls` with the capture as this thread's subscriber.
async fn captured<F: std::future::Future<Output = ()>>(calls: impl FnOnce() -> F) -> Capture {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    calls().await;
    capture
}

fn client(server: &MockServer, token: &str) -> Client {
    let quick = RetryPolicy::default().initial_backoff(Duration::from_millis(1)).max_backoff(Duration::from_millis(2));
    Client::builder().base_url(server.uri()).bearer_token(token).retry(quick).build().expect("the client builds")
}

fn field<'a>(span: &'a CallSpan, name: &str) -> Option<&'a str> {
    span.fields.get(name).map(String::as_str)
}

#[tokio::test]
async fn a_success_is_one_span_with_the_http_client_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/projects/abcdefghijklmnopqrst"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-limit", "120")
                .insert_header("x-ratelimit-remaining", "119")
                .insert_header("x-ratelimit-reset", "1.5")
                .set_body_json(json!({ "ref": "abcdefghijklmnopqrst", "name": "shop" })),
        )
        .mount(&server)
        .await;
    let port = server.address().port().to_string();
    let client = client(&server, "sbp_token");
    let capture = captured(|| async {
        client.get_project("abcdefghijklmnopqrst").await.expect("the project");
    })
    .await;
    let calls = capture.calls();
    assert_eq!(calls.len(), 1, "{calls:#?}");
    let span = &calls[0];
    assert_eq!(field(span, "otel.name"), Some("GET /v1/projects/{ref}"));
    assert_eq!(field(span, "otel.kind"), Some("client"));
    assert_eq!(field(span, "http.request.method"), Some("GET"));
    assert_eq!(field(span, "url.template"), Some("/v1/projects/{ref}"));
    assert_eq!(field(span, "server.address"), Some("127.0.0.1"));
    assert_eq!(field(span, "server.port"), Some(port.as_str()));
    assert_eq!(field(span, "operation.id"), Some("v1-get-project"));
    assert_eq!(field(span, "http.response.status_code"), Some("200"));
    assert_eq!(field(span, "rate_limit.limit"), Some("120"));
    assert_eq!(field(span, "rate_limit.remaining"), Some("119"));
    assert_eq!(field(span, "rate_limit.reset_ms"), Some("1500"));
    assert_eq!(field(span, "error.type"), None);
    assert_eq!(field(span, "http.request.resend_count"), None, "nothing was sent again");
    assert!(span.events.is_empty(), "{:?}", span.events);
}

#[tokio::test]
async fn a_retried_429_counts_the_resend_and_says_why_and_how_long() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!([]))).mount(&server).await;
    let client = client(&server, "sbp_token");
    let capture = captured(|| async {
        client.list_all_organizations().await.expect("the second attempt answers");
    })
    .await;
    let calls = capture.calls();
    assert_eq!(calls.len(), 1, "one span for the call, whatever its attempts: {calls:#?}");
    let span = &calls[0];
    assert_eq!(field(span, "http.request.resend_count"), Some("1"));
    assert_eq!(field(span, "http.response.status_code"), Some("200"));
    assert_eq!(field(span, "error.type"), None);
    assert_eq!(span.events.len(), 1, "{:?}", span.events);
    let retry = &span.events[0];
    assert_eq!(retry.get("message").map(String::as_str), Some("retrying after status 429 Too Many Requests"));
    assert_eq!(retry.get("http.response.status_code").map(String::as_str), Some("429"));
    assert_eq!(retry.get("wait_ms").map(String::as_str), Some("0"), "Retry-After: 0");
    assert_eq!(retry.get("attempt").map(String::as_str), Some("1"));
}

#[tokio::test]
async fn failures_say_their_kind_in_error_type() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/projects/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "Project not found" })))
        .mount(&server)
        .await;
    Mock::given(path("/v1/projects/garbled"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "name": ["not", "a", "string"] })))
        .mount(&server)
        .await;
    Mock::given(path("/v1/projects/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = client(&server, "sbp_token");
    let capture = captured(|| async {
        let missing = client.get_project("missing").await;
        assert!(matches!(missing, Err(Error::Api(_))), "{missing:?}");
        let garbled = client.get_project("garbled").await;
        assert!(matches!(garbled, Err(Error::Decode(_))), "{garbled:?}");
        let slow = client.get_project("slow").with_timeout(Duration::from_millis(50)).await;
        assert!(matches!(slow, Err(Error::Timeout { .. })), "{slow:?}");
    })
    .await;
    let calls = capture.calls();
    assert_eq!(calls.len(), 3, "{calls:#?}");
    let error_types: Vec<Option<&str>> = calls.iter().map(|span| field(span, "error.type")).collect();
    assert_eq!(error_types, [Some("404"), Some("decode"), Some("timeout")]);
    let statuses: Vec<Option<&str>> = calls.iter().map(|span| field(span, "http.response.status_code")).collect();
    assert_eq!(statuses, [Some("404"), Some("200"), None]);
}

#[tokio::test]
async fn no_token_secret_field_or_body_reaches_the_subscriber() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "message": "rejected", "echo": { "db_pass": "hunter2-secret-password" }
        })))
        .mount(&server)
        .await;
    let client = client(&server, "sbp_secret_token_value");
    let capture = captured(|| async {
        let body = V1CreateProjectBody::new("hunter2-secret-password", "shop", "my-org");
        let result = client.create_a_project(body).await;
        assert!(matches!(result, Err(Error::Api(_))), "{result:?}");
    })
    .await;
    let everything = capture.everything();
    assert_eq!(capture.calls().len(), 1, "{everything}");
    for secret in ["sbp_secret_token_value", "hunter2-secret-password", "rejected", "Bearer"] {
        assert!(!everything.contains(secret), "{secret:?} reached the subscriber: {everything}");
    }
    assert!(everything.contains("\"error.type\": \"400\""), "{everything}");
}
