//! Plain rows of Aether's tables (here) and a batched writer for every generation and engine
//! (`write.rs`).
//!
//! The demo generator and the tests' fixtures build rows of these types and write them with
//! [`insert`], which takes each table's columns from [`crate::layout::columns`] and encodes every
//! value the way the target stores it, so every path into a database goes through one piece of
//! SQL. A row carries the columns of every generation; each generation writes the ones it has.

mod write;

use crate::model::{BillingType, Timestamp};

pub use write::{insert, Rows, Target};

#[derive(Debug, Clone, PartialEq)]
pub struct ProviderRow {
    pub id: String,
    /// Legacy: the machine name; v0.3 / rust: the name shown.
    pub name: String,
    /// Legacy only.
    pub display_name: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub billing_type: BillingType,
    pub monthly_quota_usd: Option<f64>,
    pub monthly_used_usd: Option<f64>,
    pub quota_reset_day: Option<i32>,
    pub quota_last_reset_at: Option<Timestamp>,
    pub quota_expires_at: Option<Timestamp>,
    /// Legacy only.
    pub rpm_limit: Option<i32>,
    pub rpm_used: Option<i32>,
    pub rpm_reset_at: Option<Timestamp>,
    pub provider_priority: i32,
    pub is_active: bool,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    /// v0.3 / rust only.
    pub gateway: GatewaySettings,
}

/// The provider settings of v0.3 and the Rust gateway.
#[derive(Debug, Clone, PartialEq)]
pub struct GatewaySettings {
    pub provider_type: String,
    pub max_retries: Option<i32>,
    pub request_timeout: Option<f64>,
    pub stream_first_byte_timeout: Option<f64>,
    pub concurrent_limit: Option<i32>,
    pub keep_priority_on_conversion: bool,
    pub enable_format_conversion: bool,
}

impl Default for GatewaySettings {
    fn default() -> Self {
        Self {
            provider_type: "custom".to_owned(),
            max_retries: Some(2),
            request_timeout: Some(300.0),
            stream_first_byte_timeout: Some(30.0),
            concurrent_limit: None,
            keep_priority_on_conversion: false,
            enable_format_conversion: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRow {
    pub id: String,
    pub provider_id: String,
    pub api_format: String,
    pub base_url: String,
    pub is_active: bool,
    pub created_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyRow {
    pub id: String,
    /// Legacy: the key's endpoint.
    pub endpoint_id: String,
    /// v0.3 / rust: the key's provider.
    pub provider_id: String,
    pub name: Option<String>,
    /// Legacy only.
    pub health_score: Option<f64>,
    pub is_active: bool,
    /// v0.3 / rust: JSON text (a list of formats), as stored.
    pub api_formats: Option<String>,
    /// v0.3 / rust: JSON text (`{format: {"health_score": …}}`), as stored.
    pub health_by_format: Option<String>,
    /// v0.3 / rust.
    pub auth_type: String,
    /// Rust: a secret column; fixtures set it to test that only its presence is read.
    pub auth_config: Option<String>,
    /// Limits, health and errors some databases record ([`crate::layout::OPTIONAL`]).
    pub state: KeyState,
}

/// A key's optional columns ([`crate::layout::OPTIONAL`]): each is written only when some row of
/// a batch sets it, so a dataset that sets none writes to a schema without them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyState {
    pub rpm_limit: Option<i32>,
    pub concurrent_limit: Option<i32>,
    /// Legacy's concurrency limit.
    pub max_concurrent: Option<i32>,
    pub learned_rpm_limit: Option<i32>,
    pub consecutive_failures: Option<i32>,
    pub last_error_at: Option<Timestamp>,
    /// Legacy's `last_error_at`.
    pub last_failure_at: Option<Timestamp>,
    pub last_error_msg: Option<String>,
    pub expires_at: Option<Timestamp>,
    pub oauth_invalid_at: Option<Timestamp>,
    /// JSON text (`{format: {"open": …, "open_at": …, "next_probe_at": …}}`), as stored.
    pub circuit_breaker_by_format: Option<String>,
}

impl KeyRow {
    /// A key with the columns every generation needs and nothing else set.
    pub fn new(id: &str, endpoint_id: &str, provider_id: &str) -> Self {
        Self {
            id: id.to_owned(),
            endpoint_id: endpoint_id.to_owned(),
            provider_id: provider_id.to_owned(),
            name: None,
            health_score: None,
            is_active: true,
            api_formats: None,
            health_by_format: None,
            auth_type: "api_key".to_owned(),
            auth_config: None,
            state: KeyState::default(),
        }
    }
}

impl KeyRow {
    /// A key of one endpoint, written the same way in every generation: legacy's
    /// `endpoint_id` and `health_score`, and the newer generations' one-format list and
    /// `health_by_format` entry.
    pub fn serving(
        id: String,
        endpoint: &EndpointRow,
        name: Option<String>,
        health_score: Option<f64>,
        is_active: bool,
    ) -> Self {
        let format = &endpoint.api_format;
        Self {
            name,
            health_score,
            is_active,
            api_formats: Some(serde_json::json!([format]).to_string()),
            health_by_format: Some(
                serde_json::json!({ format: { "health_score": health_score } }).to_string(),
            ),
            ..Self::new(&id, &endpoint.id, &endpoint.provider_id)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ModelRow {
    pub id: String,
    pub provider_id: String,
    pub provider_model_name: String,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub id: String,
    pub request_id: String,
    pub candidate_index: i32,
    pub retry_index: i32,
    pub provider_id: Option<String>,
    pub endpoint_id: Option<String>,
    pub key_id: Option<String>,
    pub status: String,
    pub status_code: Option<i32>,
    pub error_type: Option<String>,
    pub error_message: Option<String>,
    pub latency_ms: Option<i32>,
    pub created_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    /// Why a skipped candidate was skipped; an optional column, written only when a row sets it.
    pub skip_reason: Option<String>,
}

/// A whole database's worth of rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    pub providers: Vec<ProviderRow>,
    pub endpoints: Vec<EndpointRow>,
    pub keys: Vec<KeyRow>,
    pub models: Vec<ModelRow>,
    pub candidates: Vec<CandidateRow>,
}
