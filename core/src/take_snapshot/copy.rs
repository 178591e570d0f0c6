//! The streaming copy: each table is read with one query whose rows arrive as a stream, cut
//! into batches and written by [`crate::dataset::insert`] while the next batch is read, so no table
//! is ever held in memory and PostgreSQL decoding overlaps SQLite writing.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::TryStreamExt;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgConnection, Postgres, Row};
use tokio::sync::mpsc;

use super::rows::{TableSpec, CANDIDATES, ENDPOINTS, KEYS, MODELS, PROVIDERS};
use super::{SnapshotProgress, SnapshotStage};
use crate::dataset::insert;
use crate::db::{Pool, Ts};
use crate::error::{Error, Result};
use crate::model::Timestamp;

/// Rows per SQLite write: large enough to amortize a transaction, small enough to keep memory
/// flat and the cancel flag responsive.
const BATCH: usize = 10_000;

/// Which rows to copy.
pub(super) struct Filter {
    /// Only these providers and their rows; `None` = all.
    pub providers: Option<Vec<String>>,
    /// The oldest `request_candidates.created_at` copied; `None` = all.
    pub cutoff: Option<Timestamp>,
}

type Progress<'a> = &'a (dyn Fn(&SnapshotProgress) + Send + Sync);

/// The error of a run stopped by its cancel flag.
pub(super) fn cancelled() -> Error {
    Error::Database {
        message: "the snapshot was cancelled; no file was written".to_owned(),
    }
}

/// Binds the filter: `$1` chosen providers, `$2` the cutoff (windowed tables only).
fn bind_filter<'q, R>(
    query: Query<'q, Postgres, PgArguments>,
    spec: &TableSpec<R>,
    filter: &'q Filter,
) -> Query<'q, Postgres, PgArguments> {
    let query = query.bind(filter.providers.as_deref());
    if spec.windowed {
        query.bind(filter.cutoff.map(Ts))
    } else {
        query
    }
}

/// `NotFound` for a chosen provider id the source does not have.
pub(super) async fn check_providers_exist(conn: &mut PgConnection, filter: &Filter) -> Result<()> {
    let Some(ids) = &filter.providers else {
        return Ok(());
    };
    let found: Vec<(String,)> =
        sqlx::query_as("SELECT CAST(id AS TEXT) FROM providers WHERE CAST(id AS TEXT) = ANY($1)")
            .bind(ids)
            .fetch_all(&mut *conn)
            .await?;
    match ids.iter().find(|id| !found.iter().any(|(f,)| f == *id)) {
        Some(missing) => Err(Error::not_found("provider", missing)),
        None => Ok(()),
    }
}

/// The destination is a throwaway file until it is renamed into place, so it needs no rollback
/// journal; a larger page cache keeps index pages in memory during the big table.
pub(super) async fn tune_for_bulk_load(dst: &Pool) -> Result<()> {
    let Pool::Sqlite(pool) = dst else {
        return Ok(());
    };
    for pragma in ["PRAGMA journal_mode = OFF", "PRAGMA cache_size = -131072"] {
        sqlx::query(pragma).execute(pool).await?;
    }
    Ok(())
}

/// Copies the five tables, parents first; returns the rows written per table.
pub(super) async fn copy_all(
    src: &mut PgConnection,
    dst: &Pool,
    filter: &Filter,
    progress: Progress<'_>,
    cancel: &AtomicBool,
) -> Result<BTreeMap<String, u32>> {
    // Counted up front, in the same transaction, so every progress bar has its total at once.
    let totals = [
        count(src, &PROVIDERS, filter).await?,
        count(src, &ENDPOINTS, filter).await?,
        count(src, &KEYS, filter).await?,
        count(src, &MODELS, filter).await?,
        count(src, &CANDIDATES, filter).await?,
    ];
    let ctx = Copy {
        dst,
        filter,
        progress,
        cancel,
    };
    let copied = [
        ctx.table(src, &PROVIDERS, totals[0]).await?,
        ctx.table(src, &ENDPOINTS, totals[1]).await?,
        ctx.table(src, &KEYS, totals[2]).await?,
        ctx.table(src, &MODELS, totals[3]).await?,
        ctx.table(src, &CANDIDATES, totals[4]).await?,
    ];
    let tables = [
        PROVIDERS.table,
        ENDPOINTS.table,
        KEYS.table,
        MODELS.table,
        CANDIDATES.table,
    ];
    Ok(tables.into_iter().map(str::to_owned).zip(copied).collect())
}

async fn count<R>(src: &mut PgConnection, spec: &TableSpec<R>, filter: &Filter) -> Result<u32> {
    let sql = spec.count_sql();
    let row = bind_filter(sqlx::query(&sql), spec, filter)
        .fetch_one(&mut *src)
        .await?;
    let n: i64 = row.try_get(0)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

struct Copy<'a> {
    dst: &'a Pool,
    filter: &'a Filter,
    progress: Progress<'a>,
    cancel: &'a AtomicBool,
}

impl Copy<'_> {
    async fn table<R: Send>(
        &self,
        src: &mut PgConnection,
        spec: &TableSpec<R>,
        total: u32,
    ) -> Result<u32> {
        let report = |stage, copied| {
            (self.progress)(&SnapshotProgress {
                table: spec.table.to_owned(),
                stage,
                copied,
                total,
            })
        };
        report(SnapshotStage::Copying, 0);
        let indexes = suspend_indexes(self.dst, spec.table).await?;
        let sql = spec.select_sql();
        let (sender, mut receiver) = mpsc::channel::<Vec<R>>(2);

        let read = async move {
            let mut rows = bind_filter(sqlx::query(&sql), spec, self.filter).fetch(&mut *src);
            let mut batch = Vec::with_capacity(BATCH);
            let mut read = 0usize;
            loop {
                if self.cancel.load(Ordering::Relaxed) {
                    return Err(cancelled());
                }
                let row = rows
                    .try_next()
                    .await
                    .map_err(|e| read_failed(spec.table, read, e))?;
                let done = row.is_none();
                if let Some(row) = row {
                    batch.push((spec.decode)(&row).map_err(|e| read_failed(spec.table, read, e))?);
                    read += 1;
                }
                if batch.len() == BATCH || (done && !batch.is_empty()) {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    // A closed channel means the writer failed: its error is the one to report.
                    if sender.send(full).await.is_err() {
                        return Ok(());
                    }
                }
                if done {
                    return Ok(());
                }
            }
        };
        let write = async {
            let mut copied = 0u32;
            while let Some(batch) = receiver.recv().await {
                insert(self.dst, (spec.rows)(&batch))
                    .await
                    .map_err(|e| write_failed(spec.table, copied, e))?;
                copied += u32::try_from(batch.len()).unwrap_or(u32::MAX);
                report(SnapshotStage::Copying, copied);
            }
            Ok(copied)
        };
        let ((), copied) = tokio::try_join!(read, write)?;
        report(SnapshotStage::Indexing, copied);
        rebuild_indexes(self.dst, &indexes)
            .await
            .map_err(|e| write_failed(spec.table, copied, e))?;
        report(SnapshotStage::Done, copied);
        Ok(copied)
    }
}

/// Drops the table's secondary indexes (from `migrations/`) and returns their definitions:
/// building an index once from the loaded rows is much faster than growing it row by row.
async fn suspend_indexes(dst: &Pool, table: &str) -> Result<Vec<String>> {
    let Pool::Sqlite(pool) = dst else {
        return Ok(Vec::new());
    };
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL",
    )
    .bind(table)
    .fetch_all(pool)
    .await?;
    for (name, _) in &indexes {
        // `name` comes from the file's own schema, written by our migrations.
        sqlx::query(&format!("DROP INDEX \"{name}\""))
            .execute(pool)
            .await?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

async fn rebuild_indexes(dst: &Pool, definitions: &[String]) -> Result<()> {
    let Pool::Sqlite(pool) = dst else {
        return Ok(());
    };
    for sql in definitions {
        sqlx::query(sql).execute(pool).await?;
    }
    Ok(())
}

fn read_failed(table: &str, rows: usize, e: sqlx::Error) -> Error {
    // Class 08 is a connection exception; 57P01..57P03 are the server shutting the session.
    let lost = match &e {
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) | sqlx::Error::PoolClosed => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P0")),
        _ => false,
    };
    let what = if lost {
        "lost the connection to PostgreSQL"
    } else {
        "reading from PostgreSQL failed"
    };
    Error::Database {
        message: format!(
            "{what} while copying {table} (after {rows} rows): {e}; no file was written, try again"
        ),
    }
}

fn write_failed(table: &str, rows: u32, e: Error) -> Error {
    let detail = match e {
        Error::Database { message } => message,
        other => other.to_string(),
    };
    Error::Database {
        message: format!(
            "writing {table} into the snapshot failed (after {rows} rows): {detail}; \
             check the free disk space; no file was written"
        ),
    }
}
