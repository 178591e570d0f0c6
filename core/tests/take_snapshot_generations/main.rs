//! Snapshots of the newer generations: Aether v0.3 and the Rust gateway on PostgreSQL, the Rust
//! gateway on MySQL, and the Rust gateway's own SQLite file. Each snapshot opens as its source's
//! generation, reads the same as the source, holds no byte of any secret planted in the source, and reading a gateway file
//! leaves it exactly as it was, even while the gateway holds it open in WAL mode.

#[path = "../mysql_support/mod.rs"]
mod mysql_support;
#[path = "../pg_support/mod.rs"]
mod pg_support;
#[path = "../snapshot_support/mod.rs"]
mod snapshot_support;

// The sources, each in its own file; what they share (the dataset, the planted secrets, the
// comparisons) is below.
mod gateway_file;
mod mysql;
mod older;
mod postgres;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use aether_review_core::dataset::{
    CandidateRow, Dataset, EndpointRow, GatewaySettings, KeyRow, KeyState, ModelRow, ProviderRow,
    Target,
};
use aether_review_core::db::{Dialect, Pool};
use aether_review_core::layout::{Generation, TimeEncoding, AUTH_CONFIG_MARKER};
use aether_review_core::model::{BillingType, FleetQuery, Timestamp};
use aether_review_core::take_snapshot::{
    take_snapshot, SnapshotProgress, SnapshotReport, SnapshotRequest, SnapshotStage, TakenAtBasis,
};
use aether_review_core::{
    get_fleet_health, get_provider_health_monitor, list_provider_summaries, open, Database,
};
use chrono::{Duration, TimeZone, Timelike, Utc};
use mysql_support::MysqlTestDb;
use pg_support::PgTestDb;
use serde_json::json;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use tempfile::TempDir;

const V03_SCHEMA: &str = include_str!("../fixtures/v03_pg_schema.sql");
const RUST_PG_SCHEMA: &str = include_str!("../fixtures/rust_pg_schema.sql");
const RUST_SQLITE_SCHEMA: &str = include_str!("../fixtures/rust_sqlite_schema.sql");

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

/// The optional key columns every source here has, set on `key` (`n` varies them): limits, a
/// last error, an expiry (past for some keys), OAuth marked invalid, an open circuit. The Rust
/// gateway's keys also have `concurrent_limit`.
fn key_state(n: usize, generation: Generation, now: Timestamp) -> KeyState {
    let at = |minutes: i64| Some(now - Duration::minutes(minutes));
    KeyState {
        rpm_limit: Some(60 * (n as i32 + 1)),
        concurrent_limit: (generation == Generation::Rust).then_some(n as i32 + 2),
        learned_rpm_limit: n.is_multiple_of(2).then_some(45),
        last_error_at: at(30 + n as i64),
        last_error_msg: (n != 1).then(|| format!("upstream said 429 to key {n}")),
        // Whole seconds: the gateway's file keeps key times in seconds.
        expires_at: Some(
            now.with_nanosecond(0).unwrap()
                + Duration::days(if n.is_multiple_of(3) { -2 } else { 30 }),
        ),
        oauth_invalid_at: (n == 4).then(|| now - Duration::hours(5)),
        circuit_breaker_by_format: (n == 0).then(|| {
            json!({ "claude:chat": { "open": true, "open_at": "2026-11-20T09:00:00Z",
                                     "next_probe_at": "2026-11-20T09:05:00Z" },
                    "openai:chat": { "open": false } })
            .to_string()
        }),
        ..KeyState::default()
    }
}

/// Three providers (one of kiro type, whose bearer keys serve every active endpoint when their
/// `auth_config` is set), keys serving several formats with scores, null scores and missing
/// entries and the optional columns set ([`key_state`]), and traffic of every status over the
/// two days before `now` (skipped candidates with their reason).
fn dataset(now: Timestamp, generation: Generation) -> Dataset {
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
    for (n, key) in ds.keys.iter_mut().enumerate() {
        key.state = key_state(n, generation, now);
    }
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
            skip_reason: (status == "skipped").then(|| format!("rpm limit reached ({i})")),
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
    assert_eq!(
        (meta.providers.as_ref(), report.providers.as_ref()),
        (None, None)
    );
    assert_eq!(meta.aether_schema_version, live.info().schema_version);
    assert_eq!(report.generation, generation);

    let summaries = list_provider_summaries(&snap).await.unwrap();
    assert_eq!(summaries, list_provider_summaries(live).await.unwrap());
    assert_eq!(summaries.len(), 3);
    let queries = snapshot_support::health_queries(as_of);
    for query in &queries {
        // The fleet: from the packed columns written while copying, equal to the source's SQL.
        let fleet = FleetQuery {
            lookback_hours: query.lookback_hours,
            buckets: query.buckets,
            as_of: query.as_of,
            ..FleetQuery::default()
        };
        let copied = get_fleet_health(&snap, &fleet).await.unwrap();
        assert!(copied.total.attempts > 0);
        let from_live = get_fleet_health(live, &fleet).await.unwrap();
        assert_eq!(copied.total, from_live.total);
        assert_eq!(copied.endpoints, from_live.endpoints);
        for (a, b) in copied.formats.iter().zip(&from_live.formats) {
            assert_eq!(a.keys_cannot_serve, b.keys_cannot_serve);
            assert_eq!(a, b);
        }
        assert_eq!(copied, from_live);
    }
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
    // Skipped candidates: `cand-0002` (request `req-1`), `cand-0008` (`req-4`).
    let providers: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
    let (recorded, skip_reason_recorded) = snapshot_support::assert_optional_columns_match(
        &snap,
        live,
        &providers,
        &["req-0", "req-1", "req-4"],
    )
    .await;
    let mut expected = vec![
        "rpm_limit",
        "learned_rpm_limit",
        "last_error_at",
        "expires_at",
        "oauth_invalid_at",
        "last_error_msg",
        "circuit_breaker_by_format",
    ];
    if generation == Generation::Rust {
        expected.insert(1, "concurrent_limit");
    }
    assert_eq!(recorded, expected);
    assert!(skip_reason_recorded);
    assert_copied_values_show(&snap).await;
    snap.close().await;
    snapshot_support::assert_no_secret_column(out).await;

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

/// The values the dataset planted show through the snapshot: an expired key, an OAuth-invalid
/// one, an open circuit, a skip reason.
async fn assert_copied_values_show(snap: &Database) {
    let keys = aether_review_core::get_provider_keys(snap, "a")
        .await
        .unwrap()
        .keys;
    let key = |id: &str| keys.iter().find(|k| k.id == id).unwrap();
    assert!(key("key-a-0").expired && !key("key-a-1").expired);
    let circuit = key("key-a-0")
        .formats
        .iter()
        .find(|f| f.api_format == "claude:chat")
        .unwrap();
    assert_eq!(circuit.circuit_open, Some(true));
    assert_eq!(key("key-a-0").rpm_limit, Some(60));
    let kiro = aether_review_core::get_provider_keys(snap, "kiro")
        .await
        .unwrap()
        .keys;
    assert!(kiro.iter().any(|k| k.oauth_invalid_at.is_some()));
    let chain = aether_review_core::get_request_chain(snap, "req-1")
        .await
        .unwrap();
    let skipped = chain
        .candidates
        .iter()
        .find(|c| c.id == "cand-0002")
        .unwrap();
    assert_eq!(
        skipped.skip_reason.as_deref(),
        Some("rpm limit reached (2)")
    );
}
