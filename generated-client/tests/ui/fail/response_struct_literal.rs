//! A struct only read from responses is `#[non_exhaustive]`, so that a field
//! the API adds is not a breaking change: a literal of it does not compile
//! outside the crate (build it from `Default`).

use supabase_management::types::ActivateVanitySubdomainResponse;

fn main() {
    let _ = ActivateVanitySubdomainResponse {
        custom_domain: "shop.example.com".into(),
        additional_properties: Default::default(),
    };
}
