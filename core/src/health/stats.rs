//! Statistics over every event of the window: totals by status, latency percentiles, status
//! codes and the most frequent error types.

use std::collections::HashMap;

use super::tally::Tally;
use crate::model::{ErrorTypeCount, StatusCodeCount, WindowStats};

/// Error types listed in [`WindowStats::top_error_types`].
const TOP_ERRORS_IN_WINDOW: usize = 5;

/// The window statistics of a tally (an endpoint's or the provider's whole window).
pub(crate) fn window_stats(tally: &Tally) -> WindowStats {
    WindowStats {
        level: tally.outcomes.level(),
        total: tally.total(),
        outcomes: tally.outcomes,
        success_rate: tally.outcomes.success_rate(),
        by_status: tally
            .by_status
            .iter()
            .map(|(status, &n)| (status.clone(), n))
            .collect(),
        latency_p50_ms: latency(tally.latency.percentile(50)),
        latency_p95_ms: latency(tally.latency.percentile(95)),
        latency_max_ms: latency(tally.latency.max()),
        status_codes: tally
            .status_codes
            .iter()
            .map(|(&status_code, &count)| StatusCodeCount { status_code, count })
            .collect(),
        top_error_types: top_errors(&tally.error_types, TOP_ERRORS_IN_WINDOW),
    }
}

/// A latency the histogram gives back; rows hold 32-bit latencies, so it fits.
pub(crate) fn latency(ms: Option<i64>) -> Option<i32> {
    ms.map(|v| i32::try_from(v).unwrap_or(if v < 0 { i32::MIN } else { i32::MAX }))
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

/// The `n` most frequent error types, count DESC then name ASC.
pub(crate) fn top_errors(counts: &HashMap<String, u64>, n: usize) -> Vec<ErrorTypeCount> {
    let mut counts: Vec<(&str, u64)> = counts.iter().map(|(k, &v)| (k.as_str(), v)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Status, status code, latency, error type.
    type Event<'a> = (&'a str, Option<i32>, Option<i64>, Option<&'a str>);

    fn tally(events: &[Event]) -> Tally {
        let mut t = Tally::default();
        for &(status, code, latency, error) in events {
            let class = crate::outcome::OutcomeClass::classify(status, code.map(i64::from), None);
            t.add_events(status, class.as_str(), 1);
            if let Some(code) = code {
                t.add_status_code(code, 1);
            }
            if let Some(latency) = latency {
                t.latency.record(latency);
            }
            if let Some(error) = error {
                t.add_error_type(error, 1);
            }
        }
        t
    }

    #[test]
    fn top_errors_sort_by_count_then_name() {
        let t = tally(&[
            ("failed", None, None, Some("b")),
            ("failed", None, None, Some("a")),
            ("failed", None, None, Some("c")),
            ("failed", None, None, Some("c")),
            ("failed", None, None, Some("a")),
        ]);
        let top: Vec<_> = top_errors(&t.error_types, 2)
            .into_iter()
            .map(|e| (e.error_type, e.count))
            .collect();
        assert_eq!(top, [("a".to_owned(), 2), ("c".to_owned(), 2)]);
    }

    #[test]
    fn window_stats_count_every_status_and_skip_missing_values() {
        let t = tally(&[
            ("success", Some(200), Some(120), None),
            ("failed", Some(502), Some(900), Some("upstream")),
            ("pending", None, None, None),
            ("success", Some(200), Some(80), None),
        ]);
        let stats = window_stats(&t);
        assert_eq!(stats.total, 4);
        assert_eq!(stats.by_status["pending"], 1);
        // success / (success + service_error): the pending event is in flight.
        assert_eq!(stats.success_rate, Some(2.0 / 3.0));
        assert_eq!(stats.outcomes.in_flight, 1);
        // Within 1 % (plus rounding) of the exact nearest-rank values 120 and 900.
        let p50 = stats.latency_p50_ms.unwrap();
        assert!((p50 - 120).abs() <= 2, "{p50}");
        let p95 = stats.latency_p95_ms.unwrap();
        assert!((p95 - 900).abs() <= 9 && p95 <= 900, "{p95}");
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
        let stats = window_stats(&Tally::default());
        assert_eq!(stats.total, 0);
        assert_eq!(stats.success_rate, None);
        assert_eq!(stats.latency_p50_ms, None);
        assert!(stats.by_status.is_empty());
    }
}
