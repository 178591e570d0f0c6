//! The health monitor's rollups and the fleet's packed columns in a snapshot from PostgreSQL:
//! equal to what the live rows give, and a copy without them reads the same through its raw rows.

use aether_review_core::model::{FleetQuery, HealthQuery};
use aether_review_core::{get_fleet_health, get_provider_health_monitor, open};
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
    // As taken: every endpoint quiet, so packed; `out` is then rolled up whole below.
    let as_taken = dir.path().join("as-taken.db");
    std::fs::copy(&out, &as_taken).unwrap();
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
        // Every endpoint was quiet when copied: its events are packed, all of them.
        let (packed,): (i64,) =
            sqlx::query_as("SELECT COALESCE(SUM(events), 0) FROM aether_review_endpoint_events")
                .fetch_one(&pool)
                .await
                .unwrap();
        let (timed,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM request_candidates \
             WHERE endpoint_id IS NOT NULL AND created_at IS NOT NULL",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(packed, timed);
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
             DROP TABLE aether_review_rollup_state; DROP TABLE aether_review_rollup_endpoints; \
             DROP TABLE aether_review_endpoint_events; \
             DROP TABLE aether_review_endpoint_events_state;",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let snap = open(out.to_str().unwrap(), true).await.unwrap();
    let without = open(older.to_str().unwrap(), true).await.unwrap();
    let live = pg.open(true).await.unwrap();
    let packed_file = open(as_taken.to_str().unwrap(), true).await.unwrap();
    // Whole hours, whole minutes, and a time inside a minute; slices wider and narrower than one.
    let minute =
        report.taken_at - Duration::seconds(i64::from(report.taken_at.timestamp() as i32 % 60));
    let times = [
        report.taken_at,
        minute,
        minute - Duration::minutes(minute.timestamp() / 60 % 60),
    ];
    for as_of in times {
        for (hours, buckets) in [(72, 60), (6, 37), (1, 240)] {
            let query = FleetQuery {
                lookback_hours: Some(hours),
                buckets: Some(buckets),
                as_of: Some(as_of),
                ..FleetQuery::default()
            };
            let from_live = get_fleet_health(&live, &query).await.unwrap();
            assert!(!from_live.endpoints.is_empty());
            for file in [&packed_file, &snap, &without] {
                assert_eq!(get_fleet_health(file, &query).await.unwrap(), from_live);
            }
        }
    }
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
    packed_file.close().await;
    without.close().await;
    live.close().await;
    pg.drop_now().await;
}
