//! Event lists, outcome classes, request chains and the fleet view on every generation and
//! engine equal the
//! plain-Rust reference model (`common/reference/incident.rs`, from `docs/rules.md`): a bucket's
//! events (edges, empty buckets, NULL endpoints and times), every page exactly once, filters,
//! the SQL outcome class equal to the Rust one, and chains spanning providers.
//!
//! Few cases per cell keep a cold run short.

mod common;
mod generations;
mod mysql_support;
mod pg_support;

use aether_review_core::dataset::{Dataset, Target};
use aether_review_core::db::Dialect;
use aether_review_core::layout::Generation;
use aether_review_core::model::{
    ChainEnd, EventFilters, EventRange, EventsQuery, OutcomeClass, Timestamp,
};
use aether_review_core::{get_request_chain, list_events, Database, Error};
use chrono::TimeDelta;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::BoxedStrategy;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};

use common::fixtures::runtime;
use common::reference::incident as model;
use common::strategies::{self, as_of};
use generations::{open_fixture, Engine, ALL};

/// Cases per cell.
const CASES: u32 = 4;

/// The window a case cuts into buckets.
#[derive(Debug, Clone)]
struct Cut {
    lookback_hours: u32,
    buckets: u32,
    filters: EventFilters,
}

fn cut() -> impl Strategy<Value = Cut> {
    let filters = prop_oneof![
        3 => Just(EventFilters::default()),
        1 => select(OutcomeClass::ALL.to_vec()).prop_map(|o| EventFilters {
            outcomes: vec![o],
            ..EventFilters::default()
        }),
        1 => Just(EventFilters {
            statuses: vec!["failed".into(), "skipped".into()],
            ..EventFilters::default()
        }),
        1 => Just(EventFilters {
            status_codes: vec![400, 500],
            ..EventFilters::default()
        }),
        1 => Just(EventFilters {
            error_types: vec!["timeout".into()],
            outcomes: vec![OutcomeClass::ServiceError, OutcomeClass::UserError],
            ..EventFilters::default()
        }),
        1 => select(vec!["a", "E", " "]).prop_map(|t| EventFilters {
            message_contains: Some(t.to_owned()),
            ..EventFilters::default()
        }),
    ];
    (
        select(vec![1u32, 6, 72]),
        select(vec![10u32, 13, 60]),
        filters,
    )
        .prop_map(|(lookback_hours, buckets, filters)| Cut {
            lookback_hours,
            buckets,
            filters,
        })
}

fn dataset(generation: Generation, engine: Engine) -> BoxedStrategy<Dataset> {
    match (generation, engine) {
        (Generation::Legacy, Engine::Sqlite) => strategies::dataset().boxed(),
        (Generation::Legacy, _) => strategies::dataset_without_dangling_ids().boxed(),
        (g, Engine::Mysql) => {
            strategies::gateway::dataset_on(Target::aether(g, Dialect::Mysql), Dialect::Mysql)
                .boxed()
        }
        (g, Engine::Postgres) => {
            strategies::gateway::dataset(Target::aether(g, Dialect::Postgres)).boxed()
        }
        (g, Engine::Sqlite) => {
            strategies::gateway::dataset(Target::aether(g, Dialect::Sqlite)).boxed()
        }
    }
}

/// Every page of `query` (page size 10), in order.
async fn every_page(db: &Database, mut query: EventsQuery) -> Vec<String> {
    query.page_size = Some(10);
    let mut ids = Vec::new();
    loop {
        let page = list_events(db, &query).await.expect("a page");
        assert!(page.events.len() <= 10);
        for e in &page.events {
            // The SQL class is the Rust rule's.
            let code = e.status_code.map(i64::from);
            assert_eq!(
                e.outcome,
                OutcomeClass::classify(&e.status, code, e.error_message.as_deref()),
                "{e:?}"
            );
            assert_eq!(
                e.outcome,
                model::outcome(&e.status, e.status_code, e.error_message.as_deref())
            );
        }
        ids.extend(page.events.iter().map(|e| e.id.clone()));
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return ids,
        }
    }
}

/// Each provider's bucket lists (every non-empty bucket, the first, the last) and one endpoint's
/// whole window as `[since, as_of)` against the model; every request's chain.
async fn check(db: &Database, ds: &Dataset, cut: &Cut) {
    let generation = db.generation();
    let as_of = as_of();
    let since = as_of - TimeDelta::hours(i64::from(cut.lookback_hours));
    for p in &ds.providers {
        let reference_buckets = model::buckets(ds, generation, &p.id, since, as_of, cut.buckets);
        for (index, expected) in reference_buckets.iter().enumerate() {
            let last = index + 1 == reference_buckets.len();
            if expected.is_empty() && index != 0 && !last {
                continue;
            }
            let query = EventsQuery {
                provider_id: p.id.clone(),
                endpoint_id: None,
                range: EventRange::Bucket {
                    as_of: Some(as_of),
                    lookback_hours: Some(cut.lookback_hours),
                    buckets: Some(cut.buckets),
                    index: index as u32,
                },
                filters: cut.filters.clone(),
                page_size: None,
                cursor: None,
            };
            let expected = model::filtered(expected, &cut.filters);
            assert_eq!(
                every_page(db, query).await,
                expected,
                "provider {} bucket {index} of {cut:?}",
                p.id
            );
        }
        if let Some(e) = ds.endpoints.iter().find(|e| e.provider_id == p.id) {
            let query = EventsQuery {
                provider_id: p.id.clone(),
                endpoint_id: Some(e.id.clone()),
                range: EventRange::Between {
                    from: since,
                    to: as_of,
                },
                filters: EventFilters::default(),
                page_size: None,
                cursor: None,
            };
            let expected = model::between(ds, &e.id, since, as_of);
            assert_eq!(every_page(db, query).await, expected, "endpoint {}", e.id);
        }
    }
    let mut requests: Vec<&str> = ds
        .candidates
        .iter()
        .map(|c| c.request_id.as_str())
        .collect();
    requests.sort_unstable();
    requests.dedup();
    for request_id in requests {
        let chain = get_request_chain(db, request_id).await.expect("a chain");
        let expected = model::chain(ds, request_id);
        let ids: Vec<&str> = chain.candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, expected.ids, "request {request_id}");
        let end = match chain.end {
            ChainEnd::Succeeded { position } => Some(("succeeded", position)),
            ChainEnd::InFlight { position } => Some(("in_flight", position)),
            ChainEnd::GaveUp => None,
        };
        assert_eq!(end, expected.end, "request {request_id}");
        assert_eq!(
            chain.incomplete, expected.incomplete,
            "request {request_id}: {chain:?}"
        );
    }
    common::fleet::check_fleet(
        db,
        ds,
        as_of,
        cut.lookback_hours,
        cut.buckets,
        cut.filters != EventFilters::default(),
    )
    .await;
    match get_request_chain(db, "no-such-request").await {
        Err(Error::NotFound { entity, .. }) => assert_eq!(entity, "request"),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

fn cell(test: &str, generation: Generation, engine: Engine) {
    let runtime = runtime();
    let mut runner = TestRunner::new(ProptestConfig {
        cases: CASES,
        ..ProptestConfig::default()
    });
    let outcome = runner.run(&(dataset(generation, engine), cut()), |(ds, cut)| {
        runtime.block_on(async {
            let Some((db, guard)) = open_fixture(test, generation, engine, &ds).await else {
                return;
            };
            check(&db, &ds, &cut).await;
            guard.finish(db).await;
        });
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

#[test]
fn every_generation_and_engine_matches_the_reference_model() {
    for (generation, engine) in ALL {
        let test = format!("incident_{}_{engine:?}", generation.as_str()).to_lowercase();
        cell(&test.replace('.', ""), generation, engine);
    }
}

/// Events sharing one timestamp (and ids whose byte order differs from a locale's) across pages
/// of a bucket: every event exactly once.
#[tokio::test]
async fn keyset_pages_return_every_event_once_when_times_tie() {
    use common::fixtures::{candidate, endpoint, provider};
    let t: Timestamp = as_of() - TimeDelta::minutes(30);
    let mut ds = Dataset {
        providers: vec![provider("p", 0)],
        endpoints: vec![endpoint("e", "p", "openai:chat", None)],
        ..Dataset::default()
    };
    for (i, prefix) in ["a", "B", "b", "Z", "_", "-"]
        .iter()
        .cycle()
        .take(57)
        .enumerate()
    {
        ds.candidates
            .push(candidate(&format!("{prefix}{i:02}"), "e", t, "failed"));
    }
    ds.candidates.push(candidate(
        "older",
        "e",
        t - TimeDelta::seconds(1),
        "success",
    ));
    let (_dir, db) = common::sqlite::load_sqlite(&ds).await;
    let query = EventsQuery {
        provider_id: "p".into(),
        endpoint_id: None,
        range: EventRange::Between {
            from: as_of() - TimeDelta::hours(1),
            to: as_of(),
        },
        filters: EventFilters::default(),
        page_size: None,
        cursor: None,
    };
    let ids = every_page(&db, query).await;
    let mut expected: Vec<String> = ds.candidates.iter().map(|c| c.id.clone()).collect();
    expected.sort_by(|a, b| {
        let key = |id: &String| {
            let c = ds.candidates.iter().find(|c| &c.id == id).unwrap();
            (c.created_at, c.id.as_bytes().to_vec())
        };
        key(b).cmp(&key(a))
    });
    assert_eq!(ids, expected);
    assert_eq!(ids.last().map(String::as_str), Some("older"));
}

/// Every status Aether writes (and unknown ones) × codes × messages, on every generation and
/// engine: the class the SQL computes is the Rust rule's.
#[test]
fn the_sql_outcome_class_is_the_rust_rule_on_every_engine() {
    use common::fixtures::{candidate, provider};
    let statuses = [
        "success",
        "failed",
        "skipped",
        "pending",
        "streaming",
        "started",
        "available",
        "cancelled",
        "unused",
        "stream_interrupted",
        "",
    ];
    let codes = [None, Some(200), Some(399), Some(400), Some(401), Some(500)];
    let messages = [None, Some(""), Some(" "), Some("boom")];
    let mut p = provider("p", 0);
    (p.created_at, p.updated_at) = (Some(as_of()), Some(as_of()));
    let mut ds = generations::with_catalog(vec![p]);
    let t = as_of() - TimeDelta::minutes(1);
    for (i, status) in statuses.iter().enumerate() {
        for (j, code) in codes.iter().enumerate() {
            for (k, message) in messages.iter().enumerate() {
                let mut c = candidate(&format!("c{i:02}{j}{k}"), "p-e1", t, status);
                c.provider_id = Some("p".into());
                c.status_code = *code;
                c.error_message = message.map(str::to_owned);
                ds.candidates.push(c);
            }
        }
    }
    let runtime = runtime();
    for (generation, engine) in ALL {
        runtime.block_on(async {
            let test = format!("outcome_{}_{engine:?}", generation.as_str())
                .to_lowercase()
                .replace('.', "");
            let Some((db, guard)) = open_fixture(&test, generation, engine, &ds).await else {
                return;
            };
            let query = EventsQuery {
                provider_id: "p".into(),
                endpoint_id: None,
                range: EventRange::Between {
                    from: t,
                    to: as_of(),
                },
                filters: EventFilters::default(),
                page_size: None,
                cursor: None,
            };
            let ids = every_page(&db, query).await;
            assert_eq!(ids.len(), ds.candidates.len(), "{generation} {engine:?}");
            guard.finish(db).await;
        });
    }
}
