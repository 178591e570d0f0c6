//! The change log: one entry per field a save changed, all entries of one save sharing its save
//! id. Where it lives (`docs/rules-update.md`):
//!
//! - in the database's own `aether_review_change_log` table when it has one: a snapshot made by
//!   this project always does (it is in `migrations/`), and an admin may create one in any other
//!   PostgreSQL or SQLite database (on MySQL the log is always the local file);
//! - otherwise in the local change-log file the caller set ([`crate::Database::set_local_change_log`]),
//!   keyed by the database's identity: Aether Review never creates or alters anything in a
//!   database it did not make;
//! - nowhere when neither exists (the entries are still returned by the save).
//!
//! Values are JSON text (`"\"Acme\""`, `"600"`); a NULL value is SQL NULL.

use crate::db::{Database, Dialect};
use crate::error::Result;
use crate::layout::DbTs;
use crate::model::ChangeLogEntry;

use super::local_log;

/// The columns written, in bind order (then `save_id` where the table has it).
const COLUMNS: &str = "changed_at, provider_id, field, old_value, new_value";

/// Whether the database has a change-log table, and which of the later columns it has (a
/// snapshot made before they existed, or an admin's own table, may lack them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LogTable {
    present: bool,
    save_id: bool,
    previous_updated_at: bool,
}

impl LogTable {
    /// Decodes [`log_table_expr`]: bit 0 the table, bit 1 `save_id`, bit 2 `previous_updated_at`.
    pub(super) fn from_code(code: i64) -> Self {
        Self {
            present: code & 1 != 0,
            save_id: code & 2 != 0,
            previous_updated_at: code & 4 != 0,
        }
    }

    pub(super) fn in_database(self) -> bool {
        self.present
    }

    pub(super) fn has_save_id(self) -> bool {
        self.save_id
    }

    pub(super) fn has_previous_updated_at(self) -> bool {
        self.previous_updated_at
    }
}

/// A scalar subquery: [`LogTable`]'s code for the change-log table of the current schema.
pub(super) fn log_table_expr(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "CAST((SELECT COUNT(*) FROM sqlite_master \
             WHERE type = 'table' AND name = 'aether_review_change_log') \
             + (SELECT COALESCE(SUM(CASE name WHEN 'save_id' THEN 2 ELSE 4 END), 0) \
             FROM pragma_table_info('aether_review_change_log') \
             WHERE name IN ('save_id', 'previous_updated_at')) AS BIGINT)"
        }
        Dialect::Postgres => {
            "CAST((SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'aether_review_change_log') \
             + (SELECT COALESCE(SUM(CASE column_name WHEN 'save_id' THEN 2 ELSE 4 END), 0) \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = 'aether_review_change_log' \
             AND column_name IN ('save_id', 'previous_updated_at')) AS BIGINT)"
        }
        // MySQL: always the local file (a table there would need a time type of its own).
        Dialect::Mysql => "CAST(0 AS BIGINT)",
    }
}

/// One multi-row INSERT for `rows` entries, bound in [`COLUMNS`] order, then `save_id` and
/// `previous_updated_at` where the table has them.
pub(super) fn insert_sql(rows: usize, table: LogTable) -> String {
    let mut extra = String::new();
    if table.has_save_id() {
        extra.push_str(", save_id");
    }
    if table.has_previous_updated_at() {
        extra.push_str(", previous_updated_at");
    }
    let per_row =
        5 + usize::from(table.has_save_id()) + usize::from(table.has_previous_updated_at());
    let values: Vec<String> = (0..rows)
        .map(|row| {
            let params: Vec<String> = (1..=per_row)
                .map(|i| format!("${}", row * per_row + i))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO aether_review_change_log ({COLUMNS}{extra}) VALUES {}",
        values.join(", ")
    )
}

/// A new save id: a random UUID (version 4), so ids from different machines never collide.
pub(super) fn new_save_id() -> String {
    let mut bytes: [u8; 16] = rand::random();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[derive(sqlx::FromRow)]
struct Present {
    log_table: i64,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    save_id: Option<String>,
    previous_updated_at: Option<DbTs>,
    changed_at: DbTs,
    provider_id: String,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
}

/// The change log, oldest first; one provider's or all. Read from wherever this database's log
/// lives (see the module documentation); empty when it has none. `save_id` is `None` only for
/// entries of a change-log table without a `save_id` column.
pub async fn change_log(db: &Database, provider_id: Option<&str>) -> Result<Vec<ChangeLogEntry>> {
    let present = crate::fetch!(
        db,
        fetch_one,
        Present,
        format!("SELECT {} AS log_table", log_table_expr(db.dialect()))
    )?;
    let table = LogTable::from_code(present.log_table);
    if !table.in_database() {
        return match db.local_change_log() {
            Some(path) => local_log::read(path, db.identity(), provider_id).await,
            None => Ok(Vec::new()),
        };
    }
    let save_id = if table.has_save_id() {
        "save_id"
    } else {
        "CAST(NULL AS TEXT) AS save_id"
    };
    let previous = if table.has_previous_updated_at() {
        "previous_updated_at"
    } else {
        "CAST(NULL AS TEXT) AS previous_updated_at"
    };
    let rows = crate::fetch!(
        db,
        fetch_all,
        EntryRow,
        format!(
            "SELECT {save_id}, {previous}, {COLUMNS} FROM aether_review_change_log \
             WHERE CAST($1 AS TEXT) IS NULL OR provider_id = $1 ORDER BY changed_at, id"
        ),
        provider_id
    )?;
    Ok(rows
        .into_iter()
        .map(|r| ChangeLogEntry {
            save_id: r.save_id,
            previous_updated_at: r.previous_updated_at.map(Into::into),
            changed_at: r.changed_at.into(),
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
            insert_sql(2, LogTable::from_code(1)),
            "INSERT INTO aether_review_change_log (changed_at, provider_id, field, old_value, new_value) \
             VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)"
        );
        assert!(insert_sql(2, LogTable::from_code(3)).ends_with(
            "new_value, save_id) VALUES ($1, $2, $3, $4, $5, $6), ($7, $8, $9, $10, $11, $12)"
        ));
        assert!(insert_sql(1, LogTable::from_code(7))
            .ends_with("save_id, previous_updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"));
    }

    #[test]
    fn save_ids_are_version_4_uuids_and_differ() {
        let a = new_save_id();
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(a, new_save_id());
    }
}
