use std::collections::{BTreeMap, BTreeSet};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Row, SqlitePool};

use super::*;
use crate::model::BillingType;

const TABLES: &[&str] = &[
    "providers",
    "provider_endpoints",
    "provider_api_keys",
    "models",
    "request_candidates",
    "aether_review_snapshot",
];

async fn connect(path: &Path) -> SqlitePool {
    SqlitePool::connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
        .await
        .unwrap()
}

/// Every row of `table` as text (SQLite's `quote()` of each column), in insertion order.
async fn dump(pool: &SqlitePool, table: &str) -> Vec<String> {
    let columns = column(
        pool,
        &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
    )
    .await;
    let line = columns
        .iter()
        .map(|c| format!("quote({c})"))
        .collect::<Vec<_>>()
        .join(" || '|' || ");
    column(pool, &format!("SELECT {line} FROM {table} ORDER BY rowid")).await
}

/// The first column of every row, as text.
async fn column(pool: &SqlitePool, sql: &str) -> Vec<String> {
    sqlx::query(sql)
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

async fn scalar(pool: &SqlitePool, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(pool).await.unwrap().get(0)
}

async fn texts(pool: &SqlitePool, sql: &str) -> BTreeSet<String> {
    column(pool, sql).await.into_iter().collect()
}

#[tokio::test]
async fn the_same_seed_writes_the_same_rows_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.db"),
        dir.path().join("b.db"),
        dir.path().join("c.db"),
    );
    generate(&a, Scale::Demo, 7).await.unwrap();
    generate(&b, Scale::Demo, 7).await.unwrap();
    generate(&c, Scale::Demo, 8).await.unwrap();
    let (a, b, c) = (connect(&a).await, connect(&b).await, connect(&c).await);
    for table in TABLES {
        let rows = dump(&a, table).await;
        assert!(!rows.is_empty(), "{table} is empty");
        assert!(
            rows == dump(&b, table).await,
            "{table} differs for one seed"
        );
    }
    assert!(dump(&a, "request_candidates").await != dump(&c, "request_candidates").await);
}

#[tokio::test]
async fn the_demo_snapshot_tells_its_stories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut reports = Vec::new();
    generate_with_progress(&path, Scale::Demo, 7, |p| reports.push(p))
        .await
        .unwrap();
    assert_eq!(reports.first().map(|p| p.stage), Some(Stage::Catalog));
    let last = *reports.last().unwrap();
    assert_eq!(
        (last.stage, last.done, last.total),
        (Stage::Done, 4320, 4320)
    );
    let pool = connect(&path).await;

    let candidates = scalar(&pool, "SELECT COUNT(*) FROM request_candidates").await;
    assert!(
        (100_000..=250_000).contains(&candidates),
        "{candidates} candidates"
    );
    assert_eq!(last.candidates_written, candidates as u64);
    let providers = scalar(&pool, "SELECT COUNT(*) FROM providers").await;
    assert!((10..=15).contains(&providers));

    let formats = texts(&pool, "SELECT DISTINCT api_format FROM provider_endpoints").await;
    for f in API_FORMATS {
        assert!(formats.contains(f), "no {f} endpoint");
    }
    let billing = texts(&pool, "SELECT DISTINCT billing_type FROM providers").await;
    assert_eq!(billing.len(), BillingType::ALL.len());
    let rpm = texts(&pool, "SELECT DISTINCT CASE WHEN rpm_limit IS NULL THEN 'null' WHEN rpm_limit = 0 THEN 'zero' ELSE 'positive' END FROM providers").await;
    assert_eq!(rpm.len(), 3);

    let taken = ts_text_of(taken_at());
    let expired = scalar(
        &pool,
        &format!("SELECT COUNT(*) FROM providers WHERE quota_expires_at < '{taken}'"),
    )
    .await;
    assert!(expired >= 1);
    let nearly_used = scalar(&pool, "SELECT COUNT(*) FROM providers WHERE billing_type = 'monthly_quota' AND monthly_used_usd >= 0.95 * monthly_quota_usd").await;
    assert!(nearly_used >= 1);
    for inactive in [
        "providers",
        "provider_endpoints",
        "provider_api_keys",
        "models",
    ] {
        let n = scalar(
            &pool,
            &format!("SELECT COUNT(*) FROM {inactive} WHERE is_active = 0"),
        )
        .await;
        assert!(n >= 1, "no inactive row in {inactive}");
    }
    let no_endpoints = texts(
        &pool,
        "SELECT id FROM providers WHERE id NOT IN (SELECT provider_id FROM provider_endpoints)",
    )
    .await;
    assert!(no_endpoints.contains(NO_ENDPOINT_PROVIDER_ID));
    let no_keys = texts(&pool, "SELECT id FROM provider_endpoints WHERE id NOT IN (SELECT endpoint_id FROM provider_api_keys)").await;
    assert!(no_keys.contains(NO_KEY_ENDPOINT_ID));
    assert!(
        scalar(
            &pool,
            "SELECT COUNT(*) FROM provider_api_keys WHERE health_score IS NULL"
        )
        .await
            >= 1
    );
    let outage_health: f64 =
        sqlx::query("SELECT AVG(health_score) FROM provider_api_keys WHERE endpoint_id = $1")
            .bind(OUTAGE_ENDPOINT_ID)
            .fetch_one(&pool)
            .await
            .unwrap()
            .get(0);
    assert!(outage_health < 0.5);

    // The last six hours (the health monitor's default lookback) show the outage and the burst.
    let six_hours_ago = ts_text_of(taken_at() - chrono::Duration::hours(6));
    let outage = status_codes(&pool, OUTAGE_ENDPOINT_ID, &six_hours_ago).await;
    assert!(outage
        .keys()
        .any(|c| matches!(c.as_str(), "502" | "503" | "504")));
    assert!(
        outage.get("timeout").copied().unwrap_or(0) > 10,
        "{outage:?}"
    );
    let burst = status_codes(&pool, RATE_LIMIT_ENDPOINT_ID, &six_hours_ago).await;
    assert!(burst.get("429").copied().unwrap_or(0) > 50, "{burst:?}");

    let statuses = texts(&pool, "SELECT DISTINCT status FROM request_candidates").await;
    for s in ["success", "failed", "skipped", "pending", "streaming"] {
        assert!(statuses.contains(s), "no {s} candidate: {statuses:?}");
    }
    assert!(
        scalar(
            &pool,
            "SELECT COUNT(*) FROM request_candidates WHERE retry_index > 0"
        )
        .await
            > 100
    );
    assert!(
        scalar(
            &pool,
            "SELECT COUNT(*) FROM request_candidates WHERE candidate_index > 0"
        )
        .await
            > 100
    );
    assert!(
        scalar(
            &pool,
            "SELECT COUNT(*) FROM request_candidates WHERE latency_ms > 20000"
        )
        .await
            > 10
    );
    assert_eq!(
        scalar(&pool, &format!("SELECT COUNT(*) FROM request_candidates WHERE created_at > '{taken}' OR finished_at > '{taken}'")).await,
        0
    );
    assert_eq!(
        scalar(&pool, "SELECT COUNT(*) FROM request_candidates WHERE status IN ('skipped', 'pending') AND started_at IS NOT NULL").await,
        0
    );

    // Diurnal: the busiest hour of the day sees well over twice the quietest.
    let by_hour: Vec<i64> =
        sqlx::query("SELECT COUNT(*) FROM request_candidates GROUP BY substr(created_at, 12, 2)")
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
    let (min, max) = (by_hour.iter().min().unwrap(), by_hour.iter().max().unwrap());
    assert!(*max > 2 * *min, "{by_hour:?}");
}

#[tokio::test]
async fn the_snapshot_metadata_matches_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    generate(&path, Scale::Demo, 3).await.unwrap();
    let db = crate::open(path.to_str().unwrap(), true).await.unwrap();
    let meta = db.info().snapshot.clone().expect("snapshot metadata");
    assert_eq!(meta.taken_at, taken_at());
    assert_eq!(meta.source, "demo generator, seed 3, scale demo");
    assert_eq!(db.info().as_of, Some(taken_at()));
    let pool = connect(&path).await;
    for (table, n) in &meta.row_counts {
        let actual = scalar(&pool, &format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(u64::try_from(actual), Ok(*n), "{table}");
    }
    assert_eq!(meta.row_counts.len(), 5);
}

#[tokio::test]
async fn the_demo_file_ends_with_every_index_its_schema_declares() {
    let dir = tempfile::tempdir().unwrap();
    let indexes =
        "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
    let fresh = dir.path().join("fresh.db");
    let declared = crate::db::create_snapshot_file(&fresh, Generation::Rust)
        .await
        .unwrap();
    let expected = texts(&declared, indexes).await;
    declared.close().await;
    assert!(
        expected.iter().any(|i| i.contains("request_candidates")),
        "{expected:?}"
    );
    let path = dir.path().join("demo.db");
    generate_as(
        &path,
        Scale::Demo,
        3,
        DemoTarget {
            generation: Generation::Rust,
            engine: DemoEngine::Snapshot,
        },
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(texts(&connect(&path).await, indexes).await, expected);
}

#[tokio::test]
async fn an_existing_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taken.db");
    std::fs::write(&path, b"not mine").unwrap();
    let err = generate(&path, Scale::Demo, 7).await.unwrap_err();
    assert_eq!(err.kind(), "Validation");
    assert_eq!(std::fs::read(&path).unwrap(), b"not mine");
}

#[test]
fn the_large_catalog_has_the_sizes_of_spec_section_4() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let rows = large::catalog(&mut rng, taken_at());
    assert_eq!(rows.providers.len(), 1_000);
    assert_eq!(rows.endpoints.len(), 3_000);
    assert_eq!(rows.keys.len(), 15_000);
    assert_eq!(rows.models.len(), 20_000);
    let pairs: BTreeSet<_> = rows
        .endpoints
        .iter()
        .map(|e| (&e.provider_id, &e.api_format))
        .collect();
    assert_eq!(
        pairs.len(),
        3_000,
        "(provider_id, api_format) must be unique"
    );
}

#[test]
fn the_large_traffic_is_exactly_two_million_candidates_inside_the_window() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let anchor = taken_at();
    let rows = large::catalog(&mut rng, anchor);
    let mut traffic = large::LargeTraffic::new(&rows, anchor);
    let since = anchor - chrono::Duration::hours(72);
    let (mut total, mut buffer) = (0usize, Vec::new());
    for minute in 0..TRAFFIC_MINUTES {
        traffic.minute(minute, &mut rng, &mut buffer);
        for row in &buffer {
            let created = row.created_at.unwrap();
            assert!(since <= created && created <= anchor);
        }
        total += buffer.len();
        buffer.clear();
    }
    assert_eq!(total as u64, large::CANDIDATES);
}

fn ts_text_of(t: Timestamp) -> String {
    crate::db::ts_text(t)
}

/// Failed attempts of one endpoint since `since`, by status code ("timeout" for none).
async fn status_codes(pool: &SqlitePool, endpoint: &str, since: &str) -> BTreeMap<String, i64> {
    sqlx::query(
        "SELECT COALESCE(CAST(status_code AS TEXT), error_type), COUNT(*) FROM request_candidates \
         WHERE endpoint_id = $1 AND created_at >= $2 AND status = 'failed' GROUP BY 1",
    )
    .bind(endpoint)
    .bind(since)
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)))
    .collect()
}

#[test]
fn generation_can_run_on_a_multi_threaded_runtime() {
    // The desktop app spawns it from a command handler, which needs a Send future.
    fn assert_send<T: Send>(_: &T) {}
    let path = Path::new("never-created.db");
    assert_send(&generate_with_progress(path, Scale::Demo, 1, |_| {}));
}

#[tokio::test]
async fn the_gateway_demo_is_a_rust_gateway_file_with_merged_cli_endpoints() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway.db");
    let target = DemoTarget {
        generation: Generation::Rust,
        engine: DemoEngine::GatewaySqlite,
    };
    generate_as(&path, Scale::Demo, 7, target, |_| {})
        .await
        .unwrap();

    let db = crate::open(path.to_str().unwrap(), true).await.unwrap();
    assert_eq!(db.generation(), Generation::Rust);
    assert_eq!(
        db.info().time_encoding,
        crate::layout::TimeEncoding::UnixEpoch
    );
    let anthropic = crate::get_provider_summary(&db, "anthropic").await.unwrap();
    // CLAUDE and CLAUDE_CLI became one claude:messages endpoint holding both endpoints' keys,
    // which as claude_code OAuth keys serve the provider's active formats.
    assert_eq!(anthropic.api_formats, ["claude:messages"]);
    assert_eq!(
        anthropic.provider_type,
        Some(Some("claude_code".to_owned()))
    );
    assert_eq!(anthropic.endpoint_health_details[0].total_keys, 5);
    db.close().await;

    // No candidate points at an endpoint that is gone.
    let pool = connect(&path).await;
    let orphans = column(
        &pool,
        "SELECT CAST(COUNT(*) AS TEXT) FROM request_candidates WHERE endpoint_id IS NOT NULL \
         AND endpoint_id NOT IN (SELECT id FROM provider_endpoints)",
    )
    .await;
    assert_eq!(orphans, ["0"]);
    pool.close().await;
}

#[tokio::test]
async fn only_the_rust_gateway_has_its_own_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = DemoTarget {
        generation: Generation::V03,
        engine: DemoEngine::GatewaySqlite,
    };
    let err = generate_as(&dir.path().join("x.db"), Scale::Demo, 7, target, |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "Validation");
    assert!(!dir.path().join("x.db").exists());
}

#[tokio::test]
async fn the_newer_generations_demo_records_key_states_and_skip_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let targets = [
        (Generation::Legacy, DemoEngine::Snapshot),
        (Generation::V03, DemoEngine::Snapshot),
        (Generation::Rust, DemoEngine::Snapshot),
        (Generation::Rust, DemoEngine::GatewaySqlite),
    ];
    for (generation, engine) in targets {
        let path = dir.path().join(format!("{generation}-{engine:?}.db"));
        let target = DemoTarget { generation, engine };
        generate_as(&path, Scale::Demo, 7, target, |_| {})
            .await
            .unwrap();
        let db = crate::open(path.to_str().unwrap(), true).await.unwrap();
        let mut keys = Vec::new();
        for p in crate::list_provider_summaries(&db).await.unwrap() {
            let listed = crate::get_provider_keys(&db, &p.id).await.unwrap();
            if generation == Generation::Legacy {
                // The legacy demo stays as it always was: its snapshot records none of them.
                assert!(listed.columns_recorded.is_empty(), "{listed:?}");
            } else {
                assert!(listed.columns_recorded.contains(&"expires_at".to_owned()));
                assert_eq!(
                    listed
                        .columns_recorded
                        .contains(&"concurrent_limit".to_owned()),
                    generation == Generation::Rust || engine == DemoEngine::GatewaySqlite
                );
            }
            keys.extend(listed.keys);
        }
        let label = format!("{generation} {engine:?}");
        let expired = keys.iter().filter(|k| k.expired).count();
        let oauth_invalid = keys.iter().filter(|k| k.oauth_invalid_at.is_some()).count();
        let open_circuits = keys
            .iter()
            .flat_map(|k| &k.formats)
            .filter(|f| f.circuit_open == Some(true))
            .count();
        let pool = connect(&path).await;
        let skip_reasons = if generation == Generation::Legacy {
            0
        } else {
            scalar(
                &pool,
                "SELECT COUNT(*) FROM request_candidates WHERE skip_reason IS NOT NULL",
            )
            .await
        };
        pool.close().await;
        db.close().await;
        if generation == Generation::Legacy {
            assert_eq!(
                (expired, oauth_invalid, open_circuits),
                (0, 0, 0),
                "{label}"
            );
            continue;
        }
        assert!(
            expired > 0 && expired < keys.len(),
            "{label}: {expired} expired"
        );
        assert_eq!(oauth_invalid, 1, "{label}");
        assert!(open_circuits > 0, "{label}");
        assert!(skip_reasons > 0, "{label}");
    }
}
