//! `aether-review update` on a database it did not create (the Rust gateway's own SQLite file):
//! the change log goes to the CLI's data directory (`AETHER_REVIEW_DATA_DIR`), keyed by the
//! file's path, and the gateway's file gains no table.

use std::path::Path;
use std::process::Command;

use aether_review_core::dataset::{Dataset, GatewaySettings, ProviderRow, Target};
use aether_review_core::db::{Dialect, Pool};
use aether_review_core::layout::Generation;
use aether_review_core::model::BillingType;
use chrono::{TimeZone, Utc};
use serde_json::Value;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

const BIN: &str = env!("CARGO_BIN_EXE_aether-review");

/// A gateway SQLite file (its published schema, unix seconds) with provider `p1`.
async fn gateway_file(path: &Path) {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::raw_sql(include_str!(
        "../../core/tests/fixtures/rust_sqlite_schema.sql"
    ))
    .execute(&pool)
    .await
    .unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
    let data = Dataset {
        providers: vec![ProviderRow {
            id: "p1".into(),
            name: "Acme".into(),
            display_name: String::new(),
            description: None,
            website: None,
            billing_type: BillingType::PayAsYouGo,
            monthly_quota_usd: None,
            monthly_used_usd: None,
            quota_reset_day: None,
            quota_last_reset_at: None,
            quota_expires_at: None,
            rpm_limit: None,
            rpm_used: None,
            rpm_reset_at: None,
            provider_priority: 10,
            is_active: true,
            created_at: Some(at),
            updated_at: Some(at),
            gateway: GatewaySettings::default(),
        }],
        ..Dataset::default()
    };
    data.insert_as(
        &Pool::Sqlite(pool.clone()),
        Target::aether(Generation::Rust, Dialect::Sqlite),
    )
    .await
    .unwrap();
    pool.close().await;
}

#[derive(sqlx::FromRow)]
struct Entry {
    database: String,
    field: String,
    save_id: String,
}

#[tokio::test]
async fn update_of_a_gateway_file_logs_to_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let gateway = dir.path().join("aether.db");
    gateway_file(&gateway).await;
    let data_dir = dir.path().join("data");

    let out = Command::new(BIN)
        .args([
            "update",
            "--db",
            gateway.to_str().unwrap(),
            "--provider",
            "p1",
        ])
        .args([
            "--patch",
            r#"{"max_retries": 3, "name": "Acme EU"}"#,
            "--json",
        ])
        .env_remove("AETHER_REVIEW_DB")
        .env("AETHER_REVIEW_DATA_DIR", &data_dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(fresh["max_retries"], 3);
    assert_eq!(fresh["name"], "Acme EU");

    let log = data_dir.join("change-log.sqlite");
    let pool = SqlitePoolOptions::new()
        .connect_with(SqliteConnectOptions::new().filename(&log).read_only(true))
        .await
        .unwrap();
    let entries: Vec<Entry> =
        sqlx::query_as("SELECT database, field, save_id FROM aether_review_change_log ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    let fields: Vec<&str> = entries.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "max_retries"]);
    let canonical = std::fs::canonicalize(&gateway).unwrap();
    assert!(entries
        .iter()
        .all(|e| e.database == canonical.display().to_string()));
    assert_eq!(entries[0].save_id, entries[1].save_id);

    let gateway_pool = SqlitePoolOptions::new()
        .connect_with(
            SqliteConnectOptions::new()
                .filename(&gateway)
                .read_only(true),
        )
        .await
        .unwrap();
    let (tables,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'aether_review%'")
            .fetch_one(&gateway_pool)
            .await
            .unwrap();
    gateway_pool.close().await;
    assert_eq!(tables, 0, "the gateway's file gains no table");
}
