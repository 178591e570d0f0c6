//! Cancelling a health request: a newer request (or the admin) cancels the running one, and its
//! statement stops in the database, not only the future awaiting it — SQLite through a progress
//! handler on the connection the request runs on, PostgreSQL through `pg_cancel_backend` of that
//! connection's backend, MySQL through `KILL QUERY` of that connection's id.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use sqlx::pool::PoolConnection;
use sqlx::{MySql, Postgres, Sqlite};

use crate::db::{Database, Pool};
use crate::error::{Error, Result};

/// SQLite virtual-machine steps between two looks at the cancel flag (well under a millisecond).
const PROGRESS_STEPS: i32 = 10_000;

/// The handle that cancels one health request; cheap to clone and share with whoever may cancel.
#[derive(Debug, Clone, Default)]
pub struct HealthCancel {
    cancelled: Arc<AtomicBool>,
    /// PostgreSQL's backend pid or MySQL's connection id running the request's statements,
    /// while it runs.
    backend: Arc<Mutex<Option<i64>>>,
}

impl HealthCancel {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `other` is a clone of this handle (the same request).
    pub fn same_request(&self, other: &HealthCancel) -> bool {
        Arc::ptr_eq(&self.cancelled, &other.cancelled)
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Cancels the request: it returns `Cancelled`, and the statement it is running stops in the
    /// database (on a server through another connection of `db`'s pool).
    pub async fn cancel(&self, db: &Database) -> Result<()> {
        self.cancelled.store(true, Ordering::Relaxed);
        let backend = *self.backend.lock().unwrap_or_else(|e| e.into_inner());
        match (db.pool(), backend) {
            (Pool::Postgres(pool), Some(pid)) => {
                sqlx::query("SELECT pg_cancel_backend(CAST($1 AS INTEGER))")
                    .bind(pid)
                    .execute(pool)
                    .await?;
            }
            // `KILL` takes no placeholder; the id is our own integer.
            (Pool::Mysql(pool), Some(id)) => {
                sqlx::raw_sql(&format!("KILL QUERY {id}"))
                    .execute(pool)
                    .await?;
            }
            _ => {}
        }
        Ok(())
    }

    /// `Cancelled` when the request was cancelled (whatever error the interrupted statement
    /// gave), else `result` as it is.
    pub(crate) fn outcome<T>(&self, result: Result<T>) -> Result<T> {
        match result {
            Err(_) if self.is_cancelled() => Err(Error::Cancelled),
            other => other,
        }
    }

    pub(crate) fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The one connection a health request runs its window statements on, watched by its cancel.
pub(crate) enum Conn {
    Sqlite(SqliteConn),
    Postgres(ServerConn<Postgres>),
    Mysql(ServerConn<MySql>),
}

/// A pooled SQLite connection whose progress handler interrupts it when the request is
/// cancelled — only while the request holds it: the handler stays installed when the connection
/// returns to the pool (removing it needs the worker, which a drop cannot wait for), so it looks
/// at `active` too, which the drop clears; the next request installs its own.
pub(crate) struct SqliteConn {
    pub conn: PoolConnection<Sqlite>,
    active: Arc<AtomicBool>,
}

impl Drop for SqliteConn {
    fn drop(&mut self) {
        self.active.store(false, Ordering::Relaxed);
    }
}

/// A pooled server connection whose backend the cancel knows until the request ends.
pub(crate) struct ServerConn<DB: sqlx::Database> {
    pub conn: PoolConnection<DB>,
    backend: Arc<Mutex<Option<i64>>>,
}

impl<DB: sqlx::Database> ServerConn<DB> {
    fn watched(conn: PoolConnection<DB>, id: i64, cancel: &HealthCancel) -> Self {
        *cancel.backend.lock().unwrap_or_else(|e| e.into_inner()) = Some(id);
        Self {
            conn,
            backend: Arc::clone(&cancel.backend),
        }
    }
}

impl<DB: sqlx::Database> Drop for ServerConn<DB> {
    fn drop(&mut self) {
        // Before the connection returns to the pool: a late cancel must not reach its next user.
        *self.backend.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl Conn {
    pub async fn acquire(db: &Database, cancel: &HealthCancel) -> Result<Self> {
        let conn = match db.pool() {
            Pool::Sqlite(pool) => {
                let mut conn = pool.acquire().await?;
                let cancelled = Arc::clone(&cancel.cancelled);
                let active = Arc::new(AtomicBool::new(true));
                let watching = Arc::clone(&active);
                conn.lock_handle()
                    .await?
                    .set_progress_handler(PROGRESS_STEPS, move || {
                        // false interrupts the statement.
                        !(watching.load(Ordering::Relaxed) && cancelled.load(Ordering::Relaxed))
                    });
                Conn::Sqlite(SqliteConn { conn, active })
            }
            Pool::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                let (pid,): (i32,) = sqlx::query_as("SELECT pg_backend_pid()")
                    .fetch_one(&mut *conn)
                    .await?;
                Conn::Postgres(ServerConn::watched(conn, i64::from(pid), cancel))
            }
            Pool::Mysql(pool) => {
                let mut conn = pool.acquire().await?;
                let (id,): (i64,) = sqlx::query_as("SELECT CAST(CONNECTION_ID() AS SIGNED)")
                    .fetch_one(&mut *conn)
                    .await?;
                Conn::Mysql(ServerConn::watched(conn, id, cancel))
            }
        };
        // A cancel that came before the backend was known is seen here.
        cancel.check()?;
        Ok(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// A statement that runs for minutes unless something stops it.
    const ENDLESS: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n \
                           WHERE i < 100000000000) SELECT COUNT(*) FROM n";

    async fn empty_snapshot() -> (tempfile::TempDir, Database) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cancel.sqlite");
        crate::db::create_snapshot_file(&path, crate::layout::Generation::Legacy)
            .await
            .unwrap()
            .close()
            .await;
        let db = crate::db::open(path.to_str().unwrap(), true).await.unwrap();
        (dir, db)
    }

    #[tokio::test]
    async fn a_cancel_interrupts_the_sqlite_statement_running_on_the_requests_connection() {
        let (_dir, db) = empty_snapshot().await;
        let cancel = HealthCancel::new();
        let Conn::Sqlite(mut conn) = Conn::acquire(&db, &cancel).await.unwrap() else {
            panic!("a SQLite connection");
        };
        let started = Instant::now();
        let running = tokio::spawn(async move {
            sqlx::query_scalar::<_, i64>(ENDLESS)
                .fetch_one(&mut *conn.conn)
                .await
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!running.is_finished(), "the statement is still running");
        cancel.cancel(&db).await.unwrap();
        let result = tokio::time::timeout(Duration::from_secs(10), running)
            .await
            .expect("the statement stopped")
            .unwrap();
        let message = result.unwrap_err().to_string();
        assert!(message.contains("interrupt"), "{message}");
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(matches!(
            cancel.outcome::<()>(Err(Error::Database { message })),
            Err(Error::Cancelled)
        ));
        // The pool's own connections carry no handler: the next statement runs.
        let Pool::Sqlite(pool) = db.pool() else {
            unreachable!()
        };
        let one: i64 = sqlx::query_scalar("SELECT 1")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(one, 1);
    }

    #[tokio::test]
    async fn a_request_cancelled_before_it_starts_reads_nothing() {
        let (_dir, db) = empty_snapshot().await;
        let cancel = HealthCancel::new();
        cancel.cancel(&db).await.unwrap();
        assert!(matches!(
            Conn::acquire(&db, &cancel).await,
            Err(Error::Cancelled)
        ));
    }
}
