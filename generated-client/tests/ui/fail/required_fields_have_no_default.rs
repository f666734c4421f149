// `..Default::default()` cannot stand in for required fields.
use supabase_management::types::V1CreateProjectBody;

fn main() {
    let _body = V1CreateProjectBody { name: "shop".to_string(), ..Default::default() };
}
