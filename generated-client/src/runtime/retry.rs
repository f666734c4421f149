// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! When a failed attempt is tried again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::response::RateLimit;

/// When and how requests are retried.
///
/// An attempt is retried when the server answers `429 Too Many Requests` or
/// `503 Service Unavailable`, or when the connection could not be made (nothing
/// was sent). The wait is the server's `Retry-After` (seconds or HTTP date) or,
/// for 429, its `x-ratelimit-reset`; otherwise an exponential backoff with
/// jitter. Answers of 429/503 to `POST` and `PATCH`, which are not idempotent,
/// are retried only with [`retry_non_idempotent`](Self::retry_non_idempotent).
/// Other 4xx and 5xx answers are never retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_wait: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Up to 4 attempts, backoff from 500 ms doubling up to 10 s, and a server's
    /// requested wait honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_wait: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is attempted once.
    pub fn never() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles at each further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between attempts when the server names no wait.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest wait a server may ask for (`Retry-After`, `x-ratelimit-reset`);
    /// when it asks for more, the answer is returned at once instead.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// Also retry `POST` and `PATCH` after 429 and 503 answers. Only do this when
    /// sending the request twice is harmless.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Attempts in all, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether a 429/503 answer to a request of this kind may be retried.
    pub(crate) fn retries_status(&self, idempotent: bool) -> bool {
        idempotent || self.retry_non_idempotent
    }

    pub(crate) fn longest_wait(&self) -> Duration {
        self.max_wait
    }

    /// The backoff before retry number `retry` (1 for the first retry): the
    /// capped exponential delay, less a random part of up to half of it.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1).min(30));
        let base = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        let jitter = base.mul_f64(fastrand::f64() / 2.0);
        base.saturating_sub(jitter)
    }
}

/// `Retry-After` as a wait from `now`: delay-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The wait the server asks for before a retry of an answer with `status`.
pub(crate) fn server_delay(status: StatusCode, headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    retry_after(headers, now).or_else(|| {
        (status == StatusCode::TOO_MANY_REQUESTS).then(|| RateLimit::from_headers(headers)?.reset).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy =
            RetryPolicy::default().initial_backoff(Duration::from_millis(100)).max_backoff(Duration::from_millis(350));
        for _ in 0..100 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let second = policy.backoff(2);
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200), "{second:?}");
            let capped = policy.backoff(20);
            assert!(capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350), "{capped:?}");
        }
        assert!(policy.backoff(u32::MAX) <= Duration::from_millis(350));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap_or(HeaderValue::from_static("")));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&past).unwrap_or(HeaderValue::from_static("")));
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn rate_limit_reset_counts_only_for_429() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("12"));
        let now = SystemTime::now();
        assert_eq!(server_delay(StatusCode::TOO_MANY_REQUESTS, &headers, now), Some(Duration::from_secs(12)));
        assert_eq!(server_delay(StatusCode::SERVICE_UNAVAILABLE, &headers, now), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(server_delay(StatusCode::TOO_MANY_REQUESTS, &headers, now), Some(Duration::from_secs(3)));
    }
}
