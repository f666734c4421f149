// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! What a call tells `tracing` (feature `tracing`): one span per call, named
//! and filled as OpenTelemetry's HTTP client conventions say, an event per
//! retry, and the rate-limit state of the answer. Never the token, a body, or
//! a query value: only the method, the path template, the host, the status,
//! counts and durations. Without the feature every function here is empty
//! and the crate does not depend on `tracing` at all.

use std::future::Future;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

use super::error::Error;
#[cfg(feature = "tracing")]
use super::response::RateLimit;

/// The span of one call (all its attempts), or nothing without the feature.
#[derive(Clone)]
pub(crate) struct CallTrace {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

/// Why an attempt is tried again.
#[cfg_attr(not(feature = "tracing"), allow(dead_code, reason = "read only by the `tracing` feature"))]
pub(crate) enum RetryReason {
    /// The server answered with this status (429 or 503).
    Status(StatusCode),
    /// The connection could not be made (nothing was sent).
    Connect,
}

impl CallTrace {
    /// The span of a call to `url` of operation `operation` (`None` through
    /// the escape hatch) at `template`, the path as the document writes it.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn start(method: &Method, url: &Url, operation: Option<&'static str>, template: Option<&str>) -> Self {
        #[cfg(feature = "tracing")]
        {
            let name = match template {
                Some(template) => format!("{method} {template}"),
                None => method.to_string(),
            };
            let span = tracing::info_span!(
                "http.client.request",
                otel.name = %name,
                otel.kind = "client",
                http.request.method = %method,
                url.template = template,
                server.address = url.host_str(),
                server.port = url.port_or_known_default(),
                operation.id = operation,
                http.response.status_code = tracing::field::Empty,
                http.request.resend_count = tracing::field::Empty,
                error.type = tracing::field::Empty,
                rate_limit.limit = tracing::field::Empty,
                rate_limit.remaining = tracing::field::Empty,
                rate_limit.reset_ms = tracing::field::Empty,
            );
            CallTrace { span }
        }
        #[cfg(not(feature = "tracing"))]
        CallTrace {}
    }

    /// `future` inside the call's span.
    pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> + use<F> {
        #[cfg(feature = "tracing")]
        {
            tracing::Instrument::instrument(future, self.span.clone())
        }
        #[cfg(not(feature = "tracing"))]
        future
    }

    /// Attempt number `attempt` failed and the next one follows after `wait`.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn retrying(&self, attempt: u32, reason: RetryReason, wait: Duration) {
        #[cfg(feature = "tracing")]
        {
            let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
            self.span.record("http.request.resend_count", attempt);
            match reason {
                RetryReason::Status(status) => tracing::info!(
                    parent: &self.span,
                    attempt,
                    http.response.status_code = status.as_u16(),
                    wait_ms,
                    "retrying after status {status}"
                ),
                RetryReason::Connect => {
                    tracing::info!(parent: &self.span, attempt, wait_ms, "retrying after a refused connection")
                }
            }
        }
    }

    /// An answer came, with this status and headers (and so rate limit).
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn answered(&self, status: StatusCode, headers: &HeaderMap) {
        #[cfg(feature = "tracing")]
        {
            self.span.record("http.response.status_code", status.as_u16());
            if let Some(rate_limit) = RateLimit::from_headers(headers) {
                if let Some(limit) = rate_limit.limit {
                    self.span.record("rate_limit.limit", limit);
                }
                if let Some(remaining) = rate_limit.remaining {
                    self.span.record("rate_limit.remaining", remaining);
                }
                if let Some(reset) = rate_limit.reset {
                    self.span.record("rate_limit.reset_ms", u64::try_from(reset.as_millis()).unwrap_or(u64::MAX));
                }
            }
        }
    }

    /// The call failed: its `error.type`, the status for an error answer
    /// (as the conventions say), the kind of failure otherwise.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn failed(&self, error: &Error) {
        #[cfg(feature = "tracing")]
        {
            let kind = match error {
                Error::Api(api) => api.status().as_u16().to_string(),
                Error::Timeout { .. } => "timeout".to_string(),
                Error::Transport { .. } => "transport".to_string(),
                Error::Decode(_) => "decode".to_string(),
                Error::BodyTooLarge(_) => "body_too_large".to_string(),
                Error::InvalidArgument(_) => "invalid_argument".to_string(),
                Error::Config(_) => "config".to_string(),
            };
            self.span.record("error.type", kind.as_str());
        }
    }
}
