//! The health monitor's rollups in a snapshot from PostgreSQL: equal to what the live rows give,
//! and a copy without them reads the same through its raw rows.

use aether_review_core::model::HealthQuery;
use aether_review_core::{get_provider_health_monitor, open};
use chrono::Duration;
use tempfile::TempDir;

use super::{live_gateway, request, snapshot};

/// The rollups a snapshot from PostgreSQL carries give what the live rows give, and a copy of the
/// file without rollup tables (as a snapshot made before them) reads the same through its raw rows.
#[tokio::test]
async fn snapshot_rollups_equal_the_raw_rows_and_a_file_without_them_reads_the_same() {
    let Some((pg, ds)) = live_gateway("snapshot_rollups_equal_raw").await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("gateway.db");
    let report = snapshot(&request(&pg.url, &out)).await.unwrap();
    {
        let pool = sqlx::SqlitePool::connect(out.to_str().unwrap())
            .await
            .unwrap();
        let (state,): (i64,) = sqlx::query_as("SELECT candidates FROM aether_review_rollup_state")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(
            u64::try_from(state).unwrap(),
            report.row_counts["request_candidates"]
        );
        // A small dataset's endpoints are read raw; rolled up, they must read the same.
        let rolled = "SELECT COUNT(*) FROM aether_review_rollup_endpoints";
        let (n,): (i64,) = sqlx::query_as(rolled).fetch_one(&pool).await.unwrap();
        assert_eq!(n, 0);
        aether_review_core::health::rollup::write_rollups_of(&pool, 1)
            .await
            .unwrap();
        let (n,): (i64,) = sqlx::query_as(rolled).fetch_one(&pool).await.unwrap();
        let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM aether_review_rollup")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(n > 0 && rows > 0);
        pool.close().await;
    }
    let older = dir.path().join("older.db");
    std::fs::copy(&out, &older).unwrap();
    {
        let pool = sqlx::SqlitePool::connect(older.to_str().unwrap())
            .await
            .unwrap();
        sqlx::raw_sql(
            "DROP TABLE aether_review_rollup; DROP TABLE aether_review_rollup_codes; \
             DROP TABLE aether_review_rollup_state; DROP TABLE aether_review_rollup_endpoints;",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let snap = open(out.to_str().unwrap(), true).await.unwrap();
    let without = open(older.to_str().unwrap(), true).await.unwrap();
    let live = pg.open(true).await.unwrap();
    // Whole hours, whole minutes, and a time inside a minute; slices wider and narrower than one.
    let minute =
        report.taken_at - Duration::seconds(i64::from(report.taken_at.timestamp() as i32 % 60));
    let times = [
        report.taken_at,
        minute,
        minute - Duration::minutes(minute.timestamp() / 60 % 60),
    ];
    for p in &ds.providers {
        for as_of in times {
            for (hours, buckets) in [(72, 60), (6, 37), (1, 240), (24, 10)] {
                let query = HealthQuery {
                    lookback_hours: Some(hours),
                    per_endpoint_limit: Some(10),
                    buckets: Some(buckets),
                    as_of: Some(as_of),
                };
                let from_rollups = get_provider_health_monitor(&snap, &p.id, &query)
                    .await
                    .unwrap();
                let from_live = get_provider_health_monitor(&live, &p.id, &query)
                    .await
                    .unwrap();
                assert_eq!(from_rollups, from_live, "{} {query:?}", p.id);
                let from_raw = get_provider_health_monitor(&without, &p.id, &query)
                    .await
                    .unwrap();
                assert_eq!(from_rollups, from_raw, "{} {query:?}", p.id);
            }
        }
    }
    snap.close().await;
    without.close().await;
    live.close().await;
    pg.drop_now().await;
}
