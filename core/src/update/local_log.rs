//! The local change-log file: a SQLite file on the admin's machine holding the change log of
//! every database Aether Review did not create (and that has no `aether_review_change_log`
//! table), each entry keyed by its database's identity ([`crate::Database::identity`]: a file path, or
//! host, port and database — never a user or password). The shells choose the file (the desktop
//! app's data directory, the CLI's `$AETHER_REVIEW_DATA_DIR` or XDG data directory); core only
//! takes its path.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use crate::db::Ts;
use crate::error::{Error, Result};
use crate::layout::DbTs;
use crate::model::ChangeLogEntry;

/// The file name the shells use inside their data directory.
pub const LOCAL_CHANGE_LOG_FILE: &str = "change-log.sqlite";

/// The file's schema, one statement each (`raw_sql` would make the save's future `Send` for one
/// lifetime only, and the desktop spawns it).
const SCHEMA: [&str; 2] = [
    "CREATE TABLE IF NOT EXISTS aether_review_change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    database TEXT NOT NULL,
    save_id TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    previous_updated_at TEXT
)",
    "CREATE INDEX IF NOT EXISTS ix_change_log_database_provider
    ON aether_review_change_log (database, provider_id, id)",
];

fn file_error(path: &Path, doing: &str, e: impl std::fmt::Display) -> Error {
    Error::Database {
        message: format!("{doing} the local change log {}: {e}", path.display()),
    }
}

async fn connect(path: &Path, create: bool) -> sqlx::Result<SqliteConnection> {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(create)
        .read_only(!create)
        .busy_timeout(Duration::from_secs(5))
        .connect()
        .await
}

/// Appends the entries of one save for the database `identity`, creating the file (and its
/// folder) on first use. Called after the database transaction committed.
pub(super) async fn append(path: &Path, identity: &str, entries: &[ChangeLogEntry]) -> Result<()> {
    let failed = |e: &dyn std::fmt::Display| {
        file_error(
            path,
            "the settings were saved, but their change log could not be written to",
            e,
        )
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| failed(&e))?;
    }
    let mut conn = connect(path, true).await.map_err(|e| failed(&e))?;
    let result = insert(&mut conn, identity, entries).await;
    let _ = conn.close().await;
    result.map_err(|e| failed(&e))
}

/// Creates the table if needed, then one multi-row INSERT (a statement is atomic on its own).
async fn insert(
    conn: &mut SqliteConnection,
    identity: &str,
    entries: &[ChangeLogEntry],
) -> sqlx::Result<()> {
    for statement in SCHEMA {
        sqlx::query(statement).execute(&mut *conn).await?;
    }
    // A file written before `previous_updated_at` was recorded gets the column.
    if !has_previous_updated_at(conn).await? {
        sqlx::query("ALTER TABLE aether_review_change_log ADD COLUMN previous_updated_at TEXT")
            .execute(&mut *conn)
            .await?;
    }
    if entries.is_empty() {
        return Ok(());
    }
    let rows = vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; entries.len()].join(", ");
    let sql = format!(
        "INSERT INTO aether_review_change_log (database, save_id, changed_at, provider_id, \
         field, old_value, new_value, previous_updated_at) VALUES {rows}"
    );
    let mut query = sqlx::query(&sql);
    for e in entries {
        query = query
            .bind(identity)
            .bind(e.save_id.as_deref().unwrap_or_default())
            .bind(Ts(e.changed_at))
            .bind(e.provider_id.as_str())
            .bind(e.field.as_str())
            .bind(e.old_value.as_deref())
            .bind(e.new_value.as_deref())
            .bind(e.previous_updated_at.map(Ts));
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

async fn has_previous_updated_at(conn: &mut SqliteConnection) -> sqlx::Result<bool> {
    let found: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM pragma_table_info('aether_review_change_log') \
         WHERE name = 'previous_updated_at'",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(found.0 > 0)
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    save_id: String,
    previous_updated_at: Option<DbTs>,
    changed_at: DbTs,
    provider_id: String,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
}

/// The entries of database `identity` (one provider's or all), oldest first; empty when the file
/// does not exist yet. Opened read-only: reading creates nothing.
pub(super) async fn read(
    path: &Path,
    identity: &str,
    provider_id: Option<&str>,
) -> Result<Vec<ChangeLogEntry>> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let failed = |e: &dyn std::fmt::Display| file_error(path, "cannot read", e);
    let mut conn = connect(path, false).await.map_err(|e| failed(&e))?;
    let rows = async {
        let exists: (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM sqlite_master \
             WHERE type = 'table' AND name = 'aether_review_change_log'",
        )
        .fetch_one(&mut conn)
        .await?;
        if exists.0 == 0 {
            return Ok(Vec::new());
        }
        let previous = if has_previous_updated_at(&mut conn).await? {
            "previous_updated_at"
        } else {
            "NULL AS previous_updated_at"
        };
        sqlx::query_as::<_, EntryRow>(&format!(
            "SELECT save_id, {previous}, changed_at, provider_id, field, old_value, new_value \
             FROM aether_review_change_log \
             WHERE database = $1 AND ($2 IS NULL OR provider_id = $2) ORDER BY changed_at, id"
        ))
        .bind(identity)
        .bind(provider_id)
        .fetch_all(&mut conn)
        .await
    }
    .await;
    let _ = conn.close().await;
    Ok(rows
        .map_err(|e| failed(&e))?
        .into_iter()
        .map(|r| ChangeLogEntry {
            save_id: Some(r.save_id),
            previous_updated_at: r.previous_updated_at.map(Into::into),
            changed_at: r.changed_at.into(),
            provider_id: r.provider_id,
            field: r.field,
            old_value: r.old_value,
            new_value: r.new_value,
        })
        .collect())
}
