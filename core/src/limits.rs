//! The bounds and defaults of every argument the CLI and the UI send, decided here once: core
//! checks against [`LIMITS`], the CLI builds its help from it, and the UI reads it from the
//! generated bindings (`LIMITS` and the `Limits` type). The settings an update may change have
//! their own per-generation table (`update::fields`, sent as `DatabaseInfo.field_rules`).
//! The table with its reasons: `docs/rules.md` ("Limits").

use serde::Serialize;
use specta::Type;

use crate::error::{FieldCode, FieldError};

/// An inclusive range of whole numbers and the value used when none is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct Bound {
    pub min: u32,
    pub max: u32,
    pub default: u32,
}

impl Bound {
    /// Whether `value` is within the bounds.
    pub fn contains(&self, value: u32) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// The argument `field`'s value, or the default when none is given; one outside the bounds
    /// is reported in `errors`, never clamped.
    pub fn check(&self, field: &str, value: Option<u32>, errors: &mut Vec<FieldError>) -> u32 {
        let v = value.unwrap_or(self.default);
        if !self.contains(v) {
            let mut error = self.out_of_range(field, v);
            error.message += &format!("; leave it out for {}", self.default);
            errors.push(error);
        }
        v
    }

    /// The error of the argument `field`, `got` being outside the bounds.
    pub fn out_of_range(&self, field: &str, got: u32) -> FieldError {
        FieldError::new(
            field,
            FieldCode::OutOfRange {
                min: f64::from(self.min),
                max: f64::from(self.max),
            },
            format!("must be between {} and {} (got {got})", self.min, self.max),
        )
    }

    /// `min..=max, default d`, for help texts.
    pub fn describe(&self) -> String {
        format!("{}..={}, default {}", self.min, self.max, self.default)
    }
}

/// The window a snapshot copies: `<n>h`, `<n>d` or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct SnapshotWindow {
    /// The window when none is given.
    pub default: &'static str,
    /// The longest window in hours (`<n>h`) and in days (`<n>d`): ten years, enough for any
    /// retention and small enough for date arithmetic.
    pub max_hours: u32,
    pub max_days: u32,
}

/// Every argument bound and default (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct Limits {
    /// Hours of history the health monitor looks back from its as-of time.
    pub lookback_hours: Bound,
    /// The lookbacks the UI offers, each within `lookback_hours`.
    pub lookback_choices: &'static [u32],
    /// Newest events kept per endpoint in the health monitor.
    pub per_endpoint_limit: Bound,
    /// Slices of the health timeline.
    pub buckets: Bound,
    pub snapshot_window: SnapshotWindow,
    /// Events per page of an event list.
    pub event_page_size: Bound,
    /// Characters of an event list's error-message filter.
    pub message_filter_max_chars: u32,
    /// Strips per page the fleet's list asks for (`FleetStripShelf::page`).
    pub fleet_strip_page: Bound,
}

/// The one table of limits.
pub const LIMITS: Limits = Limits {
    lookback_hours: Bound {
        min: 1,
        max: 72,
        default: 6,
    },
    lookback_choices: &[1, 3, 6, 12, 24, 48, 72],
    per_endpoint_limit: Bound {
        min: 10,
        max: 200,
        default: 48,
    },
    buckets: Bound {
        min: 10,
        max: 240,
        default: 60,
    },
    snapshot_window: SnapshotWindow {
        default: "7d",
        max_hours: 87_600,
        max_days: 3_650,
    },
    event_page_size: Bound {
        min: 10,
        max: 500,
        default: 100,
    },
    message_filter_max_chars: 200,
    fleet_strip_page: Bound {
        min: 1,
        max: 500,
        default: 50,
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_choices_are_within_their_bounds() {
        for bound in [
            LIMITS.lookback_hours,
            LIMITS.per_endpoint_limit,
            LIMITS.buckets,
            LIMITS.event_page_size,
            LIMITS.fleet_strip_page,
        ] {
            assert!(
                bound.min <= bound.max && bound.contains(bound.default),
                "{bound:?}"
            );
        }
        let choices = LIMITS.lookback_choices;
        assert!(choices.iter().all(|&h| LIMITS.lookback_hours.contains(h)));
        assert!(choices.contains(&LIMITS.lookback_hours.default));
        assert!(choices.windows(2).all(|w| w[0] < w[1]));
        let window = LIMITS.snapshot_window;
        assert_eq!(window.max_hours, window.max_days * 24);
    }
}
