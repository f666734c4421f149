//! Enums are `#[non_exhaustive]`, so that a value the API adds is not a
//! breaking change: a `match` naming every variant still needs a wildcard.

use supabase_management::types::ApiKeyResponseType;

fn describe(kind: &ApiKeyResponseType) -> &'static str {
    match kind {
        ApiKeyResponseType::Legacy => "legacy",
        ApiKeyResponseType::Publishable => "publishable",
        ApiKeyResponseType::Secret => "secret",
        ApiKeyResponseType::Other(_) => "other",
    }
}

fn main() {
    let _ = describe;
}
