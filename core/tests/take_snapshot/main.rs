//! Taking a snapshot from a real PostgreSQL with Aether's schema: the snapshot reads
//! the same as the live database at its as-of time, holds no secret, and a refused, cancelled or
//! failed run leaves no file.

#[path = "../pg_support/mod.rs"]
mod pg_support;
mod rollups;
#[path = "../snapshot_support/mod.rs"]
mod snapshot_support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use aether_review_core::dataset::{
    CandidateRow, Dataset, EndpointRow, KeyRow, KeyState, ModelRow, ProviderRow,
};
use aether_review_core::db::{ts_text, Pool};
use aether_review_core::model::{BillingType, Timestamp};
use aether_review_core::take_snapshot::{
    take_snapshot, SnapshotProgress, SnapshotReport, SnapshotRequest, SnapshotStage,
};
use aether_review_core::{
    get_provider_health_monitor, get_provider_summary, list_provider_summaries, open, Database,
    Error, FieldCode,
};
use chrono::Duration;
use pg_support::{PgTestDb, PASSWORD_ROLE, PLANTED_SECRET};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::{Connection, PgConnection};
use tempfile::TempDir;

const STATUSES: [&str; 6] = [
    "success",
    "failed",
    "skipped",
    "pending",
    "streaming",
    "success",
];

/// Three providers with endpoints, keys (some without a score), models, and candidates spread
/// over the last ten days, some of them older than the default 7-day window.
fn gateway(now: Timestamp) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let mut ds = Dataset::default();
    let billing = [
        BillingType::MonthlyQuota,
        BillingType::PayAsYouGo,
        BillingType::FreeTier,
    ];
    for (p, billing_type) in billing.into_iter().enumerate() {
        let provider_id = format!("prov-{p}");
        ds.providers.push(ProviderRow {
            id: provider_id.clone(),
            name: format!("provider-{p}"),
            display_name: format!("Provider {p}"),
            description: (p != 1).then(|| "upstream account".to_owned()),
            website: Some(format!("https://p{p}.example")),
            billing_type,
            monthly_quota_usd: (p == 0).then_some(250.5),
            monthly_used_usd: Some(12.25 * p as f64),
            quota_reset_day: Some(1 + p as i32),
            quota_last_reset_at: Some(now - Duration::days(20)),
            quota_expires_at: (p == 0).then(|| now + Duration::days(40)),
            rpm_limit: [Some(60), None, Some(0)][p],
            rpm_used: Some(p as i32),
            rpm_reset_at: None,
            provider_priority: 10 - p as i32,
            is_active: p != 2,
            created_at: Some(now - Duration::days(90) + Duration::seconds(p as i64)),
            updated_at: Some(now - Duration::days(1)),
            gateway: Default::default(),
        });
        for m in 0..3 {
            ds.models.push(ModelRow {
                id: format!("model-{p}-{m}"),
                provider_id: provider_id.clone(),
                provider_model_name: format!("model-{m}"),
                is_active: m != 2,
            });
        }
        for (e, format) in ["CLAUDE", "OPENAI", "GEMINI_CLI"].iter().enumerate() {
            let endpoint_id = format!("ep-{p}-{e}");
            ds.endpoints.push(EndpointRow {
                id: endpoint_id.clone(),
                provider_id: provider_id.clone(),
                api_format: (*format).to_owned(),
                base_url: format!("https://api.p{p}.example/{e}"),
                is_active: e != 1,
                created_at: Some(now - Duration::days(60) + Duration::minutes(e as i64)),
            });
            for k in 0..3 {
                ds.keys.push(KeyRow {
                    id: format!("key-{p}-{e}-{k}"),
                    endpoint_id: endpoint_id.clone(),
                    name: Some(format!("key {k}")),
                    health_score: (k != 2).then(|| rng.gen_range(0.0..1.0)),
                    is_active: k != 1,
                    // The optional columns legacy Aether has.
                    state: KeyState {
                        max_concurrent: (k != 2).then_some(5 + k),
                        rpm_limit: Some(100 * (k + 1)),
                        consecutive_failures: Some(k),
                        last_failure_at: (k == 0).then(|| now - Duration::minutes(17)),
                        ..KeyState::default()
                    },
                    ..KeyRow::new("", "", "")
                });
            }
        }
    }
    for i in 0..1_500 {
        let p = rng.gen_range(0..3);
        let e = rng.gen_range(0..3);
        let status = STATUSES[rng.gen_range(0..STATUSES.len())];
        let created = now - Duration::seconds(rng.gen_range(30..10 * 86_400));
        let failed = status == "failed";
        ds.candidates.push(CandidateRow {
            skip_reason: (status == "skipped").then(|| format!("key cooling down ({i})")),
            id: format!("cand-{i:05}"),
            request_id: format!("req-{}", i / 2),
            candidate_index: i % 2,
            retry_index: 0,
            provider_id: Some(format!("prov-{p}")),
            endpoint_id: (i % 97 != 0).then(|| format!("ep-{p}-{e}")),
            key_id: Some(format!("key-{p}-{e}-0")),
            status: status.to_owned(),
            status_code: match status {
                "success" => Some(200),
                "failed" => Some([429, 500, 502][i as usize % 3]),
                _ => None,
            },
            error_type: failed.then(|| "upstream_error".to_owned()),
            error_message: failed.then(|| format!("upstream said no ({i})")),
            latency_ms: (status == "success" || failed).then(|| rng.gen_range(40..9_000)),
            created_at: Some(created),
            started_at: (status != "skipped").then(|| created + Duration::milliseconds(5)),
            finished_at: (status == "success" || failed)
                .then(|| created + Duration::milliseconds(900)),
        });
    }
    ds
}

/// A test database holding [`gateway`] rows timed against the server's clock, with secrets in
/// every credential column, or `None` when PostgreSQL tests are skipped.
async fn live_gateway(test: &str) -> Option<(PgTestDb, Dataset)> {
    let pg = PgTestDb::with_aether_schema(test).await?;
    let pool = pg.superuser_pool().await;
    let (now,): (Timestamp,) = sqlx::query_as("SELECT now()")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    let ds = gateway(now);
    pg.replace_rows(&ds).await;
    pg.execute(&format!(
        "UPDATE provider_endpoints SET headers = '{{\"Authorization\": \"Bearer {PLANTED_SECRET}-header\"}}'"
    ))
    .await;
    Some((pg, ds))
}

fn request(from: &str, out: &Path) -> SnapshotRequest {
    SnapshotRequest {
        from: from.to_owned(),
        out: out.display().to_string(),
        ..SnapshotRequest::default()
    }
}

async fn snapshot(request: &SnapshotRequest) -> Result<SnapshotReport, Error> {
    take_snapshot(request, &|_| {}, &AtomicBool::new(false)).await
}

/// Every file in `dir`, so a test can prove nothing (not even a hidden partial file) was left.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect()
}

async fn assert_reads_equal(snap: &Database, live: &Database, ds: &Dataset, as_of: Timestamp) {
    let mut live_list = list_provider_summaries(live).await.unwrap();
    live_list.retain(|s| ds.providers.iter().any(|p| p.id == s.id));
    assert_eq!(list_provider_summaries(snap).await.unwrap(), live_list);
    for p in &ds.providers {
        assert_eq!(
            get_provider_summary(snap, &p.id).await.unwrap(),
            get_provider_summary(live, &p.id).await.unwrap()
        );
        let queries = snapshot_support::health_queries(as_of);
        for query in &queries {
            assert_eq!(
                get_provider_health_monitor(snap, &p.id, query)
                    .await
                    .unwrap(),
                get_provider_health_monitor(live, &p.id, query)
                    .await
                    .unwrap(),
                "health monitor of {} with {query:?}",
                p.id
            );
        }
    }
    // The optional columns legacy Aether has, on every key and every skipped candidate copied.
    let providers: Vec<&str> = ds.providers.iter().map(|p| p.id.as_str()).collect();
    let skipped = skipped_requests(snap).await;
    let skipped: Vec<&str> = skipped.iter().map(String::as_str).collect();
    assert!(!skipped.is_empty());
    let (recorded, skip_reason_recorded) =
        snapshot_support::assert_optional_columns_match(snap, live, &providers, &skipped).await;
    assert_eq!(
        recorded,
        [
            "rpm_limit",
            "max_concurrent",
            "consecutive_failures",
            "last_failure_at"
        ]
    );
    assert!(skip_reason_recorded);
}

/// The requests of a snapshot with a skip reason recorded.
async fn skipped_requests(db: &Database) -> Vec<String> {
    let Pool::Sqlite(pool) = db.pool() else {
        panic!("a snapshot is a SQLite file");
    };
    sqlx::query_scalar(
        "SELECT DISTINCT request_id FROM request_candidates WHERE skip_reason IS NOT NULL \
         ORDER BY request_id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn snapshot_reads_equal_the_live_database_at_its_taken_at_time() {
    let Some((pg, ds)) = live_gateway("snapshot_reads_equal_live").await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("gateway.db");
    let report = snapshot(&request(&pg.url, &out)).await.unwrap();

    let snap = open(out.to_str().unwrap(), true).await.unwrap();
    let live = pg.open(true).await.unwrap();
    let meta = snap.info().snapshot.clone().expect("snapshot metadata");
    assert_eq!(meta.taken_at, report.taken_at);
    assert_eq!(snap.info().as_of, Some(report.taken_at));
    assert_eq!(meta.source, live.info().display_name);
    assert!(!meta.source.contains("postgres@"), "{}", meta.source);
    assert_eq!(meta.aether_schema_version.as_deref(), Some("b7c9e1f0a2d4"));
    assert_eq!(meta.since_window.as_deref(), Some("7d"));
    assert_eq!(meta.row_counts, report.row_counts);

    let cutoff = report.taken_at - Duration::days(7);
    let in_window = ds
        .candidates
        .iter()
        .filter(|c| c.created_at.is_some_and(|t| t >= cutoff))
        .count();
    assert!(in_window < ds.candidates.len(), "some rows are older");
    let expected = [
        ("models", ds.models.len()),
        ("provider_api_keys", ds.keys.len()),
        ("provider_endpoints", ds.endpoints.len()),
        ("providers", ds.providers.len()),
        ("request_candidates", in_window),
    ];
    for (table, n) in expected {
        assert_eq!(report.row_counts[table] as usize, n, "{table}");
    }
    assert_reads_equal(&snap, &live, &ds, report.taken_at).await;
    snap.close().await;
    live.close().await;
    snapshot_support::assert_no_secret_column(&out).await;
    pg.drop_now().await;
}

/// Every candidate as the comparison sees it: id, error message, latency, created_at.
type CandidateDump<T> = Vec<(String, Option<String>, Option<i32>, Option<T>)>;

#[tokio::test]
async fn a_table_many_blocks_long_streams_through_whole_and_in_order() {
    let Some((pg, _)) = live_gateway("snapshot_many_blocks").await else {
        return;
    };
    // ~10 MB of rows: several times the blocks the reader may buffer ahead of the writer, with
    // messages of every length so rows straddle block boundaries at every offset, some non-ASCII.
    pg.execute(
        "INSERT INTO request_candidates (id, request_id, candidate_index, retry_index, provider_id, \
         endpoint_id, status, error_message, latency_ms, created_at) \
         SELECT 'bulk-' || lpad(CAST(i AS TEXT), 6, '0'), 'req-bulk-' || i, 0, 0, 'prov-0', 'ep-0-0', \
                'failed', CASE WHEN i % 5 = 0 THEN NULL ELSE repeat('é', i % 200) || i END, \
                i % 9000, now() - make_interval(secs => i) \
         FROM generate_series(1, 60000) AS i",
    )
    .await;
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("bulk.db");
    let mut req = request(&pg.url, &out);
    req.since = Some("all".to_owned());
    let report = snapshot(&req).await.unwrap();

    let live = pg.superuser_pool().await;
    let rows: CandidateDump<Timestamp> = sqlx::query_as(
        "SELECT id, error_message, latency_ms, created_at FROM request_candidates \
         ORDER BY id COLLATE \"C\"",
    )
    .fetch_all(&live)
    .await
    .unwrap();
    live.close().await;
    let expected: CandidateDump<String> = rows
        .into_iter()
        .map(|(id, message, latency, created)| (id, message, latency, created.map(ts_text)))
        .collect();
    let snap = sqlx::SqlitePool::connect(&format!("sqlite://{}", out.display()))
        .await
        .unwrap();
    let copied: CandidateDump<String> = sqlx::query_as(
        "SELECT id, error_message, latency_ms, created_at FROM request_candidates ORDER BY rowid",
    )
    .fetch_all(&snap)
    .await
    .unwrap();
    snap.close().await;
    assert_eq!(
        report.row_counts["request_candidates"] as usize,
        expected.len()
    );
    assert!(expected.len() > 60_000);
    assert!(
        copied == expected,
        "the copied candidates differ from the live ones"
    );
    pg.drop_now().await;
}

#[tokio::test]
async fn snapshot_file_holds_no_byte_of_a_planted_secret() {
    let Some((pg, _)) = live_gateway("snapshot_holds_no_secret").await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("gateway.db");
    let mut req = request(&pg.url, &out);
    req.since = Some("all".into());
    let report = snapshot(&req).await.unwrap();
    assert!(report.row_counts["provider_api_keys"] > 0);

    // Every planted value (api_key, both proxies, the headers) contains "PLANTED".
    let bytes = std::fs::read(&out).unwrap();
    for needle in [PLANTED_SECRET, "PLANTED"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "the snapshot contains {needle}"
        );
    }
    pg.drop_now().await;
}

#[tokio::test]
async fn chosen_providers_bring_only_their_own_rows() {
    let Some((pg, ds)) = live_gateway("snapshot_chosen_providers").await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("one.db");
    let mut req = request(&pg.url, &out);
    req.providers = Some(vec!["prov-1".into()]);
    req.since = Some("72h".into());
    let report = snapshot(&req).await.unwrap();

    let snap = open(out.to_str().unwrap(), true).await.unwrap();
    let live = pg.open(true).await.unwrap();
    let summaries = list_provider_summaries(&snap).await.unwrap();
    assert_eq!(
        summaries.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["prov-1"]
    );
    let cutoff = report.taken_at - Duration::hours(72);
    let mine = ds
        .candidates
        .iter()
        .filter(|c| c.created_at.is_some_and(|t| t >= cutoff))
        .filter(|c| {
            c.provider_id.as_deref() == Some("prov-1")
                || c.endpoint_id
                    .as_deref()
                    .is_some_and(|e| e.starts_with("ep-1-"))
        })
        .count();
    assert_eq!(report.row_counts["request_candidates"] as usize, mine);
    assert_eq!(report.row_counts["provider_api_keys"], 9);
    let chosen = Dataset {
        providers: ds.providers[1..2].to_vec(),
        ..Dataset::default()
    };
    assert_reads_equal(&snap, &live, &chosen, report.taken_at).await;
    snap.close().await;
    live.close().await;

    let mut unknown = request(&pg.url, &dir.path().join("none.db"));
    unknown.providers = Some(vec!["prov-1".into(), "no-such".into()]);
    assert_eq!(
        snapshot(&unknown).await.unwrap_err(),
        Error::not_found("provider", "no-such")
    );
    assert_eq!(files_in(dir.path()), [out]);
    pg.drop_now().await;
}

#[tokio::test]
async fn cancelled_copy_leaves_no_file() {
    let Some((pg, _)) = live_gateway("snapshot_cancelled").await else {
        return;
    };
    // Once the small tables are in the file and the big one starts streaming, and once it is
    // copied and its indexes are being built.
    for cancel_at in [SnapshotStage::Copying, SnapshotStage::Indexing] {
        let dir = TempDir::new().unwrap();
        let out = dir.path().join("cancelled.db");
        let cancel = AtomicBool::new(false);
        let partial_seen = AtomicBool::new(false);
        let on_progress = |p: &SnapshotProgress| {
            if p.table == "request_candidates" && p.stage == cancel_at {
                partial_seen.store(!files_in(dir.path()).is_empty(), Ordering::Relaxed);
                cancel.store(true, Ordering::Relaxed);
            }
        };
        let err = take_snapshot(&request(&pg.url, &out), &on_progress, &cancel)
            .await
            .unwrap_err();
        assert!(matches!(&err, Error::Cancelled), "{cancel_at:?}: {err:?}");
        assert!(
            partial_seen.load(Ordering::Relaxed),
            "{cancel_at:?}: a partial file existed mid-way"
        );
        assert_eq!(files_in(dir.path()), Vec::<PathBuf>::new(), "{cancel_at:?}");
    }
    pg.drop_now().await;
}

#[tokio::test]
async fn lost_connection_mid_copy_leaves_no_file_and_says_so() {
    let Some((pg, _)) = live_gateway("snapshot_lost_connection").await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("lost.db");
    // Kills the copying session from outside (its own thread and runtime: the callback is
    // synchronous) while the big table starts streaming.
    let admin_url = pg.url.clone();
    let on_progress = move |p: &SnapshotProgress| {
        if p.table == "request_candidates" && p.copied == 0 {
            let url = admin_url.clone();
            std::thread::spawn(move || {
                tokio::runtime::Runtime::new().unwrap().block_on(async {
                    let mut admin = PgConnection::connect(&url).await.unwrap();
                    sqlx::query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE application_name = 'aether-review' AND datname = current_database()",
                    )
                    .execute(&mut admin)
                    .await
                    .unwrap();
                    admin.close().await.unwrap();
                })
            })
            .join()
            .unwrap();
        }
    };
    let err = take_snapshot(
        &request(&pg.url, &out),
        &on_progress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::Database { message } if message.contains("lost the connection")),
        "{err:?}"
    );
    assert_eq!(files_in(dir.path()), Vec::<PathBuf>::new());
    pg.drop_now().await;
}

#[tokio::test]
async fn existing_out_is_refused_without_force_and_replaced_with_it() {
    let Some((pg, _)) = live_gateway("snapshot_existing_out").await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("kept.db");
    std::fs::write(&out, b"a colleague's snapshot").unwrap();

    let err = snapshot(&request(&pg.url, &out)).await.unwrap_err();
    assert_eq!(err.field_codes(), [("out", &FieldCode::FileExists)]);
    assert_eq!(std::fs::read(&out).unwrap(), b"a colleague's snapshot");

    let mut forced = request(&pg.url, &out);
    forced.force = true;
    snapshot(&forced).await.unwrap();
    let snap = open(out.to_str().unwrap(), true).await.unwrap();
    assert_eq!(list_provider_summaries(&snap).await.unwrap().len(), 3);
    snap.close().await;
    assert_eq!(files_in(dir.path()), [out]);
    pg.drop_now().await;
}

#[tokio::test]
async fn wrong_password_is_unreachable_without_echoing_it() {
    let Some(pg) = PgTestDb::with_aether_schema("snapshot_wrong_password").await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("never.db");
    let in_url = request(&pg.url_as(PASSWORD_ROLE, "wrong-pw-7Hq2"), &out);
    let mut separate = request(&pg.url_as(PASSWORD_ROLE, "also-wrong-3Zx9"), &out);
    separate.password = Some("wrong-pw-7Hq2".into());
    for req in [in_url, separate] {
        let err = snapshot(&req).await.unwrap_err();
        assert_eq!(err.kind(), "Unreachable", "{err:?}");
        let shown = format!("{err} {}", serde_json::to_string(&err).unwrap());
        assert!(
            !shown.contains("wrong-pw-7Hq2") && !shown.contains("also-wrong-3Zx9"),
            "{shown}"
        );
    }
    assert_eq!(files_in(dir.path()), Vec::<PathBuf>::new());
    pg.drop_now().await;
}

#[tokio::test]
async fn unreachable_server_is_unreachable_and_leaves_no_file() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("never.db");
    let err = snapshot(&request(
        "postgres://admin:pw-Kd81@127.0.0.1:1/aether",
        &out,
    ))
    .await
    .unwrap_err();
    assert_eq!(err.kind(), "Unreachable", "{err:?}");
    assert!(!err.to_string().contains("pw-Kd81"));
    assert_eq!(files_in(dir.path()), Vec::<PathBuf>::new());
}

#[tokio::test]
async fn a_database_that_is_not_aethers_is_a_schema_mismatch() {
    let Some(pg) = PgTestDb::empty("snapshot_not_aether").await else {
        return;
    };
    pg.execute("CREATE TABLE providers (id text PRIMARY KEY, name text)")
        .await;
    let dir = TempDir::new().unwrap();
    let err = snapshot(&request(&pg.url, &dir.path().join("never.db")))
        .await
        .unwrap_err();
    let Error::SchemaMismatch { missing, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(missing.contains(&"providers.billing_type".to_owned()));
    assert!(missing.contains(&"request_candidates.id".to_owned()));
    assert_eq!(files_in(dir.path()), Vec::<PathBuf>::new());
    pg.drop_now().await;
}
