//! The fleet view against the reference model: every endpoint's figures and strip are what the
//! reference health monitor gives for that endpoint's window, the ranking follows the stated rule
//! (`docs/rules.md`, "Fleet health"), and each format adds up its endpoints.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use aether_review_core::dataset::Dataset;
use aether_review_core::fleet::FLEET_RULES;
use aether_review_core::model::{
    EndpointHealthMonitor, FleetEndpoint, FleetFilters, FleetQuery, Level, OutcomeCounts, Timestamp,
};
use aether_review_core::{get_fleet_health, Database, FleetStripShelf};

use super::reference::{self, HealthArgs};

/// Checks the fleet of `ds` over `lookback_hours` / `buckets` before `as_of`.
pub async fn check_fleet(
    db: &Database,
    ds: &Dataset,
    as_of: Timestamp,
    lookback_hours: u32,
    buckets: u32,
    with_traffic_only: bool,
) {
    let query = FleetQuery {
        lookback_hours: Some(lookback_hours),
        as_of: Some(as_of),
        buckets: Some(buckets),
        filters: FleetFilters {
            with_traffic_only,
            ..FleetFilters::default()
        },
    };
    let fleet = get_fleet_health(db, &query).await.expect("the fleet");
    let args = HealthArgs {
        lookback_hours,
        per_endpoint_limit: 10,
        buckets,
        as_of,
    };
    // The reference's endpoints, each with its provider id.
    let mut expected: BTreeMap<String, (String, EndpointHealthMonitor)> = BTreeMap::new();
    for p in &ds.providers {
        let monitor = reference::health(ds, db.generation(), &p.id, args).expect("provider");
        for e in monitor.endpoints {
            if with_traffic_only && e.window.total == 0 {
                continue;
            }
            expected.insert(e.endpoint_id.clone(), (p.id.clone(), e));
        }
    }
    let got: BTreeSet<&str> = fleet
        .endpoints
        .iter()
        .map(|e| e.endpoint_id.as_str())
        .collect();
    let want: BTreeSet<&str> = expected.keys().map(String::as_str).collect();
    assert_eq!(got, want, "the fleet's endpoints");
    assert_eq!(fleet.bucket_starts.len(), buckets as usize);

    for (i, e) in fleet.endpoints.iter().enumerate() {
        assert_eq!(e.rank as usize, i + 1);
        let (provider_id, m) = &expected[&e.endpoint_id];
        assert_eq!(&e.provider_id, provider_id);
        let f = &e.figures;
        let w = &m.window;
        let status = |s: &str| w.by_status.get(s).copied().unwrap_or(0);
        assert_eq!(f.attempts, w.total, "{}", e.endpoint_id);
        assert_eq!(f.outcomes, w.outcomes, "{}", e.endpoint_id);
        assert_eq!((f.failed, f.skipped), (status("failed"), status("skipped")));
        assert_eq!(f.success_rate, w.success_rate);
        assert_eq!(f.level, w.level);
        assert_eq!(
            (f.latency_p50_ms, f.latency_p95_ms),
            (w.latency_p50_ms, w.latency_p95_ms)
        );
        let finished = w.outcomes.success + w.outcomes.service_error;
        assert_eq!(
            f.rate_counts,
            finished >= u64::from(FLEET_RULES.min_finished_for_rate)
        );
        let strip = e.strip.as_ref().expect("core's answer carries the strips");
        let levels: Vec<Level> = m.timeline.iter().map(|b| b.level).collect();
        assert_eq!(strip.levels, levels, "{}", e.endpoint_id);
        let column = |pick: fn(&OutcomeCounts) -> u64| -> Vec<u64> {
            m.timeline.iter().map(|b| pick(&b.outcomes)).collect()
        };
        assert_eq!(strip.success, column(|o| o.success));
        assert_eq!(strip.service_error, column(|o| o.service_error));
        assert_eq!(strip.user_error, column(|o| o.user_error));
        let totals: Vec<u64> = m.timeline.iter().map(|b| b.total).collect();
        assert_eq!(strip.total, totals);
        let rates: Vec<Option<f64>> = m.timeline.iter().map(|b| b.success_rate).collect();
        assert_eq!(strip.success_rate, rates);
    }
    for pair in fleet.endpoints.windows(2) {
        assert_ne!(
            stated_rule(&pair[0], &pair[1]),
            Ordering::Greater,
            "ranked out of order: {:?} before {:?}",
            pair[0].endpoint_id,
            pair[1].endpoint_id
        );
    }

    // Each format is the sum of its endpoints.
    let mut attempts = 0;
    for g in &fleet.formats {
        let mine: Vec<&FleetEndpoint> = fleet
            .endpoints
            .iter()
            .filter(|e| e.api_format == g.api_format)
            .collect();
        assert_eq!(g.endpoints, mine.len() as u64);
        let providers: BTreeSet<&str> = mine.iter().map(|e| e.provider_id.as_str()).collect();
        assert_eq!(g.providers, providers.len() as u64);
        assert_eq!(
            g.figures.attempts,
            mine.iter().map(|e| e.figures.attempts).sum::<u64>()
        );
        let counted = |level: Level| {
            mine.iter()
                .filter(|e| e.figures.rate_counts && e.figures.level == level)
                .count() as u64
        };
        assert_eq!(g.degraded_endpoints, counted(Level::Warn));
        assert_eq!(g.unhealthy_endpoints, counted(Level::Bad));
        let timeline = |e: &FleetEndpoint| &expected[&e.endpoint_id].1.timeline;
        for i in 0..buckets as usize {
            let sum: u64 = mine
                .iter()
                .map(|e| timeline(e)[i].outcomes.service_error)
                .sum();
            assert_eq!(g.strip.service_error[i], sum);
            // The cell opens the endpoint with the most service errors, then the most events,
            // then the better rank (`mine` is in rank order).
            let mut opens: Option<(u64, u64, u32)> = None;
            for e in &mine {
                let b = &timeline(e)[i];
                let key = (b.outcomes.service_error, b.total);
                if b.total > 0 && opens.is_none_or(|(x, n, _)| key > (x, n)) {
                    opens = Some((key.0, key.1, e.rank));
                }
            }
            assert_eq!(
                g.worst_ranks[i],
                opens.map(|o| o.2),
                "{} bucket {i}",
                g.api_format
            );
        }
        assert_eq!(g.worst_ranks.len(), buckets as usize);
        attempts += g.figures.attempts;
    }
    assert_eq!(fleet.total.attempts, attempts);

    // The app's shelf: the same strips, served by rank, none left on the rows.
    let mut shown = fleet.clone();
    let shelf = FleetStripShelf::take(&mut shown, &query).expect("shelved");
    assert!(shown.endpoints.iter().all(|e| e.strip.is_none()));
    let pinned = FleetQuery {
        as_of: Some(fleet.generated_at),
        ..query.clone()
    };
    assert!(shelf.answers(&pinned));
    assert!(!shelf.answers(&FleetQuery {
        buckets: Some(buckets + 1),
        ..pinned
    }));
    let whole: Vec<_> = fleet
        .endpoints
        .iter()
        .map(|e| e.strip.clone().unwrap())
        .collect();
    let mut paged = Vec::new();
    let mut first_rank = 1;
    loop {
        let page = shelf.page(first_rank, 7).expect("a page");
        assert_eq!(page.first_rank, first_rank);
        if page.strips.is_empty() {
            break;
        }
        first_rank += page.strips.len() as u32;
        paged.extend(page.strips);
    }
    assert_eq!(paged, whole);
    assert!(shelf.page(0, 7).is_err() && shelf.page(1, 0).is_err());
}

/// The ranking rule as `docs/rules.md` states it.
fn stated_rule(a: &FleetEndpoint, b: &FleetEndpoint) -> Ordering {
    let rate = |e: &FleetEndpoint| e.figures.success_rate.filter(|_| e.figures.rate_counts);
    let by_rate = match (rate(a), rate(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap(),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    b.figures
        .outcomes
        .service_error
        .cmp(&a.figures.outcomes.service_error)
        .then(by_rate)
        .then(a.provider_name.cmp(&b.provider_name))
        .then(a.api_format.cmp(&b.api_format))
        .then(a.endpoint_id.as_bytes().cmp(b.endpoint_id.as_bytes()))
}
