//! PostgreSQL for the integration tests: one fresh database per test on the throwaway server of
//! `scripts/pg-test-server.sh`, with Aether's schema (`fixtures/aether_pg_schema.sql`).
//!
//! The server's admin URL comes from `AETHER_REVIEW_TEST_PG`. Without it a PostgreSQL test prints
//! "skipped: …" and passes — unless `AETHER_REVIEW_REQUIRE_PG=1` (set by `scripts/test-all`, hence
//! CI), which turns the skip into a failure so the PostgreSQL suite can never silently not run.
#![allow(dead_code)] // each test crate uses its own part of this module

pub mod read_back;

use std::sync::atomic::{AtomicU32, Ordering};

use aether_review_core::dataset::Dataset;
use aether_review_core::db::Pool;
use aether_review_core::{Database, Result};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Executor, PgPool};
use url::Url;

/// Aether's PostgreSQL schema, as its migrations create it.
pub const AETHER_SCHEMA: &str = include_str!("../fixtures/aether_pg_schema.sql");

/// Aether v0.3's PostgreSQL schema (alembic head `c3d4e5f6a7b8`).
pub const V03_SCHEMA: &str = include_str!("../fixtures/v03_pg_schema.sql");

/// The Rust gateway's PostgreSQL schema.
pub const RUST_SCHEMA: &str = include_str!("../fixtures/rust_pg_schema.sql");

/// A change-log table as an administrator may create it in Aether's PostgreSQL: Aether Review
/// writes the log there when the table exists and never creates it.
pub const CHANGE_LOG_TABLE: &str = "CREATE TABLE aether_review_change_log (
    id bigserial PRIMARY KEY,
    changed_at timestamptz NOT NULL,
    provider_id varchar(36) NOT NULL,
    field varchar(64) NOT NULL,
    old_value text,
    new_value text
)";

/// The value planted in every `provider_api_keys.api_key` (the column default); no output of
/// Aether Review may ever contain it.
pub const PLANTED_SECRET: &str = "PLANTED-SECRET";

/// A role of the test server that needs a password (see `scripts/pg-test-server.sh`).
pub const PASSWORD_ROLE: &str = "aether_pw";

/// The test server's admin URL, or `None` (after printing why) when PostgreSQL tests are skipped.
///
/// Panics when `AETHER_REVIEW_REQUIRE_PG=1` and no server is configured.
pub fn admin_url(test: &str) -> Option<String> {
    server_url(test, "PG", "PostgreSQL", "pg")
}

/// The admin URL of the test server `AETHER_REVIEW_TEST_<var>`, or `None` (after printing why)
/// when that engine's tests are skipped; panics when `AETHER_REVIEW_REQUIRE_<var>=1`, so CI
/// cannot skip them. `script` names `scripts/<script>-test-server.sh`.
pub fn server_url(test: &str, var: &str, engine: &str, script: &str) -> Option<String> {
    match std::env::var(format!("AETHER_REVIEW_TEST_{var}")) {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().to_owned()),
        _ => {
            let required =
                std::env::var(format!("AETHER_REVIEW_REQUIRE_{var}")).is_ok_and(|v| v == "1");
            assert!(
                !required,
                "{test}: AETHER_REVIEW_REQUIRE_{var}=1 but AETHER_REVIEW_TEST_{var} is not set; \
                 start a server with `scripts/{script}-test-server.sh start` and export its URL"
            );
            eprintln!(
                "skipped: {test} needs {engine}; run `scripts/{script}-test-server.sh start` and \
                 set AETHER_REVIEW_TEST_{var} to the URL it prints"
            );
            None
        }
    }
}

/// A database created for one test; [`PgTestDb::drop_now`] removes it.
pub struct PgTestDb {
    admin: PgPool,
    name: String,
    /// URL of this database as the superuser (no password).
    pub url: String,
}

impl PgTestDb {
    /// A new, empty database named after the test, or `None` when PostgreSQL tests are skipped.
    pub async fn empty(test: &str) -> Option<Self> {
        let admin_url = admin_url(test)?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("{test}: cannot reach the test server at {admin_url}: {e}"));
        let name = unique_name(test);
        // A database name cannot be a bound parameter; `unique_name` yields [a-z0-9_] only.
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap_or_else(|e| panic!("{test}: CREATE DATABASE {name}: {e}"));
        let mut url = Url::parse(&admin_url).expect("AETHER_REVIEW_TEST_PG is a URL");
        url.set_path(&format!("/{name}"));
        Some(Self {
            admin,
            name,
            url: url.to_string(),
        })
    }

    /// A new database holding `schema` (one of the fixtures' schemas) and no rows.
    pub async fn with_schema(test: &str, schema: &str) -> Option<Self> {
        let db = Self::empty(test).await?;
        db.execute(schema).await;
        Some(db)
    }

    /// A new database with Aether's schema and no rows.
    pub async fn with_aether_schema(test: &str) -> Option<Self> {
        let db = Self::empty(test).await?;
        db.execute(AETHER_SCHEMA).await;
        Some(db)
    }

    /// A new database with Aether's schema holding `dataset`.
    pub async fn with_dataset(test: &str, dataset: &Dataset) -> Option<Self> {
        let db = Self::with_aether_schema(test).await?;
        db.replace_rows(dataset).await;
        Some(db)
    }

    /// Empties Aether's tables and writes `dataset` through `core::dataset` (as a snapshot is
    /// loaded), so one database can serve many property-test cases.
    pub async fn replace_rows(&self, dataset: &Dataset) {
        let pool = self.superuser_pool().await;
        sqlx::raw_sql(
            "TRUNCATE request_candidates, models, provider_api_keys, provider_endpoints, providers",
        )
        .execute(&pool)
        .await
        .unwrap_or_else(|e| panic!("empty the tables of {}: {e}", self.name));
        dataset
            .insert_into(&Pool::Postgres(pool.clone()))
            .await
            .expect("the dataset fits Aether's PostgreSQL schema");
        pool.close().await;
    }

    /// Every `table.column type` of the public schema: compared before and after an operation
    /// to prove it created or altered nothing.
    pub async fn schema_fingerprint(&self) -> Vec<String> {
        #[derive(sqlx::FromRow)]
        struct Column {
            line: String,
        }
        let pool = self.superuser_pool().await;
        let rows: Vec<Column> = sqlx::query_as(
            "SELECT table_name || '.' || column_name || ' ' || data_type AS line \
             FROM information_schema.columns WHERE table_schema = 'public' \
             UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public' \
             ORDER BY 1",
        )
        .fetch_all(&pool)
        .await
        .expect("read the catalog");
        pool.close().await;
        rows.into_iter().map(|r| r.line).collect()
    }

    /// Runs SQL (several statements allowed) in this database as the superuser.
    pub async fn execute(&self, sql: &str) {
        let pool = self.superuser_pool().await;
        sqlx::raw_sql(sql)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("SQL on {}: {e}", self.name));
        pool.close().await;
    }

    /// A plain pool on this database, for checking what is stored behind Aether Review's back.
    pub async fn superuser_pool(&self) -> PgPool {
        PgPoolOptions::new()
            .max_connections(2)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("connect to {}: {e}", self.name))
    }

    /// Opens this database through Aether Review.
    pub async fn open(&self, read_only: bool) -> Result<Database> {
        aether_review_core::open(&self.url, read_only).await
    }

    /// The URL of this database for `role` with `password`.
    pub fn url_as(&self, role: &str, password: &str) -> String {
        let mut url = Url::parse(&self.url).expect("a URL");
        url.set_username(role).expect("a URL with a host");
        url.set_password(Some(password)).expect("a URL with a host");
        url.to_string()
    }

    /// Drops the database (closing any session still on it).
    pub async fn drop_now(self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = self.admin.execute(sql.as_str()).await {
            eprintln!("note: could not drop test database {}: {e}", self.name);
        }
        self.admin.close().await;
    }
}

/// `ar_<test>_<pid>_<n>`: unique across the parallel test processes nextest runs.
pub fn unique_name(test: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let label: String = test
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    format!(
        "ar_{label}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
