//! List the projects of the account and print them.

use supabase_management::{Client, Error};

async fn list(client: &Client) -> Result<(), Error> {
    for project in client.list_all_projects().await? {
        println!("{} ({}) in {}: {}", project.name, project.r#ref, project.region, project.status);
    }
    Ok(())
}

fn main() {
    // Compiled, not run: there is no API to talk to here.
    let _ = list;
}
