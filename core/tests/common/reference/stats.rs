//! The window statistics and the timeline of `docs/rules.md`, the same on every generation: over every
//! event of the window, whatever its status.

use crate::common::verdicts;
use std::collections::BTreeMap;

use aether_review_core::dataset::CandidateRow;
use aether_review_core::health::histogram;
use aether_review_core::model::{
    ErrorTypeCount, OutcomeClass, OutcomeCounts, StatusCodeCount, TimelineBucket, Timestamp,
    WindowStats,
};
use chrono::TimeDelta;

/// Nearest rank: the element at index ceil(p·n) − 1 of the ascending latencies, p = percent/100.
fn exact_percentile(latencies: &[i32], percent: usize) -> Option<i32> {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return None;
    }
    // ceil(percent·n / 100) without floating point.
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

/// The percentile as reported: the value of the histogram bin holding the exact nearest-rank
/// latency, never above the largest latency — within the stated bound of the exact one
/// (checked here on every call).
fn percentile(latencies: &[i32], percent: usize) -> Option<i32> {
    let exact = exact_percentile(latencies, percent)?;
    let max = latencies.iter().max().copied()?;
    let reported = histogram::bin_value(histogram::bin_of(exact.into())).min(max.into());
    let error = (reported - i64::from(exact)).abs() as f64;
    assert!(
        error <= histogram::ALPHA * f64::from(exact).abs() + 0.5 || exact <= 0,
        "p{percent} {reported} is not within the bound of {exact}"
    );
    Some(reported as i32)
}

fn top_errors(events: &[&CandidateRow], n: usize) -> Vec<ErrorTypeCount> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for e in events {
        if let Some(t) = &e.error_type {
            *counts.entry(t.clone()).or_insert(0) += 1;
        }
    }
    let mut list: Vec<(String, u64)> = counts.into_iter().collect();
    // Stable sort on a name-ordered list: equal counts stay in name order.
    list.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    list.into_iter()
        .take(n)
        .map(|(error_type, count)| ErrorTypeCount { error_type, count })
        .collect()
}

/// How many of `events` fall in each outcome class.
pub fn outcomes<'a>(events: impl IntoIterator<Item = &'a CandidateRow>) -> OutcomeCounts {
    let mut counts = OutcomeCounts::default();
    for e in events {
        let class = super::incident::outcome(&e.status, e.status_code, e.error_message.as_deref());
        let slot = match class {
            OutcomeClass::Success => &mut counts.success,
            OutcomeClass::ServiceError => &mut counts.service_error,
            OutcomeClass::UserError => &mut counts.user_error,
            OutcomeClass::NotAttempted => &mut counts.not_attempted,
            OutcomeClass::InFlight => &mut counts.in_flight,
        };
        *slot += 1;
    }
    counts
}

/// Totals, success rate, latencies, codes and the top five error types of `events`.
pub fn stats(events: &[&CandidateRow]) -> WindowStats {
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    let mut codes: BTreeMap<i32, u64> = BTreeMap::new();
    for e in events {
        *by_status.entry(e.status.clone()).or_insert(0) += 1;
        if let Some(code) = e.status_code {
            *codes.entry(code).or_insert(0) += 1;
        }
    }
    let latencies: Vec<i32> = events.iter().filter_map(|e| e.latency_ms).collect();
    let total = events.len() as u64;
    let o = outcomes(events.iter().copied());
    WindowStats {
        level: verdicts::outcome(total, o.success, o.service_error),
        total,
        by_status,
        outcomes: o,
        success_rate: verdicts::outcome_rate(o.success, o.service_error),
        latency_p50_ms: percentile(&latencies, 50),
        latency_p95_ms: percentile(&latencies, 95),
        latency_max_ms: latencies.iter().max().copied(),
        status_codes: codes
            .into_iter()
            .map(|(status_code, count)| StatusCodeCount { status_code, count })
            .collect(),
        top_error_types: top_errors(events, 5),
    }
}

/// `buckets` equal slices of `[since, as_of]`.
pub struct Cut {
    pub since: Timestamp,
    pub as_of: Timestamp,
    pub buckets: u32,
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

    /// Every slice with the events whose `created_at` falls in it.
    pub fn timeline(&self, events: &[&CandidateRow]) -> Vec<TimelineBucket> {
        (0..self.buckets)
            .map(|i| {
                let mine: Vec<&CandidateRow> = events
                    .iter()
                    .copied()
                    .filter(|e| self.bucket_of(e.created_at.unwrap()) == i)
                    .collect();
                let count = |s: &str| mine.iter().filter(|e| e.status == s).count() as u64;
                let (success, failed, skipped) =
                    (count("success"), count("failed"), count("skipped"));
                let latencies: Vec<i32> = mine.iter().filter_map(|e| e.latency_ms).collect();
                let o = outcomes(mine.iter().copied());
                TimelineBucket {
                    start: self.boundary(i),
                    end: self.boundary(i + 1),
                    total: mine.len() as u64,
                    success,
                    failed,
                    skipped,
                    other: mine.len() as u64 - success - failed - skipped,
                    latency_p50_ms: percentile(&latencies, 50),
                    top_error_types: top_errors(&mine, 3),
                    outcomes: o,
                    success_rate: verdicts::outcome_rate(o.success, o.service_error),
                    level: verdicts::outcome(mine.len() as u64, o.success, o.service_error),
                }
            })
            .collect()
    }
}
