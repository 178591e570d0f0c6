//! Small row builders for hand-written cases: every optional column empty unless the test sets it.

use aether_review_core::dataset::{CandidateRow, EndpointRow, KeyRow, ProviderRow};
use aether_review_core::model::{BillingType, Timestamp};

/// A runtime for driving async reads from inside a proptest case.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

pub fn provider(id: &str, priority: i32) -> ProviderRow {
    ProviderRow {
        id: id.to_owned(),
        name: format!("name-{id}"),
        display_name: format!("{id} display"),
        description: None,
        website: None,
        billing_type: BillingType::PayAsYouGo,
        monthly_quota_usd: None,
        monthly_used_usd: None,
        quota_reset_day: None,
        quota_last_reset_at: None,
        quota_expires_at: None,
        rpm_limit: None,
        rpm_used: None,
        rpm_reset_at: None,
        provider_priority: priority,
        is_active: true,
        created_at: None,
        updated_at: None,
        gateway: Default::default(),
    }
}

pub fn endpoint(
    id: &str,
    provider_id: &str,
    api_format: &str,
    created_at: Option<Timestamp>,
) -> EndpointRow {
    EndpointRow {
        id: id.to_owned(),
        provider_id: provider_id.to_owned(),
        api_format: api_format.to_owned(),
        base_url: "https://api.example".to_owned(),
        is_active: true,
        created_at,
    }
}

pub fn key(id: &str, endpoint_id: &str, health_score: Option<f64>, is_active: bool) -> KeyRow {
    KeyRow {
        id: id.to_owned(),
        endpoint_id: endpoint_id.to_owned(),
        name: None,
        health_score,
        is_active,
        ..KeyRow::new("", "", "")
    }
}

pub fn candidate(id: &str, endpoint_id: &str, created_at: Timestamp, status: &str) -> CandidateRow {
    CandidateRow {
        skip_reason: None,
        id: id.to_owned(),
        request_id: format!("req-{id}"),
        candidate_index: 0,
        retry_index: 0,
        provider_id: None,
        endpoint_id: Some(endpoint_id.to_owned()),
        key_id: None,
        status: status.to_owned(),
        status_code: None,
        error_type: None,
        error_message: None,
        latency_ms: None,
        created_at: Some(created_at),
        started_at: None,
        finished_at: None,
    }
}
