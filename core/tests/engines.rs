//! The same dataset in a SQLite snapshot and in a PostgreSQL database created like Aether's:
//! every operation must give the same answer on both engines, and the PostgreSQL-only behaviour
//! (the `providerbillingtype` enum, read-only sessions) must hold on a real server.

mod common;
mod pg_support;

use aether_review_core::dataset::{
    CandidateRow, Dataset, EndpointRow, KeyRow, ModelRow, ProviderRow,
};
use aether_review_core::db::Pool;
use aether_review_core::model::{BillingType, HealthQuery, ProviderSummary, Timestamp};
use aether_review_core::{
    get_provider_health_monitor, get_provider_summary, list_provider_summaries,
    update_provider_settings, Database, Error,
};
use chrono::{Duration, TimeZone, Utc};
use common::sqlite::load_sqlite;
use common::strategies;
use pg_support::{PgTestDb, PLANTED_SECRET};
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use serde_json::json;

/// The health monitor's "now" in every test: PostgreSQL defaults to the wall clock and a
/// snapshot to its newest event, so both are given this explicitly.
fn as_of() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

/// A time `minutes` before [`as_of`], with a sub-second part both engines must keep.
fn before(minutes: i64, micros: i64) -> Timestamp {
    as_of() - Duration::minutes(minutes) + Duration::microseconds(micros)
}

fn provider(id: &str, billing: BillingType, priority: i32, created: Timestamp) -> ProviderRow {
    ProviderRow {
        id: id.into(),
        name: id.into(),
        display_name: format!("Provider {id}"),
        description: None,
        website: None,
        billing_type: billing,
        monthly_quota_usd: None,
        monthly_used_usd: None,
        quota_reset_day: None,
        quota_last_reset_at: None,
        quota_expires_at: None,
        rpm_limit: None,
        rpm_used: None,
        rpm_reset_at: None,
        provider_priority: priority,
        is_active: true,
        created_at: Some(created),
        updated_at: Some(created),
        gateway: Default::default(),
    }
}

fn endpoint(id: &str, provider_id: &str, format: &str, active: bool, minutes: i64) -> EndpointRow {
    EndpointRow {
        id: id.into(),
        provider_id: provider_id.into(),
        api_format: format.into(),
        base_url: format!("https://{id}.example.com/v1"),
        is_active: active,
        created_at: Some(before(60 * 24 * 30 + minutes, 0)),
    }
}

fn key(id: &str, endpoint_id: &str, health: Option<f64>, active: bool) -> KeyRow {
    KeyRow {
        id: id.into(),
        endpoint_id: endpoint_id.into(),
        name: Some(format!("key {id}")),
        health_score: health,
        is_active: active,
        ..KeyRow::new("", "", "")
    }
}

fn model(id: &str, provider_id: &str, active: bool) -> ModelRow {
    ModelRow {
        id: id.into(),
        provider_id: provider_id.into(),
        provider_model_name: format!("model-{id}"),
        is_active: active,
    }
}

/// Routing attempts on `endpoint_id` spread over the last `hours`, cycling through statuses,
/// codes, missing latencies and error types; `seed` varies the pattern between endpoints.
fn traffic(
    endpoint_id: &str,
    provider_id: &str,
    hours: i64,
    count: i64,
    seed: i64,
) -> Vec<CandidateRow> {
    let statuses = [
        "success", "success", "failed", "skipped", "success", "pending", "failed",
    ];
    (0..count)
        .map(|i| {
            let status = statuses[((i + seed) % statuses.len() as i64) as usize];
            let created = before(
                hours * 60 * (count - i) / count,
                (i * 37 + seed) % 1_000_000,
            );
            let failed = status == "failed";
            CandidateRow {
                skip_reason: None,
                id: format!("{endpoint_id}-c{i:04}"),
                request_id: format!("req-{seed}-{}", i / 2),
                candidate_index: (i % 3) as i32,
                retry_index: (i % 2) as i32,
                provider_id: Some(provider_id.into()),
                endpoint_id: Some(endpoint_id.into()),
                key_id: None,
                status: status.into(),
                status_code: match status {
                    "success" => Some(200),
                    "failed" if i % 2 == 0 => Some(429),
                    "failed" => Some(502),
                    _ => None,
                },
                error_type: failed
                    .then(|| ["rate_limit", "upstream_error"][(i % 2) as usize].into()),
                error_message: failed.then(|| format!("attempt {i} failed")),
                latency_ms: (status != "skipped" && i % 5 != 0)
                    .then_some((40 + (i * 131 + seed) % 4000) as i32),
                created_at: Some(created),
                started_at: (status != "skipped").then_some(created + Duration::milliseconds(3)),
                finished_at: (status == "success" || failed)
                    .then_some(created + Duration::milliseconds(900)),
            }
        })
        .collect()
}

/// Four providers covering the rules' edge cases: every billing type, a priority tie broken by
/// created_at and one by id, NULL health scores, an endpoint without keys, an inactive unhealthy
/// endpoint, a provider without endpoints; traffic inside and outside the window, rows with NULL
/// endpoint_id and rows whose provider_id disagrees with their endpoint.
fn mixed_dataset() -> Dataset {
    let old = before(60 * 24 * 90, 0);
    let mut alpha = provider(
        "p-alpha",
        BillingType::MonthlyQuota,
        1,
        old + Duration::days(1),
    );
    alpha.monthly_quota_usd = Some(100.0);
    alpha.monthly_used_usd = Some(37.5);
    alpha.quota_reset_day = Some(1);
    alpha.quota_expires_at = Some(before(-60 * 24 * 10, 250_000));
    alpha.rpm_limit = Some(600);
    alpha.rpm_used = Some(12);
    alpha.website = Some("https://alpha.example.com".into());
    let beta = provider("p-beta", BillingType::PayAsYouGo, 1, old);
    let mut gamma = provider("p-gamma", BillingType::FreeTier, 5, old);
    gamma.rpm_limit = Some(0);
    gamma.description = Some("free tier, blocked".into());
    let mut empty = provider("p-empty", BillingType::FreeTier, 5, old);
    empty.is_active = false;

    let endpoints = vec![
        endpoint("e-alpha-claude", "p-alpha", "CLAUDE", true, 0),
        endpoint("e-alpha-openai", "p-alpha", "OPENAI", true, -5),
        endpoint("e-beta-gemini", "p-beta", "GEMINI", true, 0),
        endpoint("e-beta-cli", "p-beta", "OPENAI_CLI", false, 0),
        endpoint("e-gamma-claude", "p-gamma", "CLAUDE_CLI", true, 0),
    ];
    // Dyadic scores: their sums are exact, so neither engine's summation order can matter.
    let keys = vec![
        key("k1", "e-alpha-claude", Some(0.25), true),
        key("k2", "e-alpha-claude", Some(0.75), false),
        key("k3", "e-alpha-claude", None, true),
        key("k4", "e-alpha-openai", None, true),
        key("k5", "e-beta-cli", Some(0.125), true),
        key("k6", "e-gamma-claude", Some(1.0), true),
        key("k7", "e-gamma-claude", Some(0.5), false),
    ];
    let models = vec![
        model("m1", "p-alpha", true),
        model("m2", "p-alpha", false),
        model("m3", "p-beta", true),
        model("m4", "p-gamma", true),
    ];

    let mut candidates = Vec::new();
    candidates.extend(traffic("e-alpha-claude", "p-alpha", 8, 240, 1));
    candidates.extend(traffic("e-alpha-openai", "p-alpha", 2, 30, 2));
    candidates.extend(traffic("e-gamma-claude", "p-gamma", 80, 120, 3));
    // Belongs to e-beta-gemini although it names another provider.
    candidates.extend(traffic("e-beta-gemini", "p-alpha", 1, 12, 4));
    let mut orphan = traffic("e-none", "p-alpha", 1, 5, 5);
    for row in &mut orphan {
        row.endpoint_id = None;
    }
    candidates.extend(orphan);
    // After as_of: outside every window.
    let mut future = traffic("e-alpha-claude-future", "p-alpha", 1, 4, 6);
    for row in &mut future {
        row.endpoint_id = Some("e-alpha-claude".into());
        row.created_at = row.created_at.map(|t| t + Duration::hours(2));
    }
    candidates.extend(future);

    Dataset {
        providers: vec![alpha, beta, gamma, empty],
        endpoints,
        keys,
        models,
        candidates,
    }
}

/// One dataset on both engines: SQLite in a temporary directory, PostgreSQL in a fresh test
/// database (`None` when PostgreSQL tests are skipped).
struct BothEngines {
    _dir: tempfile::TempDir,
    lite: Database,
    postgres: Database,
    pg: PgTestDb,
}

impl BothEngines {
    async fn load(name: &str, dataset: &Dataset, read_only: bool) -> Option<Self> {
        let pg = PgTestDb::with_dataset(name, dataset).await?;
        let (dir, lite) = load_sqlite(dataset).await;
        let postgres = pg.open(read_only).await.unwrap();
        Some(Self {
            _dir: dir,
            lite,
            postgres,
            pg,
        })
    }

    async fn finish(self) {
        self.postgres.close().await;
        self.pg.drop_now().await;
    }
}

fn health_queries() -> Vec<HealthQuery> {
    vec![
        HealthQuery {
            as_of: Some(as_of()),
            ..HealthQuery::default()
        },
        HealthQuery {
            lookback_hours: Some(72),
            per_endpoint_limit: Some(200),
            as_of: Some(as_of()),
            buckets: Some(240),
        },
        HealthQuery {
            lookback_hours: Some(1),
            per_endpoint_limit: Some(10),
            as_of: Some(as_of() - Duration::minutes(30)),
            buckets: Some(10),
        },
    ]
}

#[tokio::test]
async fn summaries_are_equal_on_sqlite_and_postgres() {
    let dataset = mixed_dataset();
    let Some(engines) = BothEngines::load("summaries_equal", &dataset, true).await else {
        return;
    };
    let (lite, postgres) = (&engines.lite, &engines.postgres);

    // The quota reset is seen at each database's as-of time: the file's own, the live server's
    // clock; everything else must be equal.
    let without_reset = |mut all: Vec<ProviderSummary>| {
        for s in &mut all {
            s.next_quota_reset = None;
        }
        all
    };
    let on_sqlite = without_reset(list_provider_summaries(lite).await.unwrap());
    let on_postgres = without_reset(list_provider_summaries(postgres).await.unwrap());

    assert_eq!(on_sqlite.len(), dataset.providers.len());
    assert_eq!(on_sqlite, on_postgres);
    for provider in &dataset.providers {
        assert_eq!(
            without_reset(vec![get_provider_summary(lite, &provider.id)
                .await
                .unwrap()]),
            without_reset(vec![get_provider_summary(postgres, &provider.id)
                .await
                .unwrap()]),
            "{}",
            provider.id
        );
    }
    let shown = serde_json::to_string(&on_postgres).unwrap();
    assert!(!shown.contains(PLANTED_SECRET) && !shown.contains("PLANTED-PROXY"));
    engines.finish().await;
}

#[tokio::test]
async fn unknown_provider_is_not_found_on_both_engines() {
    let dataset = mixed_dataset();
    let Some(engines) = BothEngines::load("not_found_equal", &dataset, true).await else {
        return;
    };
    let (lite, postgres) = (&engines.lite, &engines.postgres);

    for db in [lite, postgres] {
        assert!(matches!(
            get_provider_summary(db, "p-missing").await,
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            get_provider_health_monitor(db, "p-missing", &health_queries()[0]).await,
            Err(Error::NotFound { .. })
        ));
    }
    engines.finish().await;
}

#[tokio::test]
async fn health_monitors_are_equal_on_sqlite_and_postgres() {
    let dataset = mixed_dataset();
    let Some(engines) = BothEngines::load("health_equal", &dataset, true).await else {
        return;
    };
    let (lite, postgres) = (&engines.lite, &engines.postgres);

    let mut events_seen = 0;
    for provider in &dataset.providers {
        for query in health_queries() {
            let on_sqlite = get_provider_health_monitor(lite, &provider.id, &query)
                .await
                .unwrap();
            let on_postgres = get_provider_health_monitor(postgres, &provider.id, &query)
                .await
                .unwrap();
            events_seen += on_sqlite
                .endpoints
                .iter()
                .map(|e| e.events.len())
                .sum::<usize>();
            assert_eq!(on_sqlite, on_postgres, "{} {query:?}", provider.id);
        }
    }
    assert!(events_seen > 0, "the comparison must cover real events");
    engines.finish().await;
}

#[tokio::test]
async fn update_gives_the_same_summary_on_sqlite_and_postgres() {
    let dataset = mixed_dataset();
    let Some(engines) = BothEngines::load("update_equal", &dataset, false).await else {
        return;
    };
    let (lite, postgres) = (&engines.lite, &engines.postgres);
    let patch = json!({
        "display_name": "  Beta, renamed  ",
        "billing_type": "monthly_quota",
        "monthly_quota_usd": 250.5,
        "quota_reset_day": 15,
        "quota_expires_at": "2026-12-31T23:59:59+08:00",
        "rpm_limit": null,
        "website": "https://beta.example.org"
    });

    let mut on_sqlite = update_provider_settings(lite, "p-beta", &patch, None)
        .await
        .unwrap();
    let mut on_postgres = update_provider_settings(postgres, "p-beta", &patch, None)
        .await
        .unwrap();

    assert!(on_sqlite.updated_at > dataset.providers[1].updated_at);
    assert!(on_postgres.updated_at > dataset.providers[1].updated_at);
    // updated_at is each engine's own "now", the quota reset seen at each one's as-of time;
    // everything else must agree.
    on_sqlite.updated_at = None;
    on_postgres.updated_at = None;
    on_sqlite.next_quota_reset = None;
    on_postgres.next_quota_reset = None;
    assert_eq!(on_sqlite, on_postgres);
    engines.finish().await;
}

#[derive(sqlx::FromRow)]
struct StoredBilling {
    value: String,
    type_name: String,
}

#[tokio::test]
async fn update_on_postgres_writes_billing_type_through_the_enum_type() {
    let dataset = mixed_dataset();
    let Some(pg) = PgTestDb::with_dataset("update_enum", &dataset).await else {
        return;
    };
    let db = pg.open(false).await.unwrap();
    let patch = json!({"billing_type": "free_tier"});

    let returned = update_provider_settings(&db, "p-alpha", &patch, None)
        .await
        .unwrap();
    db.close().await;

    assert_eq!(returned.billing_type, Some(BillingType::FreeTier));
    let fresh = pg.open(true).await.unwrap();
    let reread = get_provider_summary(&fresh, "p-alpha").await.unwrap();
    assert_eq!(reread.billing_type, Some(BillingType::FreeTier));
    assert_eq!(reread.updated_at, returned.updated_at);
    let raw = pg.superuser_pool().await;
    let stored: StoredBilling = sqlx::query_as(
        "SELECT billing_type::text AS value, pg_typeof(billing_type)::text AS type_name \
         FROM providers WHERE id = $1",
    )
    .bind("p-alpha")
    .fetch_one(&raw)
    .await
    .unwrap();
    assert_eq!(stored.value, "free_tier");
    assert_eq!(stored.type_name, "providerbillingtype");
    raw.close().await;
    fresh.close().await;
    pg.drop_now().await;
}

#[derive(sqlx::FromRow)]
struct Setting {
    value: String,
}

#[tokio::test]
async fn read_only_postgres_session_refuses_updates_and_writes_nothing() {
    let dataset = mixed_dataset();
    let Some(pg) = PgTestDb::with_dataset("read_only_update", &dataset).await else {
        return;
    };
    let db = pg.open(true).await.unwrap();
    let before_update = get_provider_summary(&db, "p-gamma").await.unwrap();

    let result = update_provider_settings(&db, "p-gamma", &json!({"rpm_limit": 1000}), None).await;

    assert!(matches!(result, Err(Error::ReadOnly)), "{result:?}");
    let Pool::Postgres(pool) = db.pool() else {
        panic!("a PostgreSQL session")
    };
    // The server itself refuses writes in this session, not only Aether Review's own check.
    let setting: Setting =
        sqlx::query_as("SELECT current_setting('default_transaction_read_only') AS value")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(setting.value, "on");
    db.close().await;
    let fresh = pg.open(true).await.unwrap();
    assert_eq!(
        get_provider_summary(&fresh, "p-gamma").await.unwrap(),
        before_update
    );
    fresh.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn every_read_matches_the_reference_model_on_both_engines() {
    let dataset = mixed_dataset();
    let Some(engines) = BothEngines::load("reads_match_reference", &dataset, true).await else {
        return;
    };
    let (lite, postgres) = (&engines.lite, &engines.postgres);

    common::assert_reads_match_reference(lite, &dataset, as_of()).await;
    common::assert_reads_match_reference(postgres, &dataset, as_of()).await;

    engines.finish().await;
}

/// The property tests' random datasets (every edge case of the rules) on PostgreSQL, one database
/// refilled per case: each read operation equals the reference model there too.
#[test]
fn random_datasets_on_postgres_match_the_reference_model() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(pg) = runtime.block_on(PgTestDb::with_aether_schema("pg_reference_props")) else {
        return;
    };
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 24,
        ..ProptestConfig::default()
    });

    let outcome = runner.run(&strategies::dataset(), |ds| {
        runtime.block_on(async {
            pg.replace_rows(&ds).await;
            let db = pg.open(true).await.expect("the refilled database opens");
            common::assert_reads_match_reference(&db, &ds, strategies::as_of()).await;
            db.close().await;
        });
        Ok(())
    });

    runtime.block_on(pg.drop_now());
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// The demo generator's snapshot copied into PostgreSQL: both engines, and the reference model
/// given the snapshot's own rows, agree on the summaries and each provider's timeline.
#[tokio::test]
async fn demo_snapshot_reads_the_same_in_postgres_and_matches_the_reference_model() {
    if pg_support::admin_url("demo_on_both_engines").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    aether_review_core::demo::generate(&path, aether_review_core::demo::Scale::Demo, 7)
        .await
        .expect("the demo snapshot is generated");
    let lite = aether_review_core::open(path.to_str().unwrap(), true)
        .await
        .expect("the demo snapshot opens");
    let as_of = lite.info().as_of.expect("a snapshot has an as-of time");
    let dataset = pg_support::read_back::dataset_of(&lite).await;
    assert!(dataset.providers.len() >= 10 && !dataset.candidates.is_empty());
    let pg = PgTestDb::with_dataset("demo_on_both_engines", &dataset)
        .await
        .expect("the server is configured");
    let postgres = pg.open(true).await.unwrap();

    assert_eq!(
        list_provider_summaries(&lite).await.unwrap(),
        list_provider_summaries(&postgres).await.unwrap()
    );
    common::assert_summaries_match_reference(&postgres, &dataset).await;
    // One query per provider: the demo has tens of thousands of events and the reference model
    // runs unoptimized; the random datasets above cover the other arguments.
    let query = HealthQuery {
        as_of: Some(as_of),
        ..HealthQuery::default()
    };
    for provider in &dataset.providers {
        let on_sqlite = get_provider_health_monitor(&lite, &provider.id, &query)
            .await
            .unwrap();
        let on_postgres = get_provider_health_monitor(&postgres, &provider.id, &query)
            .await
            .unwrap();
        assert_eq!(on_sqlite, on_postgres, "{}", provider.id);
        common::assert_health_matches_reference(&postgres, &dataset, &provider.id, &query, as_of)
            .await;
    }

    postgres.close().await;
    pg.drop_now().await;
}
