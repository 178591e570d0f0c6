//! The latency bin SQL computes is the bin Rust computes, on both engines, at every boundary.

mod pg_support;

use aether_review_core::health::histogram::{bin_of, sql_bin, upper_bounds, ZERO_BIN};
use sqlx::Row;

/// Every bin's largest latency and the next integer, the zero bin's edge, and the extremes.
fn values() -> Vec<i64> {
    let mut values: Vec<i64> = upper_bounds()
        .iter()
        .flat_map(|&u| [u - 1, u, u + 1])
        .chain([-1_000, -1, 0, 1, 2, 3, 49, 50, 51, i64::from(i32::MAX)])
        .collect();
    values.sort_unstable();
    values.dedup();
    values
}

/// `SELECT v, bin(v)` over [`values`], as the database computes it.
fn bins_sql() -> String {
    let rows = values()
        .iter()
        .map(|v| format!("({v})"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WITH t(v) AS (VALUES {rows}) \
         SELECT CAST(v AS BIGINT) AS v, CAST({} AS BIGINT) AS bin FROM t ORDER BY v",
        sql_bin("CAST(v AS BIGINT)")
    )
}

fn check(rows: Vec<(i64, i64)>) {
    assert_eq!(rows.len(), values().len());
    for (v, bin) in rows {
        assert_eq!(bin, i64::from(bin_of(v)), "latency {v}");
    }
}

#[tokio::test]
async fn sqlite_bins_latencies_as_rust_does() {
    let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
    let rows = sqlx::query(&bins_sql()).fetch_all(&pool).await.unwrap();
    check(rows.iter().map(|r| (r.get(0), r.get(1))).collect());
    let null: Option<i64> = sqlx::query_scalar(&format!("SELECT {}", sql_bin("NULL")))
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(null, None);
    assert_eq!(bin_of(0), ZERO_BIN);
}

#[tokio::test]
async fn postgres_bins_latencies_as_rust_does() {
    let Some(url) = pg_support::admin_url("postgres_bins_latencies_as_rust_does") else {
        return;
    };
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let rows = sqlx::query(&bins_sql()).fetch_all(&pool).await.unwrap();
    check(rows.iter().map(|r| (r.get(0), r.get(1))).collect());
}
