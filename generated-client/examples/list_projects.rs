//! Lists your organizations and projects.
//!
//! ```sh
//! SUPABASE_ACCESS_TOKEN=sbp_… cargo run -p supabase-management --example list_projects
//! ```
//!
//! `SUPABASE_API_URL` points the client at another server (a mock, a proxy).

use supabase_management::{ACCESS_TOKEN_VAR, API_URL_VAR, Client, Error};

fn client() -> Result<Client, Error> {
    // `Client::from_env()` does the same without the user agent.
    Client::builder().env(ACCESS_TOKEN_VAR, API_URL_VAR)?.user_agent("list-projects-example").build()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let client = client()?;
    for organization in client.list_all_organizations().await? {
        println!("organization {} ({})", organization.name, organization.slug);
    }
    for project in client.list_all_projects().await? {
        println!("project {} ({}) in {}: {}", project.name, project.r#ref, project.region, project.status);
    }
    if let Some(rate_limit) = client.last_rate_limit() {
        println!("requests left in this window: {:?}", rate_limit.remaining);
    }
    Ok(())
}
