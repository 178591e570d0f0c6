//! Opening a database and running SQL on either engine.
//!
//! Every query is written once, with `$1`-style placeholders (SQLite and PostgreSQL take them;
//! MySQL gets them through [`mysql::translate`]), explicit `CAST`s so every engine decodes to the
//! same Rust types, and timestamps bound and decoded in the database's own encoding
//! ([`crate::layout`]). The few real differences between the engines live in [`Dialect`].

mod bulk_indexes;
pub mod mysql;
pub(crate) mod mysql_session;
mod open;
mod snapshot;
mod sqlite_file;
mod ts;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{MySqlPool, PgPool, SqlitePool};

pub(crate) use bulk_indexes::SuspendedIndexes;
pub use open::{count_rows, open, open_with, Location, OpenOptions, DEFAULT_STATEMENT_TIMEOUT};
pub use snapshot::{create_snapshot_file, create_snapshot_file_with, write_snapshot_meta};
pub use ts::{parse_ts, ts_text, Ts, TsFormatter};

use crate::layout::{Generation, Layout};
use crate::model::{DatabaseInfo, DatabaseKind};

/// The pool of one open database.
#[derive(Debug, Clone)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
    Mysql(MySqlPool),
}

impl Pool {
    /// The SQL dialect of this pool's engine.
    pub fn dialect(&self) -> Dialect {
        match self {
            Pool::Sqlite(_) => Dialect::Sqlite,
            Pool::Postgres(_) => Dialect::Postgres,
            Pool::Mysql(_) => Dialect::Mysql,
        }
    }
}

/// Where the engines differ, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
    /// MySQL 8 or MariaDB (the Rust gateway's MySQL layout).
    Mysql,
}

impl Dialect {
    /// A bound `billing_type` value: PostgreSQL stores it as the enum type `providerbillingtype`.
    pub fn billing_type_param(self, n: usize) -> String {
        match self {
            Dialect::Sqlite | Dialect::Mysql => format!("${n}"),
            Dialect::Postgres => format!("CAST(${n} AS providerbillingtype)"),
        }
    }

    /// An aggregate gathering `values` (SQL expressions) of every row of a group into one JSON
    /// text: `[[v1, v2, …], …]`. Text values become JSON strings whatever they hold. Thousands of
    /// small rows cost far more to fetch one by one than one row per group.
    pub fn json_rows(self, values: &[&str]) -> String {
        let values = values.join(", ");
        match self {
            Dialect::Sqlite => format!("json_group_array(json_array({values}))"),
            Dialect::Postgres => format!("CAST(json_agg(json_build_array({values})) AS TEXT)"),
            // MySQL 8 returns a JSON value, MariaDB text; the session's `group_concat_max_len`
            // lets MariaDB's aggregate grow past its 1 MB default.
            Dialect::Mysql => format!("CAST(JSON_ARRAYAGG(JSON_ARRAY({values})) AS CHAR)"),
        }
    }
}

/// An open Aether database: a SQLite snapshot or a live PostgreSQL or MySQL.
#[derive(Debug)]
pub struct Database {
    pool: Pool,
    info: DatabaseInfo,
    layout: Layout,
    /// Set when this session switched our own snapshot to WAL: closing switches it back.
    restore_journal_on_close: bool,
    statements: AtomicU64,
    /// See [`Database::identity`].
    identity: String,
    /// See [`Database::set_local_change_log`].
    local_change_log: Option<PathBuf>,
}

impl Database {
    pub(crate) fn new(pool: Pool, info: DatabaseInfo, layout: Layout) -> Self {
        Self {
            pool,
            info,
            layout,
            restore_journal_on_close: false,
            statements: AtomicU64::new(0),
            identity: String::new(),
            local_change_log: None,
        }
    }

    /// Which database this is, the same however it was reached: a SQLite file's absolute path, or
    /// `postgres://host:port/database` (never a user or password). The local change log is keyed
    /// by it.
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// Where this session records (and reads) the change log when the database has no
    /// `aether_review_change_log` table: a SQLite file on the admin's machine, chosen by the
    /// shell (its data directory). Without it, such a database's saves are logged nowhere.
    pub fn set_local_change_log(&mut self, path: impl Into<PathBuf>) {
        self.local_change_log = Some(path.into());
    }

    /// The file set by [`Database::set_local_change_log`].
    pub fn local_change_log(&self) -> Option<&Path> {
        self.local_change_log.as_deref()
    }

    /// The generation and time encoding of this database.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    pub fn generation(&self) -> Generation {
        self.layout.generation
    }

    /// What is open (never a password).
    pub fn info(&self) -> &DatabaseInfo {
        &self.info
    }

    pub fn is_read_only(&self) -> bool {
        self.info.read_only
    }

    pub fn kind(&self) -> DatabaseKind {
        self.info.kind
    }

    pub fn dialect(&self) -> Dialect {
        self.pool.dialect()
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// SQL statements run through this handle so far (the benchmark reports it).
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Counts one statement; the query macros call it.
    pub fn count_statement(&self) {
        self.statements.fetch_add(1, Ordering::Relaxed);
    }

    /// Closes the pool and waits for its connections to finish.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => {
                p.close().await;
                // A connection whose return to the pool was still in flight can land in the idle
                // queue after `close` finished; closing again closes it (bounded: best effort).
                for _ in 0..100 {
                    if p.size() == 0 {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    p.close().await;
                }
                if self.restore_journal_on_close {
                    sqlite_file::restore_rollback_journal(std::path::Path::new(
                        &self.info.location,
                    ))
                    .await;
                }
            }
            Pool::Postgres(p) => p.close().await,
            Pool::Mysql(p) => p.close().await,
        }
    }
}

/// Runs one `query_as` on whichever engine `$db` is, binding every argument in order:
/// `fetch!(db, fetch_all, Row, SQL, a, b)`. The same SQL text serves every engine (MySQL's
/// through [`mysql::translate`], which binds each `$n` where it appears).
#[macro_export]
#[doc(hidden)]
macro_rules! fetch {
    ($db:expr, $method:ident, $row:ty, $sql:expr $(, $arg:expr)* $(,)?) => {{
        let db: &$crate::db::Database = $db;
        db.count_statement();
        let sql: &str = &$sql;
        match db.pool() {
            $crate::db::Pool::Sqlite(pool) => {
                sqlx::query_as::<_, $row>(sql)$(.bind($arg))*.$method(pool).await
            }
            $crate::db::Pool::Postgres(pool) => {
                sqlx::query_as::<_, $row>(sql)$(.bind($arg))*.$method(pool).await
            }
            $crate::db::Pool::Mysql(pool) => {
                let translated = $crate::db::mysql::translate(sql);
                // The binders borrow the arguments and are not `Send`: they end before the await.
                let args = {
                    let binders: &[$crate::db::mysql::Binder<'_>] =
                        &[$(&|a| sqlx::Arguments::add(a, &$arg)),*];
                    $crate::db::mysql::arguments(&translated.order, binders)
                };
                match args {
                    Ok(args) => {
                        sqlx::query_as_with::<_, $row, _>(&translated.sql, args)
                            .$method(pool)
                            .await
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }};
}
