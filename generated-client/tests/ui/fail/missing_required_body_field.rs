// Creating a project without its database password.
#![allow(deprecated)]
use supabase_management::types::{V1CreateProjectBody, V1CreateProjectBodyRegion};

fn main() {
    let _body = V1CreateProjectBody {
        name: "shop".to_string(),
        organization_id: "org".to_string(),
        region: V1CreateProjectBodyRegion::UsEast1,
        desired_instance_size: None,
        template_url: None,
        plan: None,
        kps_enabled: None,
    };
}
