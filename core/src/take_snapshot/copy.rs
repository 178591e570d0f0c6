//! The streaming copy: from PostgreSQL each table leaves as one binary `COPY` stream (from MySQL
//! its rows are packed into the same form, [`super::from_mysql`]), gathered into blocks and handed to the [`SnapshotWriter`] on a blocking thread, so no table is ever held
//! in memory and the server's sort, this task's network reads and SQLite's writes overlap. From a
//! gateway's SQLite file the writer reads the attached file itself ([`super::from_file`]).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use futures_util::TryStreamExt;
use sqlx::{MySqlConnection, PgConnection, Row};
use tokio::sync::mpsc;

use super::rows::{Engine, TableSpec};
use super::writer::{FileFilter, SnapshotWriter, WriteError};
use super::{SnapshotProgress, SnapshotStage};
use crate::db::Ts;
use crate::error::{Error, Result};
use crate::model::Timestamp;

/// Bytes handed to the writer at a time; a few blocks in flight keep memory flat.
pub(super) const BLOCK: usize = 1 << 20;
const BLOCKS_IN_FLIGHT: usize = 4;
/// How often a cancel is looked for (and progress reported) while the writer works alone.
const CANCEL_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// Which rows to copy.
pub(super) struct Filter {
    /// Only these providers and their rows; `None` = all.
    pub providers: Option<Vec<String>>,
    /// The oldest `request_candidates.created_at` copied; `None` = all.
    pub cutoff: Option<Timestamp>,
}

/// Where rows come from.
pub(super) enum Source<'a> {
    /// A PostgreSQL connection inside the copy's transaction.
    Postgres(&'a mut PgConnection),
    /// The gateway file attached to the writer's own connection, and the filter it binds.
    File(Engine, FileFilter),
    /// A MySQL connection inside the copy's transaction, and the filter it binds.
    Mysql(&'a mut MySqlConnection, super::from_mysql::MysqlFilter),
}

pub(super) type Progress<'a> = &'a (dyn Fn(&SnapshotProgress) + Send + Sync);

/// The error of a run stopped by its cancel flag.
pub(super) fn cancelled() -> Error {
    Error::Cancelled
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

/// Room for the ORDER BY of the big table to sort in memory, and the filter as settings of this
/// transaction (what [`super::rows`] reads back). Both end with the transaction and change
/// nothing on the server.
pub(super) async fn prepare_source_session(conn: &mut PgConnection, filter: &Filter) -> Result<()> {
    sqlx::query("SET LOCAL work_mem = '128MB'")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "SELECT set_config('aether_review.providers', COALESCE(CAST($1::text[] AS TEXT), ''), true), \
                set_config('aether_review.cutoff', COALESCE(CAST($2::timestamptz AS TEXT), ''), true)",
    )
    .bind(filter.providers.as_deref())
    .bind(filter.cutoff.map(Ts))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Copies `specs` from PostgreSQL into the snapshot file at `dst`, parents first; returns the
/// rows written per table.
pub(super) async fn copy_from_postgres(
    src: &mut PgConnection,
    specs: Vec<TableSpec>,
    dst: std::path::PathBuf,
    progress: Progress<'_>,
    cancel: &AtomicBool,
) -> Result<BTreeMap<String, u64>> {
    // Counted up front, in the same transaction, so every progress bar has its total at once.
    let mut totals = Vec::with_capacity(specs.len());
    for spec in &specs {
        let row = sqlx::query(&spec.count_sql(Engine::Postgres))
            .fetch_one(&mut *src)
            .await?;
        totals.push(crate::read_sql::count(row.try_get(0)?, spec.table)?);
    }
    copy_into_file(
        &mut Source::Postgres(src),
        specs,
        totals,
        &dst,
        progress,
        cancel,
    )
    .await
}

/// Copies `specs` (with their row `totals`) from a server `source` into the snapshot file at
/// `dst`, parents first; returns the rows written per table.
pub(super) async fn copy_into_file(
    source: &mut Source<'_>,
    specs: Vec<TableSpec>,
    totals: Vec<u64>,
    dst: &std::path::Path,
    progress: Progress<'_>,
    cancel: &AtomicBool,
) -> Result<BTreeMap<String, u64>> {
    let dst = dst.to_owned();
    let writer = blocking(move || SnapshotWriter::open(&dst))
        .await?
        .map_err(|e| write_failed("the snapshot", 0, e))?;
    let (_, copied) = copy_tables(source, specs, totals, writer, progress, cancel).await?;
    Ok(copied)
}

/// Copies `specs` (with their row `totals`) through `writer`, parents first; returns the writer
/// and the rows written per table.
pub(super) async fn copy_tables(
    source: &mut Source<'_>,
    specs: Vec<TableSpec>,
    totals: Vec<u64>,
    mut writer: SnapshotWriter,
    progress: Progress<'_>,
    cancel: &AtomicBool,
) -> Result<(SnapshotWriter, BTreeMap<String, u64>)> {
    let ctx = Copy { progress, cancel };
    let mut copied = BTreeMap::new();
    for (spec, total) in specs.into_iter().zip(totals) {
        let spec = Arc::new(spec);
        let (back, rows) = ctx.table(source, &spec, total, writer).await?;
        writer = back;
        copied.insert(spec.table.to_owned(), rows);
    }
    Ok((writer, copied))
}

/// Starts blocking SQLite work off the async threads at once (not when first awaited: the
/// writer must drain blocks while the reader fills them).
pub(super) fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> impl std::future::Future<Output = Result<T>> {
    let handle = tokio::task::spawn_blocking(work);
    async move {
        handle.await.map_err(|e| Error::Database {
            message: format!("the snapshot writer stopped: {e}; no file was written"),
        })
    }
}

/// Why the reading side stopped early.
pub(super) enum Stop {
    Cancelled,
    Read(sqlx::Error),
}

impl From<sqlx::Error> for Stop {
    fn from(e: sqlx::Error) -> Self {
        Stop::Read(e)
    }
}

struct Copy<'a> {
    progress: Progress<'a>,
    cancel: &'a AtomicBool,
}

impl Copy<'_> {
    /// Copies one table into `writer` (which runs on a blocking thread meanwhile and comes back).
    async fn table(
        &self,
        source: &mut Source<'_>,
        spec: &Arc<TableSpec>,
        total: u64,
        mut writer: SnapshotWriter,
    ) -> Result<(SnapshotWriter, u64)> {
        let report = |stage, copied| {
            (self.progress)(&SnapshotProgress {
                table: spec.table.to_owned(),
                stage,
                copied,
                total,
            })
        };
        report(SnapshotStage::Copying, 0);
        let written = Arc::new(AtomicU64::new(0));
        let rows = || written.load(Ordering::Relaxed);
        let interrupt = writer.interrupt_handle();
        let (fed, (writer, loaded)) = match source {
            Source::Postgres(_) | Source::Mysql(..) => {
                let (sender, mut receiver) = mpsc::channel(BLOCKS_IN_FLIGHT);
                let load = blocking({
                    let (spec, written) = (Arc::clone(spec), Arc::clone(&written));
                    move || {
                        let loaded = writer.load(&spec, &mut receiver, &written);
                        (writer, loaded)
                    }
                });
                let sent = || report(SnapshotStage::Copying, rows());
                let fed = match source {
                    Source::Mysql(src, filter) => {
                        super::from_mysql::feed(src, filter, spec, sender, self.cancel, &sent).await
                    }
                    Source::Postgres(src) => self.feed(src, spec, sender, &sent).await,
                    Source::File(..) => Ok(()),
                };
                if fed.is_ok() {
                    report(SnapshotStage::Indexing, rows());
                }
                (fed, self.finish(load, interrupt, &|| {}).await?)
            }
            Source::File(engine, filter) => {
                let select = spec.select_sql(*engine);
                let load = blocking({
                    let (spec, written, filter) =
                        (Arc::clone(spec), Arc::clone(&written), filter.clone());
                    move || {
                        let loaded = writer.load_file(&spec, &select, &filter, &written);
                        (writer, loaded)
                    }
                });
                let tick = || report(SnapshotStage::Copying, rows());
                (Ok(()), self.finish(load, interrupt, &tick).await?)
            }
        };
        if self.cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        // A failed read or a cancel stops the writer too: the reason is the reader's.
        fed.map_err(|stop| match stop {
            Stop::Cancelled => cancelled(),
            Stop::Read(e) => read_failed(spec.table, rows(), e),
        })?;
        let copied = loaded.map_err(|e| write_failed(spec.table, rows(), e))?;
        report(SnapshotStage::Done, copied);
        Ok((writer, copied))
    }

    /// Waits for the writer, interrupting it if the run is cancelled meanwhile (building the big
    /// table's indexes takes seconds), and calling `tick` as it goes.
    async fn finish<T>(
        &self,
        load: impl std::future::Future<Output = Result<T>>,
        interrupt: rusqlite::InterruptHandle,
        tick: &(dyn Fn() + Send + Sync),
    ) -> Result<T> {
        wait_interruptible(load, interrupt, self.cancel, tick).await
    }

    /// Sends the table's `COPY` stream to the writer in blocks, until its end, a cancel, a read
    /// error, or the writer stopping (whose error is then the one to report).
    async fn feed(
        &self,
        src: &mut PgConnection,
        spec: &TableSpec,
        sender: mpsc::Sender<Vec<u8>>,
        sent: &(dyn Fn() + Send + Sync),
    ) -> std::result::Result<(), Stop> {
        let mut stream = src.copy_out_raw(&spec.select_sql(Engine::Postgres)).await?;
        let mut block = Vec::with_capacity(BLOCK);
        loop {
            if self.cancel.load(Ordering::Relaxed) {
                return Err(Stop::Cancelled);
            }
            let chunk = stream.try_next().await?;
            let done = chunk.is_none();
            if let Some(chunk) = chunk {
                block.extend_from_slice(&chunk);
            }
            if block.len() >= BLOCK || (done && !block.is_empty()) {
                let full = std::mem::replace(&mut block, Vec::with_capacity(BLOCK));
                if sender.send(full).await.is_err() {
                    return Ok(());
                }
                sent();
            }
            if done {
                return Ok(());
            }
        }
    }
}

/// Waits for blocking SQLite work, interrupting it once `cancel` is set and calling `tick` every
/// poll.
pub(super) async fn wait_interruptible<T>(
    work: impl std::future::Future<Output = Result<T>>,
    interrupt: rusqlite::InterruptHandle,
    cancel: &AtomicBool,
    tick: &(dyn Fn() + Send + Sync),
) -> Result<T> {
    tokio::pin!(work);
    loop {
        tokio::select! {
            done = &mut work => return done,
            () = tokio::time::sleep(CANCEL_POLL) => {
                if cancel.load(Ordering::Relaxed) {
                    interrupt.interrupt();
                }
                tick();
            }
        }
    }
}

fn read_failed(table: &str, rows: u64, e: sqlx::Error) -> Error {
    // Class 08 is a connection exception; 57P01..57P03 are the server shutting the session.
    let lost = match &e {
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) | sqlx::Error::PoolClosed => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P0")),
        _ => false,
    };
    let what = if lost {
        "lost the connection to the database server"
    } else {
        "reading from the database server failed"
    };
    Error::Database {
        message: format!(
            "{what} while copying {table} (after {rows} rows): {e}; no file was written, try again"
        ),
    }
}

/// The error of a failed table (`table` = "the snapshot" before any table).
pub(super) fn write_failed(table: &str, rows: u64, e: WriteError) -> Error {
    let detail = match e {
        WriteError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) => {
            format!("{e}; free some disk space")
        }
        WriteError::Sqlite(e) => e.to_string(),
        WriteError::Source(e) => {
            return Error::Database {
                message: format!(
                    "reading {table} from the gateway's file failed (after {rows} rows): {e}; \
                     no file was written, try again"
                ),
            }
        }
        WriteError::Format(what) => format!("unexpected data from the source: {what}"),
        WriteError::Interrupted => "the stream from the database server ended early".to_owned(),
    };
    Error::Database {
        message: format!(
            "writing {table} into the snapshot failed (after {rows} rows): {detail}; \
             no file was written"
        ),
    }
}
