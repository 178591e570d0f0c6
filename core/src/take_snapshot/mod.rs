//! Taking a snapshot: copy a live Aether PostgreSQL into a new SQLite file (issue 6).
//!
//! One `REPEATABLE READ, READ ONLY` transaction makes the copy a single point in time, whose
//! server clock (`now()` at the transaction start) becomes the snapshot's as-of time. Only the
//! columns of SPEC §1 are selected, so secrets (`api_key`, `proxy`, `headers`) are never read.
//! Rows stream in batches into a temporary file beside the destination, which is renamed into
//! place only when complete: a cancelled or failed run leaves no file behind.
//!
//! The entry point, [`take_snapshot`], reports progress through a callback and stops at the next
//! batch when its cancel flag is set, so the CLI (Ctrl-C) and a Tauri command (a Cancel button,
//! progress events) share it.

mod binary;
mod copy;
mod meta;
mod partial;
mod request;
mod rows;
mod writer;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::Pool;
use crate::error::{Error, Result};
use crate::layout::Generation;
use crate::model::{SnapshotMeta, Timestamp};

pub use request::{Since, SnapshotRequest};

/// What the copy is doing: sent to the progress callback after every batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SnapshotProgress {
    /// The table being copied (one of SPEC §1).
    pub table: String,
    pub stage: SnapshotStage,
    /// Rows of `table` written so far.
    pub copied: u32,
    /// Rows of `table` to copy, counted in the same transaction.
    pub total: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotStage {
    /// Rows are streaming from PostgreSQL into the file.
    Copying,
    /// The table is copied; its indexes are being built.
    Indexing,
    /// The table is complete.
    Done,
}

/// The outcome of a successful snapshot (the CLI's `--json` output).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SnapshotReport {
    /// Where the snapshot file now is.
    pub path: String,
    /// The server's clock at the start of the copy: the snapshot's as-of time.
    pub taken_at: Timestamp,
    /// `host:port/database` of the source; never a user or password.
    pub source: String,
    /// `alembic_version.version_num` of the source, when it has that table.
    pub aether_schema_version: Option<String>,
    /// The `--since` window applied to `request_candidates` (`72h`, `7d`, `all`).
    pub since_window: String,
    pub row_counts: BTreeMap<String, u32>,
    /// Wall time of the whole run.
    pub seconds: f64,
}

/// Copies the live PostgreSQL `request.from` into a new snapshot file at `request.out`.
///
/// `progress` is called after every batch; setting `cancel` stops the copy at the next batch,
/// removes the partial file and returns an error saying so. Errors: `Validation` (field `out`,
/// `since`, `providers` or `from`), `Unreachable` (server down, wrong password; never echoes it),
/// `SchemaMismatch` (not an Aether database), `NotFound` (an unknown provider id), `Database`
/// (cancelled, connection lost or disk full mid-way; nothing is left behind).
pub async fn take_snapshot(
    request: &SnapshotRequest,
    progress: &(dyn Fn(&SnapshotProgress) + Send + Sync),
    cancel: &AtomicBool,
) -> Result<SnapshotReport> {
    let started = Instant::now();
    let plan = request.validate()?;
    let partial = partial::PartialFile::beside(&plan.out)?;

    let source = crate::db::open(&plan.url, true).await?;
    let result = async {
        let Pool::Postgres(pg) = source.pool() else {
            unreachable!("validate() accepts only postgres:// URLs");
        };
        let mut tx = pg
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
        let taken_at = meta::server_now(&mut tx).await?;
        let filter = copy::Filter {
            providers: plan.providers.clone(),
            cutoff: plan.since.cutoff(taken_at),
        };
        copy::prepare_source_session(&mut tx, &filter).await?;
        copy::check_providers_exist(&mut tx, &filter).await?;
        let aether_schema_version = meta::aether_schema_version(&mut tx).await?;

        let dst = crate::db::create_snapshot_file(partial.path(), Generation::Legacy).await?;
        let row_counts =
            copy::copy_all(&mut tx, partial.path().to_owned(), progress, cancel).await?;
        tx.rollback().await?;

        let meta = SnapshotMeta {
            taken_at,
            source: source.info().display_name.clone(),
            aether_schema_version,
            since_window: Some(plan.since.label()),
            row_counts,
            generation: Generation::Legacy,
        };
        crate::db::write_snapshot_meta(&dst, &meta).await?;
        dst.close().await;
        Ok::<_, Error>(meta)
    }
    .await;
    source.close().await;
    let meta = result?;

    if cancel.load(Ordering::Relaxed) {
        return Err(copy::cancelled());
    }
    partial.commit(&plan.out, plan.force)?;
    Ok(SnapshotReport {
        path: plan.out.display().to_string(),
        taken_at: meta.taken_at,
        source: meta.source,
        aether_schema_version: meta.aether_schema_version,
        since_window: meta.since_window.unwrap_or_default(),
        row_counts: meta.row_counts,
        seconds: started.elapsed().as_secs_f64(),
    })
}

// A Tauri command awaits `take_snapshot` on a multi-threaded runtime: its future must be `Send`.
const _: fn() = || {
    fn assert_send<T: Send>(_: &T) {}
    let request = SnapshotRequest::default();
    let cancel = AtomicBool::new(false);
    assert_send(&take_snapshot(&request, &|_| {}, &cancel));
};
