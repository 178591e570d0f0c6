//! PostgreSQL for the integration tests: one fresh database per test on the throwaway server of
//! `scripts/pg-test-server.sh`, with Aether's schema (`fixtures/aether_pg_schema.sql`).
//!
//! The one PostgreSQL helper of the Rust tests: `core/tests` declares `mod pg_support;`,
//! `src-tauri/tests` includes this file by `#[path]`.
//!
//! The server's admin URL comes from `AETHER_REVIEW_TEST_PG`. Without it, or when the server does
//! not answer within [`CONNECT_TIMEOUT`], a PostgreSQL test prints "skipped: …" and passes —
//! unless `AETHER_REVIEW_REQUIRE_PG=1` (set by `scripts/test-all`, hence CI), which turns the skip
//! into a failure so the PostgreSQL suite can never silently not run. Each test database is
//! dropped when its [`PgTestDb`] is dropped, so a failing test leaves nothing behind.
#![allow(dead_code)] // each test crate uses its own part of this module

pub mod read_back;

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

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

/// How long a test waits for the server before calling it unreachable: a server that is down
/// answers in seconds, not at the test runner's timeout.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The test server's admin URL, or `None` (after printing why) when PostgreSQL tests are skipped.
///
/// Panics when `AETHER_REVIEW_REQUIRE_PG=1` and no server is configured or it cannot be reached.
/// The reachability probe runs once per test process.
pub fn admin_url(test: &str) -> Option<String> {
    server_url(test, &POSTGRES)
}

/// A kind of test server: the suffix of its environment variables (`AETHER_REVIEW_TEST_<var>`,
/// `AETHER_REVIEW_REQUIRE_<var>`), its name, its start script `scripts/<script>-test-server.sh`
/// and how to check that it answers.
pub struct TestServer {
    pub var: &'static str,
    pub engine: &'static str,
    pub script: &'static str,
    pub probe: fn(String) -> ProbeFuture,
    /// What [`decide`] said, once per test process.
    pub decided: OnceLock<Result<Option<String>, String>>,
}

/// What a [`TestServer::probe`] returns: `Err` says why the server does not answer.
pub type ProbeFuture =
    std::pin::Pin<Box<dyn Future<Output = std::result::Result<(), String>> + Send>>;

pub static POSTGRES: TestServer = TestServer {
    var: "PG",
    engine: "PostgreSQL",
    script: "pg",
    probe: |url| Box::pin(probe(url)),
    decided: OnceLock::new(),
};

/// The admin URL of `server`, or `None` (after printing why) when its tests are skipped; panics
/// when `AETHER_REVIEW_REQUIRE_<var>=1` and the server is not configured or does not answer, so
/// CI cannot skip them. The reachability probe runs once per test process and server kind.
pub fn server_url(test: &str, server: &'static TestServer) -> Option<String> {
    let decided = server.decided.get_or_init(|| {
        let url = std::env::var(format!("AETHER_REVIEW_TEST_{}", server.var)).ok();
        let required =
            std::env::var(format!("AETHER_REVIEW_REQUIRE_{}", server.var)).is_ok_and(|v| v == "1");
        decide(server, url, required)
    });
    match decided {
        Ok(url) => url.clone(),
        Err(why) => panic!("{test}: {why}"),
    }
}

/// The skip/require rule: `Ok(Some(url))` when the server answers, `Ok(None)` (a printed skip)
/// when it is not configured or does not answer and it is not required, `Err` (the failure
/// message) when it is required.
pub fn decide(
    server: &TestServer,
    url: Option<String>,
    required: bool,
) -> std::result::Result<Option<String>, String> {
    let TestServer {
        var,
        engine,
        script,
        probe,
        ..
    } = server;
    let how = format!(
        "start a server with `scripts/{script}-test-server.sh start` and set \
         AETHER_REVIEW_TEST_{var} to the URL it prints"
    );
    let problem = match url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        None => format!("AETHER_REVIEW_TEST_{var} is not set; {how}"),
        Some(url) => match on_own_runtime(probe(url.to_owned())) {
            Ok(()) => return Ok(Some(url.to_owned())),
            Err(e) => format!("the {engine} test server at {url} does not answer: {e}"),
        },
    };
    if required {
        Err(format!("AETHER_REVIEW_REQUIRE_{var}=1 but {problem}"))
    } else {
        eprintln!("skipped: {engine} tests ({problem})");
        Ok(None)
    }
}

/// One connection to `url`, given up after [`CONNECT_TIMEOUT`].
pub async fn connect_admin(url: String) -> std::result::Result<PgPool, String> {
    let connect = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect(&url);
    match tokio::time::timeout(CONNECT_TIMEOUT, connect).await {
        Ok(Ok(pool)) => Ok(pool),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs())),
    }
}

/// Connects to `url` and disconnects.
async fn probe(url: String) -> std::result::Result<(), String> {
    connect_admin(url).await?.close().await;
    Ok(())
}

/// Runs `job` to completion on a runtime of its own in a thread of its own, so it can be called
/// from synchronous code, from inside another runtime and from `Drop` during a panic.
fn on_own_runtime<F>(job: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a test runtime")
            .block_on(job)
    })
    .join()
    .expect("the helper thread does not panic")
}

/// A database created for one test, dropped when this value is dropped — also when the test
/// fails and unwinds. [`PgTestDb::drop_now`] drops it at a chosen point.
pub struct PgTestDb {
    admin_url: String,
    name: String,
    /// URL of this database as the superuser (no password).
    pub url: String,
}

impl PgTestDb {
    /// A new, empty database named after the test, or `None` when PostgreSQL tests are skipped.
    pub async fn empty(test: &str) -> Option<Self> {
        let admin_url = admin_url(test)?;
        let admin = connect_admin(admin_url.clone())
            .await
            .unwrap_or_else(|e| panic!("{test}: cannot reach the test server at {admin_url}: {e}"));
        let name = unique_name(test);
        // A database name cannot be a bound parameter; `unique_name` yields [a-z0-9_] only.
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap_or_else(|e| panic!("{test}: CREATE DATABASE {name}: {e}"));
        admin.close().await;
        let mut url = Url::parse(&admin_url).expect("AETHER_REVIEW_TEST_PG is a URL");
        url.set_path(&format!("/{name}"));
        Some(Self {
            admin_url,
            name,
            url: url.to_string(),
        })
    }

    /// The database's name on the server.
    pub fn name(&self) -> &str {
        &self.name
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
            .acquire_timeout(CONNECT_TIMEOUT)
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

    /// Drops the database now (closing any session still on it).
    pub async fn drop_now(self) {
        drop(self);
    }
}

impl Drop for PgTestDb {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let outcome = on_own_runtime(async move {
            let admin = connect_admin(admin_url).await?;
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let dropped = admin.execute(sql.as_str()).await.map_err(|e| e.to_string());
            admin.close().await;
            dropped.map(|_| ())
        });
        if let Err(e) = outcome {
            eprintln!("note: could not drop test database {}: {e}", self.name);
        }
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
