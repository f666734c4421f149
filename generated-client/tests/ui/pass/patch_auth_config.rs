//! Change two settings of the auth config and leave the rest as it is.

use supabase_management::types::UpdateAuthConfigBody;
use supabase_management::{Client, Error};

async fn patch(client: &Client, project_ref: &str) -> Result<(), Error> {
    // Left out: unchanged; `Some(None)`: sent as `null`; `Some(Some(x))`: set to x.
    let body = UpdateAuthConfigBody {
        site_url: Some(Some("https://example.com".to_string())),
        jwt_exp: Some(Some(3600)),
        ..Default::default()
    };
    let config = client.update_auth_service_config(project_ref, body).await?;
    assert_eq!(config.site_url.as_deref(), Some("https://example.com"));
    Ok(())
}

fn main() {
    let _ = patch;
}
