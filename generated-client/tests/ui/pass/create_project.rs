//! Create a project: the required fields through `new`, optional ones through
//! struct update, with no deprecation warning for the fields left out.
#![deny(warnings)]

use supabase_management::types::{
    V1CreateProjectBody, V1CreateProjectBodyDesiredInstanceSize, V1CreateProjectBodyRegionSelection,
    V1CreateProjectBodyRegionSelectionSpecific, V1CreateProjectBodyRegionSelectionSpecificCode,
    V1CreateProjectBodyRegionSelectionSpecificType,
};
use supabase_management::{Client, Error};

async fn create(client: &Client) -> Result<String, Error> {
    let region = V1CreateProjectBodyRegionSelectionSpecific::new(
        V1CreateProjectBodyRegionSelectionSpecificCode::EuCentral1,
        V1CreateProjectBodyRegionSelectionSpecificType::Specific,
    );
    let body = V1CreateProjectBody {
        desired_instance_size: Some(V1CreateProjectBodyDesiredInstanceSize::Small),
        region_selection: Some(V1CreateProjectBodyRegionSelection::Specific(region)),
        ..V1CreateProjectBody::new("a-strong-password", "shop", "my-org")
    };
    let project = client.create_a_project(body).await?;
    Ok(project.r#ref)
}

fn main() {
    let _ = create;
}
