//! A database of any generation on any engine it runs on, loaded from Aether's published schema
//! (`fixtures/`) and filled through `Dataset::insert_as` in that layout's own encoding:
//!
//! | generation | SQLite                                          | PostgreSQL            | MySQL |
//! |------------|-------------------------------------------------|-----------------------|-------|
//! | legacy     | a snapshot of ours (`migrations/`, RFC 3339)    | `aether_pg_schema.sql` | — |
//! | v0.3       | — (v0.3 ran on PostgreSQL only)                 | `v03_pg_schema.sql`   | — |
//! | rust       | the gateway's own file (`rust_sqlite_schema.sql`, unix seconds) | `rust_pg_schema.sql` | `rust_mysql_schema.sql` (unix seconds) |
//!
//! A test crate using it also declares `mod pg_support;` and `mod mysql_support;` (the servers
//! are the test scripts', see there; without one [`open_fixture`] returns `None` and the test
//! passes as skipped).
#![allow(dead_code)] // each test crate uses its own part of it

use std::path::{Path, PathBuf};

use aether_review_core::dataset::{Dataset, EndpointRow, KeyRow, ModelRow, Target};
use aether_review_core::db::{create_snapshot_file, Dialect, Pool};
use aether_review_core::layout::Generation;
use aether_review_core::Database;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::mysql_support::MysqlTestDb;
use crate::pg_support::PgTestDb;

/// Which engine a fixture is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
    Mysql,
}

/// Every (generation, engine) pair Aether ran on (legacy SQLite = our snapshot).
pub const ALL: [(Generation, Engine); 6] = [
    (Generation::Legacy, Engine::Sqlite),
    (Generation::Legacy, Engine::Postgres),
    (Generation::V03, Engine::Postgres),
    (Generation::Rust, Engine::Postgres),
    (Generation::Rust, Engine::Sqlite),
    (Generation::Rust, Engine::Mysql),
];

/// What keeps a fixture alive; [`Guard::finish`] closes the database and removes the fixture.
pub enum Guard {
    /// The SQLite file, in a temporary folder removed on drop.
    File(tempfile::TempDir, PathBuf),
    Postgres(PgTestDb),
    Mysql(MysqlTestDb),
}

impl Guard {
    /// The SQLite file, to compare its bytes.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Guard::File(_, path) => Some(path),
            Guard::Postgres(_) | Guard::Mysql(_) => None,
        }
    }

    /// The PostgreSQL database, to look behind Aether Review's back.
    pub fn postgres(&self) -> Option<&PgTestDb> {
        match self {
            Guard::Postgres(pg) => Some(pg),
            Guard::File(..) | Guard::Mysql(_) => None,
        }
    }

    pub async fn finish(self, db: Database) {
        db.close().await;
        match self {
            Guard::Postgres(pg) => pg.drop_now().await,
            Guard::Mysql(my) => my.drop_now().await,
            Guard::File(..) => {}
        }
    }
}

/// The published schema of `generation` on `engine`; `None` for legacy SQLite (our snapshot's
/// comes from `migrations/`).
fn schema(generation: Generation, engine: Engine) -> Option<&'static str> {
    match (generation, engine) {
        (Generation::Legacy, Engine::Postgres) => {
            Some(include_str!("../fixtures/aether_pg_schema.sql"))
        }
        (Generation::V03, Engine::Postgres) => Some(include_str!("../fixtures/v03_pg_schema.sql")),
        (Generation::Rust, Engine::Postgres) => {
            Some(include_str!("../fixtures/rust_pg_schema.sql"))
        }
        (Generation::Rust, Engine::Sqlite) => {
            Some(include_str!("../fixtures/rust_sqlite_schema.sql"))
        }
        (Generation::Rust, Engine::Mysql) => Some(crate::mysql_support::RUST_SCHEMA),
        (Generation::Legacy, Engine::Sqlite) => None,
        (Generation::V03, Engine::Sqlite) => panic!("Aether v0.3 has no SQLite backend"),
        (_, Engine::Mysql) => panic!("only the Rust gateway runs on MySQL"),
    }
}

/// `data` in a new database of `generation` on `engine`, opened writable; `None` when the
/// PostgreSQL tests are skipped. `test` names the PostgreSQL database.
pub async fn open_fixture(
    test: &str,
    generation: Generation,
    engine: Engine,
    data: &Dataset,
) -> Option<(Database, Guard)> {
    let guard = match engine {
        Engine::Sqlite => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join(format!("{}.sqlite", generation.as_str()));
            let (pool, target) = match schema(generation, engine) {
                None => (
                    create_snapshot_file(&path, generation)
                        .await
                        .expect("a snapshot file"),
                    Target::snapshot(generation),
                ),
                Some(sql) => {
                    let options = SqliteConnectOptions::new()
                        .filename(&path)
                        .create_if_missing(true);
                    let pool = SqlitePoolOptions::new()
                        .max_connections(1)
                        .connect_with(options)
                        .await
                        .expect("a new SQLite file");
                    sqlx::raw_sql(sql)
                        .execute(&pool)
                        .await
                        .expect("the published schema loads");
                    (pool, Target::aether(generation, Dialect::Sqlite))
                }
            };
            data.insert_as(&Pool::Sqlite(pool.clone()), target)
                .await
                .expect("the dataset fits the schema");
            pool.close().await;
            Guard::File(dir, path)
        }
        Engine::Postgres => {
            let pg = PgTestDb::empty(test).await?;
            pg.execute(schema(generation, engine).expect("a PostgreSQL schema"))
                .await;
            let pool = pg.superuser_pool().await;
            data.insert_as(
                &Pool::Postgres(pool.clone()),
                Target::aether(generation, Dialect::Postgres),
            )
            .await
            .expect("the dataset fits the schema");
            pool.close().await;
            Guard::Postgres(pg)
        }
        Engine::Mysql => {
            let my = MysqlTestDb::empty(test).await?;
            my.execute(schema(generation, engine).expect("a MySQL schema"))
                .await;
            let pool = my.pool().await;
            data.insert_as(
                &Pool::Mysql(pool.clone()),
                Target::aether(generation, Dialect::Mysql),
            )
            .await
            .expect("the dataset fits the schema");
            pool.close().await;
            Guard::Mysql(my)
        }
    };
    let location = match &guard {
        Guard::File(_, path) => path.display().to_string(),
        Guard::Postgres(pg) => pg.url.clone(),
        Guard::Mysql(my) => my.url.clone(),
    };
    let db = aether_review_core::open(&location, false)
        .await
        .expect("the fixture opens");
    assert_eq!(db.generation(), generation, "{location}");
    Some((db, guard))
}

/// Each provider with one endpoint, one key serving it and one model: the same rows in every
/// generation (legacy's key hangs off the endpoint, the newer ones' off the provider).
pub fn with_catalog(providers: Vec<aether_review_core::dataset::ProviderRow>) -> Dataset {
    let mut data = Dataset::default();
    for p in &providers {
        let endpoint = EndpointRow {
            id: format!("{}-e1", p.id),
            provider_id: p.id.clone(),
            api_format: "openai:chat".to_owned(),
            base_url: "https://api.example.com/v1".to_owned(),
            is_active: true,
            created_at: p.created_at,
        };
        data.keys.push(KeyRow::serving(
            format!("{}-k1", p.id),
            &endpoint,
            Some("key 1".to_owned()),
            Some(0.9),
            true,
        ));
        data.endpoints.push(endpoint);
        data.models.push(ModelRow {
            id: format!("{}-m1", p.id),
            provider_id: p.id.clone(),
            provider_model_name: "gpt-4o".to_owned(),
            is_active: true,
        });
    }
    data.providers = providers;
    data
}
