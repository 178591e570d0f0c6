//! A fleet row's figures and strip from its tallies, and the worst-first ranking
//! (`docs/rules.md`, "Fleet health").

use std::cmp::Ordering;

use super::cells::{Cell, Cells};
use super::types::{FleetEndpoint, FleetFigures, FleetStrip, FLEET_RULES};
use crate::health::stats::latency;

/// What an endpoint's (a format's, the fleet's) cells say.
pub(super) fn figures(cells: &Cells) -> FleetFigures {
    let w = cells.window();
    FleetFigures {
        attempts: w.total,
        outcomes: w.outcomes,
        failed: w.failed,
        skipped: w.skipped,
        success_rate: w.outcomes.success_rate(),
        rate_counts: w.outcomes.finished() >= u64::from(FLEET_RULES.min_finished_for_rate),
        latency_p50_ms: latency(cells.latency.percentile(50)),
        latency_p95_ms: latency(cells.latency.percentile(95)),
        level: w.outcomes.level(),
    }
}

/// The slices as a strip's columns.
pub(super) fn strip(slices: &[Cell]) -> FleetStrip {
    let mut s = FleetStrip::default();
    for c in slices {
        s.levels.push(c.outcomes.level());
        s.total.push(c.total);
        s.success.push(c.outcomes.success);
        s.service_error.push(c.outcomes.service_error);
        s.user_error.push(c.outcomes.user_error);
        s.success_rate.push(c.outcomes.success_rate());
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
