// `timeout_ms` is a number of milliseconds, not text.
use supabase_management::Client;
use supabase_management::types::GetServicesHealthServicesItem;

async fn run(client: &Client) {
    let _ = client.get_services_health("ref", &[GetServicesHealthServicesItem::Db]).timeout_ms("500").await;
}

fn main() {
    let _ = run;
}
