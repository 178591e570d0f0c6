//! Snapshot files this project creates: schema from `migrations/`, metadata in
//! `aether_review_snapshot`.

use std::collections::BTreeMap;
use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use super::{Database, Dialect, Ts};
use crate::error::{Error, Result};
use crate::model::{SnapshotMeta, Timestamp};

/// Creates a new, empty snapshot file with the project's schema. Refuses an existing file.
///
/// The pool is tuned for bulk loading (no fsync until the end); close it before opening the file
/// with [`super::open`].
pub async fn create_snapshot_file(path: &Path) -> Result<SqlitePool> {
    if path.exists() {
        return Err(Error::invalid(
            "out",
            format!(
                "{} already exists; choose another file or remove it",
                path.display()
            ),
        ));
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Delete)
        .synchronous(SqliteSynchronous::Off);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| Error::Unreachable {
            message: format!("cannot create {}: {e}", path.display()),
        })?;
    sqlx::migrate!("../migrations")
        .run(&pool)
        .await
        .map_err(|e| Error::Database {
            message: format!("creating the snapshot schema failed: {e}"),
        })?;
    Ok(pool)
}

/// Writes (or replaces) the snapshot's metadata row.
pub async fn write_snapshot_meta(pool: &SqlitePool, meta: &SnapshotMeta) -> Result<()> {
    let counts = serde_json::to_string(&meta.row_counts).expect("a map of counts serializes");
    sqlx::query(
        "INSERT OR REPLACE INTO aether_review_snapshot \
         (id, taken_at, source, aether_schema_version, since_window, row_counts, generator) \
         VALUES (1, $1, $2, $3, $4, $5, 'aether-review')",
    )
    .bind(Ts(meta.taken_at))
    .bind(&meta.source)
    .bind(&meta.aether_schema_version)
    .bind(&meta.since_window)
    .bind(counts)
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MetaRow {
    taken_at: Timestamp,
    source: String,
    aether_schema_version: Option<String>,
    since_window: Option<String>,
    row_counts: String,
}

#[derive(sqlx::FromRow)]
struct Exists {
    n: i64,
}

/// The metadata of a snapshot made by this project, `None` for any other SQLite file.
pub(crate) async fn read_snapshot_meta(db: &Database) -> Result<Option<SnapshotMeta>> {
    if db.dialect() != Dialect::Sqlite {
        return Ok(None);
    }
    let exists = crate::fetch!(
        db,
        fetch_one,
        Exists,
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'aether_review_snapshot'"
    )?;
    if exists.n == 0 {
        return Ok(None);
    }
    let row = crate::fetch!(
        db,
        fetch_optional,
        MetaRow,
        "SELECT taken_at, source, aether_schema_version, since_window, row_counts \
         FROM aether_review_snapshot WHERE id = 1"
    )?;
    Ok(row.map(|r| SnapshotMeta {
        taken_at: r.taken_at,
        source: r.source,
        aether_schema_version: r.aether_schema_version,
        since_window: r.since_window,
        row_counts: serde_json::from_str::<BTreeMap<String, u32>>(&r.row_counts)
            .unwrap_or_default(),
    }))
}
