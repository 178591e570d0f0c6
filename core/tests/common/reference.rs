//! A plain-Rust model of SPEC §2.1–2.2 computed straight from a [`Dataset`]: no SQL, loops over
//! rows written as the spec reads. The property tests compare every read operation with it.

use std::collections::BTreeMap;

use aether_review_core::dataset::{CandidateRow, Dataset, EndpointRow};
use aether_review_core::layout::Generation;
use aether_review_core::model::ProviderVerdict;

use super::verdicts;
use aether_review_core::model::{
    EndpointHealthDetail, EndpointHealthMonitor, ErrorTypeCount, HealthEvent,
    ProviderHealthMonitor, ProviderSummary, StatusCodeCount, TimelineBucket, Timestamp,
    WindowStats,
};
use chrono::TimeDelta;

/// Every provider's summary in SPEC order: priority, created_at (NULLs last), id.
pub fn summaries(ds: &Dataset) -> Vec<ProviderSummary> {
    let mut providers: Vec<_> = ds.providers.iter().collect();
    providers.sort_by(|a, b| {
        a.provider_priority
            .cmp(&b.provider_priority)
            .then(nulls_last(a.created_at, b.created_at))
            .then(a.id.as_bytes().cmp(b.id.as_bytes()))
    });
    providers
        .into_iter()
        .map(|p| summary(ds, &p.id).expect("the provider exists"))
        .collect()
}

/// One provider's summary, `None` when there is no such provider.
pub fn summary(ds: &Dataset, provider_id: &str) -> Option<ProviderSummary> {
    let p = ds.providers.iter().find(|p| p.id == provider_id)?;
    let endpoints = endpoints_of(ds, provider_id);
    let mut details = Vec::new();
    for e in &endpoints {
        let keys: Vec<_> = ds.keys.iter().filter(|k| k.endpoint_id == e.id).collect();
        let scores: Vec<f64> = keys.iter().filter_map(|k| k.health_score).collect();
        let health = if scores.is_empty() {
            1.0
        } else {
            scores.iter().sum::<f64>() / scores.len() as f64
        };
        let active_keys = keys.iter().filter(|k| k.is_active).count() as u32;
        let (verdict, level) = verdicts::endpoint(e.is_active, active_keys, health);
        details.push(EndpointHealthDetail {
            endpoint_id: e.id.clone(),
            api_format: e.api_format.clone(),
            health_score: health,
            is_active: e.is_active,
            active_keys,
            total_keys: keys.len() as u32,
            verdict,
            level,
        });
    }
    let models: Vec<_> = ds
        .models
        .iter()
        .filter(|m| m.provider_id == provider_id)
        .collect();
    let avg_health_score = if details.is_empty() {
        1.0
    } else {
        details.iter().map(|d| d.health_score).sum::<f64>() / details.len() as f64
    };
    let provider_verdict =
        verdicts::provider(&details.iter().map(|d| d.verdict).collect::<Vec<_>>());
    Some(ProviderSummary {
        id: p.id.clone(),
        name: p.name.clone(),
        display_name: Some(Some(p.display_name.clone())),
        description: p.description.clone(),
        website: p.website.clone(),
        provider_priority: Some(p.provider_priority),
        is_active: p.is_active,
        billing_type: Some(p.billing_type),
        monthly_quota_usd: p.monthly_quota_usd,
        monthly_used_usd: p.monthly_used_usd,
        quota_reset_day: p.quota_reset_day,
        quota_last_reset_at: p.quota_last_reset_at,
        quota_expires_at: p.quota_expires_at,
        rpm_limit: Some(p.rpm_limit),
        rpm_used: Some(p.rpm_used),
        rpm_reset_at: Some(p.rpm_reset_at),
        provider_type: None,
        max_retries: None,
        request_timeout: None,
        stream_first_byte_timeout: None,
        concurrent_limit: None,
        keep_priority_on_conversion: None,
        enable_format_conversion: None,
        total_endpoints: details.len() as u32,
        active_endpoints: details.iter().filter(|d| d.is_active).count() as u32,
        total_keys: details.iter().map(|d| d.total_keys).sum(),
        active_keys: details.iter().map(|d| d.active_keys).sum(),
        total_models: models.len() as u32,
        active_models: models.iter().filter(|m| m.is_active).count() as u32,
        avg_health_score,
        unhealthy_endpoints: details.iter().filter(|d| d.health_score < 0.5).count() as u32,
        api_formats: details.iter().map(|d| d.api_format.clone()).collect(),
        endpoint_health_details: details,
        created_at: p.created_at,
        updated_at: p.updated_at,
        generation: Generation::Legacy,
        verdict: provider_verdict,
        needs_attention: matches!(
            provider_verdict,
            ProviderVerdict::CannotServe | ProviderVerdict::Unhealthy
        ),
        health_level: verdicts::score(avg_health_score),
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
pub fn health(ds: &Dataset, provider_id: &str, args: HealthArgs) -> Option<ProviderHealthMonitor> {
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
    for e in endpoints_of(ds, provider_id) {
        let window: Vec<&CandidateRow> = ds
            .candidates
            .iter()
            .filter(|c| c.endpoint_id.as_deref() == Some(e.id.as_str()) && in_window(c))
            .collect();
        all_window.extend(&window);

        let mut newest_first = window.clone();
        newest_first.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then(b.id.as_bytes().cmp(a.id.as_bytes()))
        });
        newest_first.truncate(args.per_endpoint_limit as usize);
        let events: Vec<HealthEvent> = newest_first.iter().rev().map(|c| event(c)).collect();

        let success = events.iter().filter(|e| e.status == "success").count() as u32;
        let total = events.len() as u32;
        endpoints.push(EndpointHealthMonitor {
            endpoint_id: e.id.clone(),
            api_format: e.api_format.clone(),
            is_active: e.is_active,
            total_attempts: total,
            success_count: success,
            failed_count: events.iter().filter(|e| e.status == "failed").count() as u32,
            skipped_count: events.iter().filter(|e| e.status == "skipped").count() as u32,
            success_rate: if total == 0 {
                1.0
            } else {
                success as f64 / total as f64
            },
            sample_level: verdicts::outcome(
                total,
                success,
                events.iter().filter(|e| e.status == "failed").count() as u32,
            ),
            last_event_at: events.last().map(|e| e.timestamp),
            events,
            window: stats(&window, 5),
            timeline: cut.timeline(&window),
        });
    }

    Some(ProviderHealthMonitor {
        provider_id: p.id.clone(),
        provider_name: if p.display_name.is_empty() {
            p.name.clone()
        } else {
            p.display_name.clone()
        },
        generated_at: as_of,
        since,
        lookback_hours: args.lookback_hours,
        per_endpoint_limit: args.per_endpoint_limit,
        endpoints,
        window: stats(&all_window, 5),
        timeline: cut.timeline(&all_window),
        generation: Generation::Legacy,
    })
}

fn event(c: &CandidateRow) -> HealthEvent {
    HealthEvent {
        timestamp: c
            .finished_at
            .or(c.started_at)
            .or(c.created_at)
            .expect("window events have a created_at"),
        status: c.status.clone(),
        status_code: c.status_code,
        latency_ms: c.latency_ms,
        error_type: c.error_type.clone(),
        error_message: c.error_message.clone(),
    }
}

/// The provider's endpoints: created_at ASC (NULLs last), then id.
fn endpoints_of<'a>(ds: &'a Dataset, provider_id: &str) -> Vec<&'a EndpointRow> {
    let mut endpoints: Vec<_> = ds
        .endpoints
        .iter()
        .filter(|e| e.provider_id == provider_id)
        .collect();
    endpoints.sort_by(|a, b| {
        nulls_last(a.created_at, b.created_at).then(a.id.as_bytes().cmp(b.id.as_bytes()))
    });
    endpoints
}

fn nulls_last(a: Option<Timestamp>, b: Option<Timestamp>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Nearest rank: the element at index ceil(p·n) − 1 of the ascending latencies, p = percent/100.
fn percentile(latencies: &[i32], percent: usize) -> Option<i32> {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return None;
    }
    // ceil(percent·n / 100) without floating point.
    let rank = (percent * sorted.len()).div_ceil(100);
    Some(sorted[rank - 1])
}

fn top_errors(events: &[&CandidateRow], n: usize) -> Vec<ErrorTypeCount> {
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for e in events {
        if let Some(t) = &e.error_type {
            *counts.entry(t.clone()).or_insert(0) += 1;
        }
    }
    let mut list: Vec<(String, u32)> = counts.into_iter().collect();
    // Stable sort on a name-ordered list: equal counts stay in name order.
    list.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    list.into_iter()
        .take(n)
        .map(|(error_type, count)| ErrorTypeCount { error_type, count })
        .collect()
}

fn stats(events: &[&CandidateRow], top: usize) -> WindowStats {
    let mut by_status: BTreeMap<String, u32> = BTreeMap::new();
    let mut codes: BTreeMap<i32, u32> = BTreeMap::new();
    for e in events {
        *by_status.entry(e.status.clone()).or_insert(0) += 1;
        if let Some(code) = e.status_code {
            *codes.entry(code).or_insert(0) += 1;
        }
    }
    let latencies: Vec<i32> = events.iter().filter_map(|e| e.latency_ms).collect();
    let total = events.len() as u32;
    let success = by_status.get("success").copied().unwrap_or(0);
    let failed = by_status.get("failed").copied().unwrap_or(0);
    WindowStats {
        level: verdicts::outcome(total, success, failed),
        total,
        by_status,
        success_rate: if total == 0 {
            1.0
        } else {
            success as f64 / total as f64
        },
        latency_p50_ms: percentile(&latencies, 50),
        latency_p95_ms: percentile(&latencies, 95),
        latency_max_ms: latencies.iter().max().copied(),
        status_codes: codes
            .into_iter()
            .map(|(status_code, count)| StatusCodeCount { status_code, count })
            .collect(),
        top_error_types: top_errors(events, top),
    }
}

struct Cut {
    since: Timestamp,
    as_of: Timestamp,
    buckets: u32,
}

impl Cut {
    fn span_us(&self) -> i128 {
        i128::from((self.as_of - self.since).num_microseconds().unwrap())
    }

    fn boundary(&self, i: u32) -> Timestamp {
        let offset = self.span_us() * i128::from(i) / i128::from(self.buckets);
        self.since + TimeDelta::microseconds(offset as i64)
    }

    fn bucket_of(&self, t: Timestamp) -> u32 {
        let offset = i128::from((t - self.since).num_microseconds().unwrap());
        let i = (offset * i128::from(self.buckets) / self.span_us()) as u32;
        i.min(self.buckets - 1)
    }

    fn timeline(&self, events: &[&CandidateRow]) -> Vec<TimelineBucket> {
        (0..self.buckets)
            .map(|i| {
                let mine: Vec<&CandidateRow> = events
                    .iter()
                    .copied()
                    .filter(|e| self.bucket_of(e.created_at.unwrap()) == i)
                    .collect();
                let count = |s: &str| mine.iter().filter(|e| e.status == s).count() as u32;
                let (success, failed, skipped) =
                    (count("success"), count("failed"), count("skipped"));
                let latencies: Vec<i32> = mine.iter().filter_map(|e| e.latency_ms).collect();
                TimelineBucket {
                    start: self.boundary(i),
                    end: self.boundary(i + 1),
                    total: mine.len() as u32,
                    success,
                    failed,
                    skipped,
                    other: mine.len() as u32 - success - failed - skipped,
                    latency_p50_ms: percentile(&latencies, 50),
                    top_error_types: top_errors(&mine, 3),
                    level: verdicts::outcome(mine.len() as u32, success, failed),
                }
            })
            .collect()
    }
}
