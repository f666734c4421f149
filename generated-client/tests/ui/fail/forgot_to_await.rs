// A request does nothing until it is awaited: its result is not the body.
use supabase_management::Client;
use supabase_management::types::V1ProjectWithDatabaseResponse;

fn projects(client: &Client) -> Vec<V1ProjectWithDatabaseResponse> {
    client.list_all_projects()
}

fn main() {
    let _ = projects;
}
