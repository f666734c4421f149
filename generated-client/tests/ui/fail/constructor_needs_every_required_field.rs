// `new` takes every required field: here the organization slug is missing.
use supabase_management::types::V1CreateProjectBody;

fn main() {
    let _body = V1CreateProjectBody::new("db-password", "shop");
}
