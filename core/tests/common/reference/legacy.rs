//! Aether ≤ v0.2 as `docs/rules.md` states it: each key belongs to one endpoint and carries one score;
//! endpoints in creation order; the admin sees `display_name`.

use crate::common::verdicts;
use std::cmp::Ordering;

use aether_review_core::dataset::{CandidateRow, Dataset, EndpointRow, ProviderRow};
use aether_review_core::model::{EndpointHealthDetail, ProviderSummary};

use super::{newest_first, nulls_last};

/// Endpoint `created_at` ASC (NULLs last), then id.
pub fn endpoint_order(a: &EndpointRow, b: &EndpointRow) -> Ordering {
    nulls_last(a.created_at, b.created_at).then(a.id.as_bytes().cmp(b.id.as_bytes()))
}

/// Per endpoint: its own keys, active or not; health = mean of their non-NULL scores, else 1.0.
pub fn details(ds: &Dataset, endpoints: &[&EndpointRow]) -> Vec<EndpointHealthDetail> {
    endpoints
        .iter()
        .map(|e| {
            let keys: Vec<_> = ds.keys.iter().filter(|k| k.endpoint_id == e.id).collect();
            let scores: Vec<f64> = keys.iter().filter_map(|k| k.health_score).collect();
            let health_score = super::mean_or_one(&scores);
            let active_keys = keys.iter().filter(|k| k.is_active).count() as u64;
            let (verdict, level) = verdicts::endpoint(e.is_active, active_keys, health_score);
            EndpointHealthDetail {
                endpoint_id: e.id.clone(),
                api_format: e.api_format.clone(),
                health_score,
                is_active: e.is_active,
                active_keys,
                total_keys: keys.len() as u64,
                verdict,
                level,
            }
        })
        .collect()
}

/// The legacy-only columns.
pub fn fill(s: &mut ProviderSummary, p: &ProviderRow) {
    s.display_name = Some(Some(p.display_name.clone()));
    s.rpm_limit = Some(p.rpm_limit);
    s.rpm_used = Some(p.rpm_used);
    s.rpm_reset_at = Some(p.rpm_reset_at);
}

/// `display_name`, or `name` when it is empty.
pub fn shown_name(p: &ProviderRow) -> String {
    if p.display_name.is_empty() {
        p.name.clone()
    } else {
        p.display_name.clone()
    }
}

/// The newest `limit` events of the window, every status, oldest first by `created_at`, id.
pub fn sample<'a>(window: &[&'a CandidateRow], limit: u32) -> Vec<&'a CandidateRow> {
    let mut sample = newest_first(window.to_vec(), limit);
    sample.reverse();
    sample
}
