//! The generation-specific reads: each function answers one narrow question (the providers, the
//! endpoints in display order, the key tallies of each endpoint, the model counts) in the SQL of
//! the open database's generation and time encoding, and returns plain records. The operations
//! (summaries, health monitor) are written once above these (`docs/architecture.md`).
mod common;
mod formats;
pub(crate) use formats::normalize as normalize_format;
mod gateway;
mod keys;
mod legacy;

use std::collections::HashMap;

use crate::db::Database;
use crate::error::Result;
use crate::layout::Generation;
use crate::model::{GenField, Timestamp};

/// A provider's columns, generation-neutral: a column the generation lacks is `None` in the
/// [`GenField`]s.
#[derive(Debug, Clone)]
pub(crate) struct ProviderRecord {
    pub id: String,
    pub name: String,
    pub display_name: GenField<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub provider_type: GenField<String>,
    pub billing_type: Option<String>,
    pub monthly_quota_usd: Option<f64>,
    pub monthly_used_usd: Option<f64>,
    pub quota_reset_day: Option<i64>,
    pub quota_last_reset_at: Option<Timestamp>,
    pub quota_expires_at: Option<Timestamp>,
    pub rpm_limit: GenField<i64>,
    pub rpm_used: GenField<i64>,
    pub rpm_reset_at: GenField<Timestamp>,
    pub max_retries: GenField<i64>,
    pub request_timeout: GenField<f64>,
    pub stream_first_byte_timeout: GenField<f64>,
    pub concurrent_limit: GenField<i64>,
    pub keep_priority_on_conversion: GenField<bool>,
    pub enable_format_conversion: GenField<bool>,
    pub provider_priority: Option<i64>,
    pub is_active: bool,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

impl ProviderRecord {
    /// The name an admin sees: legacy's non-empty `display_name`, else `name`.
    pub fn shown_name(&self) -> &str {
        match &self.display_name {
            Some(Some(display)) if !display.is_empty() => display,
            _ => &self.name,
        }
    }
}

/// An endpoint as the summaries and the health monitor show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EndpointRecord {
    pub id: String,
    pub provider_id: String,
    pub api_format: String,
    pub is_active: bool,
}

/// A key of v0.3 / the Rust gateway, with what decides the endpoints it serves.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KeyRecord {
    pub provider_id: String,
    pub is_active: bool,
    /// JSON text as stored.
    pub api_formats: Option<String>,
    pub health_by_format: Option<String>,
    pub auth_type: Option<String>,
    pub has_auth_config: bool,
}

/// The keys that serve one endpoint.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EndpointKeys {
    pub endpoint_id: String,
    pub total_keys: u64,
    pub active_keys: u64,
    /// The endpoint's health (1.0 when no key counts).
    pub health: f64,
}

/// All a summary needs, read in a constant number of statements.
pub(crate) struct Catalog {
    /// In the generation's provider order.
    pub providers: Vec<ProviderRecord>,
    /// Per provider, in the generation's endpoint order.
    pub endpoints: HashMap<String, Vec<EndpointRecord>>,
    pub endpoint_keys: HashMap<String, EndpointKeys>,
    /// Per provider: (total, active) keys.
    pub provider_keys: HashMap<String, (u64, u64)>,
    /// Per provider: (total, active) models.
    pub models: HashMap<String, (u64, u64)>,
}

/// The catalogue of every provider, or of one (`provider` = its id).
pub(crate) async fn catalog(db: &Database, provider: Option<&str>) -> Result<Catalog> {
    match db.generation() {
        Generation::Legacy => legacy::catalog(db, provider).await,
        Generation::V03 | Generation::Rust => gateway::catalog(db, provider).await,
    }
}

/// Every provider in the generation's order with its endpoints (per provider, in order): the
/// catalogue without keys and models, for the fleet view.
pub(crate) async fn providers_and_endpoints(
    db: &Database,
) -> Result<(Vec<ProviderRecord>, HashMap<String, Vec<EndpointRecord>>)> {
    let (providers, order) = match db.generation() {
        Generation::Legacy => (
            legacy::providers(db, None).await?,
            legacy::ENDPOINT_ORDER.to_owned(),
        ),
        Generation::V03 | Generation::Rust => (
            gateway::providers(db, None).await?,
            gateway::endpoint_order(db.dialect()),
        ),
    };
    let endpoints = common::endpoints(db, None, &order).await?;
    Ok((providers, common::by_provider(endpoints)))
}

/// One provider's record, `None` when there is no such provider.
pub(crate) async fn provider(db: &Database, provider_id: &str) -> Result<Option<ProviderRecord>> {
    let mut providers = match db.generation() {
        Generation::Legacy => legacy::providers(db, Some(provider_id)).await?,
        Generation::V03 | Generation::Rust => gateway::providers(db, Some(provider_id)).await?,
    };
    Ok(providers.pop())
}

/// One provider's endpoints in the generation's order.
pub(crate) async fn endpoints(db: &Database, provider_id: &str) -> Result<Vec<EndpointRecord>> {
    let order = match db.generation() {
        Generation::Legacy => legacy::ENDPOINT_ORDER.to_owned(),
        Generation::V03 | Generation::Rust => gateway::endpoint_order(db.dialect()),
    };
    common::endpoints(db, Some(provider_id), &order).await
}

/// The statuses the health monitor samples: every status, except on the Rust gateway, whose
/// monitor shows only finished attempts.
pub(crate) fn sampled_statuses(generation: Generation) -> Option<&'static [&'static str]> {
    match generation {
        Generation::Rust => Some(&["success", "failed", "skipped"]),
        Generation::Legacy | Generation::V03 => None,
    }
}

/// How the health monitor orders a sampled endpoint's events, oldest first: legacy by
/// `created_at`; v0.3 and the Rust gateway by the event's own time (finished, started, created).
pub(crate) fn events_by_event_time(generation: Generation) -> bool {
    !matches!(generation, Generation::Legacy)
}
