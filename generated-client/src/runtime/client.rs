// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Client settings: the builder, and the transport every request goes through.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use super::error::Error;
use super::response::RateLimit;
use super::retry::RetryPolicy;

/// How long a request may take by default (each attempt).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long connecting may take by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body read by default (larger ones fail with `BodyTooLarge`).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 100 * 1024 * 1024;

/// The `User-Agent` of every request: this crate's name and version.
const CRATE_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Builds a client: `Client::builder()…build()`.
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    token: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    client: PhantomData<fn() -> C>,
}

impl<C: From<Transport>> ClientBuilder<C> {
    /// A builder with the default settings and this base URL, if any.
    pub(crate) fn new(default_base_url: Option<&str>) -> Self {
        ClientBuilder {
            base_url: default_base_url.map(str::to_string),
            token: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: None,
            http: None,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            client: PhantomData,
        }
    }

    /// Where the API is, such as `http://127.0.0.1:8080` for a local server or
    /// `https://proxy.example/supabase/` behind a path prefix.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The token sent as `Authorization: Bearer <token>` to the operations that
    /// use bearer authentication, and only to the base URL.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// How long each attempt of a request may take, from connecting to the
    /// last byte of the body (default 60 s). Requests can override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long connecting may take (default 10 s). Ignored with
    /// [`http_client`](Self::http_client), whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Your application's name and version, sent in front of this crate's in
    /// the `User-Agent` header (`my-tool/1.2 supabase-management/0.1.0`).
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent = Some(product.into());
        self
    }

    /// When and how failed attempts are retried (see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body to read, in bytes (default 100 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Your own `reqwest::Client` (proxies, certificates, connection pool…).
    /// Give it no redirect policy of its own (`redirect::Policy::none()`) if you
    /// call operations that answer with a redirect.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The client, or why these settings cannot make one.
    pub fn build(self) -> Result<C, Error> {
        let raw = self.base_url.ok_or_else(|| Error::Config("no base URL: set one with `base_url`".to_string()))?;
        let mut base_url =
            Url::parse(&raw).map_err(|e| Error::Config(format!("the base URL {raw:?} is not a valid URL: {e}")))?;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.cannot_be_a_base() || base_url.host().is_none() {
            return Err(Error::Config(format!("the base URL {raw:?} must be an http or https URL")));
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(Error::Config(format!("the base URL {raw:?} must not have a query or fragment")));
        }
        let path = base_url.path().trim_end_matches('/').to_string();
        base_url.set_path(&path);

        let auth = match self.token {
            None => None,
            Some(token) => {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.trim())).map_err(|_| {
                    Error::Config(
                        "the token cannot be sent: it must be printable ASCII without line breaks".to_string(),
                    )
                })?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        let user_agent = match self.user_agent {
            None => HeaderValue::from_static(CRATE_USER_AGENT),
            Some(product) => HeaderValue::from_str(&format!("{} {CRATE_USER_AGENT}", product.trim()))
                .map_err(|_| Error::Config("the user agent must be printable ASCII without line breaks".to_string()))?,
        };
        let http = match self.http {
            Some(http) => http,
            None => {
                // reqwest is built without a default crypto provider (see Cargo.toml);
                // ring is the one this crate brings. An application's choice wins.
                if rustls::crypto::CryptoProvider::get_default().is_none() {
                    let _ = rustls::crypto::ring::default_provider().install_default();
                }
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| Error::Config(format!("the HTTP client cannot be built: {e}")))?
            }
        };
        Ok(C::from(Transport {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                last_rate_limit: Mutex::new(None),
            }),
        }))
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Sends a client's requests: the HTTP client and the settings. Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    /// `Bearer <token>`, marked sensitive.
    pub(crate) auth: Option<HeaderValue>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    pub(crate) last_rate_limit: Mutex<Option<RateLimit>>,
}

impl Transport {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The timeout of each attempt, unless a request sets its own.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The retry policy, unless a request sets its own.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The rate limit reported by the most recent response that reported one.
    pub fn last_rate_limit(&self) -> Option<RateLimit> {
        *self.inner.last_rate_limit.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn record_rate_limit(&self, rate_limit: Option<RateLimit>) {
        if let Some(rate_limit) = rate_limit {
            *self.inner.last_rate_limit.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(rate_limit);
        }
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base_url.as_str())
            .field("token", &self.inner.auth.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}
