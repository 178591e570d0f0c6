//! The types every operation returns, with Aether's own JSON field names (`snake_case`).
//!
//! They derive `serde` and `specta::Type`: the desktop shell exports them to TypeScript, so the
//! UI and the CLI's `--json` see exactly these shapes. Timestamps serialize as RFC 3339 UTC.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use specta::Type;

pub use crate::fleet::types::*;
pub use crate::incident::types::*;
pub use crate::layout::{Generation, TimeEncoding};
pub use crate::outcome::{OutcomeClass, OutcomeCounts};
pub use crate::quota::QuotaReset;
pub use crate::verdict::{EndpointVerdict, Level, ProviderVerdict};

/// A column only some generations have: `None` = this database's generation has no such column
/// (the field is absent from the JSON), `Some(None)` = the column is NULL (`null` in JSON).
pub type GenField<T> = Option<Option<T>>;

/// Reads a [`GenField`] back: a present `null` is `Some(None)`, not `None`.
fn present<'de, D, T>(deserializer: D) -> Result<GenField<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// How TypeScript sees a float that is always finite (a mean or rate of finite values):
/// `number`. specta types every `f64` as `number | null`, because serde writes NaN as `null`;
/// these fields are never NaN, so the UI need not handle a `null` that cannot occur.
#[derive(Type)]
#[specta(transparent)]
pub struct FiniteNumber(pub u32);

/// How TypeScript sees a count (rows, events, keys…): `number`. Core counts in `u64`, which
/// specta refuses to export by default, because a JavaScript number holds integers exactly only
/// up to 2^53 (`Number.MAX_SAFE_INTEGER`, about 9·10^15) and serde_json writes a `u64` as a plain
/// JSON number. A count here is of the rows or events of one gateway database, many orders of
/// magnitude below 2^53, so `number` is exact. (specta-typescript's own `Number` override does
/// the same; this keeps core free of a TypeScript crate.) `docs/architecture.md`, "Counts".
#[derive(Type)]
#[specta(transparent)]
pub struct Count(pub u32);

/// A timestamp, always UTC.
pub type Timestamp = DateTime<Utc>;

/// Aether's `providerbillingtype`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum BillingType {
    MonthlyQuota,
    PayAsYouGo,
    FreeTier,
}

impl BillingType {
    pub const ALL: [BillingType; 3] = [Self::MonthlyQuota, Self::PayAsYouGo, Self::FreeTier];

    /// The value stored in the database (and in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MonthlyQuota => "monthly_quota",
            Self::PayAsYouGo => "pay_as_you_go",
            Self::FreeTier => "free_tier",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == value)
    }
}

/// One endpoint's health in a provider summary (`docs/rules.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EndpointHealthDetail {
    pub endpoint_id: String,
    pub api_format: String,
    /// Mean of the non-NULL `health_score` of all the endpoint's keys; 1.0 when there is none.
    #[specta(type = FiniteNumber)]
    pub health_score: f64,
    pub is_active: bool,
    #[specta(type = Count)]
    pub active_keys: u64,
    #[specta(type = Count)]
    pub total_keys: u64,
    /// What the endpoint can do (beyond Aether).
    pub verdict: EndpointVerdict,
    /// Its chip's colour.
    pub level: Level,
}

/// `ProviderWithEndpointsSummary` of Aether's admin API, plus `endpoint_id` / `total_keys` per endpoint.
///
/// Fields marked "legacy" exist only on Aether ≤ v0.2, fields marked "v0.3 / rust" only on the
/// newer generations: a generation's missing fields are absent from the JSON (see [`GenField`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ProviderSummary {
    pub id: String,
    /// Legacy: the machine name; v0.3 / rust: the name the admin sees.
    pub name: String,
    /// Legacy only: the name the admin sees.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<String>, optional)]
    pub display_name: GenField<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    /// v0.3 / rust: `custom`, `claude_code`, `kiro`, … (not editable here).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<String>, optional)]
    pub provider_type: GenField<String>,
    pub provider_priority: Option<i32>,
    pub is_active: bool,
    pub billing_type: Option<BillingType>,
    pub monthly_quota_usd: Option<f64>,
    pub monthly_used_usd: Option<f64>,
    /// The quota period in days.
    pub quota_reset_day: Option<i32>,
    pub quota_last_reset_at: Option<Timestamp>,
    /// The next quota reset at the database's as-of time (the snapshot's taken-at time, else
    /// now); `None` when it cannot be known (`docs/rules.md`, "Quota period").
    pub next_quota_reset: Option<QuotaReset>,
    pub quota_expires_at: Option<Timestamp>,
    /// Legacy only (the newer generations keep limits on keys).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<i32>, optional)]
    pub rpm_limit: GenField<i32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<i32>, optional)]
    pub rpm_used: GenField<i32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<Timestamp>, optional)]
    pub rpm_reset_at: GenField<Timestamp>,
    /// v0.3 / rust: retries after a failed attempt.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<i32>, optional)]
    pub max_retries: GenField<i32>,
    /// v0.3 / rust: seconds.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<f64>, optional)]
    pub request_timeout: GenField<f64>,
    /// v0.3 / rust: seconds until the first byte of a stream.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<f64>, optional)]
    pub stream_first_byte_timeout: GenField<f64>,
    /// v0.3 / rust: concurrent requests; `null` = unlimited.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<i32>, optional)]
    pub concurrent_limit: GenField<i32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<bool>, optional)]
    pub keep_priority_on_conversion: GenField<bool>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[specta(type = Option<bool>, optional)]
    pub enable_format_conversion: GenField<bool>,
    #[specta(type = Count)]
    pub total_endpoints: u64,
    #[specta(type = Count)]
    pub active_endpoints: u64,
    #[specta(type = Count)]
    pub total_keys: u64,
    #[specta(type = Count)]
    pub active_keys: u64,
    #[specta(type = Count)]
    pub total_models: u64,
    #[specta(type = Count)]
    pub active_models: u64,
    #[specta(type = FiniteNumber)]
    pub avg_health_score: f64,
    #[specta(type = Count)]
    pub unhealthy_endpoints: u64,
    pub api_formats: Vec<String>,
    pub endpoint_health_details: Vec<EndpointHealthDetail>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    /// The generation of the database this summary was read from.
    pub generation: Generation,
    /// What the provider's endpoints add up to (beyond Aether; `avg_health_score` keeps
    /// Aether's figure).
    pub verdict: ProviderVerdict,
    /// Whether the verdict is one the "needs attention" filter shows.
    pub needs_attention: bool,
    /// The colour of `avg_health_score`.
    pub health_level: Level,
}

impl ProviderSummary {
    /// The name an admin sees: legacy's `display_name` when it is not empty, else `name`.
    pub fn shown_name(&self) -> &str {
        match &self.display_name {
            Some(Some(display)) if !display.is_empty() => display,
            _ => &self.name,
        }
    }
}

/// Arguments of the health monitor; `None` means the default. Bounds and defaults: `LIMITS`
/// (`core::limits`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct HealthQuery {
    /// `LIMITS.lookback_hours`.
    pub lookback_hours: Option<u32>,
    /// `LIMITS.per_endpoint_limit`.
    pub per_endpoint_limit: Option<u32>,
    /// Default: the snapshot's taken-at time, else the newest event; the wall clock for a live
    /// PostgreSQL.
    pub as_of: Option<Timestamp>,
    /// `LIMITS.buckets`.
    pub buckets: Option<u32>,
}

/// One routing attempt as the timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct HealthEvent {
    /// `finished_at`, else `started_at`, else `created_at` (Aether's `timestamp`).
    pub timestamp: Timestamp,
    /// The time the window and the timeline buckets use: an event shown for a window has its
    /// `created_at` inside it.
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub status: String,
    pub status_code: Option<i32>,
    pub latency_ms: Option<i32>,
    pub error_type: Option<String>,
    pub error_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StatusCodeCount {
    pub status_code: i32,
    #[specta(type = Count)]
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ErrorTypeCount {
    pub error_type: String,
    #[specta(type = Count)]
    pub count: u64,
}

/// Statistics over every event of the window (not the sample). Beyond Aether's admin API.
///
/// Latency percentiles are nearest-rank over the events that have a latency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct WindowStats {
    #[specta(type = Count)]
    pub total: u64,
    /// Count per status, every status present in the window (success, failed, skipped, pending…).
    #[specta(type = BTreeMap<String, Count>)]
    pub by_status: BTreeMap<String, u64>,
    /// Count per outcome class (`docs/rules.md`, "Outcome classes").
    pub outcomes: OutcomeCounts,
    /// success / (success + service_error) by outcome class: a client's bad request (400) does
    /// not count against the provider. `None` when neither occurred.
    #[specta(type = Option<FiniteNumber>)]
    pub success_rate: Option<f64>,
    pub latency_p50_ms: Option<i32>,
    pub latency_p95_ms: Option<i32>,
    pub latency_max_ms: Option<i32>,
    /// Ascending by status code; events without a code are not counted.
    pub status_codes: Vec<StatusCodeCount>,
    /// The most frequent error types (count DESC, then name ASC), at most five.
    pub top_error_types: Vec<ErrorTypeCount>,
    /// The colour of the window's outcomes.
    pub level: Level,
}

/// One equal slice of `[since, as_of]`; an event belongs to the slice its `created_at` falls in
/// (an event at `as_of` belongs to the last one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TimelineBucket {
    pub start: Timestamp,
    pub end: Timestamp,
    #[specta(type = Count)]
    pub total: u64,
    #[specta(type = Count)]
    pub success: u64,
    #[specta(type = Count)]
    pub failed: u64,
    #[specta(type = Count)]
    pub skipped: u64,
    /// Every other status (pending, started, streaming, available…).
    #[specta(type = Count)]
    pub other: u64,
    pub latency_p50_ms: Option<i32>,
    /// At most three, as in [`WindowStats::top_error_types`].
    pub top_error_types: Vec<ErrorTypeCount>,
    /// Count per outcome class.
    pub outcomes: OutcomeCounts,
    /// success / (success + service_error) by outcome class, the share that decides `level`;
    /// `None` when neither occurred.
    #[specta(type = Option<FiniteNumber>)]
    pub success_rate: Option<f64>,
    /// The cell's colour.
    pub level: Level,
}

/// One endpoint in the health monitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EndpointHealthMonitor {
    pub endpoint_id: String,
    pub api_format: String,
    pub is_active: bool,
    /// The counts and rate below are over `events` (the sample), as Aether computes them.
    #[specta(type = Count)]
    pub total_attempts: u64,
    #[specta(type = Count)]
    pub success_count: u64,
    #[specta(type = Count)]
    pub failed_count: u64,
    #[specta(type = Count)]
    pub skipped_count: u64,
    #[specta(type = FiniteNumber)]
    pub success_rate: f64,
    /// The colour of the sample's outcomes.
    pub sample_level: Level,
    pub last_event_at: Option<Timestamp>,
    /// The newest `per_endpoint_limit` events of the window, oldest first.
    pub events: Vec<HealthEvent>,
    pub window: WindowStats,
    pub timeline: Vec<TimelineBucket>,
}

/// `ProviderEndpointHealthMonitorResponse` of Aether's admin API, plus window statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ProviderHealthMonitor {
    pub provider_id: String,
    /// The name an admin sees: legacy's non-empty `display_name`, else `name`.
    pub provider_name: String,
    /// The as-of time.
    pub generated_at: Timestamp,
    pub since: Timestamp,
    pub lookback_hours: u32,
    pub per_endpoint_limit: u32,
    pub endpoints: Vec<EndpointHealthMonitor>,
    /// Rollup over all the provider's endpoints.
    pub window: WindowStats,
    pub timeline: Vec<TimelineBucket>,
    /// The generation of the database this was read from (it decides which statuses are sampled).
    pub generation: Generation,
}

/// One field a patch changed, as recorded in the change log (values as JSON text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ChangeLogEntry {
    /// The save this change was part of: every entry of one save shares it. `None` only for
    /// entries read from a change-log table that has no `save_id` column (a snapshot made before
    /// save ids, or a table an admin created without one).
    pub save_id: Option<String>,
    /// The provider's `updated_at` before this save: what a replay on the database the snapshot
    /// was taken from expects there. `None` for entries written before it was recorded.
    pub previous_updated_at: Option<Timestamp>,
    /// The provider's new `updated_at`.
    pub changed_at: Timestamp,
    pub provider_id: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// How an editable setting's value is entered and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Text (trimmed when `min_chars` is set).
    Text,
    /// An http or https URL with a host.
    Url,
    /// A whole number.
    Integer,
    /// A number, fractions allowed (US dollars, seconds).
    Number,
    Boolean,
    /// One of `choices`.
    Choice,
    /// An RFC 3339 time with a UTC offset.
    Time,
}

/// The rule of one editable setting on the open database: what the edit dialog shows and checks
/// before saving (the core checks the same rule again). Bounds are inclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FieldRule {
    /// The field's JSON key, as in `editable_fields`.
    pub name: String,
    pub kind: FieldKind,
    /// Whether `null` clears it.
    pub nullable: bool,
    /// No other provider may have the same value (`name`).
    pub unique: bool,
    /// Integer and number bounds.
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Text length bounds, in characters after trimming.
    pub min_chars: Option<u32>,
    pub max_chars: Option<u32>,
    /// The allowed values of a `choice`.
    pub choices: Vec<String>,
}

/// Which engine a session is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
    Mysql,
}

/// Metadata of a snapshot this project made (table `aether_review_snapshot`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SnapshotMeta {
    pub taken_at: Timestamp,
    /// Where it came from (host, port, database; never a user or password) or the generator.
    pub source: String,
    pub aether_schema_version: Option<String>,
    pub since_window: Option<String>,
    /// The providers chosen when it was taken (`--providers`): it holds only their rows. `None`
    /// when every provider was copied, or the file was made before the filter was recorded.
    pub providers: Option<Vec<String>>,
    #[specta(type = BTreeMap<String, Count>)]
    pub row_counts: BTreeMap<String, u64>,
    /// The generation of Aether the snapshot was taken from, whose layout the file keeps
    /// (`legacy` for files made before this was recorded).
    pub generation: Generation,
}

/// Why a session cannot write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReadOnlyReason {
    /// Opened read-only as asked.
    Requested,
    /// The file or its folder cannot be written; read as an immutable file.
    ReadOnlyLocation,
    /// A WAL-mode file without its `-wal` beside it (a copy): it holds only what was
    /// checkpointed, and is read as an immutable file.
    MissingWal,
}

/// What is open, safe to show: no password anywhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DatabaseInfo {
    pub kind: DatabaseKind,
    /// File name or `host:port/database`.
    pub display_name: String,
    /// The location without a password, as it can be reopened (a path or a URL).
    pub location: String,
    pub read_only: bool,
    /// Why `read_only` is set; `None` for a writable session.
    pub read_only_reason: Option<ReadOnlyReason>,
    /// Whether opening `location` again writable can work: only a session read-only because it
    /// was asked to be (a read-only location or a WAL-less copy is always read as immutable), and
    /// not one opened with a password (it is not kept).
    pub can_reopen_writable: bool,
    /// Which Aether wrote this schema.
    pub generation: Generation,
    /// Python eras: `alembic_version`; the Rust gateway: its newest migration; a snapshot: the
    /// source's, as recorded when it was taken.
    pub schema_version: Option<String>,
    pub time_encoding: TimeEncoding,
    /// The settings `update_provider_settings` accepts on this database, in dialog order.
    pub editable_fields: Vec<String>,
    /// The rules of `editable_fields`, in the same order.
    pub field_rules: Vec<FieldRule>,
    pub snapshot: Option<SnapshotMeta>,
    /// The health monitor's default "now"; `None` = the wall clock (live PostgreSQL).
    pub as_of: Option<Timestamp>,
    /// Rows per table read.
    #[specta(type = BTreeMap<String, Count>)]
    pub row_counts: BTreeMap<String, u64>,
    /// `false` when `row_counts` are the planner's estimates (a live PostgreSQL: counting a
    /// production table on every open is too costly); `check --exact` counts.
    pub row_counts_exact: bool,
}
