//! The generation matrix: random datasets of each generation written the way each target stores
//! them, opened the way the app opens a database, recognised as that generation, and every read
//! operation (summaries, the health monitor, NotFound / Validation) compared with the reference
//! model of `docs/rules.md` and `docs/generations.md`.
//!
//! | generation | our snapshot (SQLite)          | Aether's PostgreSQL | the gateway's SQLite file | the gateway's MySQL |
//! |------------|--------------------------------|---------------------|---------------------------|---------------------|
//! | legacy     | summary_props, health_props    | engines.rs          | —                         | —                   |
//! | v0.3       | slot: [`new_snapshot_file`]    | here                | —                         | —                   |
//! | rust       | slot: [`new_snapshot_file`]    | here                | here (unix times)         | here (unix times)   |
//!
//! Few cases per cell keep a cold run short; every cell draws from the same corners.

mod common;
mod mysql_support;
mod pg_support;

use std::cell::RefCell;
use std::path::Path;

use aether_review_core::dataset::{Dataset, Target};
use aether_review_core::db::{self, Dialect, Pool};
use aether_review_core::layout::{Generation, TimeEncoding};
use aether_review_core::model::{HealthQuery, Timestamp};
use aether_review_core::Database;
use proptest::strategy::Strategy;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

use common::fixtures::runtime;
use common::strategies::{self, as_of};
use mysql_support::MysqlTestDb;
use pg_support::PgTestDb;

/// Cases per cell.
const CASES: u32 = 12;

/// The gateway's SQLite schema (a real file's `sqlite_master`).
const GATEWAY_SQLITE_SCHEMA: &str = include_str!("fixtures/rust_sqlite_schema.sql");

fn runner() -> TestRunner {
    TestRunner::new(ProptestConfig {
        cases: CASES,
        ..ProptestConfig::default()
    })
}

/// A dataset `target` can hold and a health query.
fn case(target: Target) -> impl Strategy<Value = (Dataset, HealthQuery)> {
    (
        strategies::gateway::dataset(target),
        strategies::health_query(),
    )
}

/// What a database without snapshot metadata takes as "now": its newest event.
fn newest_created_at(ds: &Dataset) -> Option<Timestamp> {
    ds.candidates.iter().filter_map(|c| c.created_at).max()
}

/// Every read against the model, plus one random query with the database's own default "now"
/// when the model can know it (`default_as_of`; else the query gets an explicit `as_of`).
async fn check(
    db: &Database,
    ds: &Dataset,
    mut query: HealthQuery,
    default_as_of: Option<Timestamp>,
) {
    common::assert_reads_match_reference(db, ds, as_of()).await;
    let default_as_of = match default_as_of {
        Some(t) => t,
        None => *query.as_of.get_or_insert(as_of()),
    };
    for p in &ds.providers {
        common::assert_health_matches_reference(db, ds, &p.id, &query, default_as_of).await;
    }
}

/// One cell on Aether's PostgreSQL schema of `generation`: each case in a fresh database, dropped
/// after the case, or at the start of the next one when the case failed.
fn aether_postgres_cell(test: &str, generation: Generation, schema: &'static str) {
    if pg_support::admin_url(test).is_none() {
        return;
    }
    let runtime = runtime();
    let target = Target::aether(generation, Dialect::Postgres);
    let leftover: RefCell<Option<PgTestDb>> = RefCell::new(None);
    let outcome = runner().run(&case(target), |(ds, query)| {
        runtime.block_on(async {
            if let Some(failed) = leftover.take() {
                failed.drop_now().await;
            }
            let pg = PgTestDb::with_schema(test, schema)
                .await
                .expect("the server is configured");
            let pool = pg.superuser_pool().await;
            let url = pg.url.clone();
            leftover.replace(Some(pg));
            ds.insert_as(&Pool::Postgres(pool.clone()), target)
                .await
                .expect("the dataset fits Aether's schema");
            pool.close().await;

            let db = aether_review_core::open(&url, true)
                .await
                .expect("it opens");
            assert_eq!(db.generation(), generation);
            // PostgreSQL's default "now" is the wall clock: the model is given explicit times.
            check(&db, &ds, query, None).await;
            db.close().await;
            if let Some(pg) = leftover.take() {
                pg.drop_now().await;
            }
        });
        Ok(())
    });
    if let Some(failed) = leftover.take() {
        runtime.block_on(failed.drop_now());
    }
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

#[test]
fn v03_on_aether_postgres_matches_the_reference_model() {
    aether_postgres_cell("v03_props", Generation::V03, pg_support::V03_SCHEMA);
}

#[test]
fn rust_on_aether_postgres_matches_the_reference_model() {
    aether_postgres_cell("rust_pg_props", Generation::Rust, pg_support::RUST_SCHEMA);
}

/// The Rust gateway on MySQL: each case in a fresh database with its published layout, dropped
/// after the case, or at the start of the next one when the case failed.
#[test]
fn rust_on_the_gateway_mysql_matches_the_reference_model() {
    let test = "rust_mysql_props";
    if mysql_support::admin_url(test).is_none() {
        return;
    }
    let runtime = runtime();
    let target = Target::aether(Generation::Rust, Dialect::Mysql);
    let leftover: RefCell<Option<MysqlTestDb>> = RefCell::new(None);
    let case = (
        strategies::gateway::dataset_on(target, Dialect::Mysql),
        strategies::health_query(),
    );
    let outcome = runner().run(&case, |(ds, query)| {
        runtime.block_on(async {
            if let Some(failed) = leftover.take() {
                failed.drop_now().await;
            }
            let my = MysqlTestDb::with_rust_schema(test)
                .await
                .expect("the server is configured");
            let pool = my.pool().await;
            let url = my.url.clone();
            leftover.replace(Some(my));
            ds.insert_as(&Pool::Mysql(pool.clone()), target)
                .await
                .expect("the dataset fits the gateway's MySQL layout");
            pool.close().await;

            let db = aether_review_core::open(&url, true)
                .await
                .expect("it opens");
            assert_eq!(db.generation(), Generation::Rust);
            assert_eq!(db.info().time_encoding, TimeEncoding::UnixEpoch);
            // A live server's default "now" is the wall clock: the model is given explicit times.
            check(&db, &ds, query, None).await;
            db.close().await;
            if let Some(my) = leftover.take() {
                my.drop_now().await;
            }
        });
        Ok(())
    });
    if let Some(failed) = leftover.take() {
        runtime.block_on(failed.drop_now());
    }
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// A new SQLite file at `path` with the gateway's own schema.
async fn new_gateway_file(path: &Path) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("a new SQLite file");
    sqlx::raw_sql(GATEWAY_SQLITE_SCHEMA)
        .execute(&pool)
        .await
        .expect("the gateway's schema");
    pool
}

#[test]
fn rust_on_the_gateway_sqlite_file_matches_the_reference_model() {
    let runtime = runtime();
    let target = Target::aether(Generation::Rust, Dialect::Sqlite);
    let outcome = runner().run(&case(target), |(ds, query)| {
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("aether.db");
            let pool = new_gateway_file(&path).await;
            ds.insert_as(&Pool::Sqlite(pool.clone()), target)
                .await
                .expect("the dataset fits the gateway's schema");
            pool.close().await;

            let db = aether_review_core::open(path.to_str().unwrap(), true)
                .await
                .expect("it opens");
            assert_eq!(db.generation(), Generation::Rust);
            assert_eq!(db.info().time_encoding, TimeEncoding::UnixEpoch);
            check(&db, &ds, query, newest_created_at(&ds)).await;
            db.close().await;
        });
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// A new, empty snapshot file of ours for `generation` at `path`.
async fn new_snapshot_file(path: &Path, generation: Generation) -> Option<SqlitePool> {
    Some(
        db::create_snapshot_file(path, generation)
            .await
            .expect("a new snapshot file"),
    )
}

fn our_snapshot_cell(generation: Generation) {
    let runtime = runtime();
    let target = Target::snapshot(generation);
    let outcome = runner().run(&case(target), |(ds, query)| {
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("snapshot.sqlite");
            let pool = new_snapshot_file(&path, generation)
                .await
                .unwrap_or_else(|| panic!("no snapshot schema for {generation} yet"));
            ds.insert_as(&Pool::Sqlite(pool.clone()), target)
                .await
                .expect("the dataset fits our snapshot schema");
            pool.close().await;

            let db = aether_review_core::open(path.to_str().unwrap(), true)
                .await
                .expect("it opens");
            assert_eq!(db.generation(), generation);
            check(&db, &ds, query, newest_created_at(&ds)).await;
            db.close().await;
        });
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

#[test]
fn v03_on_our_snapshot_matches_the_reference_model() {
    our_snapshot_cell(Generation::V03);
}

#[test]
fn rust_on_our_snapshot_matches_the_reference_model() {
    our_snapshot_cell(Generation::Rust);
}
