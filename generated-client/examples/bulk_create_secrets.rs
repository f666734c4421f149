//! Creates (or replaces) Edge Function secrets from `NAME=value` arguments,
//! then lists the secret names of the project. Values are never printed.
//!
//! ```sh
//! SUPABASE_ACCESS_TOKEN=sbp_… cargo run -p supabase-management --example bulk_create_secrets -- <project-ref> STRIPE_KEY=sk_… SENTRY_DSN=https://…
//! ```

use supabase_management::types::CreateSecretBodyItem;
use supabase_management::{Client, Error};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let Some(project_ref) = args.next() else {
        eprintln!("usage: bulk_create_secrets <project-ref> NAME=value…");
        std::process::exit(2);
    };
    let mut secrets = Vec::new();
    for pair in args {
        let Some((name, value)) = pair.split_once('=') else {
            eprintln!("not NAME=value: {pair}");
            std::process::exit(2);
        };
        secrets.push(CreateSecretBodyItem::new(name, value));
    }
    let client = Client::from_env()?;

    // `Debug` of the bodies shows `<redacted>` for the values.
    println!("creating {secrets:?}");
    client.bulk_create_secrets(&project_ref, secrets).await?;
    for secret in client.list_all_secrets(&project_ref).await? {
        println!("secret {}", secret.name);
    }
    Ok(())
}
