//! The timeline: `buckets` equal slices of `[since, as_of]`, in integer microseconds.

use chrono::TimeDelta;

use super::args::Window;
use super::stats::{nearest_rank, ErrorCounts, WindowEvent};
use crate::model::{TimelineBucket, Timestamp};
use crate::verdict::{outcome_level, outcome_rate};

/// Error types listed per bucket.
const TOP_ERRORS_IN_BUCKET: usize = 3;

/// How the window is cut: bucket `i` is `[since + span·i/n, since + span·(i+1)/n]` (floored to
/// the microsecond) and an event goes to `floor((created_at − since)·n / span)`, the one at
/// `as_of` to the last bucket.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slicing {
    since: Timestamp,
    span_us: i64,
    buckets: u32,
}

impl Slicing {
    pub fn new(window: &Window) -> Self {
        Self {
            since: window.since,
            span_us: micros(window.as_of - window.since).max(1),
            buckets: window.buckets.max(1),
        }
    }

    pub fn index(&self, created_at: Timestamp) -> usize {
        let offset = i128::from(micros(created_at - self.since).clamp(0, self.span_us));
        let index = offset * i128::from(self.buckets) / i128::from(self.span_us);
        // Only an event exactly at `as_of` reaches `buckets`.
        (index as usize).min(self.buckets as usize - 1)
    }

    pub fn bounds(&self, index: usize) -> (Timestamp, Timestamp) {
        let at = |i: usize| {
            let offset = i128::from(self.span_us) * i as i128 / i128::from(self.buckets);
            self.since + TimeDelta::microseconds(offset as i64)
        };
        (at(index), at(index + 1))
    }

    pub fn len(&self) -> usize {
        self.buckets as usize
    }
}

fn micros(delta: TimeDelta) -> i64 {
    // A window is at most 72 h, far inside i64 microseconds.
    delta.num_microseconds().unwrap_or(i64::MAX)
}

#[derive(Default)]
struct BucketTally<'a> {
    total: u64,
    success: u64,
    failed: u64,
    skipped: u64,
    other: u64,
    latencies: Vec<i32>,
    errors: ErrorCounts<'a>,
}

/// One bucket per slice, each with its events' counts, latency p50 and top error types.
pub(crate) fn timeline<'a>(
    slicing: &Slicing,
    events: impl IntoIterator<Item = &'a WindowEvent>,
) -> Vec<TimelineBucket> {
    let mut tallies: Vec<BucketTally> =
        (0..slicing.len()).map(|_| BucketTally::default()).collect();
    for e in events {
        let t = &mut tallies[slicing.index(e.created_at)];
        t.total += 1;
        match e.status.as_str() {
            "success" => t.success += 1,
            "failed" => t.failed += 1,
            "skipped" => t.skipped += 1,
            _ => t.other += 1,
        }
        t.latencies.extend(e.latency_ms);
        t.errors.add(e.error_type.as_deref());
    }
    tallies
        .into_iter()
        .enumerate()
        .map(|(i, mut t)| {
            let (start, end) = slicing.bounds(i);
            t.latencies.sort_unstable();
            TimelineBucket {
                start,
                end,
                total: t.total,
                success: t.success,
                failed: t.failed,
                skipped: t.skipped,
                other: t.other,
                latency_p50_ms: nearest_rank(&t.latencies, 50),
                top_error_types: t.errors.top(TOP_ERRORS_IN_BUCKET),
                success_rate: outcome_rate(t.success, t.failed),
                level: outcome_level(t.total, t.success, t.failed),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn slicing(hours: i64, buckets: u32) -> Slicing {
        let as_of = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        Slicing::new(&Window {
            lookback_hours: hours as u32,
            per_endpoint_limit: 48,
            buckets,
            as_of,
            since: as_of - TimeDelta::hours(hours),
        })
    }

    #[test]
    fn edges_of_the_window_go_to_the_first_and_last_bucket() {
        let s = slicing(6, 60);
        assert_eq!(s.index(s.since), 0);
        assert_eq!(s.index(s.since + TimeDelta::hours(6)), 59);
        assert_eq!(
            s.index(s.since + TimeDelta::hours(6) - TimeDelta::microseconds(1)),
            59
        );
    }

    #[test]
    fn a_bucket_starts_where_the_previous_one_ends() {
        let s = slicing(6, 60);
        assert_eq!(s.bounds(0).0, s.since);
        assert_eq!(s.bounds(59).1, s.since + TimeDelta::hours(6));
        assert_eq!(s.bounds(0).1, s.bounds(1).0);
        // Six minutes each.
        assert_eq!(s.bounds(1).0 - s.since, TimeDelta::minutes(6));
        assert_eq!(s.index(s.since + TimeDelta::minutes(6)), 1);
        assert_eq!(
            s.index(s.since + TimeDelta::minutes(6) - TimeDelta::microseconds(1)),
            0
        );
    }

    #[test]
    fn uneven_slices_floor_to_the_microsecond() {
        // 1 h = 3.6e9 µs in 7 slices: 514285714.28… µs each.
        let s = slicing(1, 7);
        assert_eq!(
            s.bounds(1).0 - s.since,
            TimeDelta::microseconds(514_285_714)
        );
        assert_eq!(s.bounds(6).1 - s.since, TimeDelta::hours(1));
        // The floored start belongs to the previous slice by the index formula.
        assert_eq!(s.index(s.bounds(1).0), 0);
        assert_eq!(s.index(s.bounds(1).0 + TimeDelta::microseconds(1)), 1);
    }

    #[test]
    fn timeline_counts_other_statuses_and_the_bucket_median() {
        let s = slicing(1, 10);
        let at = |minutes: i64| s.since + TimeDelta::minutes(minutes);
        let event = |minutes, status: &str, latency| WindowEvent {
            created_at: at(minutes),
            status: status.to_owned(),
            status_code: None,
            latency_ms: latency,
            error_type: Some("timeout".to_owned()),
        };
        let events = [
            event(0, "success", Some(10)),
            event(1, "streaming", Some(30)),
            event(2, "failed", Some(20)),
            event(60, "skipped", None),
        ];
        let buckets = timeline(&s, &events);
        assert_eq!(buckets.len(), 10);
        assert_eq!((buckets[0].total, buckets[0].other), (3, 1));
        assert_eq!(buckets[0].latency_p50_ms, Some(20));
        assert_eq!(buckets[0].top_error_types[0].count, 3);
        assert_eq!((buckets[9].total, buckets[9].skipped), (1, 1));
        assert_eq!(buckets[9].latency_p50_ms, None);
        assert!(buckets[1..9].iter().all(|b| b.total == 0));
    }
}
