//! Reading a provider's editable values and writing a change in one compare-and-set transaction,
//! each in the database's own encoding (`docs/rules-update.md`).

use std::collections::BTreeMap;

use chrono::{Duration, SubsecRound, Utc};
use sqlx::{ColumnIndex, Decode, Row, Type};

use super::changelog::{self, LogTable};
use super::fields::{rules, Field, Storage};
use super::patch::{FieldValue, Patch};
use crate::db::{Database, Dialect, Pool};
use crate::error::{Error, Result};
use crate::layout::{DbTs, Layout, TimeEncoding, Unit};
use crate::model::{ChangeLogEntry, Timestamp};

/// The stored values of the generation's editable fields, and what the write needs to know.
#[derive(Debug)]
pub(super) struct Current {
    values: BTreeMap<Field, FieldValue>,
    pub(super) updated_at: Option<Timestamp>,
    /// `updated_at` exactly as stored, for the compare-and-set: robust to any text form a SQLite
    /// file may hold and to integers (`CAST` gives their digits); PostgreSQL renders it in the
    /// session time zone, which every connection of the pool shares.
    updated_at_text: Option<String>,
    log_table: LogTable,
}

impl<'r, R> sqlx::FromRow<'r, R> for Current
where
    R: Row,
    &'r str: ColumnIndex<R>,
    Option<String>: Decode<'r, R::Database> + Type<R::Database>,
    Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    Option<f64>: Decode<'r, R::Database> + Type<R::Database>,
    Option<bool>: Decode<'r, R::Database> + Type<R::Database>,
    Option<DbTs>: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
{
    /// Reads every field [`read_sql`] selected; the others are not columns of this generation.
    fn from_row(row: &'r R) -> sqlx::Result<Self> {
        let mut values = BTreeMap::new();
        for field in Field::ALL {
            let name = field.name();
            let value = match field.storage() {
                Storage::Text => row.try_get::<Option<String>, _>(name).map(FieldValue::Text),
                Storage::Int => row.try_get::<Option<i64>, _>(name).map(FieldValue::Int),
                Storage::Real => row.try_get::<Option<f64>, _>(name).map(FieldValue::Real),
                Storage::Bool => row.try_get::<Option<bool>, _>(name).map(FieldValue::Bool),
                Storage::Time => row
                    .try_get::<Option<DbTs>, _>(name)
                    .map(|t| FieldValue::Time(t.map(Timestamp::from))),
            };
            match value {
                Ok(value) => {
                    values.insert(field, value);
                }
                Err(sqlx::Error::ColumnNotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Self {
            values,
            updated_at: row
                .try_get::<Option<DbTs>, _>("updated_at")?
                .map(Timestamp::from),
            updated_at_text: row.try_get("updated_at_text")?,
            log_table: LogTable::from_code(row.try_get("log_table")?),
        })
    }
}

impl Current {
    /// The fields whose patched value, as this layout stores it, differs from the stored one.
    pub(super) fn changes(&self, patch: &Patch, layout: Layout) -> Vec<Change> {
        patch
            .sets
            .iter()
            .filter_map(|(field, new)| {
                let new = new.as_stored(layout);
                // Every field a patch of this generation may hold was read (the same rules
                // decide both), so the fallback is never taken.
                let old = self
                    .values
                    .get(field)
                    .cloned()
                    .unwrap_or_else(|| new.clone());
                (old != new).then_some(Change {
                    field: *field,
                    old,
                    new,
                })
            })
            .collect()
    }

    /// Whether the change log is a table of this database (else it is the local file).
    pub(super) fn log_in_database(&self) -> bool {
        self.log_table.in_database()
    }
}

/// One field to change.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Change {
    pub field: Field,
    pub old: FieldValue,
    pub new: FieldValue,
}

/// The new `name` among `changes`, if the patch renames the provider.
pub(super) fn new_name(changes: &[Change]) -> Option<&str> {
    changes.iter().find_map(|c| match (&c.field, &c.new) {
        (Field::Name, FieldValue::Text(Some(name))) => Some(name.as_str()),
        _ => None,
    })
}

#[derive(sqlx::FromRow)]
struct Taken {
    taken: i64,
}

/// Whether another provider already has `name` (compared as the database compares it, as its
/// unique index does). One statement.
pub(super) async fn name_taken(db: &Database, provider_id: &str, name: &str) -> Result<bool> {
    let row = crate::fetch!(
        db,
        fetch_one,
        Taken,
        "SELECT CAST(COUNT(*) AS BIGINT) AS taken FROM providers WHERE name = $1 AND id <> $2",
        name,
        provider_id
    )?;
    Ok(row.taken > 0)
}

/// The select expression of a field's column, decoded by [`Current`]'s `from_row`.
fn read_expr(layout: Layout, field: Field) -> String {
    let column = field.name();
    match field.storage() {
        Storage::Text => format!("CAST({column} AS TEXT)"),
        Storage::Int => format!("CAST({column} AS BIGINT)"),
        Storage::Real => format!("CAST({column} AS DOUBLE PRECISION)"),
        Storage::Bool => column.to_owned(),
        Storage::Time => layout.ts(column, Unit::Seconds),
    }
}

fn read_sql(layout: Layout, dialect: Dialect) -> String {
    let fields: Vec<String> = rules(layout.generation)
        .iter()
        .map(|r| format!("{} AS {}", read_expr(layout, r.field), r.field.name()))
        .collect();
    format!(
        "SELECT {}, {} AS updated_at, CAST(updated_at AS TEXT) AS updated_at_text, \
         {} AS log_table FROM providers WHERE id = $1",
        fields.join(", "),
        layout.ts("updated_at", Unit::Seconds),
        changelog::log_table_expr(dialect)
    )
}

/// The provider's editable values, or `None` when there is no such provider. One statement.
pub(super) async fn read_current(db: &Database, provider_id: &str) -> Result<Option<Current>> {
    let sql = read_sql(db.layout(), db.dialect());
    Ok(crate::fetch!(
        db,
        fetch_optional,
        Current,
        sql,
        provider_id
    )?)
}

/// Now at the precision `updated_at` is kept in (microseconds; whole seconds in the Rust
/// gateway's SQLite file), and never equal to the previous value: a change must always move
/// `updated_at`, or a concurrent editor could not notice it.
fn next_updated_at(
    encoding: TimeEncoding,
    now: Timestamp,
    previous: Option<Timestamp>,
) -> Timestamp {
    let (now, step) = match encoding {
        TimeEncoding::UnixEpoch => (now.trunc_subsecs(0), Duration::seconds(1)),
        TimeEncoding::Timestamptz | TimeEncoding::Rfc3339Text => {
            (now.trunc_subsecs(6), Duration::microseconds(1))
        }
    };
    match previous {
        Some(prev) if prev == now => now + step,
        _ => now,
    }
}

/// `UPDATE providers SET …` over the changed columns. `$1` = id, `$2` = the `updated_at` text
/// read before, then one placeholder per change, then the new `updated_at`. Column names come
/// only from [`Field::name`].
fn update_sql(dialect: Dialect, changes: &[Change]) -> String {
    let mut sets: Vec<String> = changes
        .iter()
        .enumerate()
        .map(|(i, change)| {
            let n = i + 3;
            let param = match change.field {
                Field::BillingType => dialect.billing_type_param(n),
                _ => format!("${n}"),
            };
            format!("{} = {param}", change.field.name())
        })
        .collect();
    sets.push(format!("updated_at = ${}", changes.len() + 3));
    format!(
        "UPDATE providers SET {} WHERE id = $1 AND CAST(updated_at AS TEXT) IS NOT DISTINCT FROM $2",
        sets.join(", ")
    )
}

/// The log rows a write records: one per change, all at the new `updated_at`, of one save, with
/// the `updated_at` the save replaced.
fn log_entries(
    provider_id: &str,
    changes: &[Change],
    (previous, at): (Option<Timestamp>, Timestamp),
    save_id: &str,
) -> Vec<ChangeLogEntry> {
    changes
        .iter()
        .map(|c| ChangeLogEntry {
            save_id: Some(save_id.to_owned()),
            previous_updated_at: previous,
            changed_at: at,
            provider_id: provider_id.to_owned(),
            field: c.field.name().to_owned(),
            old_value: c.old.to_json_text(),
            new_value: c.new.to_json_text(),
        })
        .collect()
}

/// Binds one value with the Rust type of its column kind, so a NULL is typed too; times and
/// booleans in the layout's own form (SQLite takes a bool as 0/1).
macro_rules! bind_value {
    ($query:expr, $value:expr, $layout:expr) => {
        match $value {
            FieldValue::Text(v) => $query.bind(v.as_deref()),
            FieldValue::Int(v) => $query.bind(*v),
            FieldValue::Bool(v) => $query.bind(*v),
            FieldValue::Real(v) => $query.bind(*v),
            FieldValue::Time(v) => $query.bind(v.map(|t| $layout.bind_ts(t, Unit::Seconds))),
        }
    };
}

/// The transaction on one engine's pool: the compare-and-set UPDATE, then the log INSERT when
/// the row was updated and the log is a table of the database. Returns the number of rows
/// updated (0 = someone else changed it).
macro_rules! transaction {
    ($db:expr, $pool:expr, $w:expr) => {{
        let w: &Write<'_> = $w;
        let mut tx = $pool.begin().await?;
        let mut update = sqlx::query(&w.update_sql)
            .bind(w.provider_id)
            .bind(w.expected_text);
        for change in w.changes {
            update = bind_value!(update, &change.new, w.layout);
        }
        $db.count_statement();
        // A failed statement drops `tx`, which rolls back.
        let updated = update
            .bind(w.layout.bind_ts(w.updated_at, Unit::Seconds))
            .execute(&mut *tx)
            .await
            .map_err(WriteError::from_update)?
            .rows_affected();
        if updated != 1 {
            tx.rollback().await?;
        } else {
            if let Some(log_sql) = &w.log_sql {
                let mut insert = sqlx::query(log_sql);
                for e in &w.log {
                    insert = insert
                        .bind(crate::db::Ts(e.changed_at))
                        .bind(e.provider_id.as_str())
                        .bind(e.field.as_str())
                        .bind(e.old_value.as_deref())
                        .bind(e.new_value.as_deref());
                    if w.log_table.has_save_id() {
                        insert = insert.bind(e.save_id.as_deref());
                    }
                    if w.log_table.has_previous_updated_at() {
                        insert = insert.bind(e.previous_updated_at.map(crate::db::Ts));
                    }
                }
                $db.count_statement();
                insert.execute(&mut *tx).await?;
            }
            tx.commit().await?;
        }
        updated
    }};
}

/// The compare-and-set UPDATE on MySQL, whose `?` placeholders bind in the order they appear
/// ([`crate::db::mysql::translate`]). A MySQL database's change log is always the local file, so
/// there is no INSERT here.
async fn mysql_update(
    db: &Database,
    pool: &sqlx::MySqlPool,
    w: &Write<'_>,
) -> Result<u64, WriteError> {
    use sqlx::Arguments;
    let translated = crate::db::mysql::translate(&w.update_sql);
    let mut args = sqlx::mysql::MySqlArguments::default();
    for &n in &translated.order {
        let change = n.checked_sub(3).and_then(|i| w.changes.get(i));
        let added = match (n, change) {
            (1, _) => args.add(w.provider_id),
            (2, _) => args.add(w.expected_text),
            (_, Some(change)) => match &change.new {
                FieldValue::Text(v) => args.add(v.as_deref()),
                FieldValue::Int(v) => args.add(*v),
                FieldValue::Bool(v) => args.add(*v),
                FieldValue::Real(v) => args.add(*v),
                FieldValue::Time(v) => args.add(v.map(|t| w.layout.bind_ts(t, Unit::Seconds))),
            },
            _ => args.add(w.layout.bind_ts(w.updated_at, Unit::Seconds)),
        };
        added.map_err(|e| WriteError::Other(sqlx::Error::Encode(e).into()))?;
    }
    let mut tx = pool.begin().await?;
    db.count_statement();
    let updated = sqlx::query_with(&translated.sql, args)
        .execute(&mut *tx)
        .await
        .map_err(WriteError::from_update)?
        .rows_affected();
    if updated == 1 {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(updated)
}

/// Why [`write`] failed.
#[derive(Debug)]
pub(super) enum WriteError {
    /// The UPDATE broke a unique index: only `name` is unique among the columns written.
    NameTaken,
    Other(Error),
}

impl WriteError {
    fn from_update(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => WriteError::NameTaken,
            _ => WriteError::Other(e.into()),
        }
    }
}

impl From<sqlx::Error> for WriteError {
    fn from(e: sqlx::Error) -> Self {
        WriteError::Other(e.into())
    }
}

/// Everything one write binds, prepared before the transaction starts.
struct Write<'a> {
    layout: Layout,
    provider_id: &'a str,
    expected_text: Option<&'a str>,
    changes: &'a [Change],
    updated_at: Timestamp,
    update_sql: String,
    log_sql: Option<String>,
    log_table: LogTable,
    log: Vec<ChangeLogEntry>,
}

/// Writes `changes` if the row still has the `updated_at` read in `current`. `Some(log)` when
/// written (the log is in the database too when it has a change-log table); `None` when the row
/// changed (or vanished) meanwhile and nothing was written.
pub(super) async fn write(
    db: &Database,
    provider_id: &str,
    current: &Current,
    changes: &[Change],
) -> Result<Option<Vec<ChangeLogEntry>>, WriteError> {
    let layout = db.layout();
    let updated_at = next_updated_at(layout.encoding, Utc::now(), current.updated_at);
    let log = log_entries(
        provider_id,
        changes,
        (current.updated_at, updated_at),
        &changelog::new_save_id(),
    );
    let w = Write {
        layout,
        provider_id,
        expected_text: current.updated_at_text.as_deref(),
        changes,
        updated_at,
        update_sql: update_sql(db.dialect(), changes),
        log_sql: current
            .log_table
            .in_database()
            .then(|| changelog::insert_sql(log.len(), current.log_table)),
        log_table: current.log_table,
        log,
    };
    let updated = match db.pool() {
        Pool::Sqlite(pool) => transaction!(db, pool, &w),
        Pool::Postgres(pool) => transaction!(db, pool, &w),
        Pool::Mysql(pool) => mysql_update(db, pool, &w).await?,
    };
    Ok((updated == 1).then_some(w.log))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(field: Field) -> Change {
        Change {
            field,
            old: FieldValue::Text(None),
            new: FieldValue::Text(None),
        }
    }

    #[test]
    fn update_sets_only_changed_columns_and_casts_billing_type_on_postgres() {
        let changes = [change(Field::Website), change(Field::BillingType)];
        assert_eq!(
            update_sql(Dialect::Postgres, &changes),
            "UPDATE providers SET website = $3, billing_type = CAST($4 AS providerbillingtype), \
             updated_at = $5 WHERE id = $1 AND CAST(updated_at AS TEXT) IS NOT DISTINCT FROM $2"
        );
        assert!(update_sql(Dialect::Sqlite, &changes).contains("billing_type = $4,"));
    }

    /// A snapshot with one provider `p1` and its `updated_at` text.
    async fn one_provider(dir: &std::path::Path) -> Database {
        let path = dir.join("s.sqlite");
        let pool = crate::db::create_snapshot_file(&path, crate::layout::Generation::Legacy)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO providers (id, name, display_name, rpm_limit, updated_at) \
             VALUES ('p1', 'p1', 'P1', 10, '2026-11-20T10:00:00.000000Z')",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
        crate::db::open(path.to_str().unwrap(), false)
            .await
            .unwrap()
    }

    async fn rpm_and_log(db: &Database) -> (i64, i64) {
        #[derive(sqlx::FromRow)]
        struct Row {
            rpm: i64,
            logged: i64,
        }
        let row = crate::fetch!(
            db,
            fetch_one,
            Row,
            "SELECT CAST(rpm_limit AS BIGINT) AS rpm, \
             (SELECT COUNT(*) FROM aether_review_change_log) AS logged FROM providers \
             WHERE id = 'p1'"
        )
        .unwrap();
        (row.rpm, row.logged)
    }

    #[tokio::test]
    async fn a_row_changed_between_read_and_write_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let db = one_provider(dir.path()).await;
        let patch = super::super::parse_patch(
            &serde_json::json!({"rpm_limit": 20}),
            crate::layout::Generation::Legacy,
        )
        .unwrap();
        let current = read_current(&db, "p1").await.unwrap().unwrap();
        let changes = current.changes(&patch, db.layout());
        assert_eq!(changes.len(), 1);

        // Another writer gets in between the read and the write.
        crate::fetch!(
            &db,
            fetch_optional,
            (i64,),
            "UPDATE providers SET rpm_limit = 30, updated_at = '2026-11-20T10:00:01.000000Z' RETURNING 0"
        )
        .unwrap();
        assert_eq!(write(&db, "p1", &current, &changes).await.unwrap(), None);
        assert_eq!(rpm_and_log(&db).await, (30, 0));

        // Read again, and the same change goes through.
        let current = read_current(&db, "p1").await.unwrap().unwrap();
        let log = write(&db, "p1", &current, &current.changes(&patch, db.layout()))
            .await
            .unwrap();
        assert_eq!(log.map(|l| l.len()), Some(1));
        assert_eq!(rpm_and_log(&db).await, (20, 1));
    }

    #[tokio::test]
    async fn a_name_taken_at_write_time_is_told_apart_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let db = one_provider(dir.path()).await;
        crate::fetch!(
            &db,
            fetch_optional,
            (i64,),
            "INSERT INTO providers (id, name, display_name) VALUES ('p2', 'taken', 'P2') RETURNING 0"
        )
        .unwrap();
        let current = read_current(&db, "p1").await.unwrap().unwrap();
        // As if another writer took the name after the check: only the unique index catches it.
        let rename = [Change {
            field: Field::Name,
            old: FieldValue::Text(Some("p1".into())),
            new: FieldValue::Text(Some("taken".into())),
        }];
        assert!(matches!(
            write(&db, "p1", &current, &rename).await,
            Err(WriteError::NameTaken)
        ));
        assert_eq!(rpm_and_log(&db).await, (10, 0));
    }

    #[test]
    fn updated_at_is_now_at_the_column_precision_and_always_moves() {
        let now = Utc::now().trunc_subsecs(6) + Duration::nanoseconds(700);
        let micros = now.trunc_subsecs(6);
        for encoding in [TimeEncoding::Timestamptz, TimeEncoding::Rfc3339Text] {
            assert_eq!(next_updated_at(encoding, now, None), micros);
            assert_eq!(
                next_updated_at(encoding, now, Some(micros - Duration::seconds(5))),
                micros
            );
            assert_eq!(
                next_updated_at(encoding, now, Some(micros)),
                micros + Duration::microseconds(1)
            );
        }
        let secs = now.trunc_subsecs(0);
        let unix = TimeEncoding::UnixEpoch;
        assert_eq!(next_updated_at(unix, now, None), secs);
        assert_eq!(
            next_updated_at(unix, now, Some(secs)),
            secs + Duration::seconds(1)
        );
    }
}
