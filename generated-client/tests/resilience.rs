//! The client under the conditions of production: rate limits and outages
//! (retries), slow servers (timeouts), broken answers (faults), servers that
//! stray from their document (tolerance), rate-limit state, secrets, and the
//! project-status wait. Every test runs against a real local HTTP server.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde_json::json;
use supabase_management::types::{
    BranchDetailResponse, UpdateSupavisorConfigBody, V1CreateProjectBody, V1ProjectResponseStatus,
    V1ProjectWithDatabaseResponseStatus,
};
use supabase_management::{Client, Error, RetryPolicy, WaitError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "sbp_0123456789abcdef";

/// A client of `base` with fast retries (so tests do not wait on backoff).
fn client(base: &str) -> Client {
    client_with(base, fast_retries())
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(10)).max_backoff(Duration::from_millis(40))
}

fn client_with(base: &str, retry: RetryPolicy) -> Client {
    Client::builder().base_url(base).bearer_token(TOKEN).retry(retry).build().expect("a valid client")
}

fn project(project_ref: &str, status: &str) -> serde_json::Value {
    json!({
        "id": project_ref, "ref": project_ref, "organization_id": "org", "organization_slug": "acme",
        "name": "shop", "region": "us-east-1", "created_at": "2023-03-29T16:32:59Z", "status": status,
        "database": { "host": "db.example.com", "version": "17.4", "postgres_engine": "17", "release_channel": "ga" }
    })
}

/// Answers with the given responses in turn, the last one from then on.
struct Sequence {
    answers: Vec<ResponseTemplate>,
    calls: Arc<AtomicUsize>,
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        self.answers[n.min(self.answers.len() - 1)].clone()
    }
}

/// A server that answers `verb route` with `answers` in turn; returns the call counter.
async fn sequence(server: &MockServer, verb: &str, route: &str, answers: Vec<ResponseTemplate>) -> Arc<AtomicUsize> {
    let calls = Arc::new(AtomicUsize::new(0));
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(Sequence { answers, calls: calls.clone() })
        .mount(server)
        .await;
    calls
}

fn ok_projects() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!([project("abcdefghijklmnopqrst", "ACTIVE_HEALTHY")]))
}

fn create_body() -> V1CreateProjectBody {
    V1CreateProjectBody::new("pw", "shop", "acme")
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(project("abcdefghijklmnopqrst", "COMING_UP"))
}

mod retries {
    use super::*;

    #[tokio::test]
    async fn a_429_then_success_takes_two_attempts() {
        let server = MockServer::start().await;
        let calls = sequence(&server, "GET", "/v1/projects", vec![ResponseTemplate::new(429), ok_projects()]).await;
        let projects = client(&server.uri()).list_all_projects().await.expect("retried to success");
        assert_eq!(projects.len(), 1);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_503_is_retried_until_the_attempts_run_out() {
        let server = MockServer::start().await;
        let calls =
            sequence(&server, "GET", "/v1/projects", vec![ResponseTemplate::new(503).set_body_string("down")]).await;
        let error = client_with(&server.uri(), fast_retries().max_attempts(3)).list_all_projects().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        assert_eq!(error.as_api().map(|e| e.body_text()), Some("down".to_string()));
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn retry_after_in_seconds_is_honoured() {
        let server = MockServer::start().await;
        let limited = ResponseTemplate::new(429).insert_header("retry-after", "1");
        let calls = sequence(&server, "GET", "/v1/projects", vec![limited, ok_projects()]).await;
        let started = Instant::now();
        client(&server.uri()).list_all_projects().await.expect("retried to success");
        assert!(started.elapsed() >= Duration::from_millis(950), "waited only {:?}", started.elapsed());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn retry_after_as_an_http_date_is_honoured() {
        let server = MockServer::start().await;
        let when = httpdate_in(Duration::from_secs(2));
        let limited = ResponseTemplate::new(503).insert_header("retry-after", when.as_str());
        let calls = sequence(&server, "GET", "/v1/projects", vec![limited, ok_projects()]).await;
        let started = Instant::now();
        client(&server.uri()).list_all_projects().await.expect("retried to success");
        // The date has a resolution of one second.
        assert!(started.elapsed() >= Duration::from_millis(900), "waited only {:?}", started.elapsed());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn the_rate_limit_reset_is_honoured_on_429() {
        let server = MockServer::start().await;
        let limited = ResponseTemplate::new(429)
            .insert_header("x-ratelimit-limit", "120")
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", "1");
        let calls = sequence(&server, "GET", "/v1/projects", vec![limited, ok_projects()]).await;
        let started = Instant::now();
        client(&server.uri()).list_all_projects().await.expect("retried to success");
        assert!(started.elapsed() >= Duration::from_millis(950), "waited only {:?}", started.elapsed());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_wait_longer_than_the_policy_allows_returns_the_429_at_once() {
        let server = MockServer::start().await;
        let limited = ResponseTemplate::new(429).insert_header("retry-after", "3600");
        let calls = sequence(&server, "GET", "/v1/projects", vec![limited, ok_projects()]).await;
        let started = Instant::now();
        let error = client(&server.uri()).list_all_projects().await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        let api = error.as_api().expect("the 429 itself");
        assert_eq!(api.status().as_u16(), 429);
        assert_eq!(api.retry_after(), Some(Duration::from_secs(3600)));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn post_is_not_retried_unless_the_caller_opts_in() {
        let server = MockServer::start().await;
        let calls = sequence(&server, "POST", "/v1/projects", vec![ResponseTemplate::new(429), created()]).await;
        let error = client(&server.uri()).create_a_project(create_body()).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
        assert_eq!(calls.load(Ordering::SeqCst), 1, "POST is not idempotent");

        let server = MockServer::start().await;
        let calls = sequence(&server, "POST", "/v1/projects", vec![ResponseTemplate::new(429), created()]).await;
        let opted_in = fast_retries().retry_non_idempotent(true);
        let project = client_with(&server.uri(), opted_in).create_a_project(create_body()).await.expect("retried");
        assert_eq!(project.status, V1ProjectResponseStatus::ComingUp);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_request_can_opt_in_on_its_own() {
        let server = MockServer::start().await;
        let calls = sequence(&server, "POST", "/v1/projects", vec![ResponseTemplate::new(503), created()]).await;
        let client = client(&server.uri());
        client
            .create_a_project(create_body())
            .with_retry(fast_retries().retry_non_idempotent(true))
            .await
            .expect("retried");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn patch_is_not_retried_by_default() {
        let server = MockServer::start().await;
        let route = "/v1/projects/abcdefghijklmnopqrst/config/database/pooler";
        let calls = sequence(&server, "PATCH", route, vec![ResponseTemplate::new(503)]).await;
        let body = UpdateSupavisorConfigBody { default_pool_size: Some(Some(20)), ..Default::default() };
        let error = client(&server.uri()).update_pooler_config("abcdefghijklmnopqrst", body).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn other_client_and_server_errors_are_never_retried() {
        for status in [400, 401, 403, 404, 406, 409, 422, 500, 502, 504] {
            let server = MockServer::start().await;
            let calls =
                sequence(&server, "GET", "/v1/projects", vec![ResponseTemplate::new(status), ok_projects()]).await;
            let error = client(&server.uri()).list_all_projects().await.unwrap_err();
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            assert_eq!(calls.load(Ordering::SeqCst), 1, "{status} was retried");
        }
    }

    #[tokio::test]
    async fn retries_can_be_turned_off() {
        let server = MockServer::start().await;
        let calls = sequence(&server, "GET", "/v1/projects", vec![ResponseTemplate::new(429), ok_projects()]).await;
        let error = client_with(&server.uri(), RetryPolicy::never()).list_all_projects().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    /// Nothing was sent when the connection was refused, so even a POST is
    /// tried again: here until a server starts listening on the port.
    #[tokio::test]
    async fn a_refused_connection_is_retried_for_any_method() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = listener.local_addr().expect("its address");
        drop(listener);
        let base = format!("http://{address}");
        let starts_later = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let listener = TcpListener::bind(address).await.expect("the port again");
            let (mut socket, _) = listener.accept().await.expect("the retried request");
            let mut request = vec![0; 4096];
            let _ = socket.read(&mut request).await;
            let body = serde_json::to_string(&project("abcdefghijklmnopqrst", "COMING_UP")).unwrap_or_default();
            let answer = format!(
                "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(answer.as_bytes()).await.expect("the answer");
            String::from_utf8_lossy(&request).into_owned()
        });
        let policy = RetryPolicy::default()
            .max_attempts(20)
            .initial_backoff(Duration::from_millis(50))
            .max_backoff(Duration::from_millis(100));
        let project = client_with(&base, policy).create_a_project(create_body()).await.expect("connected in the end");
        assert_eq!(project.status, V1ProjectResponseStatus::ComingUp);
        let request = starts_later.await.expect("the server task");
        assert!(request.starts_with("POST /v1/projects HTTP/1.1"), "{request}");
    }

    #[tokio::test]
    async fn a_refused_connection_is_a_transport_error_when_attempts_run_out() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let base = format!("http://{}", listener.local_addr().expect("its address"));
        drop(listener);
        let error = client_with(&base, fast_retries().max_attempts(2)).list_all_projects().await.unwrap_err();
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    }

    fn httpdate_in(delay: Duration) -> String {
        // Rounded up to the next whole second, as HTTP dates have no fraction.
        let when = SystemTime::now() + delay + Duration::from_millis(999);
        httpdate::fmt_http_date(when)
    }
}

mod timeouts {
    use super::*;

    #[tokio::test]
    async fn a_slow_server_gives_the_timeout_error() {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ok_projects().set_delay(Duration::from_secs(3))).mount(&server).await;
        let client = Client::builder()
            .base_url(server.uri())
            .bearer_token(TOKEN)
            .timeout(Duration::from_millis(200))
            .retry(RetryPolicy::never())
            .build()
            .expect("client");
        let started = Instant::now();
        let error = client.list_all_projects().await.unwrap_err();
        assert!(error.is_timeout(), "{error:?}");
        assert!(matches!(&error, Error::Timeout { timeout, .. } if *timeout == Duration::from_millis(200)));
        assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    }

    #[tokio::test]
    async fn a_request_can_set_its_own_timeout() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ok_projects().set_delay(Duration::from_millis(600)))
            .mount(&server)
            .await;
        let client = client_with(&server.uri(), RetryPolicy::never());
        let error = client.list_all_projects().with_timeout(Duration::from_millis(100)).await.unwrap_err();
        assert!(error.is_timeout(), "{error:?}");
        // The default (60 s) is long enough for the same server.
        assert_eq!(client.list_all_projects().await.expect("in time").len(), 1);
    }

    #[test]
    fn the_defaults_are_sensible() {
        let client = Client::new(TOKEN).expect("client");
        assert_eq!(client.transport().timeout(), supabase_management::DEFAULT_TIMEOUT);
        assert_eq!(supabase_management::DEFAULT_TIMEOUT, Duration::from_secs(60));
        assert_eq!(supabase_management::DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
        assert_eq!(client.transport().base_url().as_str(), "https://api.supabase.com/");
    }
}

mod faults {
    use super::*;

    async fn answering(template: ResponseTemplate) -> (MockServer, Client) {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(template).mount(&server).await;
        let client = client_with(&server.uri(), RetryPolicy::never());
        (server, client)
    }

    #[tokio::test]
    async fn a_500_with_an_html_body_keeps_status_and_body() {
        let page = "<html><body><h1>Internal Server Error</h1></body></html>";
        let (_server, client) = answering(ResponseTemplate::new(500).set_body_raw(page, "text/html")).await;
        let error = client.list_all_projects().await.unwrap_err();
        let api = error.as_api().expect("an API error");
        assert_eq!(api.status().as_u16(), 500);
        assert_eq!(api.body_text(), page);
        assert_eq!(api.headers().get("content-type").map(|v| v.as_bytes()), Some(&b"text/html"[..]));
        assert_eq!(api.message(), None);
        assert!(error.to_string().contains("500") && error.to_string().contains("Internal Server Error"), "{error}");
    }

    #[tokio::test]
    async fn undocumented_400_and_406_are_api_errors_with_the_message() {
        for status in [400, 406] {
            let body = json!({ "message": format!("refused with {status}") });
            let (_server, client) = answering(ResponseTemplate::new(status).set_body_json(body)).await;
            let error = client.get_auth_service_config("abcdefghijklmnopqrst").await.unwrap_err();
            let api = error.as_api().expect("an API error");
            assert_eq!(api.status().as_u16(), status);
            assert_eq!(api.message(), Some(format!("refused with {status}")));
            assert!(error.to_string().contains(&format!("refused with {status}")), "{error}");
        }
    }

    /// An empty or `null` success body where the document promises an object
    /// or a list reads as the empty value, and says it needed a placeholder.
    #[tokio::test]
    async fn an_empty_or_null_200_body_reads_as_the_empty_value() {
        for body in ["", "null"] {
            let (_server, client) = answering(ResponseTemplate::new(200).set_body_string(body)).await;
            let projects = client.list_all_projects().send_with_meta().await.expect("reads");
            assert!(projects.body().is_empty(), "{body:?}");
            assert_eq!(projects.placeholders_filled(), 1, "{body:?}: the list itself");
            let config = client.get_auth_service_config("abcdefghijklmnopqrst").send_with_meta().await.expect("reads");
            assert_eq!(config.body().site_url, None);
            assert!(config.placeholders_filled() >= 1, "{body:?}: the object and its required fields");
        }
        let (_server, client) = answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
        let projects = client.list_all_projects().send_with_meta().await.expect("reads");
        assert_eq!(projects.placeholders_filled(), 0, "an empty list is a list, not a gap");
    }

    #[tokio::test]
    async fn a_truncated_body_is_a_decode_error_that_keeps_the_body() {
        let (_server, client) =
            answering(ResponseTemplate::new(200).set_body_raw("[{\"id\": \"abc\", \"na", "application/json")).await;
        let error = client.list_all_projects().await.unwrap_err();
        let Error::Decode(decode) = &error else { panic!("{error:?}") };
        assert_eq!(&decode.body()[..], b"[{\"id\": \"abc\", \"na");
        assert!(decode.message().contains("EOF"), "{}", decode.message());
    }

    #[tokio::test]
    async fn a_body_that_is_not_json_is_a_decode_error() {
        let (_server, client) = answering(ResponseTemplate::new(200).set_body_raw("OK", "text/plain")).await;
        let error = client.list_all_projects().await.unwrap_err();
        assert!(matches!(&error, Error::Decode(d) if &d.body()[..] == b"OK"), "{error:?}");
    }

    #[tokio::test]
    async fn a_body_of_the_wrong_shape_names_the_field() {
        let mut wrong = project("abcdefghijklmnopqrst", "ACTIVE_HEALTHY");
        wrong["created_at"] = json!(1_680_000_000);
        let (_server, client) = answering(ResponseTemplate::new(200).set_body_json(json!([wrong]))).await;
        let error = client.list_all_projects().await.unwrap_err();
        let Error::Decode(decode) = &error else { panic!("{error:?}") };
        assert_eq!(decode.path(), Some("[0].created_at"));
        assert!(error.to_string().contains("[0].created_at"), "{error}");
    }

    #[tokio::test]
    async fn an_object_where_a_list_is_documented_is_a_decode_error() {
        let (_server, client) = answering(ResponseTemplate::new(200).set_body_json(json!({ "projects": [] }))).await;
        assert!(matches!(client.list_all_projects().await, Err(Error::Decode(_))));
    }

    #[tokio::test]
    async fn a_connection_closed_mid_body_is_a_transport_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("a connection");
            let mut request = vec![0; 4096];
            let _ = socket.read(&mut request).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[{\"id\":";
            let _ = socket.write_all(head.as_bytes()).await;
            // Dropping the socket closes the connection 990 bytes short.
        });
        let error = client_with(&base, RetryPolicy::never()).list_all_projects().await.unwrap_err();
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_cut_and_kept() {
        let server = MockServer::start().await;
        let huge =
            format!("[{}]", vec![project("abcdefghijklmnopqrst", "ACTIVE_HEALTHY").to_string(); 5_000].join(","));
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(huge.clone(), "application/json"))
            .mount(&server)
            .await;
        let limited = Client::builder()
            .base_url(server.uri())
            .bearer_token(TOKEN)
            .max_response_bytes(64 * 1024)
            .build()
            .expect("client");
        let error = limited.list_all_projects().await.unwrap_err();
        let Error::BodyTooLarge(too_large) = &error else { panic!("{error:?}") };
        assert_eq!(too_large.status().as_u16(), 200);
        assert_eq!(too_large.limit(), 64 * 1024);
        assert_eq!(&too_large.partial_body()[..], &huge.as_bytes()[..64 * 1024]);
        // Within the default limit the same body reads in full.
        let projects = client(&server.uri()).list_all_projects().await.expect("a large list");
        assert_eq!(projects.len(), 5_000);
    }
}

/// The API adds fields and enum values, leaves out fields it calls required
/// and sends `null` where it says a field is not nullable: the response must
/// still read. See ARCHITECTURE.md, "Reading what servers really send".
mod tolerance {
    use super::*;

    async fn projects_answer(
        body: serde_json::Value,
    ) -> Result<Vec<supabase_management::types::V1ProjectWithDatabaseResponse>, Error> {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
        client_with(&server.uri(), RetryPolicy::never()).list_all_projects().await
    }

    #[tokio::test]
    async fn unknown_fields_are_ignored() {
        let mut body = project("abcdefghijklmnopqrst", "ACTIVE_HEALTHY");
        body["brand_new_field"] = json!({ "nested": [1, 2, 3] });
        let projects = projects_answer(json!([body])).await.expect("reads");
        assert_eq!(projects[0].r#ref, "abcdefghijklmnopqrst");
    }

    #[tokio::test]
    async fn an_unknown_enum_value_is_kept() {
        let projects = projects_answer(json!([project("abcdefghijklmnopqrst", "HIBERNATING")])).await.expect("reads");
        assert_eq!(projects[0].status, V1ProjectWithDatabaseResponseStatus::Other("HIBERNATING".to_string()));
        assert_eq!(projects[0].status.as_str(), "HIBERNATING");
    }

    #[tokio::test]
    async fn a_missing_required_field_reads_as_empty() {
        let mut body = project("abcdefghijklmnopqrst", "ACTIVE_HEALTHY");
        body.as_object_mut().map(|o| o.remove("organization_slug"));
        let projects = projects_answer(json!([body])).await.expect("reads");
        assert_eq!(projects[0].organization_slug, "");
        assert_eq!(projects[0].name, "shop");
    }

    #[tokio::test]
    async fn null_in_a_non_nullable_field_reads_as_empty() {
        let mut body = project("abcdefghijklmnopqrst", "ACTIVE_HEALTHY");
        body["region"] = json!(null);
        body["status"] = json!(null);
        let projects = projects_answer(json!([body])).await.expect("reads");
        assert_eq!(projects[0].region, "");
        assert_eq!(projects[0].status, V1ProjectWithDatabaseResponseStatus::Other(String::new()));
    }

    #[tokio::test]
    async fn absent_and_null_optional_fields_are_none() {
        let server = MockServer::start().await;
        let with_null = json!({ "id": "b1", "name": "feature", "project_ref": "p", "parent_project_ref": "p",
            "is_default": false, "persistent": false, "status": "CREATING_PROJECT",
            "created_at": "2023-03-29T16:32:59Z", "updated_at": "2023-03-29T16:32:59Z",
            "git_branch": null, "pr_number": null });
        let without = json!({ "id": "b2", "name": "main", "project_ref": "p", "parent_project_ref": "p",
            "is_default": true, "persistent": true, "status": "FUNCTIONS_DEPLOYED",
            "created_at": "2023-03-29T16:32:59Z", "updated_at": "2023-03-29T16:32:59Z" });
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([with_null, without])))
            .mount(&server)
            .await;
        let branches = client(&server.uri()).list_all_branches("p").await.expect("reads");
        assert_eq!(branches.len(), 2);
        assert!(branches.iter().all(|b| b.git_branch.is_none() && b.pr_number.is_none()), "{branches:?}");
    }

    #[tokio::test]
    async fn a_value_of_the_wrong_type_is_still_an_error() {
        let mut body = project("abcdefghijklmnopqrst", "ACTIVE_HEALTHY");
        body["name"] = json!(["not", "a", "name"]);
        let error = projects_answer(json!([body])).await.unwrap_err();
        assert!(matches!(&error, Error::Decode(d) if d.path() == Some("[0].name")), "{error:?}");
    }

    #[tokio::test]
    async fn an_undocumented_success_status_reads_as_the_documented_body() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(project("abcdefghijklmnopqrst", "COMING_UP")))
            .mount(&server)
            .await;
        let project = client(&server.uri()).create_a_project(create_body()).await.expect("200 where 201 is documented");
        assert_eq!(project.status, V1ProjectResponseStatus::ComingUp);
    }
}

mod rate_limit {
    use super::*;

    #[tokio::test]
    async fn the_reported_rate_limit_is_available() {
        let server = MockServer::start().await;
        let answer = ok_projects()
            .insert_header("x-ratelimit-limit", "120")
            .insert_header("x-ratelimit-remaining", "117")
            .insert_header("x-ratelimit-reset", "42");
        Mock::given(method("GET")).respond_with(answer).mount(&server).await;
        let client = client(&server.uri());
        assert_eq!(client.last_rate_limit(), None);

        // The common call stays short …
        client.list_all_projects().await.expect("ok");
        let seen = client.last_rate_limit().expect("recorded by the client");
        assert_eq!((seen.limit, seen.remaining, seen.reset), (Some(120), Some(117), Some(Duration::from_secs(42))));

        // … and a caller who wants the details asks for them.
        let response = client.list_all_projects().send_with_meta().await.expect("ok");
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.rate_limit(), Some(seen));
        assert_eq!(response.headers().get("x-ratelimit-remaining").map(|v| v.as_bytes()), Some(&b"117"[..]));
        assert_eq!(response.into_inner().len(), 1);
    }

    #[tokio::test]
    async fn an_error_answer_reports_it_too() {
        let server = MockServer::start().await;
        let answer =
            ResponseTemplate::new(429).insert_header("x-ratelimit-remaining", "0").insert_header("retry-after", "3600");
        Mock::given(method("GET")).respond_with(answer).mount(&server).await;
        let client = client(&server.uri());
        let error = client.list_all_projects().await.unwrap_err();
        assert_eq!(error.as_api().and_then(|e| e.rate_limit()).and_then(|r| r.remaining), Some(0));
        assert_eq!(client.last_rate_limit().and_then(|r| r.remaining), Some(0));
    }
}

mod secrets {
    use super::*;

    #[test]
    fn debug_of_the_client_never_shows_the_token() {
        let client = Client::new(TOKEN).expect("client");
        let shown = format!("{client:?} {:#?} {:?}", client, Client::builder().bearer_token(TOKEN));
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn debug_of_password_fields_is_redacted() {
        let branch: BranchDetailResponse = serde_json::from_value(json!({
            "db_port": 5432, "ref": "abcdefghijklmnopqrst", "postgres_version": "15", "status": "ACTIVE_HEALTHY",
            "db_host": "db.example.com", "db_user": "postgres", "db_pass": "hunter2", "jwt_secret": "super-secret-jwt"
        }))
        .expect("a branch");
        let shown = format!("{branch:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("super-secret-jwt"), "{shown}");
        assert!(shown.contains("db.example.com") && shown.contains("<redacted>"), "{shown}");
        // Only Debug hides it: the value is there for the program.
        assert_eq!(branch.db_pass.as_deref(), Some("hunter2"));
    }

    #[tokio::test]
    async fn errors_do_not_show_secrets_either() {
        let server = MockServer::start().await;
        let body = json!({ "db_port": "not-a-port", "db_pass": "hunter2", "jwt_secret": "super-secret-jwt" });
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
        let error = client(&server.uri()).get_a_branch_config("branch").await.unwrap_err();
        let shown = format!("{error:?} {error}");
        assert!(!shown.contains("hunter2") && !shown.contains("super-secret-jwt") && !shown.contains(TOKEN), "{shown}");
    }

    /// A redirect is not followed, so the token never goes to another host.
    #[tokio::test]
    async fn the_token_is_sent_only_to_the_base_url() {
        let elsewhere = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ok_projects()).mount(&elsewhere).await;
        let server = MockServer::start().await;
        let redirect =
            ResponseTemplate::new(302).insert_header("location", format!("{}/v1/projects", elsewhere.uri()).as_str());
        Mock::given(method("GET")).respond_with(redirect).mount(&server).await;
        let error = client(&server.uri()).list_all_projects().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(302));
        assert!(elsewhere.received_requests().await.unwrap_or_default().is_empty(), "the redirect was followed");
        let sent = server.received_requests().await.unwrap_or_default();
        assert_eq!(
            sent[0].headers.get("authorization").map(|v| v.as_bytes()),
            Some(format!("Bearer {TOKEN}").as_bytes())
        );
    }
}

mod wait {
    use super::*;

    const ROUTE: &str = "/v1/projects/abcdefghijklmnopqrst";

    /// Answers the project with the statuses in turn.
    async fn statuses(server: &MockServer, statuses: &[&str]) -> Arc<AtomicUsize> {
        let answers = statuses
            .iter()
            .map(|status| ResponseTemplate::new(200).set_body_json(project("abcdefghijklmnopqrst", status)))
            .collect();
        sequence(server, "GET", ROUTE, answers).await
    }

    #[tokio::test]
    async fn waits_through_coming_up_until_active_healthy() {
        let server = MockServer::start().await;
        let polls = statuses(&server, &["COMING_UP", "COMING_UP", "COMING_UP", "ACTIVE_HEALTHY"]).await;
        let project = client(&server.uri())
            .wait_for_project_status("abcdefghijklmnopqrst", V1ProjectResponseStatus::ActiveHealthy)
            .poll_interval(Duration::from_millis(20))
            .timeout(Duration::from_secs(10))
            .await
            .expect("healthy in the end");
        assert_eq!(project.status, V1ProjectWithDatabaseResponseStatus::ActiveHealthy);
        assert_eq!(project.r#ref, "abcdefghijklmnopqrst");
        assert_eq!(polls.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn each_poll_gets_the_one_project() {
        let server = MockServer::start().await;
        statuses(&server, &["ACTIVE_HEALTHY"]).await;
        client(&server.uri())
            .wait_for_project_status("abcdefghijklmnopqrst", V1ProjectResponseStatus::ActiveHealthy)
            .await
            .expect("healthy");
        let requests = server.received_requests().await.unwrap_or_default();
        let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
        assert_eq!(paths, [ROUTE], "the single-project operation, not the list of every project");
    }

    #[tokio::test]
    async fn a_project_not_found_yet_is_polled_again() {
        let server = MockServer::start().await;
        let answers = vec![
            ResponseTemplate::new(404).set_body_json(json!({ "message": "Project not found" })),
            ResponseTemplate::new(200).set_body_json(project("abcdefghijklmnopqrst", "ACTIVE_HEALTHY")),
        ];
        let polls = sequence(&server, "GET", ROUTE, answers).await;
        client(&server.uri())
            .wait_for_project_status("abcdefghijklmnopqrst", V1ProjectResponseStatus::ActiveHealthy)
            .poll_interval(Duration::from_millis(20))
            .await
            .expect("found, then healthy");
        assert_eq!(polls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn the_interval_grows_between_polls() {
        let server = MockServer::start().await;
        statuses(&server, &["COMING_UP", "COMING_UP", "COMING_UP", "ACTIVE_HEALTHY"]).await;
        let started = Instant::now();
        client(&server.uri())
            .wait_for_project_status("abcdefghijklmnopqrst", V1ProjectResponseStatus::ActiveHealthy)
            .poll_interval(Duration::from_millis(100))
            .await
            .expect("healthy");
        // 100 + 200 + 400 ms, each at least three quarters of that.
        assert!(started.elapsed() >= Duration::from_millis(525), "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn gives_up_at_the_deadline_with_the_last_status() {
        let server = MockServer::start().await;
        statuses(&server, &["COMING_UP"]).await;
        let error = client(&server.uri())
            .wait_for_project_status("abcdefghijklmnopqrst", V1ProjectResponseStatus::ActiveHealthy)
            .poll_interval(Duration::from_millis(20))
            .timeout(Duration::from_millis(300))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, WaitError::Timeout { last_status: Some(V1ProjectResponseStatus::ComingUp), .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("COMING_UP"), "{error}");
    }

    #[tokio::test]
    async fn stops_at_a_status_the_project_will_not_leave() {
        let server = MockServer::start().await;
        let polls = statuses(&server, &["COMING_UP", "INIT_FAILED", "ACTIVE_HEALTHY"]).await;
        let error = client(&server.uri())
            .wait_for_project_status("abcdefghijklmnopqrst", V1ProjectResponseStatus::ActiveHealthy)
            .poll_interval(Duration::from_millis(20))
            .await
            .unwrap_err();
        assert!(matches!(&error, WaitError::Stuck { status: V1ProjectResponseStatus::InitFailed, .. }), "{error:?}");
        assert_eq!(polls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_api_error_ends_the_wait() {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
        let error = client(&server.uri())
            .wait_for_project_status("abcdefghijklmnopqrst", V1ProjectResponseStatus::ActiveHealthy)
            .await
            .unwrap_err();
        assert!(matches!(&error, WaitError::Api(e) if e.status().map(|s| s.as_u16()) == Some(401)), "{error:?}");
    }
}

mod arguments {
    use super::*;

    /// `services` is required; with no value it would simply be left out.
    #[tokio::test]
    async fn a_required_array_with_no_value_is_refused_before_sending() {
        let server = MockServer::start().await;
        let error = client(&server.uri()).get_services_health("abcdefghijklmnopqrst", &[]).await.unwrap_err();
        assert!(matches!(&error, Error::InvalidArgument(m) if m.contains("`services`")), "{error:?}");
        assert!(server.received_requests().await.unwrap_or_default().is_empty(), "nothing is sent");
    }
}
