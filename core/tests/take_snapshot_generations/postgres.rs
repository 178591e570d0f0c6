//! Snapshots of Aether v0.3 and the Rust gateway on PostgreSQL.

use super::*;

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
