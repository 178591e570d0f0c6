//! MySQL for the integration tests: one fresh database per test on the throwaway MariaDB of
//! `scripts/mysql-test-server.sh`, with the Rust gateway's MySQL layout
//! (`fixtures/rust_mysql_schema.sql`).
//!
//! The server's admin URL comes from `AETHER_REVIEW_TEST_MYSQL`. Without it a MySQL test prints
//! "skipped: …" and passes — unless `AETHER_REVIEW_REQUIRE_MYSQL=1` (set by `scripts/test-all`,
//! hence CI). A test crate using it also declares `mod pg_support;` (the shared check is there).
#![allow(dead_code)] // each test crate uses its own part of this module

use sqlx::mysql::MySqlPoolOptions;
use sqlx::{Executor, MySqlPool};
use url::Url;

use crate::pg_support::{server_url, unique_name, TestServer, CONNECT_TIMEOUT};

/// The Rust gateway's MySQL layout.
pub const RUST_SCHEMA: &str = include_str!("../fixtures/rust_mysql_schema.sql");

/// A user of the test server that needs a password (see `scripts/mysql-test-server.sh`).
pub const PASSWORD_USER: &str = "aether_pw";
pub const PASSWORD: &str = "aether-pw-correct";

/// The test server's admin URL, or `None` when MySQL tests are skipped.
pub fn admin_url(test: &str) -> Option<String> {
    server_url(test, &MYSQL)
}

pub static MYSQL: TestServer = TestServer {
    var: "MYSQL",
    engine: "MySQL",
    script: "mysql",
    probe: |url| Box::pin(probe(url)),
    decided: std::sync::OnceLock::new(),
};

/// Connects to `url` and disconnects, given up after [`CONNECT_TIMEOUT`].
async fn probe(url: String) -> std::result::Result<(), String> {
    let connect = MySqlPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect(&url);
    match tokio::time::timeout(CONNECT_TIMEOUT, connect).await {
        Ok(Ok(pool)) => {
            pool.close().await;
            Ok(())
        }
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs())),
    }
}

/// A database created for one test; [`MysqlTestDb::drop_now`] removes it.
pub struct MysqlTestDb {
    admin: MySqlPool,
    name: String,
    /// URL of this database as the server's admin (no password).
    pub url: String,
}

impl MysqlTestDb {
    /// A new, empty database named after the test, or `None` when MySQL tests are skipped.
    pub async fn empty(test: &str) -> Option<Self> {
        let admin_url = admin_url(test)?;
        let admin = MySqlPoolOptions::new()
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
        let mut url = Url::parse(&admin_url).expect("AETHER_REVIEW_TEST_MYSQL is a URL");
        url.set_path(&format!("/{name}"));
        Some(Self {
            admin,
            name,
            url: url.to_string(),
        })
    }

    /// A new database holding the Rust gateway's MySQL layout and no rows.
    pub async fn with_rust_schema(test: &str) -> Option<Self> {
        let db = Self::empty(test).await?;
        db.execute(RUST_SCHEMA).await;
        Some(db)
    }

    /// Runs SQL (several statements allowed) in this database as the admin.
    pub async fn execute(&self, sql: &str) {
        let pool = self.pool().await;
        sqlx::raw_sql(sql)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("SQL on {}: {e}", self.name));
        pool.close().await;
    }

    /// A plain pool on this database, for checking what is stored behind Aether Review's back.
    pub async fn pool(&self) -> MySqlPool {
        MySqlPoolOptions::new()
            .max_connections(2)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("connect to {}: {e}", self.name))
    }

    /// The URL of this database for `user` with `password` (`None`: no password in the URL).
    pub fn url_as(&self, user: &str, password: Option<&str>) -> String {
        let mut url = Url::parse(&self.url).expect("a URL");
        url.set_username(user).expect("a URL with a host");
        url.set_password(password).expect("a URL with a host");
        url.to_string()
    }

    /// Drops the database.
    pub async fn drop_now(self) {
        let sql = format!("DROP DATABASE IF EXISTS {}", self.name);
        if let Err(e) = self.admin.execute(sql.as_str()).await {
            eprintln!("note: could not drop test database {}: {e}", self.name);
        }
        self.admin.close().await;
    }
}
