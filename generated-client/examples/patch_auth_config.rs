//! Turns on email sign-ups with a site URL and a one-hour JWT expiry, leaving
//! every other auth setting as it is.
//!
//! ```sh
//! SUPABASE_ACCESS_TOKEN=sbp_… cargo run -p supabase-management --example patch_auth_config -- <project-ref> https://example.com
//! ```

use supabase_management::types::UpdateAuthConfigBody;
use supabase_management::{Client, Error};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let (Some(project_ref), Some(site_url)) = (args.next(), args.next()) else {
        eprintln!("usage: patch_auth_config <project-ref> <site-url>");
        std::process::exit(2);
    };
    let client = Client::from_env()?;

    // Fields left out are not changed; `Some(None)` would send `null`.
    let patch = UpdateAuthConfigBody {
        site_url: Some(Some(site_url)),
        external_email_enabled: Some(Some(true)),
        jwt_exp: Some(Some(3600)),
        ..Default::default()
    };
    let config = client.update_auth_service_config(&project_ref, patch).await?;
    println!(
        "site URL {:?}, email sign-ups {:?}, JWT expiry {:?} s",
        config.site_url, config.external_email_enabled, config.jwt_exp
    );
    Ok(())
}
