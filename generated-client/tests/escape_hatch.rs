//! `Client::request`: an operation the crate has no method for yet, sent
//! through the same transport as the generated ones — base URL, token, user
//! agent, timeouts, retries, rate-limit state, size limit, errors — and
//! refused for any path that would leave the base URL.

use std::time::Duration;

use serde::Deserialize;
use serde_json::json;
use supabase_management::{Client, Error, Method, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "sbp_escape_hatch_token";

fn client(base: &str) -> Client {
    let retry = RetryPolicy::default().initial_backoff(Duration::from_millis(5)).max_backoff(Duration::from_millis(20));
    Client::builder().base_url(base).bearer_token(TOKEN).user_agent("escape-test/1.0").retry(retry).build().unwrap()
}

async fn answering(verb: &str, route: &str, answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb)).and(path(route)).respond_with(answer).mount(&server).await;
    server
}

fn header(request: &wiremock::Request, name: &str) -> Option<String> {
    request.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_string)
}

#[derive(Debug, Deserialize, PartialEq)]
struct NewThing {
    id: String,
    size: u32,
}

#[tokio::test]
async fn a_get_carries_the_token_the_user_agent_the_query_and_headers_and_reads_your_type() {
    let server = answering(
        "GET",
        "/v1/projects/abc/new-thing",
        ResponseTemplate::new(200).set_body_json(json!({ "id": "t1", "size": 3, "extra": true })),
    )
    .await;

    let answer = client(&server.uri())
        .request(Method::GET, "/v1/projects/abc/new-thing")
        .query("limit", &10)
        .header("x-trace", &"t-1")
        .send::<NewThing>()
        .await
        .expect("the call succeeds");

    assert_eq!(answer.body(), &NewThing { id: "t1".into(), size: 3 });
    assert_eq!(answer.status().as_u16(), 200);
    let requests = server.received_requests().await.unwrap_or_default();
    let [request] = requests.as_slice() else { panic!("one request, got {}", requests.len()) };
    assert_eq!(request.url.query(), Some("limit=10"));
    assert_eq!(header(request, "authorization").as_deref(), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(header(request, "x-trace").as_deref(), Some("t-1"));
    let agent = header(request, "user-agent").unwrap_or_default();
    assert!(agent.starts_with("escape-test/1.0 supabase-management/"), "{agent}");
}

#[tokio::test]
async fn a_json_body_is_sent_and_any_json_can_be_read() {
    let server = answering("POST", "/v1/things", ResponseTemplate::new(201).set_body_json(json!([1, "two"]))).await;

    let answer = client(&server.uri())
        .request(Method::POST, "/v1/things")
        .json(&json!({ "name": "n", "tags": ["a"] }))
        .send::<serde_json::Value>()
        .await
        .expect("the call succeeds");

    assert_eq!(answer.into_inner(), json!([1, "two"]));
    let request = &server.received_requests().await.unwrap_or_default()[0];
    assert_eq!(header(request, "content-type").as_deref(), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).ok(),
        Some(json!({ "name": "n", "tags": ["a"] }))
    );
}

#[tokio::test]
async fn bytes_and_text_answers_and_raw_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/blob"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0u8, 159, 146, 150], "application/octet-stream"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/readme"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("# Hello", "text/markdown"))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let bytes = client.request(Method::PUT, "/v1/blob").body("application/zip", vec![1u8, 2, 3]).send_bytes().await;
    let text = client.request(Method::GET, "/v1/readme").send_text().await;

    assert_eq!(bytes.expect("bytes").into_inner().as_ref(), &[0u8, 159, 146, 150]);
    assert_eq!(text.expect("text").into_inner(), "# Hello");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        (requests[0].body.as_slice(), header(&requests[0], "content-type").as_deref()),
        (&[1u8, 2, 3][..], Some("application/zip"))
    );
}

#[tokio::test]
async fn an_error_answer_is_an_api_error_with_its_status_and_message() {
    let server = answering(
        "DELETE",
        "/v1/things/9",
        ResponseTemplate::new(404).set_body_json(json!({ "message": "No such thing" })),
    )
    .await;

    let error = client(&server.uri()).request(Method::DELETE, "/v1/things/9").send::<serde_json::Value>().await;

    let Err(Error::Api(api)) = error else { panic!("an API error, got {error:?}") };
    assert_eq!((api.status().as_u16(), api.message().as_deref()), (404, Some("No such thing")));
}

#[tokio::test]
async fn retries_honour_retry_after_and_the_rate_limit_is_recorded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/busy"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/busy"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .insert_header("x-ratelimit-limit", "120")
                .insert_header("x-ratelimit-remaining", "119")
                .insert_header("x-ratelimit-reset", "30"),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());

    client.request(Method::GET, "/v1/busy").send::<serde_json::Value>().await.expect("the retry succeeds");

    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 2, "one 429, then the retry");
    let limit = client.last_rate_limit().expect("the rate limit of the last answer");
    assert_eq!((limit.limit, limit.remaining), (Some(120), Some(119)));
}

#[tokio::test]
async fn the_timeout_and_the_size_limit_apply() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/slow"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})).set_delay(Duration::from_millis(500)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/big"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(4096)))
        .mount(&server)
        .await;
    let small = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .max_response_bytes(1024)
        .retry(RetryPolicy::never())
        .build()
        .unwrap();

    let slow = small
        .request(Method::GET, "/v1/slow")
        .with_timeout(Duration::from_millis(50))
        .send::<serde_json::Value>()
        .await;
    let big = small.request(Method::GET, "/v1/big").send_text().await;

    assert!(matches!(slow, Err(Error::Timeout { .. })), "{slow:?}");
    assert!(matches!(big, Err(Error::BodyTooLarge(_))), "{big:?}");
}

#[tokio::test]
async fn the_path_goes_below_a_base_url_that_has_a_path_and_the_token_can_be_left_out() {
    let server =
        answering("GET", "/api/v1/health", ResponseTemplate::new(200).set_body_json(json!({ "ok": true }))).await;

    let client = client(&format!("{}/api", server.uri()));
    client
        .request(Method::GET, "/v1/health")
        .without_token()
        .send::<serde_json::Value>()
        .await
        .expect("the call succeeds");

    let request = &server.received_requests().await.unwrap_or_default()[0];
    assert_eq!(request.url.path(), "/api/v1/health");
    assert_eq!(header(request, "authorization"), None);
}

#[tokio::test]
async fn paths_that_would_leave_the_base_url_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let client = client(&server.uri());
    let refused = [
        "https://elsewhere.example.com/v1/projects",
        "//elsewhere.example.com/v1/projects",
        "v1/projects",
        "/v1/../../admin",
        "/v1/%2e%2e/admin",
        "/v1/./projects",
        "/v1/projects?ref=x",
        "/v1/projects#x",
        "\\\\elsewhere.example.com\\x",
    ];
    for path in refused {
        let result = client.request(Method::GET, path).send::<serde_json::Value>().await;
        assert!(matches!(result, Err(Error::InvalidArgument(_))), "{path}: {result:?}");
    }
    assert!(server.received_requests().await.unwrap_or_default().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_path_with_spaces_or_an_at_sign_stays_a_path_on_the_same_host() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;

    client(&server.uri()).request(Method::GET, "/v1/files/a b@c").send::<serde_json::Value>().await.expect("sent");

    let request = &server.received_requests().await.unwrap_or_default()[0];
    assert_eq!(request.url.path(), "/v1/files/a%20b@c");
}
