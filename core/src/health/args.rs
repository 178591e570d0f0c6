//! The health monitor's arguments: bounds checked all at once, defaults, and the window.

use chrono::{SubsecRound, TimeDelta, Utc};

use crate::db::Database;
use crate::error::{Error, Result};
use crate::limits::LIMITS;
use crate::model::{HealthQuery, Timestamp};

/// Validated arguments and the window `[since, as_of]` they describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub lookback_hours: u32,
    pub per_endpoint_limit: u32,
    pub buckets: u32,
    pub as_of: Timestamp,
    pub since: Timestamp,
}

impl Window {
    /// Checks every bound (one `Validation` error listing each bad field) and resolves "now":
    /// the explicit `as_of`, else the database's (snapshot taken-at / newest event), else the
    /// wall clock.
    pub fn resolve(db: &Database, query: &HealthQuery) -> Result<Self> {
        let mut errors = Vec::new();
        let lookback_hours =
            LIMITS
                .lookback_hours
                .check("lookback_hours", query.lookback_hours, &mut errors);
        let per_endpoint_limit = LIMITS.per_endpoint_limit.check(
            "per_endpoint_limit",
            query.per_endpoint_limit,
            &mut errors,
        );
        let buckets = LIMITS.buckets.check("buckets", query.buckets, &mut errors);
        if !errors.is_empty() {
            return Err(Error::validation(errors));
        }
        let as_of = query
            .as_of
            .or(db.info().as_of)
            .unwrap_or_else(Utc::now)
            // Both engines store microseconds; a finer "now" would compare differently on each.
            .trunc_subsecs(6);
        let since = as_of - TimeDelta::hours(i64::from(lookback_hours));
        Ok(Self {
            lookback_hours,
            per_endpoint_limit,
            buckets,
            as_of,
            since,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{FieldCode, FieldError};

    fn check_all(query: &HealthQuery) -> std::result::Result<[u32; 3], Vec<FieldError>> {
        let mut errors = Vec::new();
        let values = [
            LIMITS
                .lookback_hours
                .check("lookback_hours", query.lookback_hours, &mut errors),
            LIMITS.per_endpoint_limit.check(
                "per_endpoint_limit",
                query.per_endpoint_limit,
                &mut errors,
            ),
            LIMITS.buckets.check("buckets", query.buckets, &mut errors),
        ];
        if errors.is_empty() {
            Ok(values)
        } else {
            Err(errors)
        }
    }

    #[test]
    fn absent_arguments_take_the_defaults() {
        assert_eq!(check_all(&HealthQuery::default()), Ok([6, 48, 60]));
    }

    #[test]
    fn bounds_are_inclusive() {
        let low = HealthQuery {
            lookback_hours: Some(1),
            per_endpoint_limit: Some(10),
            buckets: Some(10),
            as_of: None,
        };
        let high = HealthQuery {
            lookback_hours: Some(72),
            per_endpoint_limit: Some(200),
            buckets: Some(240),
            as_of: None,
        };
        assert_eq!(check_all(&low), Ok([1, 10, 10]));
        assert_eq!(check_all(&high), Ok([72, 200, 240]));
    }

    #[test]
    fn every_out_of_range_field_is_reported_not_clamped() {
        let query = HealthQuery {
            lookback_hours: Some(0),
            per_endpoint_limit: Some(201),
            buckets: Some(9),
            as_of: None,
        };
        let errors = check_all(&query).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["lookback_hours", "per_endpoint_limit", "buckets"]);
        assert_eq!(
            errors[1].code,
            FieldCode::OutOfRange {
                min: 10.0,
                max: 200.0
            }
        );
    }
}
