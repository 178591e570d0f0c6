//! The timeline: `buckets` equal slices of `[since, as_of]`, in integer microseconds.

use chrono::TimeDelta;

use super::args::Window;
use super::stats::{latency, top_errors};
use super::tally::Tally;
use crate::model::{TimelineBucket, Timestamp};

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

    /// The bucket of `created_at` (the rule [`Self::starts`] gives SQL).
    #[cfg(test)]
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

    /// Where buckets `1..n` begin for [`Self::index`]: the first microsecond `t` with
    /// `(t − since)·n ≥ span·i`, i.e. `since + ⌈span·i / n⌉`. An event belongs to the last
    /// bucket whose start it reaches, which SQL decides by comparing times alone.
    pub fn starts(&self) -> Vec<Timestamp> {
        (1..self.buckets)
            .map(|i| {
                let (product, n) = (
                    i128::from(self.span_us) * i128::from(i),
                    i128::from(self.buckets),
                );
                let offset = ((product + n - 1) / n) as i64;
                self.since + TimeDelta::microseconds(offset)
            })
            .collect()
    }
}

fn micros(delta: TimeDelta) -> i64 {
    // A window is at most 72 h, far inside i64 microseconds.
    delta.num_microseconds().unwrap_or(i64::MAX)
}

/// One bucket per slice from its tally: counts, latency p50 and top error types.
pub(crate) fn timeline(slicing: &Slicing, tallies: &[Tally]) -> Vec<TimelineBucket> {
    tallies
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (start, end) = slicing.bounds(i);
            let total = t.total();
            let (success, failed, skipped) =
                (t.status("success"), t.status("failed"), t.status("skipped"));
            TimelineBucket {
                start,
                end,
                total,
                success,
                failed,
                skipped,
                other: total - success - failed - skipped,
                latency_p50_ms: latency(t.latency.percentile(50)),
                top_error_types: top_errors(&t.error_types, TOP_ERRORS_IN_BUCKET),
                outcomes: t.outcomes,
                success_rate: t.outcomes.success_rate(),
                level: t.outcomes.level(),
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn slicing(hours: i64, buckets: u32) -> Slicing {
        slicing_at(
            Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap(),
            hours,
            buckets,
        )
    }

    /// The window of `buckets` slices of the `hours` before `as_of`.
    pub(crate) fn window_at(as_of: Timestamp, hours: i64, buckets: u32) -> Window {
        Window {
            lookback_hours: hours as u32,
            per_endpoint_limit: 48,
            buckets,
            as_of,
            since: as_of - TimeDelta::hours(hours),
        }
    }

    /// `buckets` slices of the `hours` before `as_of`.
    pub(crate) fn slicing_at(as_of: Timestamp, hours: i64, buckets: u32) -> Slicing {
        Slicing::new(&window_at(as_of, hours, buckets))
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
    fn bucket_starts_are_where_the_index_changes() {
        for (hours, buckets) in [(6, 60), (1, 7), (72, 240), (1, 13)] {
            let s = slicing(hours, buckets);
            let starts = s.starts();
            assert_eq!(starts.len(), buckets as usize - 1);
            for (i, &start) in starts.iter().enumerate() {
                assert_eq!(s.index(start), i + 1);
                assert_eq!(s.index(start - TimeDelta::microseconds(1)), i);
            }
        }
    }

    #[test]
    fn timeline_counts_other_statuses_and_the_bucket_median() {
        let s = slicing(1, 10);
        let mut tallies = vec![Tally::default(); 10];
        for (bucket, status, latency) in [
            (0, "success", Some(10)),
            (0, "streaming", Some(30)),
            (0, "failed", Some(20)),
            (9, "skipped", None),
        ] {
            let t: &mut Tally = &mut tallies[bucket];
            t.add_status(status, 1);
            if let Some(latency) = latency {
                t.latency.record(latency);
            }
            t.add_error_type("timeout", 1);
        }
        let buckets = timeline(&s, &tallies);
        assert_eq!(buckets.len(), 10);
        assert_eq!((buckets[0].total, buckets[0].other), (3, 1));
        assert_eq!(buckets[0].latency_p50_ms, Some(20));
        assert_eq!(buckets[0].top_error_types[0].count, 3);
        assert_eq!((buckets[9].total, buckets[9].skipped), (1, 1));
        assert_eq!(buckets[9].latency_p50_ms, None);
        assert!(buckets[1..9].iter().all(|b| b.total == 0));
    }
}
