//! Statistics over every event of the window: totals by status, latency percentiles, status
//! codes and the most frequent error types.

use std::collections::{BTreeMap, HashMap};

use crate::model::{ErrorTypeCount, StatusCodeCount, Timestamp, WindowStats};
use crate::verdict::outcome_level;

/// The columns of one window event the statistics and the timeline need.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WindowEvent {
    pub created_at: Timestamp,
    pub status: String,
    pub status_code: Option<i32>,
    pub latency_ms: Option<i32>,
    pub error_type: Option<String>,
}

/// Error types listed in [`WindowStats::top_error_types`].
const TOP_ERRORS_IN_WINDOW: usize = 5;

pub(crate) fn window_stats<'a>(events: impl IntoIterator<Item = &'a WindowEvent>) -> WindowStats {
    let mut total = 0u64;
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    let mut latencies = Vec::new();
    let mut codes: BTreeMap<i32, u64> = BTreeMap::new();
    let mut errors = ErrorCounts::default();
    for e in events {
        total += 1;
        match by_status.get_mut(e.status.as_str()) {
            Some(n) => *n += 1,
            None => {
                by_status.insert(e.status.clone(), 1);
            }
        }
        latencies.extend(e.latency_ms);
        if let Some(code) = e.status_code {
            *codes.entry(code).or_default() += 1;
        }
        errors.add(e.error_type.as_deref());
    }
    latencies.sort_unstable();
    let success = by_status.get("success").copied().unwrap_or(0);
    let failed = by_status.get("failed").copied().unwrap_or(0);
    WindowStats {
        level: outcome_level(total, success, failed),
        total,
        success_rate: success_rate(success, total),
        by_status,
        latency_p50_ms: nearest_rank(&latencies, 50),
        latency_p95_ms: nearest_rank(&latencies, 95),
        latency_max_ms: latencies.last().copied(),
        status_codes: codes
            .into_iter()
            .map(|(status_code, count)| StatusCodeCount { status_code, count })
            .collect(),
        top_error_types: errors.top(TOP_ERRORS_IN_WINDOW),
    }
}

/// success / total; 1.0 when there is nothing to judge.
pub(crate) fn success_rate(success: u64, total: u64) -> f64 {
    if total == 0 {
        1.0
    } else {
        // Exact below 2^53 events; beyond, the ratio is still right to 15 digits.
        success as f64 / total as f64
    }
}

/// Nearest-rank percentile of ascending `sorted`: the element at `ceil(p·n) − 1`, in integers so
/// that `0.95 · 20` is exactly 19.
pub(crate) fn nearest_rank(sorted: &[i32], percent: usize) -> Option<i32> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (percent * n).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Counts of non-NULL error types.
#[derive(Debug, Default)]
pub(crate) struct ErrorCounts<'a>(HashMap<&'a str, u64>);

impl<'a> ErrorCounts<'a> {
    pub fn add(&mut self, error_type: Option<&'a str>) {
        if let Some(name) = error_type {
            *self.0.entry(name).or_default() += 1;
        }
    }

    /// The `n` most frequent, count DESC then name ASC.
    pub fn top(self, n: usize) -> Vec<ErrorTypeCount> {
        let mut counts: Vec<(&str, u64)> = self.0.into_iter().collect();
        counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
            .into_iter()
            .take(n)
            .map(|(name, count)| ErrorTypeCount {
                error_type: name.to_owned(),
                count,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_picks_the_ceiling_rank() {
        let twenty: Vec<i32> = (1..=20).collect();
        assert_eq!(nearest_rank(&twenty, 95), Some(19));
        assert_eq!(nearest_rank(&twenty, 50), Some(10));
        let three = [10, 20, 30];
        assert_eq!(nearest_rank(&three, 50), Some(20));
        assert_eq!(nearest_rank(&three, 95), Some(30));
        assert_eq!(nearest_rank(&[7], 50), Some(7));
        assert_eq!(nearest_rank(&[7], 95), Some(7));
        assert_eq!(nearest_rank(&[], 50), None);
    }

    #[test]
    fn nearest_rank_of_an_even_count_takes_the_lower_middle() {
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 50), Some(2));
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 95), Some(4));
    }

    #[test]
    fn top_errors_sort_by_count_then_name_and_skip_null() {
        let mut counts = ErrorCounts::default();
        for e in [
            Some("b"),
            Some("a"),
            None,
            Some("c"),
            Some("c"),
            Some("a"),
            None,
        ] {
            counts.add(e);
        }
        let top: Vec<_> = counts
            .top(2)
            .into_iter()
            .map(|e| (e.error_type, e.count))
            .collect();
        assert_eq!(top, [("a".to_owned(), 2), ("c".to_owned(), 2)]);
    }

    fn event(
        status: &str,
        code: Option<i32>,
        latency: Option<i32>,
        error: Option<&str>,
    ) -> WindowEvent {
        WindowEvent {
            created_at: Timestamp::default(),
            status: status.to_owned(),
            status_code: code,
            latency_ms: latency,
            error_type: error.map(str::to_owned),
        }
    }

    #[test]
    fn window_stats_count_every_status_and_skip_missing_values() {
        let events = [
            event("success", Some(200), Some(120), None),
            event("failed", Some(502), Some(900), Some("upstream")),
            event("pending", None, None, None),
            event("success", Some(200), Some(80), None),
        ];
        let stats = window_stats(&events);
        assert_eq!(stats.total, 4);
        assert_eq!(stats.by_status["pending"], 1);
        assert_eq!(stats.success_rate, 0.5);
        assert_eq!(stats.latency_p50_ms, Some(120));
        assert_eq!(stats.latency_p95_ms, Some(900));
        assert_eq!(stats.latency_max_ms, Some(900));
        assert_eq!(
            stats.status_codes,
            [
                StatusCodeCount {
                    status_code: 200,
                    count: 2
                },
                StatusCodeCount {
                    status_code: 502,
                    count: 1
                }
            ]
        );
        assert_eq!(stats.top_error_types.len(), 1);
    }

    #[test]
    fn an_empty_window_has_a_perfect_rate_and_no_latency() {
        let stats = window_stats(&[]);
        assert_eq!(stats.total, 0);
        assert_eq!(stats.success_rate, 1.0);
        assert_eq!(stats.latency_p50_ms, None);
        assert!(stats.by_status.is_empty());
    }
}
