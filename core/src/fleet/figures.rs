//! A fleet row's figures and strip from its tallies, and the worst-first ranking
//! (`docs/rules.md`, "Fleet health").

use std::cmp::Ordering;

use super::types::{FleetEndpoint, FleetFigures, FleetStrip, FLEET_RULES};
use crate::health::stats::latency;
use crate::health::tally::Tally;

/// What a tally says, as the fleet shows it.
pub(super) fn figures(t: &Tally) -> FleetFigures {
    FleetFigures {
        attempts: t.total(),
        outcomes: t.outcomes,
        failed: t.status("failed"),
        skipped: t.status("skipped"),
        success_rate: t.outcomes.success_rate(),
        rate_counts: t.outcomes.finished() >= u64::from(FLEET_RULES.min_finished_for_rate),
        latency_p50_ms: latency(t.latency.percentile(50)),
        latency_p95_ms: latency(t.latency.percentile(95)),
        level: t.outcomes.level(),
    }
}

/// The buckets as a strip's columns.
pub(super) fn strip(buckets: &[Tally]) -> FleetStrip {
    let mut s = FleetStrip::default();
    for b in buckets {
        s.levels.push(b.outcomes.level());
        s.total.push(b.total());
        s.success.push(b.outcomes.success);
        s.service_error.push(b.outcomes.service_error);
        s.user_error.push(b.outcomes.user_error);
        s.success_rate.push(b.outcomes.success_rate());
    }
    s
}

/// Sorts worst first and numbers the ranks from 1: more service errors first; then a lower
/// success rate, where the rate counts (enough finished attempts), before a rate that does not;
/// then provider name, format and endpoint id (as bytes), so the order is total.
pub(super) fn rank(endpoints: &mut [FleetEndpoint]) {
    endpoints.sort_by(worse_first);
    for (i, e) in endpoints.iter_mut().enumerate() {
        e.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
}

fn worse_first(a: &FleetEndpoint, b: &FleetEndpoint) -> Ordering {
    let rate = |e: &FleetEndpoint| e.figures.success_rate.filter(|_| e.figures.rate_counts);
    b.figures
        .outcomes
        .service_error
        .cmp(&a.figures.outcomes.service_error)
        .then_with(|| match (rate(a), rate(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.provider_name.cmp(&b.provider_name))
        .then_with(|| a.api_format.cmp(&b.api_format))
        .then_with(|| a.endpoint_id.as_bytes().cmp(b.endpoint_id.as_bytes()))
}
