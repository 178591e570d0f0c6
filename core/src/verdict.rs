//! Colours and verdicts: decided here once, returned with the summaries and the health monitor,
//! and only displayed by the CLI and the UI (`docs/rules.md`, "Verdicts").

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::FiniteNumber;

/// A health score this high or higher is healthy (green).
pub const HEALTHY_FROM: f64 = 0.8;
/// A health score below this is unhealthy (red); between the two, degraded (amber). Aether's own
/// `unhealthy_endpoints` uses the same 0.5.
pub const UNHEALTHY_BELOW: f64 = 0.5;
/// A success rate of finished attempts this high or higher is green.
pub const RATE_GOOD_FROM: f64 = 0.95;
/// A success rate of finished attempts below this is red; between the two, amber.
pub const RATE_BAD_BELOW: f64 = 0.8;

/// The four thresholds above as one value, exported to the UI (its legend states them) through
/// the generated bindings as `HEALTH_THRESHOLDS`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Type)]
pub struct HealthThresholds {
    /// A health score from this is healthy (green).
    #[specta(type = FiniteNumber)]
    pub score_healthy_from: f64,
    /// A health score below this is unhealthy (red).
    #[specta(type = FiniteNumber)]
    pub score_unhealthy_below: f64,
    /// A success rate of finished attempts from this is green.
    #[specta(type = FiniteNumber)]
    pub rate_good_from: f64,
    /// A success rate of finished attempts below this is red.
    #[specta(type = FiniteNumber)]
    pub rate_bad_below: f64,
}

impl HealthThresholds {
    pub const CURRENT: Self = Self {
        score_healthy_from: HEALTHY_FROM,
        score_unhealthy_below: UNHEALTHY_BELOW,
        rate_good_from: RATE_GOOD_FROM,
        rate_bad_below: RATE_BAD_BELOW,
    };
}

/// The colour of a score, a rate or a timeline cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Good,
    Warn,
    Bad,
    /// No events at all.
    Empty,
    /// Events, but none finished as a success or a failure (only skipped or in flight).
    Neutral,
}

/// The colour of a health score (a key's, an endpoint's, a provider's average).
pub fn score_level(score: f64) -> Level {
    if score >= HEALTHY_FROM {
        Level::Good
    } else if score >= UNHEALTHY_BELOW {
        Level::Warn
    } else {
        Level::Bad
    }
}

/// The colour of a success rate of finished attempts (success / (success + service_error), see
/// [`crate::outcome::OutcomeCounts::level`]).
pub fn rate_level(rate: f64) -> Level {
    if rate >= RATE_GOOD_FROM {
        Level::Good
    } else if rate >= RATE_BAD_BELOW {
        Level::Warn
    } else {
        Level::Bad
    }
}

/// What an endpoint can do, worst first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum EndpointVerdict {
    /// Switched off: it serves nothing, by choice.
    Inactive,
    /// Active, but no active key serves it: it cannot serve requests.
    NoActiveKey,
    Unhealthy,
    Degraded,
    Healthy,
}

impl EndpointVerdict {
    pub fn of(is_active: bool, active_keys: u64, health_score: f64) -> Self {
        if !is_active {
            Self::Inactive
        } else if active_keys == 0 {
            Self::NoActiveKey
        } else {
            match score_level(health_score) {
                Level::Good => Self::Healthy,
                Level::Warn => Self::Degraded,
                _ => Self::Unhealthy,
            }
        }
    }

    /// The colour its format chip shows: an active endpoint without an active key is red
    /// whatever its score; an inactive one shows its score.
    pub fn level(self, health_score: f64) -> Level {
        match self {
            Self::NoActiveKey => Level::Bad,
            _ => score_level(health_score),
        }
    }
}

/// What a provider's endpoints add up to, worst first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum ProviderVerdict {
    /// No endpoint is active with an active key: no request can be served.
    CannotServe,
    /// An active endpoint is unhealthy or has no active key.
    Unhealthy,
    /// An active endpoint is degraded.
    Degraded,
    Healthy,
    /// No endpoints at all (a provider being set up): nothing to judge.
    NoEndpoints,
}

impl ProviderVerdict {
    pub fn of(endpoints: impl IntoIterator<Item = EndpointVerdict>) -> Self {
        let verdicts: Vec<EndpointVerdict> = endpoints.into_iter().collect();
        if verdicts.is_empty() {
            return Self::NoEndpoints;
        }
        let serving = |v: &&EndpointVerdict| {
            !matches!(v, EndpointVerdict::Inactive | EndpointVerdict::NoActiveKey)
        };
        if !verdicts.iter().any(|v| serving(&v)) {
            return Self::CannotServe;
        }
        let worst_active = verdicts
            .iter()
            .filter(|v| **v != EndpointVerdict::Inactive)
            .min()
            .copied()
            .unwrap_or(EndpointVerdict::Healthy);
        match worst_active {
            EndpointVerdict::NoActiveKey | EndpointVerdict::Unhealthy => Self::Unhealthy,
            EndpointVerdict::Degraded => Self::Degraded,
            _ => Self::Healthy,
        }
    }

    /// Whether the "needs attention" filter shows it.
    pub fn needs_attention(self) -> bool {
        matches!(self, Self::CannotServe | Self::Unhealthy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EndpointVerdict as E;

    #[test]
    fn score_and_outcome_thresholds() {
        assert_eq!(score_level(0.8), Level::Good);
        assert_eq!(score_level(0.79), Level::Warn);
        assert_eq!(score_level(0.5), Level::Warn);
        assert_eq!(score_level(0.49), Level::Bad);
        assert_eq!(rate_level(1.0), Level::Good);
        assert_eq!(rate_level(0.95), Level::Good);
        assert_eq!(rate_level(0.8), Level::Warn);
        assert_eq!(rate_level(0.79), Level::Bad);
    }

    #[test]
    fn an_active_endpoint_without_an_active_key_cannot_serve_whatever_its_score() {
        assert_eq!(E::of(true, 0, 1.0), E::NoActiveKey);
        assert_eq!(E::of(true, 0, 1.0).level(1.0), Level::Bad);
        assert_eq!(E::of(false, 0, 1.0), E::Inactive);
        assert_eq!(E::of(true, 2, 0.585), E::Degraded);
    }

    #[test]
    fn a_provider_is_as_bad_as_its_worst_active_endpoint() {
        assert_eq!(ProviderVerdict::of([]), ProviderVerdict::NoEndpoints);
        assert_eq!(
            ProviderVerdict::of([E::Healthy, E::Inactive]),
            ProviderVerdict::Healthy
        );
        assert_eq!(
            ProviderVerdict::of([E::Healthy, E::NoActiveKey]),
            ProviderVerdict::Unhealthy
        );
        assert_eq!(
            ProviderVerdict::of([E::Healthy, E::Degraded]),
            ProviderVerdict::Degraded
        );
        assert_eq!(
            ProviderVerdict::of([E::Inactive, E::NoActiveKey]),
            ProviderVerdict::CannotServe
        );
        assert!(ProviderVerdict::CannotServe.needs_attention());
        assert!(!ProviderVerdict::Degraded.needs_attention());
    }
}
