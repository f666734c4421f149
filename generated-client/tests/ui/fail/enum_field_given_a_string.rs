// A region is one of the API's regions, not any string.
use supabase_management::types::{V1CreateProjectBody, V1CreateProjectBodyRegion};

fn main() {
    let region: V1CreateProjectBodyRegion = "us-east-1";
    let _ = region;
    let _ = std::mem::size_of::<V1CreateProjectBody>();
}
