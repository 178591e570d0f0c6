//! Timing of the read operations on a snapshot of SPEC §4's size (1,000 providers × 3 endpoints ×
//! 5 keys, 20 models each, 2,000,000 events over 72 h). Ignored by default: it builds a large
//! file once (reused from `AETHER_REVIEW_LARGE_READ_DB` or the temporary directory) and prints
//! medians; run with `cargo test -p aether-review-core --release --test read_perf -- --ignored
//! --nocapture`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aether_review_core::dataset::{Dataset, EndpointRow, KeyRow, ModelRow, ProviderRow};
use aether_review_core::db::{self, Pool};
use aether_review_core::model::{BillingType, HealthQuery, Timestamp};
use aether_review_core::{
    get_provider_health_monitor, get_provider_summary, list_provider_summaries,
};
use chrono::{TimeDelta, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const PROVIDERS: usize = 1_000;
const ENDPOINTS_PER_PROVIDER: usize = FORMATS.len();
const KEYS_PER_ENDPOINT: usize = 5;
const MODELS_PER_PROVIDER: usize = 20;
const CANDIDATES: usize = 2_000_000;
const FORMATS: [&str; 3] = ["CLAUDE", "OPENAI", "GEMINI"];

fn as_of() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

fn catalog(rng: &mut ChaCha8Rng) -> Dataset {
    let mut ds = Dataset::default();
    for p in 0..PROVIDERS {
        let provider_id = format!("prov-{p:05}");
        ds.providers.push(ProviderRow {
            id: provider_id.clone(),
            name: format!("provider-{p}"),
            display_name: format!("Provider {p}"),
            description: None,
            website: None,
            billing_type: BillingType::ALL[p % 3],
            monthly_quota_usd: Some(100.0),
            monthly_used_usd: Some(rng.gen_range(0.0..100.0)),
            quota_reset_day: Some(1),
            quota_last_reset_at: None,
            quota_expires_at: None,
            rpm_limit: None,
            rpm_used: Some(0),
            rpm_reset_at: None,
            provider_priority: rng.gen_range(0..50),
            is_active: p % 10 != 0,
            created_at: Some(as_of() - TimeDelta::days(400) + TimeDelta::minutes(p as i64)),
            updated_at: None,
        });
        for (e, api_format) in FORMATS.iter().enumerate() {
            let endpoint_id = format!("ep-{p:05}-{e}");
            for k in 0..KEYS_PER_ENDPOINT {
                ds.keys.push(KeyRow {
                    id: format!("key-{p:05}-{e}-{k}"),
                    endpoint_id: endpoint_id.clone(),
                    name: None,
                    health_score: Some(rng.gen_range(0.0..1.0)),
                    is_active: k != 0,
                });
            }
            ds.endpoints.push(EndpointRow {
                id: endpoint_id,
                provider_id: provider_id.clone(),
                api_format: (*api_format).to_owned(),
                base_url: "https://api.example".to_owned(),
                is_active: true,
                created_at: Some(as_of() - TimeDelta::days(300) + TimeDelta::minutes(e as i64)),
            });
        }
        for m in 0..MODELS_PER_PROVIDER {
            ds.models.push(ModelRow {
                id: format!("model-{p:05}-{m:02}"),
                provider_id: provider_id.clone(),
                provider_model_name: format!("model-{m}"),
                is_active: m % 4 != 0,
            });
        }
    }
    ds
}

/// 2,000,000 events in time order (as Aether writes them) over the 72 h before `as_of()`, spread
/// over every endpoint by a multiplicative hash: written by SQLite itself, row by row through the
/// driver would take minutes.
const CANDIDATES_SQL: &str = "
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $1 - 1),
h AS (SELECT i, (i * 2654435761) % 4294967296 AS h, i * (259200000000 / $1) AS off FROM n),
r AS (SELECT i, off, h % 1000 AS p, (h / 1000) % 3 AS e, (h / 3000) % 100 AS roll,
             50 + (h / 300000) % 2950 AS latency FROM h)
INSERT INTO request_candidates (id, request_id, candidate_index, retry_index, provider_id,
    endpoint_id, key_id, status, status_code, error_type, error_message, latency_ms,
    created_at, started_at, finished_at)
SELECT printf('rc-%08d', i), printf('req-%08d', i / 2), i % 2, 0, printf('prov-%05d', p),
    printf('ep-%05d-%d', p, e), printf('key-%05d-%d-1', p, e),
    CASE WHEN roll < 85 THEN 'success' WHEN roll < 97 THEN 'failed' ELSE 'skipped' END,
    CASE WHEN roll < 85 THEN 200 WHEN roll < 94 THEN 502 WHEN roll < 97 THEN 429 END,
    CASE WHEN roll < 85 THEN NULL WHEN roll < 94 THEN 'upstream_error' WHEN roll < 97 THEN 'rate_limit' END,
    CASE WHEN roll >= 85 AND roll < 97 THEN 'upstream answered badly' END,
    CASE WHEN roll < 97 THEN latency END,
    strftime('%Y-%m-%dT%H:%M:%S', '2026-11-17 12:00:00', '+' || (off / 1000000) || ' seconds')
        || printf('.%06dZ', off % 1000000),
    strftime('%Y-%m-%dT%H:%M:%S', '2026-11-17 12:00:00', '+' || (off / 1000000) || ' seconds')
        || printf('.%06dZ', off % 1000000),
    strftime('%Y-%m-%dT%H:%M:%S', '2026-11-17 12:00:00',
        '+' || ((off + latency * 1000) / 1000000) || ' seconds')
        || printf('.%06dZ', (off + latency * 1000) % 1000000)
FROM r";

async fn build(path: &Path) {
    let started = Instant::now();
    let pool = db::create_snapshot_file(path).await.unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    catalog(&mut rng)
        .insert_into(&Pool::Sqlite(pool.clone()))
        .await
        .unwrap();
    // The (endpoint_id, created_at) index is written in random order: keep it in memory.
    sqlx::query("PRAGMA cache_size = -1000000")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(CANDIDATES_SQL)
        .bind(CANDIDATES as i64)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    eprintln!("built {} in {:?}", path.display(), started.elapsed());
}

/// CPU time of every thread of this process so far (SQLite's worker threads included), from
/// Linux's per-thread scheduler statistics: on a shared machine wall time also counts waiting
/// for a core.
fn process_cpu() -> Duration {
    let tasks = std::fs::read_dir("/proc/self/task").expect("Linux /proc");
    let nanos: u64 = tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

/// Median wall time and mean CPU time of `runs` calls.
async fn measure<F, Fut>(runs: usize, mut f: F) -> (Duration, Duration)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(runs);
    let cpu_before = process_cpu();
    for _ in 0..runs {
        let t = Instant::now();
        f().await;
        times.push(t.elapsed());
    }
    let cpu = (process_cpu() - cpu_before) / runs as u32;
    times.sort();
    (times[runs / 2], cpu)
}

fn report(what: &str, (wall, cpu): (Duration, Duration), statements: u64, target_ms: u64) {
    let ok = if wall <= Duration::from_millis(target_ms) {
        "ok"
    } else {
        "OVER"
    };
    eprintln!(
        "{what:<44} median {wall:>9.2?} (cpu {cpu:>9.2?})  {statements} statements  \
         target ≤ {target_ms} ms  {ok}"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "builds a 2,000,000-event snapshot; run with --ignored --nocapture"]
async fn large_snapshot_reads_meet_the_targets() {
    let path = std::env::var_os("AETHER_REVIEW_LARGE_READ_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("aether-review-large-read.sqlite"));
    if !path.exists() {
        build(&path).await;
    }
    let db = db::open(path.to_str().unwrap(), true).await.unwrap();

    let before = db.statements_executed();
    let all = list_provider_summaries(&db).await.unwrap();
    assert_eq!(all.len(), PROVIDERS);
    let statements = db.statements_executed() - before;
    let t = measure(11, || async {
        list_provider_summaries(&db).await.unwrap();
    })
    .await;
    report("list_provider_summaries (1,000)", t, statements, 50);

    let ids: Vec<String> = all.iter().step_by(97).map(|s| s.id.clone()).collect();
    let mut i = 0;
    let before = db.statements_executed();
    let t = measure(51, || {
        i += 1;
        let id = ids[i % ids.len()].clone();
        let db = &db;
        async move {
            get_provider_summary(db, &id).await.unwrap();
        }
    })
    .await;
    let statements = (db.statements_executed() - before) / 51;
    report("get_provider_summary", t, statements, 5);

    let query = HealthQuery {
        lookback_hours: Some(72),
        per_endpoint_limit: Some(200),
        buckets: Some(60),
        as_of: None,
    };
    let before = db.statements_executed();
    let t = measure(21, || {
        i += 1;
        let id = ids[i % ids.len()].clone();
        let (db, query) = (&db, &query);
        async move {
            let m = get_provider_health_monitor(db, &id, query).await.unwrap();
            assert_eq!(m.endpoints.len(), ENDPOINTS_PER_PROVIDER);
            assert!(m.window.total > 0);
        }
    })
    .await;
    let statements = (db.statements_executed() - before) / 21;
    report(
        "health monitor 72 h, limit 200, 60 buckets",
        t,
        statements,
        30,
    );
}
