// Creating a project without its database password.
#![allow(deprecated)]
use supabase_management::types::V1CreateProjectBody;

fn main() {
    let _body = V1CreateProjectBody {
        name: "shop".to_string(),
        organization_slug: "acme".to_string(),
        organization_id: None,
        region: None,
        region_selection: None,
        desired_instance_size: None,
        template_url: None,
        plan: None,
        kps_enabled: None,
    };
}
