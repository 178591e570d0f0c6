//! Small pieces shared by the read operations (summaries, health monitor): the one ordering
//! difference between the engines and the checked conversions of decoded columns.

use crate::db::Dialect;
use crate::error::{Error, Result};
use crate::model::BillingType;

/// Whether the SQLite file holds table `name` (our snapshot's optional tables: rollups, packed
/// columns); counted as one statement of `db`.
pub(crate) async fn sqlite_has_table(
    db: &crate::db::Database,
    pool: &sqlx::SqlitePool,
    name: &str,
) -> Result<bool> {
    db.count_statement();
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1")
            .bind(name)
            .fetch_optional(pool)
            .await?;
    Ok(found.is_some())
}

/// Appended to an `id` in `ORDER BY` so text sorts by bytes on every engine.
///
/// SQLite compares text with `BINARY` already; PostgreSQL uses the database's collation
/// (`en_US.UTF-8` sorts `B` after `a` and ignores `-`), which would break ties differently from a
/// snapshot of the same data; MySQL's usual collations ignore case (its `utf8mb4_bin` compares
/// code points, which orders UTF-8 as its bytes do).
pub(crate) fn byte_order(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "",
        Dialect::Postgres => " COLLATE \"C\"",
        Dialect::Mysql => " COLLATE utf8mb4_bin",
    }
}

/// A count column (`CAST(COUNT(…) AS BIGINT)`) as the `u64` the models carry; a negative value
/// is an error, never clamped.
pub(crate) fn count(value: i64, column: &str) -> Result<u64> {
    u64::try_from(value).map_err(|_| Error::Database {
        message: format!("{column} = {value} is outside the range of a count"),
    })
}

/// An integer column Aether declares `INTEGER` (read as `BIGINT`) back to `i32`.
pub(crate) fn int(value: Option<i64>, column: &str) -> Result<Option<i32>> {
    value
        .map(|v| {
            i32::try_from(v).map_err(|_| Error::Database {
                message: format!("{column} = {v} does not fit a 32-bit integer"),
            })
        })
        .transpose()
}

/// `billing_type` text to the enum; a value Aether does not define is a data error, named.
pub(crate) fn billing_type(
    value: Option<String>,
    provider_id: &str,
) -> Result<Option<BillingType>> {
    value
        .map(|text| {
            BillingType::parse(&text).ok_or_else(|| Error::Database {
                message: format!(
                    "provider {provider_id} has billing_type '{text}', which is not one of \
                     monthly_quota, pay_as_you_go, free_tier; fix the row or update Aether Review"
                ),
            })
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_billing_type_is_a_database_error_naming_it() {
        let err = billing_type(Some("prepaid".into()), "p1").unwrap_err();
        assert_eq!(err.kind(), "Database");
        assert!(err.to_string().contains("'prepaid'"), "{err}");
        assert_eq!(
            billing_type(Some("free_tier".into()), "p1").unwrap(),
            Some(BillingType::FreeTier)
        );
        assert_eq!(billing_type(None, "p1").unwrap(), None);
    }

    #[test]
    fn out_of_range_integers_are_errors_not_wrapped_values() {
        assert!(int(Some(i64::from(i32::MAX) + 1), "rpm_limit").is_err());
        assert_eq!(int(Some(-5), "rpm_limit").unwrap(), Some(-5));
        assert!(count(-1, "total_keys").is_err());
        assert_eq!(count(7, "total_keys").unwrap(), 7);
        // Beyond u32, where counts used to be clamped.
        assert_eq!(count(5_000_000_000, "total").unwrap(), 5_000_000_000);
    }
}
