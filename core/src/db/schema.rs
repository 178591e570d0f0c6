//! The schema check run on open: every table and column of SPEC §1 must be there.

use std::collections::HashSet;

use super::{Database, Dialect};
use crate::error::{Error, Result};

/// The tables and columns Aether Review reads (SPEC §1), in the order `dataset` binds them.
/// Secrets (`api_key`, `proxy`) are not among them: they are never read.
pub const REQUIRED_COLUMNS: &[(&str, &[&str])] = &[
    (
        "providers",
        &[
            "id",
            "name",
            "display_name",
            "description",
            "website",
            "billing_type",
            "monthly_quota_usd",
            "monthly_used_usd",
            "quota_reset_day",
            "quota_last_reset_at",
            "quota_expires_at",
            "rpm_limit",
            "rpm_used",
            "rpm_reset_at",
            "provider_priority",
            "is_active",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "provider_endpoints",
        &[
            "id",
            "provider_id",
            "api_format",
            "base_url",
            "is_active",
            "created_at",
        ],
    ),
    (
        "provider_api_keys",
        &["id", "endpoint_id", "name", "health_score", "is_active"],
    ),
    (
        "models",
        &["id", "provider_id", "provider_model_name", "is_active"],
    ),
    (
        "request_candidates",
        &[
            "id",
            "request_id",
            "candidate_index",
            "retry_index",
            "provider_id",
            "endpoint_id",
            "key_id",
            "status",
            "status_code",
            "error_type",
            "error_message",
            "latency_ms",
            "created_at",
            "started_at",
            "finished_at",
        ],
    ),
];

#[derive(sqlx::FromRow)]
struct ColumnRow {
    table_name: String,
    column_name: String,
}

/// Every `table.column` the database has, as lower-case names.
async fn present_columns(db: &Database) -> Result<HashSet<String>> {
    let sql = match db.dialect() {
        Dialect::Sqlite => {
            "SELECT CAST(m.name AS TEXT) AS table_name, CAST(p.name AS TEXT) AS column_name \
             FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p \
             WHERE m.type IN ('table', 'view')"
        }
        Dialect::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS table_name, CAST(column_name AS TEXT) AS column_name \
             FROM information_schema.columns WHERE table_schema = current_schema()"
        }
    };
    let rows = crate::fetch!(db, fetch_all, ColumnRow, sql)?;
    Ok(rows
        .into_iter()
        .map(|r| format!("{}.{}", r.table_name, r.column_name).to_lowercase())
        .collect())
}

/// Checks that every table and column of SPEC §1 is present; lists all that are missing.
pub async fn check_schema(db: &Database) -> Result<()> {
    let present = present_columns(db).await?;
    let missing: Vec<String> = REQUIRED_COLUMNS
        .iter()
        .flat_map(|(table, columns)| columns.iter().map(move |c| format!("{table}.{c}")))
        .filter(|name| !present.contains(name))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::SchemaMismatch { missing })
    }
}
