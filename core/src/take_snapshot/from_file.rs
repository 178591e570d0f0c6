//! A snapshot of a Rust gateway's own SQLite file, which the gateway may still be writing.
//!
//! The file is attached read-only to the writer's connection (immutable when opening found it
//! must be: a copied WAL file without its `-wal`, or a folder SQLite cannot write), and every
//! table is copied inside one transaction, so all come from one point in time and nothing is
//! written beside the file. Unix seconds and milliseconds become canonical text, JSON stays as
//! stored. The as-of time is the file's newest event, what the live file shows as "now"
//! (`docs/snapshots.md`).

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::SystemTime;

use super::copy::{self, blocking, Source};
use super::request::Plan;
use super::rows::{Engine, TableSpec};
use super::writer::{FileFilter, SnapshotWriter, WriteError};
use super::{Copied, Origin, Progress, TakenAtBasis};
use crate::error::{Error, FieldCode, Result};
use crate::layout::{Layout, TimeEncoding, Unit};
use crate::model::{ReadOnlyReason, Timestamp};

/// A gateway file to copy, as opening it found it.
pub(super) struct FileCopy<'a> {
    pub file: &'a Path,
    /// Why opening it read-only was forced, if it was: then it is read as immutable.
    pub read_only_reason: Option<ReadOnlyReason>,
    pub origin: &'a Origin,
    pub plan: &'a Plan,
}

/// What the read transaction found before copying.
struct Start {
    writer: SnapshotWriter,
    newest_event_ms: Option<i64>,
    missing_provider: Option<String>,
}

impl FileCopy<'_> {
    /// Copies the file into a new snapshot file at `out`, with its metadata.
    pub async fn run(
        &self,
        out: &Path,
        progress: Progress<'_>,
        cancel: &AtomicBool,
    ) -> Result<Copied> {
        let layout = self.origin.layout;
        if layout.encoding != TimeEncoding::UnixEpoch {
            return Err(Error::invalid(
                "from",
                FieldCode::InvalidSource,
                format!(
                    "{} is already an Aether Review snapshot; copy the file itself",
                    self.file.display()
                ),
            ));
        }
        let uri = self.uri()?;
        let dst = self.origin.create_file(out).await?;
        let written = self.copy(layout, &uri, out, progress, cancel).await;
        let written = match written {
            Ok((meta, basis)) => async {
                crate::health::rollup::write_rollups(&dst).await?;
                crate::db::write_snapshot_meta(&dst, &meta).await
            }
            .await
            .map(|()| Copied { meta, basis }),
            Err(e) => Err(e),
        };
        dst.close().await;
        written
    }

    async fn copy(
        &self,
        layout: Layout,
        uri: &str,
        out: &Path,
        progress: Progress<'_>,
        cancel: &AtomicBool,
    ) -> Result<(crate::model::SnapshotMeta, TakenAtBasis)> {
        let engine = Engine::File(layout);
        let mut filter = FileFilter {
            providers: self
                .plan
                .providers
                .as_ref()
                .map(|ids| serde_json::to_string(ids).expect("a list of strings serializes")),
            cutoff_ms: None,
        };
        let newest = format!(
            "SELECT {} FROM source.request_candidates",
            layout.ts("MAX(created_at)", Unit::Millis)
        );
        let (out_path, uri, check) = (out.to_owned(), uri.to_owned(), filter.clone());
        let start = blocking(move || -> std::result::Result<Start, WriteError> {
            let writer = SnapshotWriter::open(&out_path)?;
            writer.attach_source(&uri)?;
            let newest_event_ms = writer.source_value(&newest, &check)?;
            let missing_provider = writer.source_value(
                "SELECT value FROM json_each(?1) \
                 WHERE value NOT IN (SELECT CAST(id AS TEXT) FROM source.providers) LIMIT 1",
                &check,
            )?;
            Ok(Start {
                writer,
                newest_event_ms,
                missing_provider,
            })
        })
        .await?
        .map_err(|e| self.failed(e))?;
        if let Some(missing) = start.missing_provider {
            return Err(Error::not_found("provider", &missing));
        }
        let (taken_at, basis) = match start
            .newest_event_ms
            .and_then(Timestamp::from_timestamp_millis)
        {
            Some(t) => (t, TakenAtBasis::NewestEvent),
            None => (self.modified(), TakenAtBasis::FileModified),
        };
        filter.cutoff_ms = self.plan.since.cutoff(taken_at).map(|cutoff| {
            layout
                .bind_lower(cutoff, Unit::Millis)
                .at
                .timestamp_millis()
        });

        let specs = self.origin.tables();
        let (writer, totals) = count(start.writer, &specs, engine, &filter)
            .await?
            .map_err(|e| self.failed(e))?;
        let mut source = Source::File(engine, filter);
        let (writer, row_counts) =
            copy::copy_tables(&mut source, specs, totals, writer, progress, cancel).await?;
        blocking(move || writer.detach_source())
            .await?
            .map_err(|e| self.failed(e))?;
        let meta = self.origin.meta(taken_at, self.plan, row_counts);
        Ok((meta, basis))
    }

    /// `file:` URI of the file, read-only, and immutable when opening found it must be.
    fn uri(&self) -> Result<String> {
        let path = std::fs::canonicalize(self.file).map_err(|e| self.unreadable(&e))?;
        let mut url = url::Url::from_file_path(&path)
            .map_err(|()| self.unreadable(&"not an absolute path"))?;
        let immutable = matches!(
            self.read_only_reason,
            Some(ReadOnlyReason::MissingWal | ReadOnlyReason::ReadOnlyLocation)
        );
        url.set_query(Some(if immutable {
            "mode=ro&immutable=1"
        } else {
            "mode=ro"
        }));
        Ok(url.to_string())
    }

    /// When the file, or its `-wal`, was last written: the as-of time of a file without events.
    fn modified(&self) -> Timestamp {
        let mut wal = self.file.as_os_str().to_owned();
        wal.push("-wal");
        let newest = [self.file, Path::new(&wal)]
            .iter()
            .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .max()
            .unwrap_or_else(SystemTime::now);
        Timestamp::from(newest)
    }

    fn unreadable(&self, e: &dyn std::fmt::Display) -> Error {
        Error::unreachable(
            crate::error::UnreachableCause::FileUnreadable,
            format!("cannot read {}: {e}", self.file.display()),
        )
    }

    fn failed(&self, e: WriteError) -> Error {
        match e {
            WriteError::Source(e) => Error::Database {
                message: format!(
                    "reading {} failed: {e}; no file was written, try again",
                    self.file.display()
                ),
            },
            other => copy::write_failed("the snapshot", 0, other),
        }
    }
}

/// The rows of each table to copy, counted in the read transaction.
async fn count(
    writer: SnapshotWriter,
    specs: &[TableSpec],
    engine: Engine,
    filter: &FileFilter,
) -> Result<std::result::Result<(SnapshotWriter, Vec<u64>), WriteError>> {
    let sql: Vec<String> = specs.iter().map(|s| s.count_sql(engine)).collect();
    let filter = filter.clone();
    blocking(move || {
        let mut totals = Vec::with_capacity(sql.len());
        for sql in &sql {
            // rusqlite refuses a negative value for a u64 (a COUNT never is one).
            let n: u64 = writer.source_value(sql, &filter)?.unwrap_or(0);
            totals.push(n);
        }
        Ok((writer, totals))
    })
    .await
}
