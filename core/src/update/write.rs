//! Reading a provider's editable values and writing a change in one compare-and-set transaction.

use chrono::{Duration, SubsecRound, Utc};

use super::changelog;
use super::patch::{Field, FieldValue, Patch};
use crate::db::{Database, Dialect, Pool, Ts};
use crate::error::Result;
use crate::model::{ChangeLogEntry, Timestamp};

/// The stored values of the editable fields, and what the write needs to know.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct Current {
    display_name: Option<String>,
    description: Option<String>,
    website: Option<String>,
    provider_priority: Option<i64>,
    is_active: Option<bool>,
    billing_type: Option<String>,
    monthly_quota_usd: Option<f64>,
    quota_reset_day: Option<i64>,
    quota_last_reset_at: Option<Timestamp>,
    quota_expires_at: Option<Timestamp>,
    rpm_limit: Option<i64>,
    pub(super) updated_at: Option<Timestamp>,
    /// `updated_at` exactly as stored, for the compare-and-set: robust to any text form a SQLite
    /// file may hold; PostgreSQL renders it in the session time zone, which every connection of
    /// the pool shares.
    updated_at_text: Option<String>,
    has_change_log: i64,
}

impl Current {
    fn value(&self, field: Field) -> FieldValue {
        match field {
            Field::DisplayName => FieldValue::Text(self.display_name.clone()),
            Field::Description => FieldValue::Text(self.description.clone()),
            Field::Website => FieldValue::Text(self.website.clone()),
            Field::ProviderPriority => FieldValue::Int(self.provider_priority),
            Field::IsActive => FieldValue::Bool(self.is_active),
            Field::BillingType => FieldValue::Text(self.billing_type.clone()),
            Field::MonthlyQuotaUsd => FieldValue::Real(self.monthly_quota_usd),
            Field::QuotaResetDay => FieldValue::Int(self.quota_reset_day),
            Field::QuotaLastResetAt => FieldValue::Time(self.quota_last_reset_at),
            Field::QuotaExpiresAt => FieldValue::Time(self.quota_expires_at),
            Field::RpmLimit => FieldValue::Int(self.rpm_limit),
        }
    }

    /// The fields whose patched value differs from the stored one.
    pub(super) fn changes(&self, patch: &Patch) -> Vec<Change> {
        patch
            .sets
            .iter()
            .filter_map(|(field, new)| {
                let old = self.value(*field);
                (old != *new).then(|| Change {
                    field: *field,
                    old,
                    new: new.clone(),
                })
            })
            .collect()
    }
}

/// One field to change.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Change {
    pub field: Field,
    pub old: FieldValue,
    pub new: FieldValue,
}

/// The provider's editable values, or `None` when there is no such provider. One statement.
pub(super) async fn read_current(db: &Database, provider_id: &str) -> Result<Option<Current>> {
    let sql = format!(
        "SELECT display_name, description, website, \
         CAST(provider_priority AS BIGINT) AS provider_priority, is_active, \
         CAST(billing_type AS TEXT) AS billing_type, \
         CAST(monthly_quota_usd AS DOUBLE PRECISION) AS monthly_quota_usd, \
         CAST(quota_reset_day AS BIGINT) AS quota_reset_day, \
         quota_last_reset_at, quota_expires_at, CAST(rpm_limit AS BIGINT) AS rpm_limit, \
         updated_at, CAST(updated_at AS TEXT) AS updated_at_text, {} AS has_change_log \
         FROM providers WHERE id = $1",
        changelog::table_exists_expr(db.dialect())
    );
    Ok(crate::fetch!(
        db,
        fetch_optional,
        Current,
        sql,
        provider_id
    )?)
}

/// Now, in microseconds (what both engines keep), and never equal to the previous value: a
/// change must always move `updated_at`, or a concurrent editor could not notice it.
fn next_updated_at(now: Timestamp, previous: Option<Timestamp>) -> Timestamp {
    let now = now.trunc_subsecs(6);
    match previous {
        Some(prev) if prev == now => now + Duration::microseconds(1),
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

/// The log rows a write records: one per change, all at the new `updated_at`.
fn log_entries(provider_id: &str, changes: &[Change], at: Timestamp) -> Vec<ChangeLogEntry> {
    changes
        .iter()
        .map(|c| ChangeLogEntry {
            changed_at: at,
            provider_id: provider_id.to_owned(),
            field: c.field.name().to_owned(),
            old_value: c.old.to_json_text(),
            new_value: c.new.to_json_text(),
        })
        .collect()
}

/// Binds one value with the Rust type of its column kind, so a NULL is typed too.
macro_rules! bind_value {
    ($query:expr, $value:expr) => {
        match $value {
            FieldValue::Text(v) => $query.bind(v.as_deref()),
            FieldValue::Int(v) => $query.bind(*v),
            FieldValue::Bool(v) => $query.bind(*v),
            FieldValue::Real(v) => $query.bind(*v),
            FieldValue::Time(v) => $query.bind(v.map(Ts)),
        }
    };
}

/// The transaction on one engine's pool: the compare-and-set UPDATE, then the log INSERT when
/// the row was updated. Returns the number of rows updated (0 = someone else changed it).
macro_rules! transaction {
    ($db:expr, $pool:expr, $w:expr) => {{
        let w: &Write<'_> = $w;
        let mut tx = $pool.begin().await?;
        let mut update = sqlx::query(&w.update_sql)
            .bind(w.provider_id)
            .bind(w.expected_text);
        for change in w.changes {
            update = bind_value!(update, &change.new);
        }
        $db.count_statement();
        let updated = update
            .bind(Ts(w.updated_at))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if updated != 1 {
            tx.rollback().await?;
        } else {
            if let Some(log_sql) = &w.log_sql {
                let mut insert = sqlx::query(log_sql);
                for e in &w.log {
                    insert = insert
                        .bind(Ts(e.changed_at))
                        .bind(e.provider_id.as_str())
                        .bind(e.field.as_str())
                        .bind(e.old_value.as_deref())
                        .bind(e.new_value.as_deref());
                }
                $db.count_statement();
                insert.execute(&mut *tx).await?;
            }
            tx.commit().await?;
        }
        updated
    }};
}

/// Everything one write binds, prepared before the transaction starts.
struct Write<'a> {
    provider_id: &'a str,
    expected_text: Option<&'a str>,
    changes: &'a [Change],
    updated_at: Timestamp,
    update_sql: String,
    log_sql: Option<String>,
    log: Vec<ChangeLogEntry>,
}

/// Writes `changes` if the row still has the `updated_at` read in `current`. `Some(log)` when
/// written; `None` when the row changed (or vanished) meanwhile and nothing was written.
pub(super) async fn write(
    db: &Database,
    provider_id: &str,
    current: &Current,
    changes: &[Change],
) -> Result<Option<Vec<ChangeLogEntry>>> {
    let updated_at = next_updated_at(Utc::now(), current.updated_at);
    let log = log_entries(provider_id, changes, updated_at);
    let w = Write {
        provider_id,
        expected_text: current.updated_at_text.as_deref(),
        changes,
        updated_at,
        update_sql: update_sql(db.dialect(), changes),
        log_sql: (current.has_change_log > 0).then(|| changelog::insert_sql(log.len())),
        log,
    };
    let updated = match db.pool() {
        Pool::Sqlite(pool) => transaction!(db, pool, &w),
        Pool::Postgres(pool) => transaction!(db, pool, &w),
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
             (SELECT COUNT(*) FROM aether_review_change_log) AS logged FROM providers"
        )
        .unwrap();
        (row.rpm, row.logged)
    }

    #[tokio::test]
    async fn a_row_changed_between_read_and_write_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let db = one_provider(dir.path()).await;
        let patch = super::super::parse_patch(&serde_json::json!({"rpm_limit": 20})).unwrap();
        let current = read_current(&db, "p1").await.unwrap().unwrap();
        let changes = current.changes(&patch);
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
        let log = write(&db, "p1", &current, &current.changes(&patch))
            .await
            .unwrap();
        assert_eq!(log.map(|l| l.len()), Some(1));
        assert_eq!(rpm_and_log(&db).await, (20, 1));
    }

    #[test]
    fn updated_at_is_now_in_microseconds_and_always_moves() {
        let now = Utc::now().trunc_subsecs(6) + Duration::nanoseconds(700);
        let micros = now.trunc_subsecs(6);
        assert_eq!(next_updated_at(now, None), micros);
        assert_eq!(
            next_updated_at(now, Some(micros - Duration::seconds(5))),
            micros
        );
        assert_eq!(
            next_updated_at(now, Some(micros)),
            micros + Duration::microseconds(1)
        );
    }
}
