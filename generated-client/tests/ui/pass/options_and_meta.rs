//! Optional query parameters, per-request settings, and the response's status,
//! headers and rate limit.

use std::time::Duration;

use supabase_management::types::GetServicesHealthServicesItem as Service;
use supabase_management::{Client, Error, RetryPolicy};

async fn health(client: &Client) -> Result<(), Error> {
    let response = client
        .get_services_health("abcdefghijklmnopqrst", &[Service::Auth, Service::Db])
        .timeout_ms(2_000)
        .with_timeout(Duration::from_secs(5))
        .with_retry(RetryPolicy::never())
        .send_with_meta()
        .await?;
    println!("{} {:?}", response.status(), response.rate_limit());
    for service in response.into_inner() {
        println!("{}: healthy={}", service.name, service.healthy);
    }
    Ok(())
}

fn main() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .bearer_token("sbp_example")
        .timeout(Duration::from_secs(30))
        .retry(RetryPolicy::default().max_attempts(6).retry_non_idempotent(true))
        .user_agent("provisioner/1.0")
        .build()
        .expect("valid settings");
    let _ = health(&client);
}
