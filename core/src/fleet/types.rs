//! What the fleet view takes and returns. Re-exported from `model`, so the CLI's `--json` and the
//! UI see these shapes.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::layout::Generation;
use crate::model::{Count, FiniteNumber, Level, OutcomeCounts, Timestamp};

/// Arguments of the fleet view; `None` means the health monitor's default (`LIMITS`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct FleetQuery {
    pub lookback_hours: Option<u32>,
    /// Default: as the health monitor's.
    pub as_of: Option<Timestamp>,
    pub buckets: Option<u32>,
    #[serde(default)]
    pub filters: FleetFilters,
}

/// Which endpoints the fleet view covers; every figure (formats, totals, ranking) is over the
/// endpoints that pass. Empty / `None` lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct FleetFilters {
    /// The endpoint's API format is one of these.
    #[serde(default)]
    pub api_formats: Vec<String>,
    /// `Some(true)`: only endpoints that are active and whose provider is active; `Some(false)`:
    /// only the others.
    #[serde(default)]
    pub active: Option<bool>,
    /// Only endpoints with at least one event in the window.
    #[serde(default)]
    pub with_traffic_only: bool,
    /// The provider's name contains this text (case-insensitive).
    #[serde(default)]
    pub provider_search: Option<String>,
}

/// What a window's events say: the figures of a fleet row, a format or the whole fleet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FleetFigures {
    /// Every event of the window (every status).
    #[specta(type = Count)]
    pub attempts: u64,
    pub outcomes: OutcomeCounts,
    /// Events whose status is `failed`.
    #[specta(type = Count)]
    pub failed: u64,
    /// Events whose status is `skipped`.
    #[specta(type = Count)]
    pub skipped: u64,
    /// success / (success + service_error); `None` when neither occurred.
    #[specta(type = Option<FiniteNumber>)]
    pub success_rate: Option<f64>,
    /// Whether enough attempts finished for the rate to count in the ranking and the format's
    /// degraded / unhealthy tallies (`FLEET_RULES.min_finished_for_rate`).
    pub rate_counts: bool,
    pub latency_p50_ms: Option<i32>,
    pub latency_p95_ms: Option<i32>,
    /// The colour of the window's outcomes.
    pub level: Level,
}

/// A timeline strip as columns, one entry per bucket (compact for thousands of rows).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct FleetStrip {
    pub levels: Vec<Level>,
    #[specta(type = Vec<Count>)]
    pub total: Vec<u64>,
    #[specta(type = Vec<Count>)]
    pub success: Vec<u64>,
    #[specta(type = Vec<Count>)]
    pub service_error: Vec<u64>,
    #[specta(type = Vec<Count>)]
    pub user_error: Vec<u64>,
    /// success / (success + service_error) per bucket; `None` when neither occurred.
    #[specta(type = Vec<Option<FiniteNumber>>)]
    pub success_rate: Vec<Option<f64>>,
}

/// One endpoint of the fleet, with its place in the worst-first ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FleetEndpoint {
    /// 1 = worst (`docs/rules.md`, "Fleet health").
    pub rank: u32,
    pub provider_id: String,
    pub provider_name: String,
    pub provider_active: bool,
    pub endpoint_id: String,
    pub api_format: String,
    pub is_active: bool,
    pub figures: FleetFigures,
    /// Its strip; `None` where a [`FleetStripShelf`](super::shelf::FleetStripShelf) keeps the
    /// strips apart (the app's list asks for those of the rows it shows).
    pub strip: Option<FleetStrip>,
}

/// Consecutive endpoints' strips: `strips[k]` is the strip of the endpoint ranked
/// `first_rank + k` (fewer than asked at the end of the list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FleetStripPage {
    pub first_rank: u32,
    pub strips: Vec<FleetStrip>,
}

/// Keys of one format that cannot serve it at the as-of time, by reason; a key with several
/// reasons counts once in `total` and under each of its reasons.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct KeysCannotServe {
    #[specta(type = Count)]
    pub total: u64,
    #[specta(type = Count)]
    pub inactive: u64,
    /// `expires_at` at or before the as-of time.
    #[specta(type = Count)]
    pub expired: u64,
    /// Marked invalid by OAuth (`oauth_invalid_at` set).
    #[specta(type = Count)]
    pub oauth_invalid: u64,
    /// The gateway recorded an open circuit for this format.
    #[specta(type = Count)]
    pub circuit_open: u64,
    /// Reasons this database does not record (its keys lack the column), so they count 0.
    pub not_recorded: Vec<CannotServeReason>,
}

/// Why a key cannot serve a format.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum CannotServeReason {
    Inactive,
    Expired,
    OauthInvalid,
    CircuitOpen,
}

impl CannotServeReason {
    /// The name JSON carries.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inactive => "inactive",
            Self::Expired => "expired",
            Self::OauthInvalid => "oauth_invalid",
            Self::CircuitOpen => "circuit_open",
        }
    }
}

/// One API format across the fleet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FleetFormat {
    pub api_format: String,
    #[specta(type = Count)]
    pub providers: u64,
    #[specta(type = Count)]
    pub endpoints: u64,
    pub figures: FleetFigures,
    /// Endpoints whose rate counts and is amber / red.
    #[specta(type = Count)]
    pub degraded_endpoints: u64,
    #[specta(type = Count)]
    pub unhealthy_endpoints: u64,
    pub keys_cannot_serve: KeysCannotServe,
    pub strip: FleetStrip,
    /// Per bucket, the rank of the endpoint of this format whose events the format's cell opens:
    /// the most service errors in that bucket, then the most events, then the better rank;
    /// `None` when no endpoint of the format had an event in it.
    pub worst_ranks: Vec<Option<u32>>,
}

/// Fleet health: every endpoint of every provider over one window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FleetHealth {
    /// The as-of time (the window's end).
    pub generated_at: Timestamp,
    pub since: Timestamp,
    pub lookback_hours: u32,
    /// Where each bucket starts; bucket `i` ends where `i + 1` starts, the last at
    /// `generated_at` (inclusive). Exactly the health monitor's buckets.
    pub bucket_starts: Vec<Timestamp>,
    /// Every format with an endpoint that passes the filters, by name.
    pub formats: Vec<FleetFormat>,
    /// The endpoints that pass the filters, worst first.
    pub endpoints: Vec<FleetEndpoint>,
    /// The figures of all of them together.
    pub total: FleetFigures,
    pub generation: Generation,
}

/// The fleet's ranking rule, exported to the UI (`FLEET_RULES`), which states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FleetRules {
    /// A success rate counts (in the ranking and the degraded / unhealthy tallies) only with at
    /// least this many finished attempts (success + service_error).
    pub min_finished_for_rate: u32,
}

/// The one set of fleet rules.
pub const FLEET_RULES: FleetRules = FleetRules {
    min_finished_for_rate: 20,
};
