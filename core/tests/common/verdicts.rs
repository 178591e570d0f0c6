//! The verdicts and colours of `docs/rules.md` ("Verdicts and colours"), written from the rules
//! for the reference model.

use aether_review_core::model::{EndpointVerdict, Level, ProviderVerdict};

pub fn score(score: f64) -> Level {
    match score {
        s if s >= 0.8 => Level::Good,
        s if s >= 0.5 => Level::Warn,
        _ => Level::Bad,
    }
}

/// The colour of a set of events: `success` and `service_error` by outcome class.
pub fn outcome(total: u64, success: u64, service_error: u64) -> Level {
    match (total, success + service_error) {
        (0, _) => Level::Empty,
        (_, 0) => Level::Neutral,
        (_, finished) => match success as f64 / finished as f64 {
            r if r >= 0.95 => Level::Good,
            r if r >= 0.8 => Level::Warn,
            _ => Level::Bad,
        },
    }
}

pub fn outcome_rate(success: u64, service_error: u64) -> Option<f64> {
    match success + service_error {
        0 => None,
        finished => Some(success as f64 / finished as f64),
    }
}

pub fn endpoint(is_active: bool, active_keys: u64, health: f64) -> (EndpointVerdict, Level) {
    if !is_active {
        (EndpointVerdict::Inactive, score(health))
    } else if active_keys == 0 {
        (EndpointVerdict::NoActiveKey, Level::Bad)
    } else {
        let verdict = match score(health) {
            Level::Good => EndpointVerdict::Healthy,
            Level::Warn => EndpointVerdict::Degraded,
            _ => EndpointVerdict::Unhealthy,
        };
        (verdict, score(health))
    }
}

pub fn provider(endpoints: &[EndpointVerdict]) -> ProviderVerdict {
    use EndpointVerdict as E;
    let active: Vec<E> = endpoints
        .iter()
        .copied()
        .filter(|v| *v != E::Inactive)
        .collect();
    if endpoints.is_empty() {
        ProviderVerdict::NoEndpoints
    } else if active.iter().all(|v| *v == E::NoActiveKey) {
        ProviderVerdict::CannotServe
    } else if active
        .iter()
        .any(|v| matches!(v, E::NoActiveKey | E::Unhealthy))
    {
        ProviderVerdict::Unhealthy
    } else if active.contains(&E::Degraded) {
        ProviderVerdict::Degraded
    } else {
        ProviderVerdict::Healthy
    }
}
