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
use super::tls::{self, Root};

/// How long a request may take by default (each attempt).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long connecting may take by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body read by default (larger ones fail with `BodyTooLarge`).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 100 * 1024 * 1024;

/// The `User-Agent` of every request: this crate's name and version (after
/// the product set with [`ClientBuilder::user_agent`], if any).
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Builds a client: `Client::builder()…build()`.
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    token: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    roots: Vec<Root>,
    allow_insecure_http: bool,
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
            roots: Vec::new(),
            allow_insecure_http: false,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            client: PhantomData,
        }
    }

    /// Where the API is, such as `https://proxy.example/supabase/` behind a
    /// path prefix, or `http://127.0.0.1:8080` for a local server. Plain
    /// `http://` is refused unless the host is this machine (a loopback
    /// address or `localhost`) or [`allow_insecure_http`](Self::allow_insecure_http)
    /// says otherwise: the token and the bodies would travel in clear text.
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
    /// call operations that answer with a redirect. Its TLS is yours: the
    /// crate's TLS feature and [`add_root_certificate`](Self::add_root_certificate)
    /// apply only to the client the builder makes.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Trusts this certificate authority (PEM — one or more certificates — or
    /// DER) besides the platform's: a company proxy's, or a test server's.
    /// An unreadable certificate fails [`build`](Self::build).
    pub fn add_root_certificate(mut self, certificate: impl Into<Vec<u8>>) -> Self {
        self.roots.push(Root(certificate.into()));
        self
    }

    /// Allows a base URL of plain `http://` to a host other than this machine.
    /// The token and every body then travel unencrypted: only for a trusted
    /// network, such as a proxy on the same host that adds TLS.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Takes the token from the environment variable `token_var`, which must be
    /// set, and the base URL from `base_url_var` when that is set. A missing,
    /// empty or unusable value is an [`Error::Config`] naming the variable.
    /// (Call [`allow_insecure_http`](Self::allow_insecure_http) first if the
    /// URL is plain `http://` to another host.)
    pub fn env(self, token_var: &str, base_url_var: &str) -> Result<Self, Error> {
        self.env_from(token_var, base_url_var, |name| std::env::var_os(name))
    }

    /// [`env`](Self::env) with the variables looked up by `lookup`.
    pub(crate) fn env_from(
        mut self,
        token_var: &str,
        base_url_var: &str,
        lookup: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Self, Error> {
        let read = |name: &str| -> Result<Option<String>, Error> {
            match lookup(name) {
                None => Ok(None),
                Some(value) => match value.into_string() {
                    Ok(text) if text.trim().is_empty() => Err(Error::Config(format!("{name} is set but empty"))),
                    Ok(text) => Ok(Some(text)),
                    Err(_) => Err(Error::Config(format!("{name} is not valid UTF-8"))),
                },
            }
        };
        let token = read(token_var)?
            .ok_or_else(|| Error::Config(format!("{token_var} is not set: it holds the access token")))?;
        bearer_header(&token).map_err(|e| Error::Config(format!("{token_var}: {e}")))?;
        self.token = Some(token);
        if let Some(url) = read(base_url_var)? {
            parse_base_url(&url, self.allow_insecure_http)
                .map_err(|e| Error::Config(format!("{base_url_var}: {e}")))?;
            self.base_url = Some(url);
        }
        Ok(self)
    }

    /// The client, or why these settings cannot make one.
    pub fn build(self) -> Result<C, Error> {
        let raw = self.base_url.ok_or_else(|| Error::Config("no base URL: set one with `base_url`".to_string()))?;
        let base_url = parse_base_url(&raw, self.allow_insecure_http).map_err(Error::Config)?;
        let auth = match self.token {
            None => None,
            Some(token) => Some(bearer_header(&token).map_err(Error::Config)?),
        };
        let user_agent = match self.user_agent {
            None => HeaderValue::from_static(DEFAULT_USER_AGENT),
            Some(product) => HeaderValue::from_str(&format!("{} {DEFAULT_USER_AGENT}", product.trim()))
                .map_err(|_| Error::Config("the user agent must be printable ASCII without line breaks".to_string()))?,
        };
        // The timeout the HTTP client applies by itself (the one this builder
        // makes); others are set on each request.
        let mut http_timeout = None;
        let http = match self.http {
            Some(http) => http,
            None => {
                http_timeout = Some(self.timeout);
                if base_url.scheme() == "https" && tls::BACKEND.is_none() {
                    return Err(Error::Config(format!("the base URL {raw:?} needs TLS, and {}", tls::NO_TLS)));
                }
                let builder = reqwest::Client::builder()
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    .redirect(reqwest::redirect::Policy::none());
                tls::configure(builder, &self.roots)?
                    .build()
                    .map_err(|e| Error::Config(format!("the HTTP client cannot be built: {}", with_sources(&e))))?
            }
        };
        Ok(C::from(Transport {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                user_agent,
                timeout: self.timeout,
                http_timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                last_rate_limit: Mutex::new(None),
            }),
        }))
    }
}

/// An error and the errors that caused it, as one line.
fn with_sources(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The base URL as requests use it (no trailing `/`), or why it cannot be one.
pub(crate) fn parse_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url, String> {
    let mut base_url = Url::parse(raw).map_err(|e| format!("the base URL {raw:?} is not a valid URL: {e}"))?;
    if !matches!(base_url.scheme(), "http" | "https") || base_url.cannot_be_a_base() || base_url.host().is_none() {
        return Err(format!("the base URL {raw:?} must be an http or https URL"));
    }
    if base_url.query().is_some() || base_url.fragment().is_some() {
        return Err(format!("the base URL {raw:?} must not have a query or fragment"));
    }
    if base_url.scheme() == "http" && !allow_insecure_http && !is_this_machine(&base_url) {
        return Err(format!(
            "the base URL {raw:?} is plain http to another host: the token and the bodies would travel in \
             clear text. Use https, or allow it with `allow_insecure_http(true)`"
        ));
    }
    let path = base_url.path().trim_end_matches('/').to_string();
    base_url.set_path(&path);
    Ok(base_url)
}

/// Whether the URL's host is this machine: a loopback address, or `localhost`
/// (which resolves to one, RFC 6761).
fn is_this_machine(url: &Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let bracketless = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bracketless.parse::<std::net::IpAddr>() {
        return ip.is_loopback();
    }
    let name = host.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// `Authorization: Bearer <token>`, marked sensitive, or why the token cannot be sent.
pub(crate) fn bearer_header(token: &str) -> Result<HeaderValue, String> {
    let token = token.trim();
    if token.is_empty() {
        return Err("the token is empty".to_string());
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|_| "the token cannot be sent: it must be printable ASCII without line breaks".to_string())?;
    value.set_sensitive(true);
    Ok(value)
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
            .field("root_certificates", &self.roots.len())
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("tls", &tls::BACKEND)
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
    /// The timeout the HTTP client applies to every request by itself, if
    /// any: a request with that timeout needs no timeout of its own (which
    /// would cost reqwest a map of extensions per request).
    pub(crate) http_timeout: Option<Duration>,
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::ffi::OsString;

    use super::*;

    /// A builder given the variables `vars`, and the settings it took from them.
    fn from_vars(vars: &[(&str, OsString)]) -> Result<(Option<String>, Option<String>), Error> {
        let vars: HashMap<String, OsString> = vars.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        let builder = ClientBuilder::<Transport>::new(Some("https://api.example.com"));
        let builder = builder.env_from("TOKEN", "URL", |name| vars.get(name).cloned())?;
        Ok((builder.token, builder.base_url))
    }

    fn config_message(result: Result<(Option<String>, Option<String>), Error>) -> String {
        match result {
            Err(Error::Config(message)) => message,
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn the_environment_gives_the_token_and_maybe_the_base_url() {
        let token = ("TOKEN", OsString::from("sbp_abc"));
        assert_eq!(
            from_vars(std::slice::from_ref(&token)).ok(),
            Some((Some("sbp_abc".into()), Some("https://api.example.com".into())))
        );
        let url = ("URL", OsString::from("http://127.0.0.1:54321"));
        assert_eq!(
            from_vars(&[token, url]).ok(),
            Some((Some("sbp_abc".into()), Some("http://127.0.0.1:54321".into())))
        );
    }

    #[test]
    fn a_missing_or_unusable_variable_is_named() {
        assert_eq!(config_message(from_vars(&[])), "TOKEN is not set: it holds the access token");
        assert_eq!(config_message(from_vars(&[("TOKEN", " ".into())])), "TOKEN is set but empty");
        let line_break = config_message(from_vars(&[("TOKEN", "a\nb".into())]));
        assert!(
            line_break.starts_with("TOKEN: the token cannot be sent") && !line_break.contains("a\nb"),
            "{line_break}"
        );
        let token = ("TOKEN", OsString::from("t"));
        let bad_url = config_message(from_vars(&[token.clone(), ("URL", "not a url".into())]));
        assert!(bad_url.starts_with("URL: the base URL \"not a url\" is not a valid URL"), "{bad_url}");
        let insecure = config_message(from_vars(&[token.clone(), ("URL", "http://api.example.com".into())]));
        assert!(insecure.starts_with("URL: ") && insecure.contains("allow_insecure_http(true)"), "{insecure}");
        assert_eq!(config_message(from_vars(&[token, ("URL", "".into())])), "URL is set but empty");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let not_utf8 = OsString::from_vec(vec![0xff, 0xfe]);
            assert_eq!(config_message(from_vars(&[("TOKEN", not_utf8)])), "TOKEN is not valid UTF-8");
        }
    }
}
