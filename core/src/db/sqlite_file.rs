//! Opening a SQLite file: what its header and folder allow, its pool, and putting our own
//! snapshot back in rollback-journal mode when it closes.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection};

use super::Pool;
use crate::error::{Error, Result, UnreachableCause};
use crate::model::ReadOnlyReason;

/// How a database was opened.
pub(super) struct Access {
    pub read_only_reason: Option<ReadOnlyReason>,
    /// The session switched the file to WAL (only ever a snapshot this project made).
    pub restore_journal_on_close: bool,
}

impl Access {
    pub fn requested(read_only: bool) -> Self {
        Self {
            read_only_reason: read_only.then_some(ReadOnlyReason::Requested),
            restore_journal_on_close: false,
        }
    }
}

/// What the file system says about a SQLite file before anything opens it.
struct FileState {
    /// The header's read/write versions are 2: the file is in WAL mode.
    wal_mode: bool,
    /// Its `-wal` file is beside it (a writer has it open, or left one behind).
    has_wal_file: bool,
    /// The file or its folder cannot be written: SQLite could not create a journal there.
    unwritable: bool,
}

fn inspect_file(path: &Path) -> std::io::Result<FileState> {
    use std::io::Read;
    let mut header = [0u8; 20];
    let mut file = std::fs::File::open(path)?;
    let n = file.read(&mut header)?;
    let wal_mode = n == header.len() && header[18] == 2 && header[19] == 2;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let unwritable = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().readonly())
            .unwrap_or(true)
    };
    Ok(FileState {
        wal_mode,
        has_wal_file: Path::new(&wal).exists(),
        unwritable: unwritable(path) || unwritable(folder),
    })
}

pub(super) async fn open_sqlite(path: &Path, read_only: bool) -> Result<(Pool, Access)> {
    if !path.is_file() {
        return Err(Error::unreachable(
            UnreachableCause::NoFile,
            format!(
                "no snapshot file at {}; check the path, or create one with `aether-review demo --out FILE`",
                path.display()
            ),
        ));
    }
    let cannot_open = |e: &dyn std::fmt::Display| {
        Error::unreachable(
            UnreachableCause::FileUnreadable,
            format!("cannot open {}: {e}", path.display()),
        )
    };
    let state = inspect_file(path).map_err(|e| cannot_open(&e))?;
    // A copied WAL file without its `-wal` holds what was checkpointed; one in a folder SQLite
    // cannot write needs no lock files. Both are read as immutable: nothing is created beside it.
    let forced = if state.unwritable {
        Some(ReadOnlyReason::ReadOnlyLocation)
    } else if state.wal_mode && !state.has_wal_file {
        Some(ReadOnlyReason::MissingWal)
    } else {
        None
    };
    let base = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(5));
    let mut access = Access::requested(read_only);
    let options = if let Some(reason) = forced {
        access.read_only_reason = Some(reason);
        base.read_only(true).immutable(true)
    } else if read_only {
        base.read_only(true)
    } else if is_own_snapshot(path).await {
        // A rollback-journal commit costs three fsyncs; WAL with NORMAL sync costs none until the
        // checkpoint, which keeps an edit of our own snapshot fast. `Database::close` puts the file
        // back in rollback mode so it stays one self-contained file.
        access.restore_journal_on_close = true;
        base.journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
    } else {
        // Someone else's file (a gateway may be running on it): its journal mode is not ours to
        // change; an edit commits in whatever mode it is in.
        base
    };
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .after_connect(|conn, _| {
            Box::pin(async move {
                // A page cache of 256 KiB per connection (SQLite's default is 2 MiB): the pool's
                // four connections otherwise keep 8 MiB of pages the system's file cache holds
                // anyway, and the benchmark's figures do not move (`docs/architecture.md`,
                // "Memory"). Setting it reads the schema, so a file that is not SQLite fails here;
                // that is left to its first query, which says so.
                let _ = sqlx::query("PRAGMA cache_size = -256").execute(conn).await;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(|e| cannot_open(&e))?;
    Ok((Pool::Sqlite(pool), access))
}

/// Whether `path` is a snapshot this project made (it has our metadata table), asked through a
/// read-only connection that writes nothing.
async fn is_own_snapshot(path: &Path) -> bool {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false);
    let Ok(mut conn) = options.connect().await else {
        return false;
    };
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'aether_review_snapshot'",
    )
    .fetch_optional(&mut conn)
    .await
    .ok()
    .flatten();
    let _ = conn.close().await;
    found.is_some_and(|(n,)| n > 0)
}

/// Checkpoints the write-ahead log into our own snapshot and returns it to rollback-journal mode,
/// so the snapshot is again a single file. Best effort: another process holding the file keeps it in WAL
/// mode, which SQLite reads just as well.
pub(crate) async fn restore_rollback_journal(path: &Path) {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(5))
        .journal_mode(SqliteJournalMode::Delete);
    if let Ok(conn) = options.connect().await {
        let _ = conn.close().await;
    }
}

#[cfg(test)]
mod tests {
    use crate::db::{create_snapshot_file, Pool};
    use crate::layout::Generation;

    #[tokio::test]
    async fn every_connection_to_a_file_keeps_a_small_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        create_snapshot_file(&path, Generation::Rust)
            .await
            .unwrap()
            .close()
            .await;
        let db = crate::open(path.to_str().unwrap(), true).await.unwrap();
        let Pool::Sqlite(pool) = db.pool() else {
            panic!("a file opens as SQLite")
        };
        // Hold several connections at once, so the pool opens more than one.
        let mut held = Vec::new();
        for _ in 0..3 {
            let mut conn = pool.acquire().await.unwrap();
            let (kib,): (i64,) = sqlx::query_as("PRAGMA cache_size")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(kib, -256);
            held.push(conn);
        }
        drop(held);
        db.close().await;
    }
}
