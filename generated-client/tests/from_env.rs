//! `Client::from_env()`: the token of `SUPABASE_ACCESS_TOKEN` and the base URL
//! of `SUPABASE_API_URL`, on the wire. One test in its own binary, since it
//! sets the process's environment.

use supabase_management::{ACCESS_TOKEN_VAR, API_URL_VAR, Client, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_client_of_the_environment_sends_its_token_to_its_base_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/organizations"))
        .and(header("authorization", "Bearer sbp_from_env"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .expect(1)
        .mount(&server)
        .await;

    // SAFETY: this binary's only test, so no other thread reads the environment.
    unsafe {
        std::env::remove_var(ACCESS_TOKEN_VAR);
        std::env::set_var(API_URL_VAR, server.uri());
    }
    let missing = Client::from_env();
    assert!(
        matches!(&missing, Err(Error::Config(message)) if message.starts_with("SUPABASE_ACCESS_TOKEN is not set")),
        "{missing:?}"
    );

    unsafe { std::env::set_var(ACCESS_TOKEN_VAR, "sbp_from_env") };
    let client = Client::from_env().expect("the client of the environment");
    assert_eq!(client.transport().base_url().as_str().trim_end_matches('/'), server.uri());
    let organizations = client.list_all_organizations().await.expect("the organizations");
    assert!(organizations.is_empty());

    unsafe { std::env::set_var(API_URL_VAR, "http://api.example.com") };
    let insecure = Client::from_env();
    assert!(
        matches!(&insecure, Err(Error::Config(message)) if message.starts_with("SUPABASE_API_URL: ") && message.contains("clear text")),
        "{insecure:?}"
    );
}
