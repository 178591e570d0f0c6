//! When a provider's quota is next reset (`docs/rules.md`, "Quota period").
//!
//! In Aether `quota_reset_day` is the length of the quota period in days: its scheduler resets
//! `monthly_used_usd` once the days since `quota_last_reset_at` reach it. So the next reset is
//! `quota_last_reset_at` + that many days.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::{BillingType, Timestamp};

/// The next reset of a monthly-quota provider, seen at an as-of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct QuotaReset {
    /// `quota_last_reset_at` + `quota_reset_day` days.
    pub at: Timestamp,
    /// Whole days from the as-of time to `at`, counting a started day (in 3.2 days: 4); 0 when
    /// `at` has passed.
    pub days_left: u32,
    /// `at` is at or before the as-of time: Aether resets at its scheduler's next run.
    pub overdue: bool,
}

impl QuotaReset {
    /// `None` unless the provider bills a monthly quota and has both a period (≥ 1 day) and a
    /// last reset (the v0.3 generation has no `quota_last_reset_at`).
    pub fn of(
        billing_type: Option<BillingType>,
        period_days: Option<i32>,
        last_reset_at: Option<Timestamp>,
        as_of: Timestamp,
    ) -> Option<Self> {
        if billing_type != Some(BillingType::MonthlyQuota) {
            return None;
        }
        let days = period_days.filter(|d| *d >= 1)?;
        let at = last_reset_at?.checked_add_signed(TimeDelta::days(i64::from(days)))?;
        let left = (at - as_of).num_microseconds().unwrap_or(i64::MAX);
        const DAY: i64 = 86_400_000_000;
        let days_left = if left <= 0 { 0 } else { (left - 1) / DAY + 1 };
        Some(Self {
            at,
            days_left: u32::try_from(days_left).unwrap_or(u32::MAX),
            overdue: left <= 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(day: u32, hour: u32) -> Timestamp {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, day, hour, 0, 0)
            .single()
            .unwrap()
    }

    const MQ: Option<BillingType> = Some(BillingType::MonthlyQuota);

    #[test]
    fn the_next_reset_is_the_last_one_plus_the_period() {
        let r = QuotaReset::of(MQ, Some(7), Some(t(1, 12)), t(4, 0)).unwrap();
        assert_eq!(r.at, t(8, 12));
        // 4.5 days left: a started day counts.
        assert_eq!((r.days_left, r.overdue), (5, false));
        let exact = QuotaReset::of(MQ, Some(7), Some(t(1, 12)), t(4, 12)).unwrap();
        assert_eq!(exact.days_left, 4);
    }

    #[test]
    fn a_passed_reset_is_overdue() {
        let r = QuotaReset::of(MQ, Some(7), Some(t(1, 12)), t(8, 12)).unwrap();
        assert_eq!((r.days_left, r.overdue), (0, true));
        let r = QuotaReset::of(MQ, Some(1), Some(t(1, 0)), t(20, 0)).unwrap();
        assert_eq!((r.at, r.days_left, r.overdue), (t(2, 0), 0, true));
    }

    #[test]
    fn only_a_monthly_quota_with_a_period_and_a_last_reset_has_one() {
        let now = t(4, 0);
        assert_eq!(
            QuotaReset::of(Some(BillingType::PayAsYouGo), Some(7), Some(t(1, 0)), now),
            None
        );
        assert_eq!(QuotaReset::of(None, Some(7), Some(t(1, 0)), now), None);
        assert_eq!(QuotaReset::of(MQ, None, Some(t(1, 0)), now), None);
        assert_eq!(QuotaReset::of(MQ, Some(0), Some(t(1, 0)), now), None);
        assert_eq!(QuotaReset::of(MQ, Some(7), None, now), None);
        // A period past the calendar's end (no generation allows one) has no date: none, no panic.
        assert_eq!(QuotaReset::of(MQ, Some(i32::MAX), Some(t(1, 0)), now), None);
    }
}
