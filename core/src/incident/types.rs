//! What the incident reads take and return: a bucket's events, a request's chain, a provider's
//! keys. Re-exported from `model`, so the CLI's `--json` and the UI see these shapes.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::layout::Generation;
use crate::model::{Count, Timestamp};
use crate::outcome::OutcomeClass;

/// Which events a list covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventRange {
    /// Bucket `index` (0-based) of the health timeline of this window: exactly the events the
    /// timeline counts in that bucket (`docs/rules.md`, "Timeline"). The window's arguments are
    /// the health monitor's (`None` = the same defaults).
    Bucket {
        as_of: Option<Timestamp>,
        lookback_hours: Option<u32>,
        buckets: Option<u32>,
        index: u32,
    },
    /// Events created in `[from, to)`.
    Between { from: Timestamp, to: Timestamp },
}

/// Filters of an event list; an empty list or `None` lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct EventFilters {
    /// `status` is one of these.
    #[serde(default)]
    pub statuses: Vec<String>,
    /// The outcome class is one of these.
    #[serde(default)]
    pub outcomes: Vec<OutcomeClass>,
    /// `status_code` is one of these.
    #[serde(default)]
    pub status_codes: Vec<i32>,
    /// `error_type` is one of these.
    #[serde(default)]
    pub error_types: Vec<String>,
    /// The error message contains this text (case-insensitive for ASCII letters).
    #[serde(default)]
    pub message_contains: Option<String>,
}

/// Where the next page starts: the last event shown (lists are newest first by
/// `(created_at, id)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EventCursor {
    pub created_at: Timestamp,
    pub id: String,
}

/// One page of a provider's events (or of one endpoint's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EventsQuery {
    pub provider_id: String,
    /// One endpoint; `None` = every endpoint of the provider.
    pub endpoint_id: Option<String>,
    pub range: EventRange,
    #[serde(default)]
    pub filters: EventFilters,
    /// `LIMITS.event_page_size`.
    pub page_size: Option<u32>,
    /// `None` = the first page; else the page's `next_cursor`.
    pub cursor: Option<EventCursor>,
}

/// One request candidate, as event lists and request chains show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CandidateEvent {
    pub id: String,
    pub request_id: String,
    pub candidate_index: i32,
    pub retry_index: i32,
    pub provider_id: Option<String>,
    /// The provider's shown name; `None` when the provider is not in this database.
    pub provider_name: Option<String>,
    pub endpoint_id: Option<String>,
    /// The endpoint's API format; `None` when the endpoint is not in this database.
    pub api_format: Option<String>,
    pub key_id: Option<String>,
    /// The key's name (never a secret column); `None` when the key is not in this database.
    pub key_name: Option<String>,
    pub created_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub status: String,
    pub outcome: OutcomeClass,
    pub status_code: Option<i32>,
    pub latency_ms: Option<i32>,
    pub error_type: Option<String>,
    pub error_message: Option<String>,
    /// Why the gateway skipped it; `None` also where the database has no `skip_reason` column
    /// (see [`EventPage::skip_reason_recorded`]).
    pub skip_reason: Option<String>,
}

/// A page of events, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EventPage {
    pub provider_id: String,
    pub provider_name: String,
    pub endpoint_id: Option<String>,
    /// The range read: `created_at >= from` and `created_at < to` (`<= to` when
    /// `to_inclusive`: the last bucket of a window keeps the event at its as-of time).
    pub from: Timestamp,
    pub to: Timestamp,
    pub to_inclusive: bool,
    pub filters: EventFilters,
    pub page_size: u32,
    pub events: Vec<CandidateEvent>,
    /// The cursor of the next page; `None` on the last page.
    pub next_cursor: Option<EventCursor>,
    /// Whether this database records why a candidate was skipped (a snapshot does when its source
    /// did).
    pub skip_reason_recorded: bool,
    pub generation: Generation,
}

/// How a request ended, as far as the database shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainEnd {
    /// A candidate succeeded: `position` in `candidates`.
    Succeeded { position: u32 },
    /// A candidate is still running: `position` in `candidates`.
    InFlight { position: u32 },
    /// No candidate succeeded and none is running.
    GaveUp,
}

/// Why a chain may miss candidates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainGap {
    /// Candidate indexes below the highest one seen are absent.
    MissingCandidates { candidate_indexes: Vec<i32> },
    /// Retries below the highest seen of one candidate are absent.
    MissingRetries {
        candidate_index: i32,
        retry_indexes: Vec<i32>,
    },
    /// Candidates name a provider this database does not hold (a snapshot of chosen providers).
    ProviderNotInDatabase { provider_ids: Vec<String> },
    /// The snapshot kept only recent events (`since_window`): listed beside another gap, which
    /// it may explain.
    SnapshotWindow { since_window: String },
    /// The snapshot holds only these providers' rows (`--providers`): listed beside another gap,
    /// or alone when the chain gave up, since the gateway may have gone on to a provider not
    /// copied.
    SnapshotProviders { provider_ids: Vec<String> },
}

impl ChainGap {
    /// A gap seen in the chain itself, rather than a snapshot's scope that may explain one.
    pub fn is_seen(&self) -> bool {
        !matches!(
            self,
            ChainGap::SnapshotWindow { .. } | ChainGap::SnapshotProviders { .. }
        )
    }
}

/// Every candidate of one request across providers, in `(candidate_index, retry_index)` order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RequestChain {
    pub request_id: String,
    pub candidates: Vec<CandidateEvent>,
    pub end: ChainEnd,
    /// Whether the chain visibly misses candidates (a gap other than the snapshot's scope).
    pub incomplete: bool,
    /// What it visibly misses, then what of the snapshot's scope may explain it; a provider
    /// filter alone (the chain gave up) says it may be incomplete, with `incomplete` false.
    pub gaps: Vec<ChainGap>,
    pub skip_reason_recorded: bool,
    pub generation: Generation,
}

/// A key's per-format health and circuit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct KeyFormatHealth {
    pub api_format: String,
    /// `health_by_format[format].health_score`; `None` when absent (the gateway reads 1.0).
    pub health_score: Option<f64>,
    pub consecutive_failures: Option<i32>,
    /// `circuit_breaker_by_format[format].open`; `None` when not recorded.
    pub circuit_open: Option<bool>,
    pub circuit_open_at: Option<String>,
    pub next_probe_at: Option<String>,
}

/// One key of a provider (never a secret column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct KeyDetail {
    pub id: String,
    pub name: Option<String>,
    pub is_active: bool,
    /// Legacy: the key's endpoint; `None` on the newer generations (keys serve formats).
    pub endpoint_id: Option<String>,
    /// The formats it serves: v0.3 / rust its `api_formats` as stored (`None` = every format);
    /// legacy its endpoint's format.
    pub api_formats: Option<Vec<String>>,
    /// Legacy: the key's own `health_score`.
    pub health_score: Option<f64>,
    pub formats: Vec<KeyFormatHealth>,
    pub rpm_limit: Option<i32>,
    /// Rust gateway: concurrent requests; legacy: `max_concurrent`.
    pub concurrent_limit: Option<i32>,
    pub learned_rpm_limit: Option<i32>,
    pub last_error_at: Option<Timestamp>,
    pub last_error_message: Option<String>,
    pub expires_at: Option<Timestamp>,
    /// `expires_at` at or before the as-of time.
    pub expired: bool,
    pub oauth_invalid_at: Option<Timestamp>,
}

/// A provider's keys and which of their columns this database holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ProviderKeys {
    pub provider_id: String,
    pub as_of: Option<Timestamp>,
    pub keys: Vec<KeyDetail>,
    /// The optional columns read (`rpm_limit`, `expires_at`, …): a column absent here is `None`
    /// on every key because the database does not hold it, not because it is empty.
    pub columns_recorded: Vec<String>,
    #[specta(type = Count)]
    pub total: u64,
    pub generation: Generation,
}

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Json,
}
