//! The change log: one `aether_review_change_log` row per field a patch changed.
//!
//! A snapshot made by this project always has the table (it is in `migrations/`). Anywhere else —
//! a user's PostgreSQL, a SQLite file made by another tool — the log is written and read only if
//! a table `aether_review_change_log` already exists there: Aether Review never creates or alters
//! anything in a database it did not make. Values are JSON text (`"\"Acme\""`, `"600"`); a NULL
//! value is SQL NULL.

use crate::db::{Database, Dialect};
use crate::error::Result;
use crate::model::{ChangeLogEntry, Timestamp};

/// The columns written, in bind order.
const COLUMNS: &str = "changed_at, provider_id, field, old_value, new_value";

/// A scalar subquery: 1 when the change-log table exists in the current schema, else 0.
pub(super) fn table_exists_expr(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "CAST((SELECT COUNT(*) FROM sqlite_master \
             WHERE type = 'table' AND name = 'aether_review_change_log') AS BIGINT)"
        }
        Dialect::Postgres => {
            "CAST((SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'aether_review_change_log') AS BIGINT)"
        }
    }
}

/// One multi-row INSERT for `rows` entries, bound in [`COLUMNS`] order.
pub(super) fn insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|row| {
            let n = row * 5;
            format!(
                "(${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5
            )
        })
        .collect();
    format!(
        "INSERT INTO aether_review_change_log ({COLUMNS}) VALUES {}",
        values.join(", ")
    )
}

#[derive(sqlx::FromRow)]
struct Exists {
    present: i64,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    changed_at: Timestamp,
    provider_id: String,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
}

/// The change log, oldest first; one provider's or all. Empty where there is no log table.
pub async fn change_log(db: &Database, provider_id: Option<&str>) -> Result<Vec<ChangeLogEntry>> {
    let exists = crate::fetch!(
        db,
        fetch_one,
        Exists,
        format!("SELECT {} AS present", table_exists_expr(db.dialect()))
    )?;
    if exists.present == 0 {
        return Ok(Vec::new());
    }
    let rows = crate::fetch!(
        db,
        fetch_all,
        EntryRow,
        format!(
            "SELECT {COLUMNS} FROM aether_review_change_log \
             WHERE CAST($1 AS TEXT) IS NULL OR provider_id = $1 ORDER BY changed_at, id"
        ),
        provider_id
    )?;
    Ok(rows
        .into_iter()
        .map(|r| ChangeLogEntry {
            changed_at: r.changed_at,
            provider_id: r.provider_id,
            field: r.field,
            old_value: r.old_value,
            new_value: r.new_value,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_numbers_placeholders_row_by_row() {
        assert_eq!(
            insert_sql(2),
            "INSERT INTO aether_review_change_log (changed_at, provider_id, field, old_value, new_value) \
             VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)"
        );
    }
}
