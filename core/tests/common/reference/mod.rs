//! A plain-Rust model of `docs/rules.md`–2.2 and of each generation's rules (`docs/generations.md`), computed straight
//! from a [`Dataset`]: no SQL, loops over rows written as the spec reads, and written apart from
//! `core/src/source` so that two independent readings of the spec are compared. The property
//! tests compare every read operation with it. What differs per generation is in `legacy.rs` and
//! `gateway.rs` (v0.3 and the Rust gateway); `stats.rs` holds the window statistics and timeline.

mod gateway;
pub mod incident;
mod legacy;
mod stats;

use crate::common::verdicts;
use aether_review_core::model::ProviderVerdict;
use std::cmp::Ordering;

use aether_review_core::dataset::{CandidateRow, Dataset, EndpointRow, ProviderRow};
use aether_review_core::layout::Generation;
use aether_review_core::model::{
    BillingType, EndpointHealthMonitor, HealthEvent, ProviderHealthMonitor, ProviderSummary,
    QuotaReset, Timestamp,
};
use chrono::TimeDelta;

use stats::{stats, Cut};

/// Every provider's summary in the generation's order: legacy by priority, created_at (NULLs
/// last), id; v0.3 and the Rust gateway the same with active providers first.
pub fn summaries(ds: &Dataset, generation: Generation, as_of: Timestamp) -> Vec<ProviderSummary> {
    let mut providers: Vec<&ProviderRow> = ds.providers.iter().collect();
    providers.sort_by(|a, b| {
        let active_first = match generation {
            Generation::Legacy => Ordering::Equal,
            _ => b.is_active.cmp(&a.is_active),
        };
        active_first
            .then(a.provider_priority.cmp(&b.provider_priority))
            .then(nulls_last(a.created_at, b.created_at))
            .then(a.id.as_bytes().cmp(b.id.as_bytes()))
    });
    providers
        .into_iter()
        .map(|p| summary(ds, generation, &p.id, as_of).expect("the provider exists"))
        .collect()
}

/// One provider's summary at `as_of`, `None` when there is no such provider.
pub fn summary(
    ds: &Dataset,
    generation: Generation,
    provider_id: &str,
    as_of: Timestamp,
) -> Option<ProviderSummary> {
    let p = ds.providers.iter().find(|p| p.id == provider_id)?;
    let endpoints = endpoints_of(ds, generation, provider_id);
    let details = match generation {
        Generation::Legacy => legacy::details(ds, &endpoints),
        _ => gateway::details(ds, generation, p, &endpoints),
    };
    // Legacy: the keys of the provider's endpoints; newer: every key of the provider.
    let (total_keys, active_keys) = match generation {
        Generation::Legacy => (
            details.iter().map(|d| d.total_keys).sum(),
            details.iter().map(|d| d.active_keys).sum(),
        ),
        _ => gateway::provider_keys(ds, p),
    };
    let models: Vec<_> = ds
        .models
        .iter()
        .filter(|m| m.provider_id == provider_id)
        .collect();
    let endpoint_health: Vec<f64> = details.iter().map(|d| d.health_score).collect();
    let verdict = verdicts::provider(&details.iter().map(|d| d.verdict).collect::<Vec<_>>());
    let mut s = ProviderSummary {
        id: p.id.clone(),
        name: p.name.clone(),
        display_name: None,
        description: p.description.clone(),
        website: p.website.clone(),
        provider_priority: Some(p.provider_priority),
        is_active: p.is_active,
        billing_type: Some(p.billing_type),
        monthly_quota_usd: p.monthly_quota_usd,
        monthly_used_usd: p.monthly_used_usd,
        quota_reset_day: p.quota_reset_day,
        quota_last_reset_at: p.quota_last_reset_at,
        next_quota_reset: next_quota_reset(p, as_of),
        quota_expires_at: p.quota_expires_at,
        rpm_limit: None,
        rpm_used: None,
        rpm_reset_at: None,
        provider_type: None,
        max_retries: None,
        request_timeout: None,
        stream_first_byte_timeout: None,
        concurrent_limit: None,
        keep_priority_on_conversion: None,
        enable_format_conversion: None,
        total_endpoints: details.len() as u64,
        active_endpoints: details.iter().filter(|d| d.is_active).count() as u64,
        total_keys,
        active_keys,
        total_models: models.len() as u64,
        active_models: models.iter().filter(|m| m.is_active).count() as u64,
        avg_health_score: mean_or_one(&endpoint_health),
        unhealthy_endpoints: endpoint_health.iter().filter(|h| **h < 0.5).count() as u64,
        api_formats: details.iter().map(|d| d.api_format.clone()).collect(),
        endpoint_health_details: details,
        created_at: p.created_at,
        updated_at: p.updated_at,
        generation,
        verdict,
        needs_attention: matches!(
            verdict,
            ProviderVerdict::CannotServe | ProviderVerdict::Unhealthy
        ),
        health_level: verdicts::score(mean_or_one(&endpoint_health)),
    };
    match generation {
        Generation::Legacy => legacy::fill(&mut s, p),
        _ => gateway::fill(&mut s, p),
    }
    Some(s)
}

/// A monthly quota with a period and a last reset is reset a period after the last one; the days
/// left count every day started before it (counted one day at a time).
fn next_quota_reset(p: &ProviderRow, as_of: Timestamp) -> Option<QuotaReset> {
    if p.billing_type != BillingType::MonthlyQuota {
        return None;
    }
    let period = p.quota_reset_day.filter(|d| *d > 0)?;
    let at = p.quota_last_reset_at? + TimeDelta::days(period.into());
    let mut days_left = 0;
    while as_of + TimeDelta::days(days_left.into()) < at {
        days_left += 1;
    }
    Some(QuotaReset {
        at,
        days_left,
        overdue: at <= as_of,
    })
}

/// Resolved health-monitor arguments (defaults applied, `as_of` known).
#[derive(Debug, Clone, Copy)]
pub struct HealthArgs {
    pub lookback_hours: u32,
    pub per_endpoint_limit: u32,
    pub buckets: u32,
    pub as_of: Timestamp,
}

/// The health monitor of one provider, `None` when there is no such provider.
pub fn health(
    ds: &Dataset,
    generation: Generation,
    provider_id: &str,
    args: HealthArgs,
) -> Option<ProviderHealthMonitor> {
    let p = ds.providers.iter().find(|p| p.id == provider_id)?;
    let as_of = args.as_of;
    let since = as_of - TimeDelta::hours(i64::from(args.lookback_hours));
    let in_window = |c: &CandidateRow| matches!(c.created_at, Some(t) if since <= t && t <= as_of);
    let cut = Cut {
        since,
        as_of,
        buckets: args.buckets,
    };

    let mut all_window: Vec<&CandidateRow> = Vec::new();
    let mut endpoints = Vec::new();
    for e in endpoints_of(ds, generation, provider_id) {
        let window: Vec<&CandidateRow> = ds
            .candidates
            .iter()
            .filter(|c| c.endpoint_id.as_deref() == Some(e.id.as_str()) && in_window(c))
            .collect();
        all_window.extend(&window);

        let sample = match generation {
            Generation::Legacy => legacy::sample(&window, args.per_endpoint_limit),
            _ => gateway::sample(generation, &window, args.per_endpoint_limit),
        };
        let events: Vec<HealthEvent> = sample.iter().map(|c| event(c)).collect();

        let count = |status: &str| events.iter().filter(|e| e.status == status).count() as u64;
        let success = count("success");
        let total = events.len() as u64;
        endpoints.push(EndpointHealthMonitor {
            endpoint_id: e.id.clone(),
            api_format: e.api_format.clone(),
            is_active: e.is_active,
            total_attempts: total,
            success_count: success,
            failed_count: count("failed"),
            skipped_count: count("skipped"),
            success_rate: if total == 0 {
                1.0
            } else {
                success as f64 / total as f64
            },
            sample_level: {
                let o = stats::outcomes(sample.iter().copied());
                verdicts::outcome(total, o.success, o.service_error)
            },
            last_event_at: events.last().map(|e| e.timestamp),
            events,
            window: stats(&window),
            timeline: cut.timeline(&window),
        });
    }

    Some(ProviderHealthMonitor {
        provider_id: p.id.clone(),
        provider_name: match generation {
            Generation::Legacy => legacy::shown_name(p),
            _ => p.name.clone(),
        },
        generated_at: as_of,
        since,
        lookback_hours: args.lookback_hours,
        per_endpoint_limit: args.per_endpoint_limit,
        endpoints,
        window: stats(&all_window),
        timeline: cut.timeline(&all_window),
        generation,
    })
}

/// When the event happened: finished, else started, else created.
fn event_time(c: &CandidateRow) -> Timestamp {
    c.finished_at
        .or(c.started_at)
        .or(c.created_at)
        .expect("window events have a created_at")
}

fn event(c: &CandidateRow) -> HealthEvent {
    HealthEvent {
        timestamp: event_time(c),
        created_at: c.created_at.expect("window events have a created_at"),
        finished_at: c.finished_at,
        status: c.status.clone(),
        status_code: c.status_code,
        latency_ms: c.latency_ms,
        error_type: c.error_type.clone(),
        error_message: c.error_message.clone(),
    }
}

/// The newest `limit` of `events`: created_at DESC, then id DESC (as bytes).
fn newest_first(mut events: Vec<&CandidateRow>, limit: u32) -> Vec<&CandidateRow> {
    events.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then(b.id.as_bytes().cmp(a.id.as_bytes()))
    });
    events.truncate(limit as usize);
    events
}

/// The provider's endpoints in the generation's display order.
fn endpoints_of<'a>(
    ds: &'a Dataset,
    generation: Generation,
    provider_id: &str,
) -> Vec<&'a EndpointRow> {
    let mut endpoints: Vec<_> = ds
        .endpoints
        .iter()
        .filter(|e| e.provider_id == provider_id)
        .collect();
    endpoints.sort_by(|a, b| match generation {
        Generation::Legacy => legacy::endpoint_order(a, b),
        _ => gateway::endpoint_order(a, b),
    });
    endpoints
}

fn mean_or_one(values: &[f64]) -> f64 {
    if values.is_empty() {
        1.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

fn nulls_last(a: Option<Timestamp>, b: Option<Timestamp>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
