//! "Drop a table's secondary indexes, fill the table, rebuild them": building an index once over
//! the filled table is several times cheaper than updating it row by row. Written once here, on a
//! rusqlite connection (the driver of the bulk writers), and used by the snapshot writer and the
//! demo generator. The definitions rebuilt are the file's own, as `migrations/` created them.

use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Result};

/// The secondary indexes of one table, dropped until [`SuspendedIndexes::restore`].
#[must_use = "the indexes are gone until restored"]
pub(crate) struct SuspendedIndexes {
    create: Vec<String>,
}

impl SuspendedIndexes {
    /// Drops `table`'s secondary indexes in the `main` schema (another file may be attached)
    /// and keeps their `CREATE INDEX` statements. Automatic indexes (a `UNIQUE` or primary key)
    /// have no statement and stay.
    pub fn suspend(conn: &rusqlite::Connection, table: &str) -> rusqlite::Result<Self> {
        let indexes: Vec<(String, String)> = conn
            .prepare(
                "SELECT name, sql FROM main.sqlite_master \
                 WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
            )?
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &indexes {
            // `name` comes from the file's own schema, written by our migrations.
            conn.execute_batch(&format!("DROP INDEX main.\"{name}\""))?;
        }
        Ok(Self {
            create: indexes.into_iter().map(|(_, sql)| sql).collect(),
        })
    }

    /// Builds the indexes again over the rows now in the table.
    pub fn restore(self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        for sql in &self.create {
            conn.execute_batch(sql)?;
        }
        Ok(())
    }

    /// [`Self::suspend`] on the file at `path` from async code, through a connection of its
    /// own (beside a pool on the same file that is idle meanwhile).
    pub async fn suspend_in_file(path: &Path, table: &'static str) -> Result<Self> {
        on_file(path, move |conn| Self::suspend(conn, table)).await
    }

    /// [`Self::restore`] on the file at `path` from async code (building the indexes of a large
    /// table takes seconds: it runs on a blocking thread).
    pub async fn restore_in_file(self, path: &Path) -> Result<()> {
        on_file(path, move |conn| self.restore(conn)).await
    }
}

/// Runs `work` on a new connection to `path` on a blocking thread.
async fn on_file<T: Send + 'static>(
    path: &Path,
    work: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T> {
    let path = path.to_owned();
    let failed = |e: &dyn std::fmt::Display| Error::Database {
        message: format!("rebuilding the indexes failed: {e}"),
    };
    tokio::task::spawn_blocking(move || {
        let conn = rusqlite::Connection::open(&path)?;
        // The pool's connection may still be finishing a statement.
        conn.busy_timeout(Duration::from_secs(30))?;
        work(&conn)
    })
    .await
    .map_err(|e| failed(&e))?
    .map_err(|e| failed(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_sql(conn: &rusqlite::Connection) -> Vec<String> {
        conn.prepare(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    #[test]
    fn indexes_are_dropped_then_rebuilt_exactly_as_declared() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id TEXT PRIMARY KEY, a INTEGER, b TEXT UNIQUE);
             CREATE INDEX t_a ON t (a);
             CREATE INDEX t_ab ON t (a, b DESC);
             CREATE TABLE other (x INTEGER);
             CREATE INDEX other_x ON other (x);",
        )
        .unwrap();
        let before = index_sql(&conn);
        let suspended = SuspendedIndexes::suspend(&conn, "t").unwrap();
        assert_eq!(index_sql(&conn), ["CREATE INDEX other_x ON other (x)"]);
        conn.execute_batch("INSERT INTO t VALUES ('1', 1, 'x'), ('2', 2, 'y')")
            .unwrap();
        suspended.restore(&conn).unwrap();
        assert_eq!(index_sql(&conn), before);
    }
}
