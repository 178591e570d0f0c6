//! Fixtures for the update tests, on either engine: provider rows built on `core::dataset`, a
//! dump of everything an update may touch, and (SQLite only, as named) a snapshot file.
//!
//! The PostgreSQL suite can reuse [`dataset`], [`dump`] and the row builders as they are: they
//! write through `Dataset::insert_into_db` and read with SQL both engines accept.

#![allow(dead_code)] // each test file uses a different part of it

pub mod patches;

use std::path::{Path, PathBuf};

use aether_review_core::dataset::{Dataset, EndpointRow, KeyRow, ModelRow, ProviderRow};
use aether_review_core::db::create_snapshot_file;
use aether_review_core::layout::Generation;
use aether_review_core::model::{BillingType, Timestamp};
use aether_review_core::{open, Database};
use chrono::{TimeZone, Utc};

/// A fixed time, so fixtures are the same on every run.
pub fn at(day: u32, hour: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

/// A monthly-quota provider with every nullable setting filled in.
pub fn provider(id: &str) -> ProviderRow {
    ProviderRow {
        id: id.to_owned(),
        name: format!("{id}-name"),
        display_name: format!("Provider {id}"),
        description: Some("Primary upstream".to_owned()),
        website: Some("https://api.example.com".to_owned()),
        billing_type: BillingType::MonthlyQuota,
        monthly_quota_usd: Some(100.0),
        monthly_used_usd: Some(42.5),
        quota_reset_day: Some(1),
        quota_last_reset_at: Some(at(1, 0)),
        quota_expires_at: Some(at(30, 0)),
        rpm_limit: Some(600),
        rpm_used: Some(12),
        rpm_reset_at: Some(at(20, 9)),
        provider_priority: 10,
        is_active: true,
        created_at: Some(at(1, 8)),
        updated_at: Some(at(10, 8)),
        gateway: Default::default(),
    }
}

/// A pay-as-you-go provider whose nullable settings are all NULL and that was never updated.
pub fn bare_provider(id: &str) -> ProviderRow {
    ProviderRow {
        description: None,
        website: None,
        billing_type: BillingType::PayAsYouGo,
        monthly_quota_usd: None,
        quota_reset_day: None,
        quota_last_reset_at: None,
        quota_expires_at: None,
        rpm_limit: None,
        updated_at: None,
        ..provider(id)
    }
}

/// Providers, each with one endpoint, two keys and a model, so a summary has something to count.
pub fn dataset(providers: Vec<ProviderRow>) -> Dataset {
    let mut data = Dataset::default();
    for p in &providers {
        let endpoint = format!("{}-e1", p.id);
        data.endpoints.push(EndpointRow {
            id: endpoint.clone(),
            provider_id: p.id.clone(),
            api_format: "OPENAI".to_owned(),
            base_url: "https://api.example.com/v1".to_owned(),
            is_active: true,
            created_at: p.created_at,
        });
        for (n, score) in [(1, Some(0.9)), (2, None)] {
            data.keys.push(KeyRow {
                id: format!("{endpoint}-k{n}"),
                endpoint_id: endpoint.clone(),
                name: Some(format!("key {n}")),
                health_score: score,
                is_active: n == 1,
                ..KeyRow::new("", "", "")
            });
        }
        data.models.push(ModelRow {
            id: format!("{}-m1", p.id),
            provider_id: p.id.clone(),
            provider_model_name: "gpt-4o".to_owned(),
            is_active: true,
        });
    }
    data.providers = providers;
    data
}

/// SQLite only: a new snapshot file in `dir` holding `data`.
pub async fn sqlite_snapshot(dir: &Path, data: &Dataset) -> PathBuf {
    let path = dir.join("snapshot.sqlite");
    let pool = create_snapshot_file(&path, Generation::Legacy)
        .await
        .expect("create snapshot");
    data.insert_into(&aether_review_core::db::Pool::Sqlite(pool.clone()))
        .await
        .expect("insert fixture rows");
    pool.close().await;
    path
}

/// Opens a database at `path` (a file path or URL).
pub async fn open_db(location: &Path, read_only: bool) -> Database {
    open(location.to_str().expect("utf-8 path"), read_only)
        .await
        .expect("open fixture database")
}

#[derive(sqlx::FromRow)]
struct Line {
    line: String,
}

/// Every column of every row as one line of text per row: `providers` and the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dump {
    pub providers: Vec<String>,
    /// `None` when the database has no change-log table.
    pub change_log: Option<Vec<String>>,
}

/// Every column of `providers` the project reads (`layout::columns`).
fn provider_columns() -> &'static [&'static str] {
    aether_review_core::layout::read_columns(
        aether_review_core::layout::Generation::Legacy,
        "providers",
    )
}

const LOG_COLUMNS: &[&str] = &[
    "id",
    "changed_at",
    "provider_id",
    "field",
    "old_value",
    "new_value",
];

/// `SELECT col1 || '|' || col2 … AS line`, NULL shown as `∅`; the same SQL on both engines.
fn lines_sql(table: &str, columns: &[&str]) -> String {
    let parts: Vec<String> = columns
        .iter()
        .map(|c| format!("COALESCE(CAST({c} AS TEXT), '∅')"))
        .collect();
    format!(
        "SELECT {} AS line FROM {table} ORDER BY id",
        parts.join(" || '|' || ")
    )
}

async fn lines(db: &Database, table: &str, columns: &[&str]) -> sqlx::Result<Vec<String>> {
    let rows = aether_review_core::fetch!(db, fetch_all, Line, lines_sql(table, columns))?;
    Ok(rows.into_iter().map(|r| r.line).collect())
}

/// What an update may touch, to compare before and after.
pub async fn dump(db: &Database) -> Dump {
    Dump {
        providers: lines(db, "providers", provider_columns())
            .await
            .expect("dump providers"),
        change_log: lines(db, "aether_review_change_log", LOG_COLUMNS)
            .await
            .ok(),
    }
}

/// One provider's stored value of `column`, as text (`None` = NULL).
pub async fn stored(db: &Database, provider_id: &str, column: &str) -> Option<String> {
    #[derive(sqlx::FromRow)]
    struct Value {
        value: Option<String>,
    }
    assert!(
        provider_columns().contains(&column),
        "unknown column {column}"
    );
    let row = aether_review_core::fetch!(
        db,
        fetch_one,
        Value,
        format!("SELECT CAST({column} AS TEXT) AS value FROM providers WHERE id = $1"),
        provider_id
    )
    .expect("read stored value");
    row.value
}
