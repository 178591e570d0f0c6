//! The health monitor on a real SQLite snapshot equals the reference model of `docs/rules.md`.

mod common;

use aether_review_core::dataset::Dataset;
use aether_review_core::layout::Generation;
use aether_review_core::model::{HealthQuery, SnapshotMeta, Timestamp};
use aether_review_core::{db, get_provider_health_monitor};
use chrono::TimeDelta;
use proptest::prelude::*;

use common::fixtures::{candidate, endpoint, provider, runtime};
use common::sqlite::{load_sqlite, load_sqlite_with_rollups};
use common::strategies::{self, as_of};

/// What a snapshot without metadata takes as "now": its newest event.
fn newest_created_at(ds: &Dataset) -> Option<Timestamp> {
    ds.candidates.iter().filter_map(|c| c.created_at).max()
}

/// Every provider's health monitor of `ds` (loaded with or without rollups) equals the model's.
fn check_health(ds: &Dataset, mut query: HealthQuery, rollups: bool) {
    let default_as_of = match newest_created_at(ds) {
        Some(t) => t,
        // Without events the snapshot's "now" is the wall clock, which no model can know.
        None => {
            query.as_of.get_or_insert(as_of());
            as_of()
        }
    };
    runtime().block_on(async {
        let (_dir, db) = if rollups {
            load_sqlite_with_rollups(ds).await
        } else {
            load_sqlite(ds).await
        };
        for p in &ds.providers {
            common::assert_health_matches_reference(&db, ds, &p.id, &query, default_as_of).await;
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn health_monitor_matches_the_reference_model(
        ds in strategies::dataset(),
        query in strategies::health_query(),
    ) {
        check_health(&ds, query, false);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whole intervals from the rollups, partial minutes (window edges, slices narrower than a
    /// minute) from the raw rows: the same figures as the model.
    #[test]
    fn health_monitor_from_rollups_matches_the_reference_model(
        ds in strategies::dataset(),
        query in strategies::health_query(),
    ) {
        check_health(&ds, query, true);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn every_read_operation_matches_the_reference_model(ds in strategies::dataset()) {
        runtime().block_on(async {
            let (_dir, db) = load_sqlite(&ds).await;
            common::assert_reads_match_reference(&db, &ds, as_of()).await;
        });
    }
}

/// One provider with a busy endpoint (600 recent events) and a quiet one (3 older events).
fn busy_and_quiet() -> Dataset {
    let mut ds = Dataset {
        providers: vec![provider("p", 0)],
        endpoints: vec![
            endpoint("busy", "p", "CLAUDE", Some(as_of() - TimeDelta::days(30))),
            endpoint("quiet", "p", "OPENAI", Some(as_of() - TimeDelta::days(29))),
        ],
        ..Dataset::default()
    };
    for i in 0..600 {
        let t = as_of() - TimeDelta::seconds(i);
        ds.candidates
            .push(candidate(&format!("b{i:04}"), "busy", t, "success"));
    }
    for i in 0..3 {
        let t = as_of() - TimeDelta::hours(5) - TimeDelta::minutes(i);
        ds.candidates
            .push(candidate(&format!("q{i}"), "quiet", t, "failed"));
    }
    ds
}

#[tokio::test]
async fn quiet_endpoint_keeps_its_events_next_to_a_busy_one() {
    let (_dir, db) = load_sqlite(&busy_and_quiet()).await;
    let query = HealthQuery {
        per_endpoint_limit: Some(10),
        ..HealthQuery::default()
    };
    let m = get_provider_health_monitor(&db, "p", &query).await.unwrap();
    let ids: Vec<_> = m.endpoints.iter().map(|e| e.endpoint_id.as_str()).collect();
    assert_eq!(ids, ["busy", "quiet"]);
    assert_eq!(m.endpoints[0].events.len(), 10);
    assert_eq!(m.endpoints[0].window.total, 600);
    assert_eq!(m.endpoints[1].events.len(), 3);
    assert_eq!(m.endpoints[1].failed_count, 3);
    assert_eq!(m.window.total, 603);
    // Oldest first, the newest last.
    assert_eq!(m.endpoints[0].last_event_at, Some(as_of()));
    assert!(m.endpoints[1].events[0].timestamp < m.endpoints[1].events[2].timestamp);
}

#[tokio::test]
async fn health_takes_the_same_statements_for_few_or_many_endpoints_and_events() {
    let mut small = busy_and_quiet();
    small.endpoints.truncate(1);
    small.candidates.truncate(5);
    let mut counts = Vec::new();
    for ds in [small, busy_and_quiet()] {
        let (_dir, db) = load_sqlite(&ds).await;
        let before = db.statements_executed();
        get_provider_health_monitor(&db, "p", &HealthQuery::default())
            .await
            .unwrap();
        counts.push(db.statements_executed() - before);
    }
    assert_eq!(counts[0], counts[1]);
    assert!(counts[0] <= 7, "{counts:?}");
}

#[tokio::test]
async fn a_snapshot_is_seen_at_its_taken_at_time_not_the_wall_clock() {
    let ds = busy_and_quiet();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snap.sqlite");
    let pool = db::create_snapshot_file(&path, Generation::Legacy)
        .await
        .unwrap();
    ds.insert_into(&db::Pool::Sqlite(pool.clone()))
        .await
        .unwrap();
    let taken_at = as_of() - TimeDelta::hours(3);
    let meta = SnapshotMeta {
        taken_at,
        source: "test".to_owned(),
        aether_schema_version: None,
        since_window: None,
        providers: None,
        row_counts: Default::default(),
        generation: Generation::Legacy,
    };
    db::write_snapshot_meta(&pool, &meta).await.unwrap();
    pool.close().await;
    let db = db::open(path.to_str().unwrap(), true).await.unwrap();

    let m = get_provider_health_monitor(&db, "p", &HealthQuery::default())
        .await
        .unwrap();
    assert_eq!(m.generated_at, taken_at);
    assert_eq!(m.since, taken_at - TimeDelta::hours(6));
    // Busy events are all newer than taken_at; the quiet ones (5 h before as_of) are inside.
    assert_eq!(m.endpoints[0].window.total, 0);
    assert_eq!(m.endpoints[1].window.total, 3);
}

#[tokio::test]
async fn out_of_range_arguments_are_rejected_together_not_clamped() {
    let (_dir, db) = load_sqlite(&busy_and_quiet()).await;
    let query = HealthQuery {
        lookback_hours: Some(0),
        per_endpoint_limit: Some(500),
        buckets: Some(60),
        as_of: None,
    };
    let err = get_provider_health_monitor(&db, "p", &query)
        .await
        .unwrap_err();
    let value = serde_json::to_value(&err).unwrap();
    assert_eq!(value["kind"], "Validation");
    let fields: Vec<_> = value["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["lookback_hours", "per_endpoint_limit"]);
}

/// More endpoints than one compound statement may hold (SQLite: 500 parts): every endpoint
/// still gets its own sample and counts, on the snapshot and when rolled up.
#[tokio::test]
async fn a_provider_with_hundreds_of_endpoints_samples_each_of_them() {
    let mut ds = Dataset {
        providers: vec![provider("p", 0)],
        ..Dataset::default()
    };
    for e in 0..450 {
        let id = format!("e{e:03}");
        ds.endpoints
            .push(endpoint(&id, "p", &format!("FORMAT_{e}"), None));
        for i in 0..2 {
            let t = as_of() - TimeDelta::minutes(e * 2 + i + 1);
            ds.candidates
                .push(candidate(&format!("{id}-{i}"), &id, t, "success"));
        }
    }
    for rollups in [false, true] {
        let (_dir, db) = if rollups {
            load_sqlite_with_rollups(&ds).await
        } else {
            load_sqlite(&ds).await
        };
        let query = HealthQuery {
            lookback_hours: Some(72),
            as_of: Some(as_of()),
            ..HealthQuery::default()
        };
        let m = get_provider_health_monitor(&db, "p", &query).await.unwrap();
        assert_eq!(m.endpoints.len(), 450);
        assert!(m
            .endpoints
            .iter()
            .all(|e| e.events.len() == 2 && e.window.total == 2));
        assert_eq!(m.window.total, 900);
    }
}
