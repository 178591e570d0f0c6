//! Provider summaries (SPEC §2.1).
//!
//! Three statements whatever the number of providers: the providers, their endpoints with
//! per-endpoint key aggregates, and model counts per provider. The rest is assembled here.

use std::collections::HashMap;

use crate::db::Database;
use crate::error::{Error, Result};
use crate::model::{EndpointHealthDetail, ProviderSummary, Timestamp};
use crate::read_sql::{billing_type, byte_order, count, int};

/// Endpoints below this health count as unhealthy.
const UNHEALTHY_BELOW: f64 = 0.5;

/// All providers, ordered by `provider_priority`, `created_at`, `id` (NULLs last).
pub async fn list_provider_summaries(db: &Database) -> Result<Vec<ProviderSummary>> {
    let order = byte_order(db.dialect());
    let providers = crate::fetch!(
        db,
        fetch_all,
        ProviderRow,
        format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers \
             ORDER BY provider_priority IS NULL, provider_priority, \
             created_at IS NULL, created_at, id{order}"
        )
    )?;
    let endpoints = crate::fetch!(db, fetch_all, EndpointRow, endpoints_sql("", order))?;
    let models = crate::fetch!(db, fetch_all, ModelCountRow, models_sql(""))?;
    assemble(providers, endpoints, models)
}

/// One provider, or `NotFound`.
pub async fn get_provider_summary(db: &Database, provider_id: &str) -> Result<ProviderSummary> {
    let order = byte_order(db.dialect());
    let provider = crate::fetch!(
        db,
        fetch_optional,
        ProviderRow,
        format!("SELECT {PROVIDER_COLUMNS} FROM providers WHERE id = $1"),
        provider_id
    )?
    .ok_or_else(|| Error::not_found("provider", provider_id))?;
    let endpoints = crate::fetch!(
        db,
        fetch_all,
        EndpointRow,
        endpoints_sql("WHERE e.provider_id = $1", order),
        provider_id
    )?;
    let models = crate::fetch!(
        db,
        fetch_all,
        ModelCountRow,
        models_sql("WHERE provider_id = $1"),
        provider_id
    )?;
    let mut summaries = assemble(vec![provider], endpoints, models)?;
    Ok(summaries.remove(0))
}

const PROVIDER_COLUMNS: &str = "id, name, display_name, description, website, \
    CAST(billing_type AS TEXT) AS billing_type, \
    CAST(monthly_quota_usd AS DOUBLE PRECISION) AS monthly_quota_usd, \
    CAST(monthly_used_usd AS DOUBLE PRECISION) AS monthly_used_usd, \
    CAST(quota_reset_day AS BIGINT) AS quota_reset_day, \
    quota_last_reset_at, quota_expires_at, \
    CAST(rpm_limit AS BIGINT) AS rpm_limit, \
    CAST(rpm_used AS BIGINT) AS rpm_used, \
    rpm_reset_at, \
    CAST(provider_priority AS BIGINT) AS provider_priority, \
    COALESCE(is_active, FALSE) AS is_active, \
    created_at, updated_at";

/// Endpoints with their keys' aggregates, in endpoint order within each provider. `AVG` skips
/// NULL scores and is NULL when no key has one, which is exactly SPEC's health rule.
fn endpoints_sql(filter: &str, order: &str) -> String {
    format!(
        "SELECT e.id, e.provider_id, e.api_format, \
         COALESCE(e.is_active, FALSE) AS is_active, \
         CAST(COUNT(k.id) AS BIGINT) AS total_keys, \
         CAST(COALESCE(SUM(CASE WHEN k.is_active THEN 1 ELSE 0 END), 0) AS BIGINT) AS active_keys, \
         CAST(AVG(k.health_score) AS DOUBLE PRECISION) AS health_score \
         FROM provider_endpoints e LEFT JOIN provider_api_keys k ON k.endpoint_id = e.id \
         {filter} \
         GROUP BY e.id, e.provider_id, e.api_format, e.is_active, e.created_at \
         ORDER BY e.created_at IS NULL, e.created_at, e.id{order}"
    )
}

fn models_sql(filter: &str) -> String {
    format!(
        "SELECT provider_id, CAST(COUNT(*) AS BIGINT) AS total, \
         CAST(COALESCE(SUM(CASE WHEN is_active THEN 1 ELSE 0 END), 0) AS BIGINT) AS active \
         FROM models {filter} GROUP BY provider_id"
    )
}

#[derive(sqlx::FromRow)]
struct ProviderRow {
    id: String,
    name: String,
    display_name: Option<String>,
    description: Option<String>,
    website: Option<String>,
    billing_type: Option<String>,
    monthly_quota_usd: Option<f64>,
    monthly_used_usd: Option<f64>,
    quota_reset_day: Option<i64>,
    quota_last_reset_at: Option<Timestamp>,
    quota_expires_at: Option<Timestamp>,
    rpm_limit: Option<i64>,
    rpm_used: Option<i64>,
    rpm_reset_at: Option<Timestamp>,
    provider_priority: Option<i64>,
    is_active: bool,
    created_at: Option<Timestamp>,
    updated_at: Option<Timestamp>,
}

#[derive(sqlx::FromRow)]
struct EndpointRow {
    id: String,
    provider_id: String,
    api_format: String,
    is_active: bool,
    total_keys: i64,
    active_keys: i64,
    health_score: Option<f64>,
}

#[derive(sqlx::FromRow)]
struct ModelCountRow {
    provider_id: Option<String>,
    total: i64,
    active: i64,
}

#[derive(Default)]
struct ModelCounts {
    total: u32,
    active: u32,
}

/// Builds summaries in the order of `providers`; endpoints keep the order they were read in.
fn assemble(
    providers: Vec<ProviderRow>,
    endpoints: Vec<EndpointRow>,
    models: Vec<ModelCountRow>,
) -> Result<Vec<ProviderSummary>> {
    let mut details: HashMap<String, Vec<EndpointHealthDetail>> = HashMap::new();
    for e in endpoints {
        details
            .entry(e.provider_id)
            .or_default()
            .push(EndpointHealthDetail {
                endpoint_id: e.id,
                api_format: e.api_format,
                health_score: e.health_score.unwrap_or(1.0),
                is_active: e.is_active,
                active_keys: count(e.active_keys, "active_keys")?,
                total_keys: count(e.total_keys, "total_keys")?,
            });
    }
    let mut model_counts: HashMap<String, ModelCounts> = HashMap::new();
    for m in models {
        if let Some(provider_id) = m.provider_id {
            model_counts.insert(
                provider_id,
                ModelCounts {
                    total: count(m.total, "total_models")?,
                    active: count(m.active, "active_models")?,
                },
            );
        }
    }
    providers
        .into_iter()
        .map(|p| {
            let endpoints = details.remove(&p.id).unwrap_or_default();
            let models = model_counts.remove(&p.id).unwrap_or_default();
            summarize(p, endpoints, models)
        })
        .collect()
}

fn summarize(
    p: ProviderRow,
    endpoints: Vec<EndpointHealthDetail>,
    models: ModelCounts,
) -> Result<ProviderSummary> {
    let health_sum: f64 = endpoints.iter().map(|e| e.health_score).sum();
    let avg_health_score = if endpoints.is_empty() {
        1.0
    } else {
        health_sum / endpoints.len() as f64
    };
    let tally = |f: fn(&EndpointHealthDetail) -> u32| endpoints.iter().map(f).sum::<u32>();
    Ok(ProviderSummary {
        billing_type: billing_type(p.billing_type, &p.id)?,
        provider_priority: int(p.provider_priority, "provider_priority")?,
        quota_reset_day: int(p.quota_reset_day, "quota_reset_day")?,
        rpm_limit: int(p.rpm_limit, "rpm_limit")?,
        rpm_used: int(p.rpm_used, "rpm_used")?,
        total_endpoints: endpoints.len() as u32,
        active_endpoints: tally(|e| u32::from(e.is_active)),
        total_keys: tally(|e| e.total_keys),
        active_keys: tally(|e| e.active_keys),
        total_models: models.total,
        active_models: models.active,
        avg_health_score,
        unhealthy_endpoints: tally(|e| u32::from(e.health_score < UNHEALTHY_BELOW)),
        api_formats: endpoints.iter().map(|e| e.api_format.clone()).collect(),
        endpoint_health_details: endpoints,
        id: p.id,
        name: p.name,
        display_name: p.display_name,
        description: p.description,
        website: p.website,
        is_active: p.is_active,
        monthly_quota_usd: p.monthly_quota_usd,
        monthly_used_usd: p.monthly_used_usd,
        quota_last_reset_at: p.quota_last_reset_at,
        quota_expires_at: p.quota_expires_at,
        rpm_reset_at: p.rpm_reset_at,
        created_at: p.created_at,
        updated_at: p.updated_at,
    })
}
