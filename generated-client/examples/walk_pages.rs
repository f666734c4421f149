//! Lists every one of your SQL snippets and, given an organization's slug,
//! every project of the organization, however many pages each takes: the
//! client asks for the next page when the loop reaches it.
//!
//! ```sh
//! SUPABASE_ACCESS_TOKEN=sbp_… cargo run -p supabase-management --example walk_pages -- [organization-slug]
//! ```
//!
//! `SUPABASE_API_URL` points the client at another server (a mock, a proxy).

use supabase_management::{ACCESS_TOKEN_VAR, API_URL_VAR, Client, Error};

fn client() -> Result<Client, Error> {
    // `Client::from_env()` does the same without the user agent.
    Client::builder().env(ACCESS_TOKEN_VAR, API_URL_VAR)?.user_agent("walk-pages-example").build()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let client = client()?;

    // By cursor, 20 snippets a request.
    let mut snippets = client.list_all_snippets().limit("20").items();
    let mut count = 0;
    while let Some(snippet) = snippets.next().await {
        let snippet = snippet?;
        count += 1;
        println!("snippet {:?} ({}, {})", snippet.name, snippet.id, snippet.visibility);
    }
    println!("{count} snippets");

    // By offset, 50 projects a request.
    if let Some(slug) = std::env::args().nth(1) {
        let mut projects = client.get_all_projects_for_organization(&slug).limit(50).items();
        while let Some(project) = projects.next().await {
            let project = project?;
            println!("project {} ({}) in {}: {}", project.name, project.r#ref, project.region, project.status);
        }
    }
    Ok(())
}
