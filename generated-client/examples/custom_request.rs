//! Calls an endpoint the crate has no method for yet, through the client's
//! own transport (token, retries, timeouts, errors), and reads the answer
//! into a type of your own.
//!
//! ```sh
//! SUPABASE_ACCESS_TOKEN=sbp_… cargo run -p supabase-management --example custom_request -- <project-ref>
//! ```
//!
//! `SUPABASE_API_URL` points the client at another server (a mock, a proxy).

use serde::Deserialize;
use supabase_management::{ACCESS_TOKEN_VAR, API_URL_VAR, Client, Error, Method};

/// The members of the answer this program needs; the others are ignored.
#[derive(Debug, Deserialize)]
struct Health {
    name: String,
    healthy: bool,
}

fn client() -> Result<Client, Error> {
    // `Client::from_env()` does the same without the user agent.
    Client::builder().env(ACCESS_TOKEN_VAR, API_URL_VAR)?.user_agent("custom-request-example").build()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let project_ref = std::env::args()
        .nth(1)
        .ok_or_else(|| Error::InvalidArgument("usage: custom_request <project-ref>".to_string()))?;
    let client = client()?;
    // A path relative to the base URL: one that would climb out of it
    // (`..`) or name another host is refused before anything is sent.
    let answer = client
        .request(Method::GET, &format!("/v1/projects/{project_ref}/health"))
        .query("services", &"db")
        .send::<Vec<Health>>()
        .await?;
    for service in answer.body() {
        println!("{}: {}", service.name, if service.healthy { "healthy" } else { "unhealthy" });
    }
    println!("status {}, {} placeholder(s) filled", answer.status(), answer.placeholders_filled());
    Ok(())
}
