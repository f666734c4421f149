// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! A client set up from the environment, as the Supabase CLI is.

use crate::{Client, Error};

/// The environment variable [`Client::from_env`] reads the access token from
/// (a personal access token, or an OAuth access token).
pub const ACCESS_TOKEN_VAR: &str = "SUPABASE_ACCESS_TOKEN";

/// The environment variable [`Client::from_env`] reads the base URL from,
/// when it is set (otherwise [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)).
pub const API_URL_VAR: &str = "SUPABASE_API_URL";

impl Client {
    /// A client with the default settings, the token of
    /// `SUPABASE_ACCESS_TOKEN` and, if set, the base URL of `SUPABASE_API_URL`.
    /// A missing or unusable value is an [`Error::Config`] naming the variable.
    ///
    /// For other settings, start from the builder:
    /// `Client::builder().env(ACCESS_TOKEN_VAR, API_URL_VAR)?.timeout(…).build()`.
    pub fn from_env() -> Result<Client, Error> {
        Client::builder().env(ACCESS_TOKEN_VAR, API_URL_VAR)?.build()
    }
}
