//! Create a project: the required fields through `new`, an optional one
//! through struct update, with no deprecation warning for the fields left out.
#![deny(warnings)]

use supabase_management::types::{DesiredInstanceSize, V1CreateProjectBody, V1CreateProjectBodyRegion};
use supabase_management::{Client, Error};

async fn create(client: &Client) -> Result<String, Error> {
    let body = V1CreateProjectBody {
        desired_instance_size: Some(DesiredInstanceSize::Small),
        ..V1CreateProjectBody::new("a-strong-password", "shop", "my-org", V1CreateProjectBodyRegion::EuCentral1)
    };
    let project = client.create_a_project(body).await?;
    Ok(project.id)
}

fn main() {
    let _ = create;
}
