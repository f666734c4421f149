//! A test fixture of a response type, as the README shows: its `Default`
//! (the struct is `#[non_exhaustive]`), then the fields the test needs —
//! no deprecation warning for the fields left out.
#![deny(warnings)]

use supabase_management::types::{V1ProjectWithDatabaseResponse, V1ProjectWithDatabaseResponseStatus};

fn fixture() -> V1ProjectWithDatabaseResponse {
    let mut project = V1ProjectWithDatabaseResponse::default();
    project.name = "shop".into();
    project.r#ref = "abcdefghijklmnopqrst".into();
    project.status = V1ProjectWithDatabaseResponseStatus::ActiveHealthy;
    project
}

fn main() {
    let project = fixture();
    assert_eq!(project.name, "shop");
    assert_eq!(project.region, "", "a field left out is empty");
}
