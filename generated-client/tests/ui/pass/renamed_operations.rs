//! Code written against the methods of operations that upstream renamed still
//! compiles: the former names stay, deprecated, as aliases of the new ones.
#![allow(deprecated)]

use supabase_management::{Client, Error};

async fn pooler(client: &Client, project_ref: &str) -> Result<(), Error> {
    let old = client.get_supavisor_config(project_ref).await?;
    let new = client.get_pooler_config(project_ref).await?;
    assert_eq!(old, new);
    let _eligibility = client.get_postgrest_upgrade_eligibility(project_ref).await?;
    let _status = client.get_postgrest_upgrade_status(project_ref).await?;
    Ok(())
}

fn main() {
    let _ = pooler;
}
