//! A fleet row's figures and strip from its tallies, and the worst-first ranking
//! (`docs/rules.md`, "Fleet health").

use std::cmp::Ordering;
use std::collections::BTreeMap;

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

/// A bucket's worst endpoint so far: its service errors, events and rank.
type Worst = (u64, u64, u32);

/// Per format and bucket, the rank of the endpoint a format's cell opens: the most service
/// errors in that bucket, then the most events, then the better rank (`endpoints` are ranked).
pub(super) fn worst_ranks(
    endpoints: &[FleetEndpoint],
    buckets: usize,
) -> BTreeMap<&str, Vec<Option<u32>>> {
    let mut worst: BTreeMap<&str, Vec<Option<Worst>>> = BTreeMap::new();
    for e in endpoints {
        let Some(strip) = &e.strip else { continue };
        let cells = worst
            .entry(e.api_format.as_str())
            .or_insert_with(|| vec![None; buckets]);
        for (i, cell) in cells.iter_mut().enumerate() {
            let (errors, events) = (strip.service_error[i], strip.total[i]);
            let worse = match cell {
                _ if events == 0 => false,
                None => true,
                Some((e0, n0, _)) => (errors, events) > (*e0, *n0),
            };
            if worse {
                *cell = Some((errors, events, e.rank));
            }
        }
    }
    worst
        .into_iter()
        .map(|(format, cells)| (format, cells.into_iter().map(|c| c.map(|w| w.2)).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FleetStrip;

    fn endpoint(rank: u32, format: &str, cells: [(u64, u64); 3]) -> FleetEndpoint {
        let mut strip = FleetStrip::default();
        for (service_error, total) in cells {
            strip.service_error.push(service_error);
            strip.total.push(total);
        }
        FleetEndpoint {
            rank,
            provider_id: "p".into(),
            provider_name: "P".into(),
            provider_active: true,
            endpoint_id: format!("e{rank}"),
            api_format: format.into(),
            is_active: true,
            figures: figures(&Cells::new(3)),
            strip: Some(strip),
        }
    }

    #[test]
    fn a_format_cell_opens_the_most_service_errors_then_the_most_events_then_the_better_rank() {
        let ranked = [
            endpoint(1, "claude", [(5, 5), (0, 1), (0, 0)]),
            endpoint(2, "claude", [(5, 5), (0, 9), (0, 0)]),
            endpoint(3, "openai", [(9, 9), (0, 0), (0, 1)]),
        ];
        let worst = worst_ranks(&ranked, 3);
        assert_eq!(worst["claude"], [Some(1), Some(2), None]);
        assert_eq!(worst["openai"], [Some(3), None, Some(3)]);
    }
}
