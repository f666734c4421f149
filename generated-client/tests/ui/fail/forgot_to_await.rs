// A request does nothing until it is awaited: its result is not the body.
use supabase_management::Client;
use supabase_management::types::V1ProjectResponse;

fn projects(client: &Client) -> Vec<V1ProjectResponse> {
    client.list_all_projects()
}

fn main() {
    let _ = projects;
}
