// Deprecated fields are marked, so a crate that denies deprecated code sees them.
#![deny(deprecated)]
use supabase_management::types::{V1CreateProjectBody, V1CreateProjectBodyRegion};

fn main() {
    let _body = V1CreateProjectBody {
        organization_id: Some("org".to_string()),
        region: Some(V1CreateProjectBodyRegion::UsEast1),
        ..V1CreateProjectBody::new("secret", "shop", "acme")
    };
}
