//! Reading a whole database back into a [`Dataset`], so a snapshot made by the demo generator can
//! be copied into PostgreSQL and given to the reference model. Same SQL on both engines.

use aether_review_core::dataset::{
    CandidateRow, Dataset, EndpointRow, KeyRow, ModelRow, ProviderRow,
};
use aether_review_core::model::{BillingType, Timestamp};
use aether_review_core::Database;

#[derive(sqlx::FromRow)]
struct Provider {
    id: String,
    name: String,
    display_name: String,
    description: Option<String>,
    website: Option<String>,
    billing_type: String,
    monthly_quota_usd: Option<f64>,
    monthly_used_usd: Option<f64>,
    quota_reset_day: Option<i64>,
    quota_last_reset_at: Option<Timestamp>,
    quota_expires_at: Option<Timestamp>,
    rpm_limit: Option<i64>,
    rpm_used: Option<i64>,
    rpm_reset_at: Option<Timestamp>,
    provider_priority: i64,
    is_active: bool,
    created_at: Option<Timestamp>,
    updated_at: Option<Timestamp>,
}

#[derive(sqlx::FromRow)]
struct Endpoint {
    id: String,
    provider_id: String,
    api_format: String,
    base_url: String,
    is_active: bool,
    created_at: Option<Timestamp>,
}

#[derive(sqlx::FromRow)]
struct Key {
    id: String,
    endpoint_id: String,
    name: Option<String>,
    health_score: Option<f64>,
    is_active: bool,
}

#[derive(sqlx::FromRow)]
struct Model {
    id: String,
    provider_id: String,
    provider_model_name: String,
    is_active: bool,
}

#[derive(sqlx::FromRow)]
struct Candidate {
    id: String,
    request_id: String,
    candidate_index: i64,
    retry_index: i64,
    provider_id: Option<String>,
    endpoint_id: Option<String>,
    key_id: Option<String>,
    status: String,
    status_code: Option<i64>,
    error_type: Option<String>,
    error_message: Option<String>,
    latency_ms: Option<i64>,
    created_at: Option<Timestamp>,
    started_at: Option<Timestamp>,
    finished_at: Option<Timestamp>,
}

fn int(v: i64) -> i32 {
    i32::try_from(v).expect("an integer column fits i32")
}

/// Every row of Aether's five tables in `db`.
pub async fn dataset_of(db: &Database) -> Dataset {
    let providers = aether_review_core::fetch!(
        db,
        fetch_all,
        Provider,
        "SELECT id, name, display_name, description, website, \
         CAST(billing_type AS TEXT) AS billing_type, \
         CAST(monthly_quota_usd AS DOUBLE PRECISION) AS monthly_quota_usd, \
         CAST(monthly_used_usd AS DOUBLE PRECISION) AS monthly_used_usd, \
         CAST(quota_reset_day AS BIGINT) AS quota_reset_day, quota_last_reset_at, \
         quota_expires_at, CAST(rpm_limit AS BIGINT) AS rpm_limit, \
         CAST(rpm_used AS BIGINT) AS rpm_used, rpm_reset_at, \
         CAST(provider_priority AS BIGINT) AS provider_priority, is_active, created_at, updated_at \
         FROM providers ORDER BY id"
    )
    .expect("read providers");
    let endpoints = aether_review_core::fetch!(
        db,
        fetch_all,
        Endpoint,
        "SELECT id, provider_id, api_format, base_url, is_active, created_at \
         FROM provider_endpoints ORDER BY id"
    )
    .expect("read endpoints");
    let keys = aether_review_core::fetch!(
        db,
        fetch_all,
        Key,
        "SELECT id, endpoint_id, name, CAST(health_score AS DOUBLE PRECISION) AS health_score, \
         is_active FROM provider_api_keys ORDER BY id"
    )
    .expect("read keys");
    let models = aether_review_core::fetch!(
        db,
        fetch_all,
        Model,
        "SELECT id, provider_id, provider_model_name, is_active FROM models ORDER BY id"
    )
    .expect("read models");
    let candidates = aether_review_core::fetch!(
        db,
        fetch_all,
        Candidate,
        "SELECT id, request_id, CAST(candidate_index AS BIGINT) AS candidate_index, \
         CAST(retry_index AS BIGINT) AS retry_index, provider_id, endpoint_id, key_id, status, \
         CAST(status_code AS BIGINT) AS status_code, error_type, error_message, \
         CAST(latency_ms AS BIGINT) AS latency_ms, created_at, started_at, finished_at \
         FROM request_candidates ORDER BY id"
    )
    .expect("read request candidates");

    Dataset {
        providers: providers
            .into_iter()
            .map(|p| ProviderRow {
                billing_type: BillingType::parse(&p.billing_type).expect("a known billing type"),
                id: p.id,
                name: p.name,
                display_name: p.display_name,
                description: p.description,
                website: p.website,
                monthly_quota_usd: p.monthly_quota_usd,
                monthly_used_usd: p.monthly_used_usd,
                quota_reset_day: p.quota_reset_day.map(int),
                quota_last_reset_at: p.quota_last_reset_at,
                quota_expires_at: p.quota_expires_at,
                rpm_limit: p.rpm_limit.map(int),
                rpm_used: p.rpm_used.map(int),
                rpm_reset_at: p.rpm_reset_at,
                provider_priority: int(p.provider_priority),
                is_active: p.is_active,
                created_at: p.created_at,
                updated_at: p.updated_at,
                gateway: Default::default(),
            })
            .collect(),
        endpoints: endpoints
            .into_iter()
            .map(|e| EndpointRow {
                id: e.id,
                provider_id: e.provider_id,
                api_format: e.api_format,
                base_url: e.base_url,
                is_active: e.is_active,
                created_at: e.created_at,
            })
            .collect(),
        keys: keys
            .into_iter()
            .map(|k| KeyRow {
                id: k.id,
                endpoint_id: k.endpoint_id,
                name: k.name,
                health_score: k.health_score,
                is_active: k.is_active,
                ..KeyRow::new("", "", "")
            })
            .collect(),
        models: models
            .into_iter()
            .map(|m| ModelRow {
                id: m.id,
                provider_id: m.provider_id,
                provider_model_name: m.provider_model_name,
                is_active: m.is_active,
            })
            .collect(),
        candidates: candidates
            .into_iter()
            .map(|c| CandidateRow {
                skip_reason: None,
                id: c.id,
                request_id: c.request_id,
                candidate_index: int(c.candidate_index),
                retry_index: int(c.retry_index),
                provider_id: c.provider_id,
                endpoint_id: c.endpoint_id,
                key_id: c.key_id,
                status: c.status,
                status_code: c.status_code.map(int),
                error_type: c.error_type,
                error_message: c.error_message,
                latency_ms: c.latency_ms.map(int),
                created_at: c.created_at,
                started_at: c.started_at,
                finished_at: c.finished_at,
            })
            .collect(),
    }
}
