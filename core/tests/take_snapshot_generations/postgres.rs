//! Snapshots of Aether v0.3 and the Rust gateway on PostgreSQL.

use super::*;
use aether_review_core::get_request_chain;
use aether_review_core::model::{ChainEnd, ChainGap};

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
    dataset(now, generation)
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
    assert_eq!(report.providers, Some(vec!["kiro".to_owned()]));
    assert_no_planted_bytes(&one);
    assert_chains_name_the_provider_filter(&one).await;
    pg.drop_now().await;
}

/// In a snapshot of provider `kiro` alone, the filter is recorded and named by a chain that
/// lacks a candidate and by one that gave up.
async fn assert_chains_name_the_provider_filter(path: &Path) {
    let snap = open(path.to_str().unwrap(), true).await.unwrap();
    let kiro = vec!["kiro".to_owned()];
    let meta = snap.info().snapshot.clone().unwrap();
    assert_eq!(meta.providers.as_ref(), Some(&kiro));
    let filter = ChainGap::SnapshotProviders {
        provider_ids: kiro.clone(),
    };
    // req-2: candidate 0 went to provider b (not copied), candidate 1 succeeded on kiro.
    let chain = get_request_chain(&snap, "req-2").await.unwrap();
    assert!(chain.incomplete);
    assert_eq!(
        chain.gaps,
        [
            ChainGap::MissingCandidates {
                candidate_indexes: vec![0]
            },
            filter.clone()
        ]
    );
    // req-1: kiro skipped candidate 0; candidate 1 went to provider a, which the file lacks.
    let chain = get_request_chain(&snap, "req-1").await.unwrap();
    assert_eq!(chain.end, ChainEnd::GaveUp);
    assert!(
        !chain.incomplete,
        "nothing is seen missing; it may be: {chain:?}"
    );
    assert_eq!(chain.gaps, [filter]);
    snap.close().await;
}

#[tokio::test]
async fn v03_postgres_snapshot_reads_as_the_live_database_and_holds_no_secret() {
    snapshot_of_postgres("snapshot_v03_pg", V03_SCHEMA, Generation::V03).await;
}

#[tokio::test]
async fn rust_postgres_snapshot_reads_as_the_live_database_and_holds_no_secret() {
    snapshot_of_postgres("snapshot_rust_pg", RUST_PG_SCHEMA, Generation::Rust).await;
}
