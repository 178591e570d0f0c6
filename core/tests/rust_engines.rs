//! The Rust gateway runs on MySQL, PostgreSQL and SQLite: the same dataset loaded into each
//! (through its published layout, in that engine's own encoding) must read back as identical
//! summaries and identical health monitors.

mod common;
mod generations;
mod mysql_support;
mod pg_support;

use aether_review_core::dataset::Dataset;
use aether_review_core::layout::Generation;
use aether_review_core::model::HealthQuery;
use aether_review_core::{get_provider_health_monitor, list_provider_summaries, Database};
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use serde_json::Value;

use common::fixtures::runtime;
use common::strategies::{self, as_of};
use generations::{open_fixture, Engine};

/// Datasets compared (each on three engines).
const CASES: u32 = 4;

const ENGINES: [Engine; 3] = [Engine::Mysql, Engine::Postgres, Engine::Sqlite];

/// Everything the three engines must agree on: every summary and, per provider, the health
/// monitor under a few arguments at a fixed "now".
async fn reads(db: &Database, ds: &Dataset) -> Value {
    let mut summaries = list_provider_summaries(db).await.expect("summaries");
    // The quota reset is seen at each database's as-of time (a file's own, a live server's clock;
    // `change_log_saves.rs` checks it); everything else must be equal.
    for s in &mut summaries {
        s.next_quota_reset = None;
    }
    let mut monitors = Vec::new();
    for p in &ds.providers {
        for (lookback, limit) in [(72, 200), (6, 10)] {
            let query = HealthQuery {
                lookback_hours: Some(lookback),
                per_endpoint_limit: Some(limit),
                buckets: Some(24),
                as_of: Some(as_of()),
            };
            monitors.push(
                get_provider_health_monitor(db, &p.id, &query)
                    .await
                    .expect("a health monitor"),
            );
        }
    }
    serde_json::json!({"summaries": summaries, "monitors": monitors})
}

#[test]
fn the_same_dataset_reads_the_same_on_mysql_postgres_and_the_gateway_sqlite_file() {
    let test = "rust_engines_equal";
    if mysql_support::admin_url(test).is_none() || pg_support::admin_url(test).is_none() {
        return;
    }
    let runtime = runtime();
    let mut runner = TestRunner::new(ProptestConfig {
        cases: CASES,
        ..ProptestConfig::default()
    });
    let outcome = runner.run(
        &strategies::gateway::dataset_for_every_engine(Generation::Rust),
        |ds| {
            runtime.block_on(async {
                let mut seen: Vec<(Engine, Value)> = Vec::new();
                for engine in ENGINES {
                    let (db, guard) = open_fixture(test, Generation::Rust, engine, &ds)
                        .await
                        .expect("the servers are configured");
                    let read = reads(&db, &ds).await;
                    guard.finish(db).await;
                    if let Some((first, expected)) = seen.first() {
                        assert_eq!(&read, expected, "{engine:?} differs from {first:?}");
                    }
                    seen.push((engine, read));
                }
            });
            Ok(())
        },
    );
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
