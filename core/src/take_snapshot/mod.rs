//! Taking a snapshot: copy a live Aether database of any generation, or a Rust gateway's own
//! SQLite file, into a new snapshot file that keeps the source's generation (`docs/snapshots.md`).
//!
//! The copy is a single point in time: one `REPEATABLE READ, READ ONLY` transaction on
//! PostgreSQL (`WITH CONSISTENT SNAPSHOT` on MySQL), whose server clock at the transaction start
//! becomes the snapshot's as-of time; one read transaction on a gateway file, whose newest event
//! is its as-of time. Only the
//! columns [`crate::layout::columns`] lists are selected, and those of [`crate::layout::OPTIONAL`]
//! the source has, so secrets are never read; of a key's `auth_config` only whether it is set,
//! kept as a marker. Rows stream in batches into a
//! temporary file beside the destination, which is renamed into place only when complete: a
//! cancelled or failed run leaves no file behind.
//!
//! The entry point, [`take_snapshot`], reports progress through a callback and stops at the next
//! batch when its cancel flag is set, so the CLI (Ctrl-C) and a Tauri command (a Cancel button,
//! progress events) share it.

mod binary;
mod copy;
mod from_file;
mod from_mysql;
mod from_postgres;
mod request;
mod rows;
mod writer;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::{Database, Pool};
use crate::error::Result;
use crate::layout::{present_optional, Generation, Layout, OptionalColumn};
use crate::model::{Count, SnapshotMeta, Timestamp};

use request::Plan;
pub use request::{Since, SnapshotRequest};

/// What the copy is doing: sent to the progress callback after every batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SnapshotProgress {
    /// The table being copied (one Aether Review reads).
    pub table: String,
    pub stage: SnapshotStage,
    /// Rows of `table` written so far.
    #[specta(type = Count)]
    pub copied: u64,
    /// Rows of `table` to copy, counted in the same transaction.
    #[specta(type = Count)]
    pub total: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotStage {
    /// Rows are streaming from the source into the file.
    Copying,
    /// The table is copied; its indexes are being built.
    Indexing,
    /// The table is complete.
    Done,
}

/// Where a snapshot's as-of time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TakenAtBasis {
    /// The server's clock (PostgreSQL or MySQL) at the start of the copy's transaction.
    ServerClock,
    /// A gateway file: its newest `request_candidates.created_at` (what the live file shows as
    /// "now").
    NewestEvent,
    /// A gateway file without any event: when the file (or its `-wal`) was last written.
    FileModified,
}

/// The outcome of a successful snapshot (the CLI's `--json` output).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SnapshotReport {
    /// Where the snapshot file now is.
    pub path: String,
    /// The snapshot's as-of time; `taken_at_basis` says where it comes from.
    pub taken_at: Timestamp,
    pub taken_at_basis: TakenAtBasis,
    /// `host:port/database` of the source, or the gateway file's name; never a user or password.
    pub source: String,
    /// The generation of Aether copied; the snapshot keeps its layout.
    pub generation: Generation,
    /// The source's schema version: its alembic head, or the Rust gateway's newest migration.
    pub aether_schema_version: Option<String>,
    /// The `--since` window applied to `request_candidates` (`72h`, `7d`, `all`).
    pub since_window: String,
    /// The providers chosen (`--providers`), as recorded in the snapshot; `None` = every one.
    pub providers: Option<Vec<String>>,
    #[specta(type = BTreeMap<String, Count>)]
    pub row_counts: BTreeMap<String, u64>,
    /// Wall time of the whole run.
    pub seconds: f64,
}

/// What was opened, as the snapshot records it.
struct Origin {
    layout: Layout,
    /// `host:port/database` or the file name.
    source: String,
    schema_version: Option<String>,
    /// The optional columns ([`crate::layout::OPTIONAL`]) the source has: the snapshot copies
    /// exactly these, so it records what the source recorded.
    optional: Vec<OptionalColumn>,
}

impl Origin {
    async fn of(db: &Database) -> Result<Self> {
        Ok(Self {
            layout: db.layout(),
            source: db.info().display_name.clone(),
            schema_version: db.info().schema_version.clone(),
            optional: present_optional(db).await?,
        })
    }

    /// The tables to copy, with the optional columns the source has.
    fn tables(&self) -> Vec<rows::TableSpec> {
        rows::tables(self.layout.generation, &self.optional)
    }

    /// A new, empty snapshot file at `out` of the source's layout.
    async fn create_file(&self, out: &Path) -> Result<sqlx::SqlitePool> {
        crate::db::create_snapshot_file_with(out, self.layout.generation, &self.optional).await
    }

    fn meta(
        &self,
        taken_at: Timestamp,
        plan: &Plan,
        row_counts: BTreeMap<String, u64>,
    ) -> SnapshotMeta {
        SnapshotMeta {
            taken_at,
            source: self.source.clone(),
            aether_schema_version: self.schema_version.clone(),
            since_window: Some(plan.since.label()),
            providers: plan.providers.clone(),
            row_counts,
            generation: self.layout.generation,
        }
    }
}

/// A finished copy: the metadata written into the file, and where its as-of time came from.
struct Copied {
    meta: SnapshotMeta,
    basis: TakenAtBasis,
}

type Progress<'a> = &'a (dyn Fn(&SnapshotProgress) + Send + Sync);

/// Copies `request.from` (a live PostgreSQL or a Rust gateway's SQLite file) into a new snapshot
/// file at `request.out` of the same generation.
///
/// `progress` is called after every batch; setting `cancel` stops the copy at the next batch,
/// removes the partial file and returns an error saying so. Errors: `Validation` (field `out`,
/// `since`, `providers` or `from`), `Unreachable` (server down, wrong password; never echoes it),
/// `SchemaMismatch` (not an Aether database), `NotFound` (an unknown provider id), `Database`
/// (cancelled, connection lost or disk full mid-way; nothing is left behind).
pub async fn take_snapshot(
    request: &SnapshotRequest,
    progress: Progress<'_>,
    cancel: &AtomicBool,
) -> Result<SnapshotReport> {
    let started = Instant::now();
    let plan = request.validate()?;
    let partial = crate::files::PartialFile::beside(&plan.out)?;

    let source = crate::db::open(&plan.from, true).await?;
    let origin = match Origin::of(&source).await {
        Ok(origin) => origin,
        Err(e) => {
            source.close().await;
            return Err(e);
        }
    };
    let result = match source.pool().clone() {
        Pool::Postgres(pg) => {
            let copied =
                from_postgres::copy(&pg, &origin, &plan, partial.path(), progress, cancel).await;
            source.close().await;
            copied
        }
        Pool::Mysql(my) => {
            let copied =
                from_mysql::copy(&my, &origin, &plan, partial.path(), progress, cancel).await;
            source.close().await;
            copied
        }
        Pool::Sqlite(_) => {
            // The copy reads the file through its own read-only connection, in one transaction.
            let read_only_reason = source.info().read_only_reason;
            source.close().await;
            let copy = from_file::FileCopy {
                file: Path::new(&plan.from),
                read_only_reason,
                origin: &origin,
                plan: &plan,
            };
            copy.run(partial.path(), progress, cancel).await
        }
    };
    let Copied { meta, basis } = result?;

    if cancel.load(Ordering::Relaxed) {
        return Err(copy::cancelled());
    }
    partial
        .commit_blocking(plan.out.clone(), plan.force)
        .await?;
    Ok(SnapshotReport {
        path: plan.out.display().to_string(),
        taken_at: meta.taken_at,
        taken_at_basis: basis,
        source: meta.source,
        generation: meta.generation,
        aether_schema_version: meta.aether_schema_version,
        since_window: meta.since_window.unwrap_or_default(),
        providers: meta.providers,
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
