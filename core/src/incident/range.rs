//! The time range of an event list: a timeline bucket's exact edges, or `[from, to)`.

use chrono::TimeDelta;

use super::types::EventRange;
use crate::db::Database;
use crate::error::{Error, FieldCode, Result};
use crate::health::args::Window;
use crate::model::{HealthQuery, Timestamp};

/// `created_at >= from` and `created_at < to`, or `<= to` when `to_inclusive`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub from: Timestamp,
    pub to: Timestamp,
    pub to_inclusive: bool,
}

impl Resolved {
    #[cfg(test)]
    pub fn contains(&self, t: Timestamp) -> bool {
        t >= self.from && (t < self.to || (self.to_inclusive && t == self.to))
    }
}

/// Resolves `range` with the health monitor's window rules (defaults, bounds, as-of time).
pub(crate) fn resolve(db: &Database, range: &EventRange) -> Result<Resolved> {
    match *range {
        EventRange::Between { from, to } => {
            if from >= to {
                return Err(Error::invalid(
                    "to",
                    FieldCode::InvalidTime,
                    format!("must be after from ({from})"),
                ));
            }
            Ok(Resolved {
                from,
                to,
                to_inclusive: false,
            })
        }
        EventRange::Bucket {
            as_of,
            lookback_hours,
            buckets,
            index,
        } => {
            let window = Window::resolve(
                db,
                &HealthQuery {
                    lookback_hours,
                    per_endpoint_limit: None,
                    as_of,
                    buckets,
                },
            )?;
            bucket(&window, index)
        }
    }
}

/// Bucket `index` of `window`'s timeline, by the timeline's rule: an event goes to bucket
/// `floor((created_at − since)·n / span)` in microseconds, the one at `as_of` to the last. So
/// bucket `i` starts at the first microsecond reaching it, `since + ⌈span·i / n⌉`, and ends
/// where bucket `i + 1` starts; the last one ends at `as_of`, inclusive.
pub(crate) fn bucket(window: &Window, index: u32) -> Result<Resolved> {
    let n = window.buckets.max(1);
    if index >= n {
        return Err(Error::invalid(
            "index",
            FieldCode::OutOfRange {
                min: 0.0,
                max: f64::from(n - 1),
            },
            format!("must be below the window's {n} buckets (got {index})"),
        ));
    }
    let span = (window.as_of - window.since)
        .num_microseconds()
        .unwrap_or(i64::MAX)
        .max(1);
    let start = |i: u32| {
        let (product, n) = (i128::from(span) * i128::from(i), i128::from(n));
        window.since + TimeDelta::microseconds(((product + n - 1) / n) as i64)
    };
    let last = index + 1 == n;
    Ok(Resolved {
        from: start(index),
        to: if last { window.as_of } else { start(index + 1) },
        to_inclusive: last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::timeline::tests::window_at;
    use crate::health::timeline_index;
    use chrono::{TimeZone, Utc};

    fn window(hours: i64, buckets: u32) -> Window {
        let as_of = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        window_at(as_of, hours, buckets)
    }

    /// Every microsecond at and around each edge lands in the bucket the timeline puts it in.
    #[test]
    fn bucket_edges_are_the_timelines() {
        for (hours, n) in [(1, 7), (6, 60), (72, 240), (5, 13), (1, 10)] {
            let w = window(hours, n);
            for i in 0..n {
                let r = bucket(&w, i).unwrap();
                for t in [r.from, r.to] {
                    for d in [-1, 0, 1] {
                        let t = t + TimeDelta::microseconds(d);
                        if t < w.since || t > w.as_of {
                            continue;
                        }
                        assert_eq!(
                            r.contains(t),
                            timeline_index(&w, t) == i as usize,
                            "{hours} h / {n}: bucket {i}, {t}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn an_index_past_the_last_bucket_is_refused() {
        let err = bucket(&window(1, 10), 10).unwrap_err();
        assert_eq!(err.field_codes()[0].0, "index");
    }
}
