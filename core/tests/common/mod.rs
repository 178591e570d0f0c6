//! Shared by the read-operation property tests on SQLite and the same checks on PostgreSQL:
//! dataset strategies, a reference model of the rules per generation, a JSON comparer and the
//! assertions that run every read operation against the model. Only `sqlite.rs` knows the engine.
#![allow(dead_code)]

pub mod compare;
pub mod fixtures;
pub mod fleet;
pub mod reference;
pub mod sqlite;
pub mod strategies;
pub mod verdicts;

use aether_review_core::dataset::Dataset;
use aether_review_core::model::{HealthQuery, Timestamp};
use aether_review_core::{
    get_provider_health_monitor, get_provider_summary, list_provider_summaries, Database, Error,
    FieldCode,
};

use compare::assert_json_close;
use reference::HealthArgs;

/// The arguments every provider's health monitor is checked with (plus the defaults).
fn health_queries(as_of: Timestamp) -> Vec<HealthQuery> {
    let q = |lookback, limit, buckets| HealthQuery {
        lookback_hours: Some(lookback),
        per_endpoint_limit: Some(limit),
        buckets: Some(buckets),
        as_of: Some(as_of),
    };
    vec![
        HealthQuery {
            as_of: Some(as_of),
            ..HealthQuery::default()
        },
        q(72, 10, 10),
        q(1, 200, 240),
        q(6, 10, 13),
    ]
}

/// Runs every read operation on `db` (loaded with exactly `ds`) and compares each result with
/// the reference model: all summaries, each summary, each provider's health monitor under
/// several arguments at `as_of`, and the NotFound / Validation errors.
pub async fn assert_reads_match_reference(db: &Database, ds: &Dataset, as_of: Timestamp) {
    assert_summaries_match_reference(db, ds).await;
    for p in &ds.providers {
        for query in health_queries(as_of) {
            assert_health_matches_reference(db, ds, &p.id, &query, as_of).await;
        }
    }
    let missing = HealthQuery {
        as_of: Some(as_of),
        ..HealthQuery::default()
    };
    assert_not_found(get_provider_health_monitor(db, "no-such-provider", &missing).await);
    let invalid = HealthQuery {
        lookback_hours: Some(73),
        per_endpoint_limit: Some(9),
        buckets: Some(241),
        as_of: Some(as_of),
    };
    // Arguments are checked before the provider is looked up.
    match get_provider_health_monitor(db, "no-such-provider", &invalid).await {
        Err(err @ Error::Validation { .. }) => {
            let range = |min, max| FieldCode::OutOfRange { min, max };
            assert_eq!(
                err.field_codes(),
                [
                    ("lookback_hours", &range(1.0, 72.0)),
                    ("per_endpoint_limit", &range(10.0, 200.0)),
                    ("buckets", &range(10.0, 240.0)),
                ]
            );
        }
        other => panic!("expected a Validation error, got {other:?}"),
    }
}

/// `list_provider_summaries` and `get_provider_summary` of every provider (and a missing one),
/// under the rules of the generation `db` was recognised as (the generation matrix checks that
/// separately).
pub async fn assert_summaries_match_reference(db: &Database, ds: &Dataset) {
    let generation = db.generation();
    // The summaries' as-of time: the file's own, else the clock (read just before, so a quota
    // reset's days left agree unless a day boundary falls in between).
    let as_of = db.info().as_of.unwrap_or_else(chrono::Utc::now);
    let all = list_provider_summaries(db).await.expect("summaries");
    assert_json_close(
        &all,
        &reference::summaries(ds, generation, as_of),
        "list_provider_summaries",
    );
    for p in &ds.providers {
        let one = get_provider_summary(db, &p.id).await.expect("a summary");
        let expected = reference::summary(ds, generation, &p.id, as_of).unwrap();
        assert_json_close(&one, &expected, &format!("get_provider_summary({})", p.id));
    }
    assert_not_found(get_provider_summary(db, "no-such-provider").await);
}

/// One provider's health monitor against the model; `default_as_of` is what the database should
/// use when `query.as_of` is absent.
pub async fn assert_health_matches_reference(
    db: &Database,
    ds: &Dataset,
    provider_id: &str,
    query: &HealthQuery,
    default_as_of: Timestamp,
) {
    let args = HealthArgs {
        lookback_hours: query.lookback_hours.unwrap_or(6),
        per_endpoint_limit: query.per_endpoint_limit.unwrap_or(48),
        buckets: query.buckets.unwrap_or(60),
        as_of: query.as_of.unwrap_or(default_as_of),
    };
    let actual = get_provider_health_monitor(db, provider_id, query)
        .await
        .expect("a health monitor");
    let expected =
        reference::health(ds, db.generation(), provider_id, args).expect("the provider exists");
    assert_json_close(
        &actual,
        &expected,
        &format!("get_provider_health_monitor({provider_id}, {query:?})"),
    );
}

fn assert_not_found<T: std::fmt::Debug>(result: Result<T, Error>) {
    match result {
        Err(Error::NotFound { entity, id }) => {
            assert_eq!(
                (entity.as_str(), id.as_str()),
                ("provider", "no-such-provider")
            );
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}
