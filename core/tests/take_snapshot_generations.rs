//! Snapshots of the newer generations: Aether v0.3 and the Rust gateway on PostgreSQL, the Rust
//! gateway on MySQL, and the Rust gateway's own SQLite file. Each snapshot opens as its source's generation, reads the same
//! as the source, holds no byte of any secret planted in the source, and reading a gateway file
//! leaves it exactly as it was, even while the gateway holds it open in WAL mode.

mod mysql_support;
mod pg_support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use aether_review_core::dataset::{
    CandidateRow, Dataset, EndpointRow, GatewaySettings, KeyRow, ModelRow, ProviderRow, Target,
};
use aether_review_core::db::{Dialect, Pool};
use aether_review_core::layout::{Generation, TimeEncoding, AUTH_CONFIG_MARKER};
use aether_review_core::model::{BillingType, HealthQuery, Timestamp};
use aether_review_core::take_snapshot::{
    take_snapshot, SnapshotProgress, SnapshotReport, SnapshotRequest, SnapshotStage, TakenAtBasis,
};
use aether_review_core::{get_provider_health_monitor, list_provider_summaries, open, Database};
use chrono::{Duration, TimeZone, Utc};
use mysql_support::MysqlTestDb;
use pg_support::PgTestDb;
use serde_json::json;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use tempfile::TempDir;

const V03_SCHEMA: &str = include_str!("fixtures/v03_pg_schema.sql");
const RUST_PG_SCHEMA: &str = include_str!("fixtures/rust_pg_schema.sql");
const RUST_SQLITE_SCHEMA: &str = include_str!("fixtures/rust_sqlite_schema.sql");

/// Every secret column of Aether's newer generations (`docs/snapshots.md`); a fixture has some.
const SECRETS: [(&str, &str); 11] = [
    ("provider_api_keys", "api_key"),
    ("provider_api_keys", "encrypted_key"),
    ("provider_api_keys", "auth_config"),
    ("provider_api_keys", "proxy"),
    ("provider_api_keys", "fingerprint"),
    ("providers", "proxy"),
    ("providers", "config"),
    ("provider_endpoints", "proxy"),
    ("provider_endpoints", "header_rules"),
    ("provider_endpoints", "body_rules"),
    ("provider_endpoints", "config"),
];

/// What every planted value contains (Aether Review's own fixture filler for `api_key`, which
/// v0.3 requires, says `planted` too).
const PLANTED: &str = "planted";

/// The keys whose `auth_config` is planted: one decides a kiro key's formats.
const KEYS_WITH_AUTH_CONFIG: [&str; 2] = ["key-kiro-bearer-set", "key-a-0"];

fn planted_value(table: &str, column: &str) -> String {
    json!({ "secret": format!("PLANTED-{table}.{column}"), "token": "sk-PLANTED" }).to_string()
}

fn provider(
    id: &str,
    provider_type: &str,
    billing: BillingType,
    created: Timestamp,
) -> ProviderRow {
    ProviderRow {
        id: id.into(),
        name: format!("Provider {id}"),
        display_name: String::new(),
        description: Some(format!("{id} upstream")),
        website: Some(format!("https://{id}.example")),
        billing_type: billing,
        monthly_quota_usd: Some(120.5),
        monthly_used_usd: Some(33.25),
        quota_reset_day: Some(3),
        quota_last_reset_at: Some(created + Duration::days(3)),
        quota_expires_at: None,
        rpm_limit: None,
        rpm_used: None,
        rpm_reset_at: None,
        provider_priority: 10,
        is_active: true,
        created_at: Some(created),
        updated_at: Some(created + Duration::days(1)),
        gateway: GatewaySettings {
            provider_type: provider_type.into(),
            request_timeout: Some(120.5),
            concurrent_limit: Some(4),
            ..GatewaySettings::default()
        },
    }
}

/// A key serving `formats`, with a `health_by_format` entry for each given score (`None` = a
/// null score; a format without an entry counts as healthy).
fn key(id: &str, provider_id: &str, formats: &[&str], scores: &[(&str, Option<f64>)]) -> KeyRow {
    let health: serde_json::Map<String, serde_json::Value> = scores
        .iter()
        .map(|(f, s)| ((*f).to_owned(), json!({ "health_score": s })))
        .collect();
    KeyRow {
        name: Some(format!("key {id}")),
        api_formats: Some(json!(formats).to_string()),
        health_by_format: Some(serde_json::Value::Object(health).to_string()),
        ..KeyRow::new(id, "", provider_id)
    }
}

/// Three providers (one of kiro type, whose bearer keys serve every active endpoint when their
/// `auth_config` is set), keys serving several formats with scores, null scores and missing
/// entries, and traffic of every status over the two days before `now`.
fn dataset(now: Timestamp) -> Dataset {
    let formats = ["claude:chat", "openai:chat", "gemini:generate_content"];
    let mut ds = Dataset::default();
    let created = now - Duration::days(30);
    ds.providers = vec![
        provider("a", "custom", BillingType::MonthlyQuota, created),
        provider(
            "b",
            "custom",
            BillingType::PayAsYouGo,
            created + Duration::hours(1),
        ),
        provider(
            "kiro",
            "kiro",
            BillingType::FreeTier,
            created + Duration::hours(2),
        ),
    ];
    ds.providers[1].is_active = false;
    ds.providers[2].provider_priority = 5;
    for p in ["a", "b", "kiro"] {
        for (e, format) in formats.iter().enumerate() {
            ds.endpoints.push(EndpointRow {
                id: format!("ep-{p}-{e}"),
                provider_id: p.into(),
                api_format: (*format).into(),
                base_url: format!("https://api.{p}.example/{e}"),
                is_active: e != 2,
                created_at: Some(created + Duration::minutes(e as i64)),
            });
        }
        ds.models.push(ModelRow {
            id: format!("model-{p}"),
            provider_id: p.into(),
            provider_model_name: format!("model-of-{p}"),
            is_active: true,
        });
    }
    let [claude, openai, gemini] = formats;
    ds.keys = vec![
        key(
            "key-a-0",
            "a",
            &[claude, openai],
            &[(claude, Some(0.25)), (openai, Some(0.75))],
        ),
        key("key-a-1", "a", &[openai], &[(openai, None)]),
        KeyRow {
            is_active: false,
            ..key("key-a-2", "a", &formats, &[(gemini, Some(0.5))])
        },
        key("key-b-0", "b", &[claude, claude], &[(claude, Some(0.125))]),
        KeyRow {
            auth_type: "bearer".into(),
            ..key(
                "key-kiro-bearer-set",
                "kiro",
                &[claude],
                &[(openai, Some(0.0))],
            )
        },
        KeyRow {
            auth_type: "bearer".into(),
            ..key("key-kiro-bearer-unset", "kiro", &[claude], &[])
        },
    ];
    let statuses = [
        "success",
        "failed",
        "skipped",
        "cancelled",
        "streaming",
        "success",
    ];
    for i in 0..240i64 {
        let status = statuses[(i % 6) as usize];
        let p = ["a", "b", "kiro"][(i % 3) as usize];
        let created = now - Duration::minutes(i * 11) - Duration::milliseconds(i * 7);
        let failed = status == "failed";
        ds.candidates.push(CandidateRow {
            id: format!("cand-{i:04}"),
            request_id: format!("req-{}", i / 2),
            candidate_index: (i % 2) as i32,
            retry_index: 0,
            provider_id: Some(p.into()),
            endpoint_id: Some(format!("ep-{p}-{}", (i / 3) % 3)),
            key_id: Some(format!("key-{p}-0")),
            status: status.into(),
            status_code: match status {
                "success" => Some(200),
                "failed" => Some([429, 502, 400][(i % 3) as usize]),
                _ => None,
            },
            error_type: failed.then(|| "upstream_error".into()),
            error_message: failed.then(|| format!("attempt {i} failed")),
            latency_ms: (status == "success" || failed).then_some((50 + i * 13) as i32),
            created_at: Some(created),
            started_at: Some(created + Duration::milliseconds(4)),
            finished_at: (status == "success" || failed).then(|| created + Duration::seconds(1)),
        });
    }
    ds
}

/// `UPDATE` statements planting a distinctive value in every secret column `present` says the
/// source has; `auth_config` only on [`KEYS_WITH_AUTH_CONFIG`], so NULL and set both occur.
fn plant_secrets(present: &[(&str, &str)]) -> Vec<String> {
    present
        .iter()
        .map(|&(table, column)| {
            let value = planted_value(table, column).replace('\'', "''");
            let only = if column == "auth_config" {
                format!(" WHERE id IN ('{}')", KEYS_WITH_AUTH_CONFIG.join("', '"))
            } else {
                String::new()
            };
            format!("UPDATE {table} SET {column} = '{value}'{only}")
        })
        .collect()
}

fn request(from: &str, out: &Path) -> SnapshotRequest {
    SnapshotRequest {
        from: from.to_owned(),
        out: out.display().to_string(),
        since: Some("all".into()),
        ..SnapshotRequest::default()
    }
}

async fn snapshot(request: &SnapshotRequest) -> SnapshotReport {
    take_snapshot(request, &|_| {}, &AtomicBool::new(false))
        .await
        .expect("the snapshot is taken")
}

/// Every name in `dir`.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The snapshot file and any side file SQLite may have left beside it hold no planted byte.
fn assert_no_planted_bytes(out: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = out.as_os_str().to_owned();
        path.push(suffix);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let lower = bytes.to_ascii_lowercase();
        assert!(
            !lower
                .windows(PLANTED.len())
                .any(|w| w == PLANTED.as_bytes()),
            "{} holds a planted secret",
            Path::new(&path).display()
        );
    }
}

/// (a) the snapshot opens as `generation`; (b) summaries and every health monitor at `as_of`
/// equal the source's; the auth_config marker stands where the source had a value.
async fn assert_snapshot_matches(
    out: &Path,
    live: &Database,
    generation: Generation,
    report: &SnapshotReport,
    as_of: Timestamp,
) {
    let snap = open(out.to_str().unwrap(), true).await.unwrap();
    assert_eq!(snap.generation(), generation);
    assert_eq!(snap.layout().encoding, TimeEncoding::Rfc3339Text);
    let meta = snap.info().snapshot.clone().expect("snapshot metadata");
    assert_eq!(meta.generation, generation);
    assert_eq!(meta.taken_at, report.taken_at);
    assert_eq!(meta.aether_schema_version, live.info().schema_version);
    assert_eq!(report.generation, generation);

    let summaries = list_provider_summaries(&snap).await.unwrap();
    assert_eq!(summaries, list_provider_summaries(live).await.unwrap());
    assert_eq!(summaries.len(), 3);
    let queries = [
        HealthQuery {
            as_of: Some(as_of),
            ..HealthQuery::default()
        },
        HealthQuery {
            lookback_hours: Some(72),
            per_endpoint_limit: Some(200),
            buckets: Some(60),
            as_of: Some(as_of),
        },
    ];
    for s in &summaries {
        for query in &queries {
            let copied = get_provider_health_monitor(&snap, &s.id, query)
                .await
                .unwrap();
            assert_eq!(
                copied,
                get_provider_health_monitor(live, &s.id, query)
                    .await
                    .unwrap(),
                "health monitor of {} with {query:?}",
                s.id
            );
            let events: u64 = copied.endpoints.iter().map(|e| e.total_attempts).sum();
            assert!(events > 0, "{} shows no events", s.id);
        }
    }
    snap.close().await;

    if generation == Generation::Rust {
        let pool = sqlx::SqlitePool::connect_with(
            SqliteConnectOptions::new().filename(out).read_only(true),
        )
        .await
        .unwrap();
        let marked: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT id, auth_config FROM provider_api_keys ORDER BY id")
                .fetch_all(&pool)
                .await
                .unwrap();
        pool.close().await;
        for (id, auth_config) in marked {
            let expected = KEYS_WITH_AUTH_CONFIG
                .contains(&id.as_str())
                .then(|| AUTH_CONFIG_MARKER.to_owned());
            assert_eq!(auth_config, expected, "auth_config of {id}");
        }
    }
    assert_no_planted_bytes(out);
}

// ---------------------------------------------------------------- PostgreSQL

/// A database with `schema` holding [`dataset`] timed against the server's clock, with a secret
/// planted in every secret column it has; `None` when PostgreSQL tests are skipped.
async fn live_postgres(test: &str, schema: &str, generation: Generation) -> Option<PgTestDb> {
    let pg = PgTestDb::empty(test).await?;
    pg.execute(schema).await;
    let pool = pg.superuser_pool().await;
    let (now,): (Timestamp,) = sqlx::query_as("SELECT now()")
        .fetch_one(&pool)
        .await
        .unwrap();
    dataset(now)
        .insert_as(
            &Pool::Postgres(pool.clone()),
            Target::aether(generation, Dialect::Postgres),
        )
        .await
        .unwrap();
    let mut present = Vec::new();
    for (table, column) in SECRETS {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2",
        )
        .bind(table)
        .bind(column)
        .fetch_one(&pool)
        .await
        .unwrap();
        if n > 0 {
            present.push((table, column));
        }
    }
    pool.close().await;
    let expected = if generation == Generation::Rust {
        11
    } else {
        10
    };
    assert_eq!(present.len(), expected, "secret columns of {generation}");
    pg.execute(&plant_secrets(&present).join(";\n")).await;
    Some(pg)
}

async fn snapshot_of_postgres(test: &str, schema: &str, generation: Generation) {
    let Some(pg) = live_postgres(test, schema, generation).await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("snap.db");
    let report = snapshot(&request(&pg.url, &out)).await;
    assert_eq!(report.taken_at_basis, TakenAtBasis::ServerClock);
    assert_eq!(report.row_counts["request_candidates"], 240);
    assert_eq!(report.row_counts["provider_api_keys"], 6);

    let live = pg.open(true).await.unwrap();
    assert_eq!(live.generation(), generation);
    assert_snapshot_matches(&out, &live, generation, &report, report.taken_at).await;
    live.close().await;

    // Keys follow their provider when providers are chosen.
    let one = dir.path().join("kiro.db");
    let mut chosen = request(&pg.url, &one);
    chosen.providers = Some(vec!["kiro".into()]);
    let report = snapshot(&chosen).await;
    assert_eq!(report.row_counts["providers"], 1);
    assert_eq!(report.row_counts["provider_api_keys"], 2);
    assert_eq!(report.row_counts["request_candidates"], 80);
    assert_no_planted_bytes(&one);
    pg.drop_now().await;
}

#[tokio::test]
async fn v03_postgres_snapshot_reads_as_the_live_database_and_holds_no_secret() {
    snapshot_of_postgres("snapshot_v03_pg", V03_SCHEMA, Generation::V03).await;
}

#[tokio::test]
async fn rust_postgres_snapshot_reads_as_the_live_database_and_holds_no_secret() {
    snapshot_of_postgres("snapshot_rust_pg", RUST_PG_SCHEMA, Generation::Rust).await;
}

// ---------------------------------------------------------------- MySQL

/// The gateway's MySQL layout holding [`dataset`] timed against the server's clock, with a
/// secret planted in every secret column; `None` when MySQL tests are skipped.
async fn live_mysql(test: &str) -> Option<MysqlTestDb> {
    let my = MysqlTestDb::with_rust_schema(test).await?;
    let pool = my.pool().await;
    let (millis,): (i64,) = sqlx::query_as("SELECT CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)")
        .fetch_one(&pool)
        .await
        .unwrap();
    let now = Timestamp::from_timestamp_millis(millis).unwrap();
    dataset(now)
        .insert_as(
            &Pool::Mysql(pool.clone()),
            Target::aether(Generation::Rust, Dialect::Mysql),
        )
        .await
        .unwrap();
    let mut present = Vec::new();
    for (table, column) in SECRETS {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM information_schema.columns \
             WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?",
        )
        .bind(table)
        .bind(column)
        .fetch_one(&pool)
        .await
        .unwrap();
        if n > 0 {
            present.push((table, column));
        }
    }
    pool.close().await;
    assert_eq!(
        present.len(),
        SECRETS.len(),
        "secret columns of the MySQL layout"
    );
    my.execute(&plant_secrets(&present).join(";\n")).await;
    Some(my)
}

#[tokio::test]
async fn rust_mysql_snapshot_reads_as_the_live_database_and_holds_no_secret() {
    let Some(my) = live_mysql("snapshot_rust_my").await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("snap.db");
    let report = snapshot(&request(&my.url, &out)).await;
    assert_eq!(report.taken_at_basis, TakenAtBasis::ServerClock);
    assert_eq!(report.row_counts["request_candidates"], 240);
    assert_eq!(report.row_counts["provider_api_keys"], 6);

    let live = open(&my.url, true).await.unwrap();
    assert_eq!(live.generation(), Generation::Rust);
    assert_snapshot_matches(&out, &live, Generation::Rust, &report, report.taken_at).await;
    live.close().await;

    // Keys follow their provider when providers are chosen.
    let one = dir.path().join("kiro.db");
    let mut chosen = request(&my.url, &one);
    chosen.providers = Some(vec!["kiro".into()]);
    let report = snapshot(&chosen).await;
    assert_eq!(report.row_counts["providers"], 1);
    assert_eq!(report.row_counts["provider_api_keys"], 2);
    assert_eq!(report.row_counts["request_candidates"], 80);
    assert_no_planted_bytes(&one);
    my.drop_now().await;
}

#[tokio::test]
async fn cancelled_copy_of_mysql_leaves_no_file() {
    let Some(my) = live_mysql("snapshot_my_cancel").await else {
        return;
    };
    let out_dir = TempDir::new().unwrap();
    let cancel = AtomicBool::new(false);
    let on_progress = |p: &SnapshotProgress| {
        if p.table == "request_candidates" {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let out = out_dir.path().join("cancelled.db");
    let err = take_snapshot(&request(&my.url, &out), &on_progress, &cancel)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err:?}");
    assert_eq!(listing(out_dir.path()), Vec::<String>::new());
    my.drop_now().await;
}

#[tokio::test]
async fn a_wrong_mysql_password_is_unreachable_without_echo_and_leaves_no_file() {
    let Some(my) = MysqlTestDb::with_rust_schema("snapshot_my_wrong_pw").await else {
        return;
    };
    let out_dir = TempDir::new().unwrap();
    let wrong = "N0t-The-Passw0rd";
    let url = my.url_as(mysql_support::PASSWORD_USER, Some(wrong));
    let err = take_snapshot(
        &request(&url, &out_dir.path().join("snap.db")),
        &|_| {},
        &AtomicBool::new(false),
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), "Unreachable", "{err:?}");
    assert!(!err.to_string().contains(wrong), "{err}");
    assert!(!format!("{err:?}").contains(wrong), "{err:?}");
    assert_eq!(listing(out_dir.path()), Vec::<String>::new());
    my.drop_now().await;
}

// ---------------------------------------------------------------- the gateway's SQLite file

fn as_of() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

/// A Rust gateway's SQLite file at `dir/aether.db` in rollback-journal mode holding
/// [`dataset`], secrets not yet planted.
async fn gateway_file(dir: &Path) -> PathBuf {
    let path = dir.join("aether.db");
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Delete);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::raw_sql(RUST_SQLITE_SCHEMA)
        .execute(&pool)
        .await
        .unwrap();
    dataset(as_of())
        .insert_as(
            &Pool::Sqlite(pool.clone()),
            Target::aether(Generation::Rust, Dialect::Sqlite),
        )
        .await
        .unwrap();
    pool.close().await;
    path
}

/// Plants the secrets through `conn` (all eleven columns exist in the gateway's file).
fn plant_in_file(conn: &rusqlite::Connection) {
    conn.execute_batch(&plant_secrets(&SECRETS).join(";\n"))
        .unwrap();
}

/// Bytes of the file and its side files, its journal mode as the header says, and the folder.
#[derive(Debug, PartialEq)]
struct FileState {
    files: Vec<(String, Vec<u8>)>,
    wal_header: bool,
    listing: Vec<String>,
}

fn file_state(path: &Path) -> FileState {
    let dir = path.parent().unwrap();
    let listing = listing(dir);
    // The `-shm` is shared memory that every reader updates; it is not the database.
    let files = listing
        .iter()
        .filter(|name| !name.ends_with("-shm"))
        .map(|name| (name.clone(), std::fs::read(dir.join(name)).unwrap()))
        .collect();
    let header = std::fs::read(path).unwrap();
    FileState {
        files,
        wal_header: header[18] == 2 && header[19] == 2,
        listing,
    }
}

/// Snapshots the gateway file at `gateway` into `out_dir` and checks everything against the
/// live file; returns the report.
async fn snapshot_of_file(gateway: &Path, out_dir: &Path) -> SnapshotReport {
    let before = file_state(gateway);
    let planted = before.files.iter().any(|(_, bytes)| {
        let lower = bytes.to_ascii_lowercase();
        lower
            .windows(PLANTED.len())
            .any(|w| w == PLANTED.as_bytes())
    });
    assert!(planted, "the secrets are in the gateway's file or its -wal");
    let out = out_dir.join("snap.db");
    let report = snapshot(&request(gateway.to_str().unwrap(), &out)).await;
    assert_eq!(
        file_state(gateway),
        before,
        "the gateway's file changed while a snapshot was taken"
    );
    assert_eq!(report.taken_at_basis, TakenAtBasis::NewestEvent);
    // The newest event, in the gateway's millisecond precision.
    assert_eq!(report.taken_at, as_of());
    assert_eq!(report.row_counts["request_candidates"], 240);

    let live = open(gateway.to_str().unwrap(), true).await.unwrap();
    assert_eq!(live.generation(), Generation::Rust);
    assert_eq!(live.layout().encoding, TimeEncoding::UnixEpoch);
    assert_eq!(live.info().as_of, Some(report.taken_at));
    assert_snapshot_matches(&out, &live, Generation::Rust, &report, as_of()).await;
    live.close().await;
    report
}

#[tokio::test]
async fn gateway_file_snapshot_reads_as_the_file_and_leaves_it_untouched() {
    let dir = TempDir::new().unwrap();
    let out_dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    plant_in_file(&rusqlite::Connection::open(&gateway).unwrap());
    assert!(!file_state(&gateway).wal_header);
    snapshot_of_file(&gateway, out_dir.path()).await;
    assert_eq!(listing(dir.path()), ["aether.db"]);
}

#[tokio::test]
async fn gateway_file_held_open_in_wal_mode_is_read_through_its_wal_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let out_dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    // The gateway's own connection: WAL mode, the secrets written after the switch (so they live
    // only in the -wal), held open throughout.
    let gateway_conn = rusqlite::Connection::open(&gateway).unwrap();
    let mode: String = gateway_conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    gateway_conn
        .pragma_update(None, "wal_autocheckpoint", 0)
        .unwrap();
    plant_in_file(&gateway_conn);
    assert!(file_state(&gateway).wal_header);
    assert_eq!(
        listing(dir.path()),
        ["aether.db", "aether.db-shm", "aether.db-wal"]
    );

    snapshot_of_file(&gateway, out_dir.path()).await;
    drop(gateway_conn);
}

#[tokio::test]
async fn a_gateway_writing_during_the_copy_is_not_seen_half_way() {
    let dir = TempDir::new().unwrap();
    let out_dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    let gateway_conn = rusqlite::Connection::open(&gateway).unwrap();
    gateway_conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
        .unwrap();
    // A running gateway has written since it opened the file: its -wal is there.
    plant_in_file(&gateway_conn);
    assert!(dir.path().join("aether.db-wal").exists());
    // The progress callback may be called from any thread.
    let gateway_conn = std::sync::Mutex::new(gateway_conn);
    // Once the providers are copied, the gateway records a newer attempt and a new provider.
    let wrote = AtomicBool::new(false);
    let on_progress = |p: &SnapshotProgress| {
        if p.table == "providers" && p.stage == SnapshotStage::Done {
            gateway_conn
                .lock()
                .unwrap()
                .execute_batch(&format!(
                    "INSERT INTO providers (id, name, provider_type, created_at, updated_at) \
                     VALUES ('late', 'Late', 'custom', 0, 0); \
                     INSERT INTO request_candidates (id, request_id, candidate_index, status, \
                     provider_id, endpoint_id, created_at) \
                     VALUES ('late-1', 'late', 0, 'success', 'a', 'ep-a-0', {})",
                    (as_of() + Duration::hours(1)).timestamp_millis()
                ))
                .unwrap();
            wrote.store(true, Ordering::Relaxed);
        }
    };
    let out = out_dir.path().join("snap.db");
    let report = take_snapshot(
        &request(gateway.to_str().unwrap(), &out),
        &on_progress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap();
    assert!(wrote.load(Ordering::Relaxed));
    assert_eq!(report.taken_at, as_of());
    assert_eq!(report.row_counts["providers"], 3);
    assert_eq!(report.row_counts["request_candidates"], 240);
    let snap = open(out.to_str().unwrap(), true).await.unwrap();
    assert_eq!(list_provider_summaries(&snap).await.unwrap().len(), 3);
    snap.close().await;
}

#[tokio::test]
async fn cancelled_copy_of_a_gateway_file_leaves_no_file_and_the_source_as_it_was() {
    let dir = TempDir::new().unwrap();
    let out_dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    let before = file_state(&gateway);
    let cancel = AtomicBool::new(false);
    let on_progress = |p: &SnapshotProgress| {
        if p.table == "request_candidates" {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let out = out_dir.path().join("cancelled.db");
    let err = take_snapshot(
        &request(gateway.to_str().unwrap(), &out),
        &on_progress,
        &cancel,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err:?}");
    assert_eq!(listing(out_dir.path()), Vec::<String>::new());
    assert_eq!(file_state(&gateway), before);
}

#[tokio::test]
async fn a_snapshot_of_our_own_is_refused_as_a_source() {
    let dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    let first = dir.path().join("first.db");
    snapshot(&request(gateway.to_str().unwrap(), &first)).await;
    let err = take_snapshot(
        &request(first.to_str().unwrap(), &dir.path().join("second.db")),
        &|_| {},
        &AtomicBool::new(false),
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), "Validation", "{err:?}");
    assert_eq!(listing(dir.path()), ["aether.db", "first.db"]);
}
