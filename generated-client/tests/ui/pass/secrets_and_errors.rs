//! Bulk-create secrets, and tell the API's refusal from other failures.

use supabase_management::types::CreateSecretBodyItem;
use supabase_management::{Client, Error};

async fn create(client: &Client, project_ref: &str) -> Result<(), String> {
    let secrets = vec![
        CreateSecretBodyItem::new("STRIPE_KEY", "sk_test_…"),
        CreateSecretBodyItem { name: "SENTRY_DSN".to_string(), value: "https://…".to_string() },
    ];
    match client.bulk_create_secrets(project_ref, secrets).await {
        Ok(()) => Ok(()),
        Err(Error::Api(api)) if api.status().as_u16() == 403 => Err("not allowed".to_string()),
        Err(Error::Api(api)) => Err(format!("{}: {}", api.status(), api.message().unwrap_or_default())),
        Err(error) if error.is_timeout() => Err("timed out".to_string()),
        Err(error) => Err(error.to_string()),
    }
}

fn main() {
    let _ = create;
}
