//! The demo's traffic: requests minute by minute with a diurnal shape, each routed across the
//! endpoints of its API format (a retry on the same endpoint, then the next candidate), and the
//! endpoints' stories (outage, 429 burst, refusals) deciding how each attempt ends.

use chrono::{Duration, Timelike};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{DemoCatalog, EndpointProfile, Story};
use super::large::LargeTraffic;
use super::sample::{latency_ms, uuid, weighted};
use super::TRAFFIC_MINUTES;
use crate::dataset::CandidateRow;
use crate::model::Timestamp;

/// Either scale's traffic source.
pub enum Traffic {
    Demo(DemoTraffic),
    Large(LargeTraffic),
}

impl Traffic {
    /// Appends the candidates created during `minute` (0-based from the window's start).
    pub fn minute(&mut self, minute: u32, rng: &mut ChaCha8Rng, out: &mut Vec<CandidateRow>) {
        match self {
            Traffic::Demo(t) => t.minute(minute, rng, out),
            Traffic::Large(t) => t.minute(minute, rng, out),
        }
    }
}

/// Share of requests per API format.
const FORMATS: &[(&str, f64)] = &[
    ("CLAUDE", 0.30),
    ("CLAUDE_CLI", 0.18),
    ("OPENAI", 0.32),
    ("OPENAI_CLI", 0.08),
    ("GEMINI", 0.09),
    ("GEMINI_CLI", 0.03),
];

/// Requests per minute at the daily mean; the peak is 1.6×, the trough 0.4×.
const MEAN_REQUESTS_PER_MINUTE: f64 = 34.0;
/// Candidates per request at most (Aether tries a few endpoints before giving up).
const MAX_CANDIDATES: usize = 3;

pub struct DemoTraffic {
    profiles: Vec<EndpointProfile>,
    since: Timestamp,
    anchor: Timestamp,
}

/// How one attempt on an endpoint ends.
enum Outcome {
    Success,
    Failed(&'static Failure),
    Skipped(String),
}

struct Failure {
    status_code: Option<i32>,
    error_type: &'static str,
    message: &'static str,
    latency: std::ops::Range<i32>,
    retryable: bool,
}

const fn failure(
    status_code: Option<i32>,
    error_type: &'static str,
    message: &'static str,
    latency: std::ops::Range<i32>,
    retryable: bool,
) -> Failure {
    Failure {
        status_code,
        error_type,
        message,
        latency,
        retryable,
    }
}

const OUTAGE_ERRORS: &[Failure] = &[
    failure(Some(502), "upstream_error", "Bad Gateway: upstream connect error or disconnect/reset before headers. reset reason: connection failure", 150..1_500, true),
    failure(Some(503), "upstream_error", "Service Unavailable: no healthy upstream", 20..200, true),
    failure(Some(504), "timeout", "Gateway Timeout: the upstream did not answer within 60 s", 60_000..61_000, true),
    failure(None, "timeout", "ReadTimeout: upstream read timed out after 120.0 s", 120_000..120_600, true),
    failure(None, "connection_error", "ConnectError: [Errno 111] Connection refused", 3..40, true),
];

const ORDINARY_ERRORS: &[Failure] = &[
    failure(Some(500), "server_error", "The server had an error while processing your request. Sorry about that!", 300..4_000, true),
    failure(Some(529), "overloaded_error", r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, 200..900, true),
    failure(Some(400), "invalid_request_error", "max_tokens: 64000 > 32000, which is the maximum allowed number of output tokens for this model", 80..300, false),
    failure(Some(401), "authentication_error", "Incorrect API key provided: sk-****3f9a. You can find your API key in your account settings.", 60..200, false),
    failure(None, "timeout", "first byte timeout: no response headers within 30 s", 30_000..30_400, true),
    failure(Some(429), "rate_limit_error", "Rate limit reached for requests per minute (RPM): limit 500, used 500, requested 1", 50..250, true),
];

const RATE_LIMITED: Failure = failure(
    Some(429),
    "rate_limit_error",
    r#"{"error":{"message":"anthropic/claude-sonnet-4.5 is temporarily rate-limited upstream. Please retry shortly, or add your own key.","code":429}}"#,
    60..400,
    true,
);

impl DemoTraffic {
    pub fn new(catalog: &DemoCatalog, anchor: Timestamp) -> Self {
        Self {
            profiles: catalog.profiles.clone(),
            since: anchor - Duration::minutes(i64::from(TRAFFIC_MINUTES)),
            anchor,
        }
    }

    fn minute(&mut self, minute: u32, rng: &mut ChaCha8Rng, out: &mut Vec<CandidateRow>) {
        let start = self.since + Duration::minutes(i64::from(minute));
        let hour = f64::from(start.hour()) + f64::from(start.minute()) / 60.0;
        // Busiest around 07:00 UTC (afternoon in East Asia), quietest twelve hours later.
        let diurnal = 1.0 + 0.6 * (std::f64::consts::TAU * (hour - 7.0) / 24.0).cos();
        let requests =
            (MEAN_REQUESTS_PER_MINUTE * diurnal * rng.gen_range(0.8..1.2)).round() as u32;
        for _ in 0..requests {
            let at = start + Duration::milliseconds(rng.gen_range(0..60_000));
            self.request(minute, at, rng, out);
        }
    }

    /// The endpoints a request of one format tries, in order: drawn by share, without repeats.
    fn route(&self, minute: u32, rng: &mut ChaCha8Rng) -> Vec<usize> {
        let format_index = weighted(rng, FORMATS.iter().map(|(_, w)| *w)).unwrap_or(0);
        let format = FORMATS[format_index].0;
        let mut open: Vec<usize> = (0..self.profiles.len())
            .filter(|&i| {
                let p = &self.profiles[i];
                p.api_format == format
                    && !matches!(p.story, Story::Retired { until } if minute >= until)
            })
            .collect();
        let mut route = Vec::new();
        while route.len() < MAX_CANDIDATES {
            let Some(pick) = weighted(rng, open.iter().map(|&i| self.profiles[i].share)) else {
                break;
            };
            route.push(open.remove(pick));
        }
        route
    }

    fn request(
        &self,
        minute: u32,
        mut at: Timestamp,
        rng: &mut ChaCha8Rng,
        out: &mut Vec<CandidateRow>,
    ) {
        let request_id = uuid(rng);
        for (candidate_index, endpoint) in self.route(minute, rng).into_iter().enumerate() {
            let profile = &self.profiles[endpoint];
            let mut retry_index = 0;
            loop {
                let mut row = CandidateRow {
                    skip_reason: None,
                    id: uuid(rng),
                    request_id: request_id.clone(),
                    candidate_index: candidate_index as i32,
                    retry_index,
                    provider_id: Some(profile.provider_id.clone()),
                    endpoint_id: Some(profile.endpoint_id.clone()),
                    key_id: None,
                    status: String::new(),
                    status_code: None,
                    error_type: None,
                    error_message: None,
                    latency_ms: None,
                    created_at: Some(at),
                    started_at: None,
                    finished_at: None,
                };
                let outcome = attempt(profile, minute, rng);
                if let Outcome::Skipped(reason) = outcome {
                    row.status = "skipped".into();
                    row.error_message = Some(reason);
                    out.push(row);
                    at += Duration::milliseconds(rng.gen_range(1..6));
                    break;
                }
                row.key_id =
                    Some(profile.active_keys[rng.gen_range(0..profile.active_keys.len())].clone());
                let started = at + Duration::milliseconds(rng.gen_range(4..40));
                let (latency, failed) = match &outcome {
                    Outcome::Failed(f) => (rng.gen_range(f.latency.clone()), Some(*f)),
                    _ => (latency_ms(rng, profile.latency_ms), None),
                };
                let finished = started + Duration::milliseconds(i64::from(latency));
                if started > self.anchor {
                    // Not yet picked up when the snapshot was taken.
                    row.status = "pending".into();
                    out.push(row);
                    return;
                }
                row.started_at = Some(started);
                if finished > self.anchor {
                    // Still answering at the snapshot: headers in, body streaming.
                    row.status = "streaming".into();
                    row.status_code = Some(200);
                    out.push(row);
                    return;
                }
                row.finished_at = Some(finished);
                row.latency_ms = Some(latency);
                at = finished + Duration::milliseconds(rng.gen_range(1..20));
                match failed {
                    None => {
                        row.status = "success".into();
                        row.status_code = Some(200);
                        out.push(row);
                        return;
                    }
                    Some(f) => {
                        row.status = "failed".into();
                        row.status_code = f.status_code;
                        row.error_type = Some(f.error_type.to_owned());
                        row.error_message = Some(f.message.to_owned());
                        out.push(row);
                        if f.retryable && retry_index == 0 && rng.gen_bool(0.35) {
                            retry_index += 1;
                            continue;
                        }
                        break;
                    }
                }
            }
            if at > self.anchor {
                return;
            }
        }
    }
}

fn attempt(profile: &EndpointProfile, minute: u32, rng: &mut ChaCha8Rng) -> Outcome {
    match profile.story {
        Story::Refused { from, reason } if minute >= from => {
            return Outcome::Skipped(reason.into())
        }
        _ if profile.active_keys.is_empty() => {
            return Outcome::Skipped("no active API key on this endpoint".into())
        }
        Story::Outage { from, to } if (from..to).contains(&minute) => {
            if rng.gen_bool(0.3) {
                return Outcome::Skipped(
                    "circuit breaker open: key health below 0.20, waiting for the cool-down".into(),
                );
            }
            if rng.gen_bool(0.9) {
                let i = rng.gen_range(0..OUTAGE_ERRORS.len());
                return Outcome::Failed(&OUTAGE_ERRORS[i]);
            }
        }
        Story::RateLimited { from, to } if (from..to).contains(&minute) => {
            if rng.gen_bool(0.15) {
                let wait = rng.gen_range(5..60);
                return Outcome::Skipped(format!(
                    "rate limited: key cooling down for {wait} s after a 429"
                ));
            }
            if rng.gen_bool(0.7) {
                return Outcome::Failed(&RATE_LIMITED);
            }
        }
        _ => {}
    }
    if rng.gen_bool(profile.failure) {
        let i = rng.gen_range(0..ORDINARY_ERRORS.len());
        return Outcome::Failed(&ORDINARY_ERRORS[i]);
    }
    Outcome::Success
}
