// The project ref is a required argument.
use supabase_management::Client;

async fn run(client: &Client) {
    let _ = client.get_auth_service_config().await;
}

fn main() {
    let _ = run;
}
