//! The only code that talks to the network: one ureq client with folio's
//! limits. It follows redirects itself (at most [`MAX_REDIRECTS`], loops
//! named, only to http and https), keeps at most `jobs` requests in flight
//! and at most `per_host` to one host, retries what is worth retrying
//! (`429`/`503` after their `Retry-After`, other `5xx` and dropped
//! connections twice with backoff), and reads every body through a size cap
//! that counts decompressed bytes, so a gzip bomb is a failed request.
//!
//! ureq is blocking, which fits folio's threads; it brings rustls and gzip.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use url::Url;

use super::library::sources::Validators;
use crate::guard::lock;

/// Redirects followed before giving up, as curl's `--max-redirs` would.
pub const MAX_REDIRECTS: usize = 5;

/// The longest `Retry-After` waited for; longer leaves the source for the next sync.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Retries of a `5xx` or a dropped connection.
const RETRIES: u32 = 2;

/// How a client behaves.
#[derive(Clone, Debug)]
pub struct Limits {
    /// For one whole request, body included.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub jobs: usize,
    /// Requests in flight to one host.
    pub per_host: usize,
    /// The largest body read, counted after decompression.
    pub max_bytes: u64,
    /// The first retry's wait; each further retry doubles it.
    pub backoff: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: Duration::from_secs(30),
            jobs: 4,
            per_host: 2,
            max_bytes: 32 * 1024 * 1024,
            backoff: Duration::from_millis(500),
        }
    }
}

/// A request that failed; every message names the URL.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: only http and https URLs can be fetched")]
    Scheme { url: String },
    #[error("{url}: more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects { url: String },
    #[error("{url}: redirect loop (back to {to})")]
    RedirectLoop { url: String, to: String },
    #[error("{url}: redirect without a usable Location")]
    BadRedirect { url: String },
    #[error("{url}: the server answered {status}{}", reason(*status))]
    Status { url: String, status: u16 },
    #[error("{url}: the server asks to wait {secs} s (Retry-After); left for the next sync")]
    RetryLater { url: String, secs: u64 },
    #[error("{url}: the response is larger than {} MB; abandoned", limit / (1024 * 1024))]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: no complete answer within {secs} s (--timeout)")]
    Timeout { url: String, secs: u64 },
    #[error("{url}: {message}")]
    Network { url: String, message: String },
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => " (bad request)",
        401 | 403 => " (access refused)",
        404 => " (not found)",
        410 => " (gone)",
        429 => " (too many requests)",
        500 => " (server error)",
        502 => " (bad gateway)",
        503 => " (unavailable)",
        504 => " (gateway timeout)",
        _ => "",
    }
}

/// A response read whole (within the size cap).
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL that answered, after redirects.
    pub url: Url,
    pub status: u16,
    pub validators: Validators,
    pub content_type: Option<String>,
    /// Every `Link` header value.
    pub links: Vec<String>,
    /// `X-WP-TotalPages` and `X-WP-Total`.
    pub total_pages: Option<u64>,
    pub total_items: Option<u64>,
    /// A redirect's `Location`.
    pub location: Option<String>,
    /// `Retry-After`, in seconds from now.
    pub retry_after: Option<u64>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn not_modified(&self) -> bool {
        self.status == 304
    }

    /// `Err` unless the status is 2xx or 304.
    pub fn require_success(self) -> Result<Response, FetchError> {
        if self.is_success() || self.not_modified() {
            Ok(self)
        } else {
            Err(FetchError::Status {
                url: self.url.to_string(),
                status: self.status,
            })
        }
    }
}

/// The client: shared by every thread of a sync.
pub struct Client {
    agent: ureq::Agent,
    limits: Limits,
    slots: Slots,
}

impl Client {
    pub fn new(limits: Limits) -> Client {
        let agent = ureq::Agent::config_builder()
            .user_agent(concat!("folio/", env!("CARGO_PKG_VERSION")))
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(limits.timeout))
            .build()
            .new_agent();
        let slots = Slots::new(limits.jobs.max(1), limits.per_host.max(1));
        Client {
            agent,
            limits,
            slots,
        }
    }

    /// How many requests may be in flight at once.
    pub fn jobs(&self) -> usize {
        self.limits.jobs.max(1)
    }

    /// How many requests may be in flight to one host (no more threads
    /// than that are worth running against one site).
    pub fn per_host(&self) -> usize {
        self.limits.per_host.clamp(1, self.jobs())
    }

    /// GETs `url`, conditionally when `validators` are given, following
    /// redirects and retrying as the module doc says. Statuses other than
    /// 5xx are returned for the caller to judge; `on_request` is called once
    /// per request sent (for progress).
    pub fn get(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        on_request: &(dyn Fn() + Sync),
    ) -> Result<Response, FetchError> {
        let mut seen = vec![url.clone()];
        let mut current = url.clone();
        loop {
            let response = self.get_retrying(&current, validators, on_request)?;
            if !matches!(response.status, 301 | 302 | 303 | 307 | 308) {
                return Ok(response);
            }
            let next = location(&response).ok_or_else(|| FetchError::BadRedirect {
                url: current.to_string(),
            })?;
            if seen.contains(&next) {
                return Err(FetchError::RedirectLoop {
                    url: url.to_string(),
                    to: next.to_string(),
                });
            }
            if seen.len() > MAX_REDIRECTS {
                return Err(FetchError::TooManyRedirects {
                    url: url.to_string(),
                });
            }
            check_scheme(&next)?;
            seen.push(next.clone());
            current = next;
        }
    }

    fn get_retrying(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        on_request: &(dyn Fn() + Sync),
    ) -> Result<Response, FetchError> {
        check_scheme(url)?;
        let mut failures = 0;
        let mut waits = 0;
        loop {
            on_request();
            let attempt = {
                let _slot = self.slots.acquire(url.host_str().unwrap_or(""));
                self.get_once(url, validators)
            };
            let wait = match &attempt {
                Ok(r) if matches!(r.status, 429 | 503) && waits < 3 => match r.retry_after {
                    Some(secs) if secs > MAX_RETRY_AFTER.as_secs() => {
                        return Err(FetchError::RetryLater {
                            url: url.to_string(),
                            secs,
                        });
                    }
                    Some(secs) => {
                        waits += 1;
                        Duration::from_secs(secs)
                    }
                    None if failures < RETRIES => self.backoff(&mut failures),
                    None => return attempt.and_then(Response::require_success),
                },
                Ok(r) if r.status >= 500 && failures < RETRIES => self.backoff(&mut failures),
                Ok(r) if r.status >= 500 => return attempt.and_then(|r| r.require_success()),
                Err(FetchError::Network { .. }) if failures < RETRIES => {
                    self.backoff(&mut failures)
                }
                _ => return attempt,
            };
            std::thread::sleep(wait);
        }
    }

    fn backoff(&self, failures: &mut u32) -> Duration {
        *failures += 1;
        self.limits.backoff * 2u32.pow(*failures - 1)
    }

    fn get_once(&self, url: &Url, validators: Option<&Validators>) -> Result<Response, FetchError> {
        let mut request = self.agent.get(url.as_str());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header("If-Modified-Since", date);
            }
        }
        let response = request.call().map_err(|e| self.error(url, e))?;
        let (parts, body) = response.into_parts();
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.trim().to_owned())
        };
        let status = parts.status.as_u16();
        let too_large = || FetchError::TooLarge {
            url: url.to_string(),
            limit: self.limits.max_bytes,
        };
        if body
            .content_length()
            .is_some_and(|n| n > self.limits.max_bytes)
        {
            return Err(too_large());
        }
        let bytes = if (300..400).contains(&status) || status == 204 {
            Vec::new()
        } else {
            body.into_with_config()
                .limit(self.limits.max_bytes)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => too_large(),
                    e => self.error(url, e),
                })?
        };
        Ok(Response {
            url: url.clone(),
            status,
            validators: Validators {
                etag: header("etag"),
                last_modified: header("last-modified"),
            },
            content_type: header("content-type"),
            links: parts
                .headers
                .get_all("link")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_owned)
                .collect(),
            total_pages: header("x-wp-totalpages").and_then(|v| v.parse().ok()),
            total_items: header("x-wp-total").and_then(|v| v.parse().ok()),
            location: header("location"),
            retry_after: header("retry-after").and_then(|v| seconds_from_now(&v)),
            body: bytes,
        })
    }

    fn error(&self, url: &Url, e: ureq::Error) -> FetchError {
        let url = url.to_string();
        match e {
            ureq::Error::Timeout(_) => FetchError::Timeout {
                url,
                secs: self.limits.timeout.as_secs().max(1),
            },
            ureq::Error::HostNotFound => FetchError::Network {
                url,
                message: "no such host".into(),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                FetchError::Timeout {
                    url,
                    secs: self.limits.timeout.as_secs().max(1),
                }
            }
            ureq::Error::Io(io) => FetchError::Network {
                url,
                message: crate::safe::one_line(&io.to_string()).into_owned(),
            },
            e => FetchError::Network {
                url,
                message: crate::safe::one_line(&e.to_string()).into_owned(),
            },
        }
    }
}

/// Where a redirect points, resolved against the URL that sent it.
fn location(response: &Response) -> Option<Url> {
    response.url.join(response.location.as_deref()?).ok()
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() {
        Ok(())
    } else {
        Err(FetchError::Scheme {
            url: url.to_string(),
        })
    }
}

/// A `Retry-After` value in seconds: a number, or an HTTP date from now.
fn seconds_from_now(value: &str) -> Option<u64> {
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs);
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let secs = (date.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(secs as u64)
}

/// Counting semaphores for requests in flight, overall and per host.
struct Slots {
    state: Mutex<(usize, HashMap<String, usize>)>,
    freed: Condvar,
    jobs: usize,
    per_host: usize,
}

struct Slot<'a> {
    slots: &'a Slots,
    host: String,
}

impl Slots {
    fn new(jobs: usize, per_host: usize) -> Slots {
        Slots {
            state: Mutex::new((0, HashMap::new())),
            freed: Condvar::new(),
            jobs,
            per_host,
        }
    }

    fn acquire(&self, host: &str) -> Slot<'_> {
        let mut state = lock(&self.state);
        loop {
            let on_host = state.1.get(host).copied().unwrap_or(0);
            if state.0 < self.jobs && on_host < self.per_host {
                state.0 += 1;
                *state.1.entry(host.to_owned()).or_default() += 1;
                return Slot {
                    slots: self,
                    host: host.to_owned(),
                };
            }
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut state = lock(&self.slots.state);
        state.0 -= 1;
        if let Some(n) = state.1.get_mut(&self.host) {
            *n -= 1;
            if *n == 0 {
                state.1.remove(&self.host);
            }
        }
        drop(state);
        self.slots.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(seconds_from_now("120"), Some(120));
        assert_eq!(seconds_from_now("Wed, 21 Oct 2015 07:28:00 GMT"), Some(0));
        let later = (chrono::Utc::now() + chrono::Duration::seconds(90)).to_rfc2822();
        assert!(seconds_from_now(&later).is_some_and(|s| (85..=90).contains(&s)));
        assert_eq!(seconds_from_now("soon"), None);
    }

    #[test]
    fn slots_bound_requests_per_host_and_overall() {
        let slots = Slots::new(3, 2);
        let a = slots.acquire("a");
        let b = slots.acquire("a");
        let c = slots.acquire("b");
        assert_eq!(slots.state.lock().unwrap().0, 3);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| drop(slots.acquire("a")));
            std::thread::sleep(Duration::from_millis(50));
            assert!(!waiter.is_finished(), "a third request to one host waits");
            drop(c);
            std::thread::sleep(Duration::from_millis(50));
            assert!(
                !waiter.is_finished(),
                "a free slot on another host does not help"
            );
            drop(a);
            waiter.join().unwrap();
        });
        drop(b);
        assert_eq!(slots.state.lock().unwrap().0, 0);
    }
}
