//! Reading never writes: opening, summarising and charting a Rust gateway's own SQLite file — in
//! WAL mode with the gateway's connection open, copied without its `-wal`, or in a read-only
//! folder — leaves the file's bytes, its journal mode and its folder exactly as they were.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use aether_review_core::dataset::{
    CandidateRow, Dataset, EndpointRow, GatewaySettings, KeyRow, ModelRow, ProviderRow, Target,
};
use aether_review_core::db::{Dialect, Pool};
use aether_review_core::layout::{Generation, TimeEncoding};
use aether_review_core::model::{BillingType, HealthQuery, ReadOnlyReason};
use aether_review_core::{get_provider_health_monitor, list_provider_summaries, open};
use chrono::{TimeZone, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection, SqliteConnection};

const GATEWAY_SCHEMA: &str = include_str!("fixtures/rust_sqlite_schema.sql");

/// Two providers of the Rust gateway with keys serving their formats and a few events.
fn gateway_dataset() -> Dataset {
    let at = |m: i64| {
        Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap() + chrono::Duration::minutes(m)
    };
    let provider = |id: &str, priority: i32| ProviderRow {
        id: id.into(),
        name: format!("Provider {id}"),
        display_name: String::new(),
        description: None,
        website: None,
        billing_type: BillingType::PayAsYouGo,
        monthly_quota_usd: None,
        monthly_used_usd: None,
        quota_reset_day: Some(30),
        quota_last_reset_at: None,
        quota_expires_at: None,
        rpm_limit: None,
        rpm_used: None,
        rpm_reset_at: None,
        provider_priority: priority,
        is_active: true,
        created_at: Some(at(0)),
        updated_at: Some(at(0)),
        gateway: GatewaySettings::default(),
    };
    let endpoint = |id: &str, provider: &str, format: &str| EndpointRow {
        id: id.into(),
        provider_id: provider.into(),
        api_format: format.into(),
        base_url: "https://upstream.example".into(),
        is_active: true,
        created_at: Some(at(1)),
    };
    let endpoints = vec![
        endpoint("e1", "p1", "claude:messages"),
        endpoint("e2", "p1", "openai:chat"),
        endpoint("e3", "p2", "gemini:generate_content"),
    ];
    let keys = vec![
        KeyRow::serving("k1".into(), &endpoints[0], None, Some(0.4), true),
        KeyRow::serving("k2".into(), &endpoints[1], None, Some(0.9), false),
        KeyRow::serving("k3".into(), &endpoints[2], None, None, true),
    ];
    let candidates = (0..30)
        .map(|i| CandidateRow {
            skip_reason: None,
            id: format!("c{i:02}"),
            request_id: format!("r{i}"),
            candidate_index: 0,
            retry_index: 0,
            provider_id: Some("p1".into()),
            endpoint_id: Some(if i % 2 == 0 { "e1" } else { "e2" }.into()),
            key_id: Some("k1".into()),
            status: ["success", "failed", "skipped", "pending"][i % 4].into(),
            status_code: Some(200),
            error_type: None,
            error_message: None,
            latency_ms: Some(100 + i as i32),
            created_at: Some(at(10 + i as i64)),
            started_at: None,
            finished_at: None,
        })
        .collect();
    Dataset {
        providers: vec![provider("p1", 1), provider("p2", 2)],
        models: vec![ModelRow {
            id: "m1".into(),
            provider_id: "p1".into(),
            provider_model_name: "claude-sonnet".into(),
            is_active: true,
        }],
        endpoints,
        keys,
        candidates,
    }
}

/// A gateway SQLite file in `dir`, filled and switched to WAL as the gateway runs it.
async fn gateway_file(dir: &Path) -> PathBuf {
    let path = dir.join("aether.db");
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::raw_sql(GATEWAY_SCHEMA).execute(&pool).await.unwrap();
    gateway_dataset()
        .insert_as(
            &Pool::Sqlite(pool.clone()),
            Target::aether(Generation::Rust, Dialect::Sqlite),
        )
        .await
        .unwrap();
    pool.close().await;
    path
}

/// The gateway's own connection, holding the file open in WAL mode (its -wal and -shm beside it).
async fn gateway_holding(path: &Path) -> SqliteConnection {
    let mut gateway = SqliteConnection::connect_with(
        &SqliteConnectOptions::from_str(path.to_str().unwrap()).unwrap(),
    )
    .await
    .unwrap();
    sqlx::query("SELECT COUNT(*) FROM providers")
        .execute(&mut gateway)
        .await
        .unwrap();
    gateway
}

/// What must not change: the main file's bytes, and the names in its folder.
fn state_of(path: &Path) -> (Vec<u8>, BTreeSet<String>) {
    let names = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    (std::fs::read(path).unwrap(), names)
}

/// The journal mode as a fresh read-only connection sees it (a read-only connection cannot
/// change it).
async fn journal_mode(path: &Path) -> String {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    mode
}

/// Opens `path` as the app and the CLI do, reads every summary and health monitor, closes.
async fn read_everything(path: &Path, read_only: bool) -> aether_review_core::model::DatabaseInfo {
    let db = open(path.to_str().unwrap(), read_only).await.unwrap();
    assert_eq!(db.generation(), Generation::Rust);
    assert_eq!(db.info().time_encoding, TimeEncoding::UnixEpoch);
    let summaries = list_provider_summaries(&db).await.unwrap();
    assert_eq!(summaries.len(), 2);
    for s in &summaries {
        get_provider_health_monitor(&db, &s.id, &HealthQuery::default())
            .await
            .unwrap();
    }
    let info = db.info().clone();
    db.close().await;
    info
}

#[tokio::test]
async fn a_running_gateways_wal_file_is_read_without_a_byte_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = gateway_file(dir.path()).await;
    let gateway = gateway_holding(&path).await;
    let before = state_of(&path);
    assert!(before.1.contains("aether.db-wal"), "{:?}", before.1);

    let info = read_everything(&path, true).await;
    assert_eq!(info.read_only_reason, Some(ReadOnlyReason::Requested));
    // Read-only by request only: opening it again writable can work.
    assert!(info.can_reopen_writable);

    assert_eq!(state_of(&path), before);
    assert_eq!(journal_mode(&path).await, "wal");
    gateway.close().await.unwrap();
}

#[tokio::test]
async fn a_writable_session_on_someone_elses_file_keeps_its_journal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = gateway_file(dir.path()).await;
    let gateway = gateway_holding(&path).await;
    let before = state_of(&path);

    let info = read_everything(&path, false).await;
    assert_eq!(info.read_only_reason, None);
    assert!(!info.can_reopen_writable);

    assert_eq!(state_of(&path), before);
    assert_eq!(journal_mode(&path).await, "wal");
    gateway.close().await.unwrap();
}

#[tokio::test]
async fn a_wal_file_copied_without_its_wal_opens_read_only_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    // Closed cleanly: the WAL was checkpointed and removed, the header still says WAL.
    let path = gateway_file(dir.path()).await;
    let before = state_of(&path);
    assert_eq!(before.1.len(), 1, "{:?}", before.1);

    // Even when asked for a writable session.
    let info = read_everything(&path, false).await;
    assert!(info.read_only);
    assert_eq!(info.read_only_reason, Some(ReadOnlyReason::MissingWal));
    assert!(
        !info.can_reopen_writable,
        "a WAL-less copy is always read as immutable"
    );

    assert_eq!(state_of(&path), before);
}

#[tokio::test]
async fn a_file_in_a_read_only_folder_opens_read_only_with_the_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let path = gateway_file(&folder).await;
    // A rollback-journal file, so only the folder decides.
    {
        let mut conn = SqliteConnectOptions::new()
            .filename(&path)
            .journal_mode(SqliteJournalMode::Delete)
            .connect()
            .await
            .unwrap();
        sqlx::query("SELECT 1").execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    }
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = state_of(&path);

    let info = read_everything(&path, false).await;
    assert_eq!(
        info.read_only_reason,
        Some(ReadOnlyReason::ReadOnlyLocation)
    );
    assert!(
        !info.can_reopen_writable,
        "a read-only folder cannot be written"
    );

    assert_eq!(state_of(&path), before);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[tokio::test]
async fn the_gateway_files_unix_times_and_key_formats_read_as_the_gateway_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = gateway_file(dir.path()).await;
    let db = open(path.to_str().unwrap(), true).await.unwrap();
    let summaries = list_provider_summaries(&db).await.unwrap();
    let p1 = &summaries[0];
    assert_eq!((p1.id.as_str(), p1.name.as_str()), ("p1", "Provider p1"));
    assert_eq!(p1.rpm_limit, None, "no provider RPM on the Rust gateway");
    assert_eq!(p1.max_retries, Some(Some(2)));
    assert_eq!(p1.api_formats, ["claude:messages", "openai:chat"]);
    assert_eq!((p1.total_keys, p1.active_keys), (2, 1));
    assert!((p1.avg_health_score - 0.65).abs() < 1e-12, "{p1:?}");
    assert_eq!(
        p1.created_at,
        Some(Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap())
    );

    // "Now" is the newest event, 08:39 (unix milliseconds in the file).
    let monitor = get_provider_health_monitor(&db, "p1", &HealthQuery::default())
        .await
        .unwrap();
    assert_eq!(
        monitor.generated_at,
        Utc.with_ymd_and_hms(2026, 11, 20, 8, 39, 0).unwrap()
    );
    let [e1, e2] = &monitor.endpoints[..] else {
        panic!("two endpoints: {monitor:?}");
    };
    // The gateway samples finished attempts only: e2's pending events are in the window
    // statistics but not among its events.
    assert_eq!(e1.total_attempts, 15);
    assert_eq!((e2.total_attempts, e2.failed_count), (8, 8));
    assert_eq!(e2.window.total, 15);
    assert_eq!(e2.window.by_status["pending"], 7);
    db.close().await;
}
