//! Provider summaries: the catalogue read in a constant number of statements whatever the number
//! of providers ([`crate::source`] knows each generation's SQL), assembled here the same way for
//! every generation (`docs/rules.md`).

use crate::db::Database;
use crate::error::{Error, Result};
use crate::model::{EndpointHealthDetail, ProviderSummary};
use crate::quota::QuotaReset;
use crate::read_sql::{billing_type, int};
use crate::source::{self, Catalog, ProviderRecord};
use crate::verdict::{score_level, EndpointVerdict, ProviderVerdict, UNHEALTHY_BELOW};

/// All providers, in the order of the database's generation (legacy: priority, creation, id;
/// v0.3 and the Rust gateway: active first, then the same).
pub async fn list_provider_summaries(db: &Database) -> Result<Vec<ProviderSummary>> {
    let catalog = source::catalog(db, None).await?;
    assemble(db, catalog)
}

/// One provider, or `NotFound`.
pub async fn get_provider_summary(db: &Database, provider_id: &str) -> Result<ProviderSummary> {
    let catalog = source::catalog(db, Some(provider_id)).await?;
    assemble(db, catalog)?
        .pop()
        .ok_or_else(|| Error::not_found("provider", provider_id))
}

fn assemble(db: &Database, mut catalog: Catalog) -> Result<Vec<ProviderSummary>> {
    let providers = std::mem::take(&mut catalog.providers);
    providers
        .into_iter()
        .map(|p| summarize(db, p, &mut catalog))
        .collect()
}

fn summarize(db: &Database, p: ProviderRecord, catalog: &mut Catalog) -> Result<ProviderSummary> {
    let endpoints: Vec<EndpointHealthDetail> = catalog
        .endpoints
        .remove(&p.id)
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            let keys = catalog.endpoint_keys.remove(&e.id);
            let health_score = keys.as_ref().map_or(1.0, |k| k.health);
            let active_keys = keys.as_ref().map_or(0, |k| k.active_keys);
            let verdict = EndpointVerdict::of(e.is_active, active_keys, health_score);
            EndpointHealthDetail {
                health_score,
                active_keys,
                total_keys: keys.as_ref().map_or(0, |k| k.total_keys),
                endpoint_id: e.id,
                api_format: e.api_format,
                is_active: e.is_active,
                verdict,
                level: verdict.level(health_score),
            }
        })
        .collect();
    let (total_keys, active_keys) = catalog.provider_keys.remove(&p.id).unwrap_or_default();
    let (total_models, active_models) = catalog.models.remove(&p.id).unwrap_or_default();
    let avg_health_score = if endpoints.is_empty() {
        1.0
    } else {
        endpoints.iter().map(|e| e.health_score).sum::<f64>() / endpoints.len() as f64
    };
    let verdict = ProviderVerdict::of(endpoints.iter().map(|e| e.verdict));
    let count =
        |f: fn(&EndpointHealthDetail) -> bool| endpoints.iter().filter(|e| f(e)).count() as u64;
    let gen_int = |v: Option<Option<i64>>, column: &str| v.map(|v| int(v, column)).transpose();
    let billing_type = billing_type(p.billing_type, &p.id)?;
    let quota_reset_day = int(p.quota_reset_day, "quota_reset_day")?;
    let as_of = db.info().as_of.unwrap_or_else(chrono::Utc::now);
    Ok(ProviderSummary {
        next_quota_reset: QuotaReset::of(
            billing_type,
            quota_reset_day,
            p.quota_last_reset_at,
            as_of,
        ),
        billing_type,
        provider_priority: int(p.provider_priority, "provider_priority")?,
        quota_reset_day,
        rpm_limit: gen_int(p.rpm_limit, "rpm_limit")?,
        rpm_used: gen_int(p.rpm_used, "rpm_used")?,
        max_retries: gen_int(p.max_retries, "max_retries")?,
        concurrent_limit: gen_int(p.concurrent_limit, "concurrent_limit")?,
        total_endpoints: endpoints.len() as u64,
        active_endpoints: count(|e| e.is_active),
        total_keys,
        active_keys,
        total_models,
        active_models,
        avg_health_score,
        unhealthy_endpoints: count(|e| e.health_score < UNHEALTHY_BELOW),
        verdict,
        needs_attention: verdict.needs_attention(),
        health_level: score_level(avg_health_score),
        api_formats: endpoints.iter().map(|e| e.api_format.clone()).collect(),
        endpoint_health_details: endpoints,
        id: p.id,
        name: p.name,
        display_name: p.display_name,
        description: p.description,
        website: p.website,
        provider_type: p.provider_type,
        is_active: p.is_active,
        monthly_quota_usd: p.monthly_quota_usd,
        monthly_used_usd: p.monthly_used_usd,
        quota_last_reset_at: p.quota_last_reset_at,
        quota_expires_at: p.quota_expires_at,
        rpm_reset_at: p.rpm_reset_at,
        request_timeout: p.request_timeout,
        stream_first_byte_timeout: p.stream_first_byte_timeout,
        keep_priority_on_conversion: p.keep_priority_on_conversion,
        enable_format_conversion: p.enable_format_conversion,
        created_at: p.created_at,
        updated_at: p.updated_at,
        generation: db.generation(),
    })
}
