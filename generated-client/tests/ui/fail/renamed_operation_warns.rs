// The former name of a renamed operation still works but says what to call instead.
#![deny(deprecated)]
use supabase_management::Client;

async fn run(client: &Client) {
    let _ = client.get_supavisor_config("abcdefghijklmnopqrst").await;
}

fn main() {
    let _ = run;
}
