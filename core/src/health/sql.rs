//! The health monitor's four statements: the provider, its endpoints, the per-endpoint sample and
//! the compact rows of the whole window.
//!
//! The window filter `endpoint_id IN (…) AND created_at BETWEEN` reads SQLite's
//! `request_candidates(endpoint_id, created_at, id)` index one endpoint at a time; PostgreSQL
//! (which has no such index in Aether) answers the same text with a scan.

use super::args::Window;
use super::stats::WindowEvent;
use crate::db::{Database, Dialect, Ts};
use crate::error::{Error, Result};
use crate::model::Timestamp;
use crate::read_sql::{byte_order, int};

#[derive(sqlx::FromRow)]
pub(crate) struct ProviderRow {
    pub id: String,
    pub name: String,
    pub display_name: Option<String>,
}

pub(crate) async fn provider(db: &Database, provider_id: &str) -> Result<ProviderRow> {
    crate::fetch!(
        db,
        fetch_optional,
        ProviderRow,
        "SELECT id, name, display_name FROM providers WHERE id = $1",
        provider_id
    )?
    .ok_or_else(|| Error::not_found("provider", provider_id))
}

#[derive(sqlx::FromRow)]
pub(crate) struct EndpointRow {
    pub id: String,
    pub api_format: String,
    pub is_active: bool,
}

/// The provider's endpoints in endpoint order: `created_at` ASC (NULLs last), `id` ASC.
pub(crate) async fn endpoints(db: &Database, provider_id: &str) -> Result<Vec<EndpointRow>> {
    let order = byte_order(db.dialect());
    Ok(crate::fetch!(
        db,
        fetch_all,
        EndpointRow,
        format!(
            "SELECT id, api_format, COALESCE(is_active, FALSE) AS is_active \
             FROM provider_endpoints WHERE provider_id = $1 \
             ORDER BY created_at IS NULL, created_at, id{order}"
        ),
        provider_id
    )?)
}

const IN_WINDOW: &str =
    "endpoint_id IN (SELECT id FROM provider_endpoints WHERE provider_id = $1) \
     AND created_at >= $2 AND created_at <= $3";

#[derive(sqlx::FromRow)]
pub(crate) struct SampleRow {
    pub endpoint_id: String,
    pub status: String,
    pub status_code: Option<i64>,
    pub latency_ms: Option<i64>,
    pub error_type: Option<String>,
    pub error_message: Option<String>,
    pub created_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
}

/// Per endpoint, the newest `per_endpoint_limit` events of the window (created_at DESC, id DESC),
/// returned oldest first.
pub(crate) async fn sample(
    db: &Database,
    provider_id: &str,
    window: &Window,
) -> Result<Vec<SampleRow>> {
    Ok(crate::fetch!(
        db,
        fetch_all,
        SampleRow,
        sample_sql(db.dialect()),
        provider_id,
        Ts(window.since),
        Ts(window.as_of),
        i64::from(window.per_endpoint_limit)
    )?)
}

/// Ranking reads only the index's columns (a covering index on SQLite); the full rows are
/// fetched for the chosen ones alone.
fn sample_sql(dialect: Dialect) -> String {
    let order = byte_order(dialect);
    format!(
        "SELECT s.endpoint_id AS endpoint_id, rc.status, \
         CAST(rc.status_code AS BIGINT) AS status_code, \
         CAST(rc.latency_ms AS BIGINT) AS latency_ms, \
         rc.error_type, rc.error_message, rc.created_at, rc.started_at, rc.finished_at \
         FROM (SELECT id, endpoint_id, ROW_NUMBER() OVER ( \
                 PARTITION BY endpoint_id ORDER BY created_at DESC, id{order} DESC) AS rn \
               FROM request_candidates WHERE {IN_WINDOW}) s \
         JOIN request_candidates rc ON rc.id = s.id \
         WHERE s.rn <= $4 \
         ORDER BY s.endpoint_id, s.rn DESC"
    )
}

fn window_sql() -> String {
    format!(
        "SELECT endpoint_id, created_at, status, \
         CAST(status_code AS BIGINT) AS status_code, \
         CAST(latency_ms AS BIGINT) AS latency_ms, error_type \
         FROM request_candidates WHERE {IN_WINDOW}"
    )
}

#[derive(sqlx::FromRow)]
struct WindowRow {
    endpoint_id: String,
    created_at: Timestamp,
    status: String,
    status_code: Option<i64>,
    latency_ms: Option<i64>,
    error_type: Option<String>,
}

/// Every event of the window, only the columns the statistics need, with its endpoint.
pub(crate) async fn window_events(
    db: &Database,
    provider_id: &str,
    window: &Window,
) -> Result<Vec<(String, WindowEvent)>> {
    let rows = crate::fetch!(
        db,
        fetch_all,
        WindowRow,
        window_sql(),
        provider_id,
        Ts(window.since),
        Ts(window.as_of)
    )?;
    rows.into_iter()
        .map(|r| {
            Ok((
                r.endpoint_id,
                WindowEvent {
                    created_at: r.created_at,
                    status: r.status,
                    status_code: int(r.status_code, "status_code")?,
                    latency_ms: int(r.latency_ms, "latency_ms")?,
                    error_type: r.error_type,
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use sqlx::Row;

    /// SQLite's plan for `sql`, one line per step.
    async fn plan(sql: &str, binds_limit: bool) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::create_snapshot_file(&dir.path().join("plan.sqlite"))
            .await
            .unwrap();
        let as_of = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let mut query = sqlx::query(&explain)
            .bind("p1")
            .bind(Ts(as_of - chrono::TimeDelta::hours(72)))
            .bind(Ts(as_of));
        if binds_limit {
            query = query.bind(200i64);
        }
        let rows = query.fetch_all(&pool).await.unwrap();
        rows.iter().map(|r| r.get::<String, _>("detail")).collect()
    }

    fn reads_by_endpoint_and_time(plan: &[String]) -> bool {
        plan.iter().any(|step| {
            step.contains("ix_request_candidates_endpoint_created")
                && step.contains("endpoint_id=? AND created_at>? AND created_at<?")
        })
    }

    #[tokio::test]
    async fn the_window_is_read_through_the_endpoint_time_index() {
        let plan = plan(&window_sql(), false).await;
        assert!(reads_by_endpoint_and_time(&plan), "{plan:#?}");
        assert!(
            !plan.iter().any(|s| s == "SCAN request_candidates"),
            "{plan:#?}"
        );
    }

    #[tokio::test]
    async fn the_sample_ranks_on_the_covering_index_and_fetches_rows_by_key() {
        let plan = plan(&sample_sql(Dialect::Sqlite), true).await;
        assert!(reads_by_endpoint_and_time(&plan), "{plan:#?}");
        assert!(
            plan.iter()
                .any(|s| s.contains("COVERING INDEX ix_request_candidates_endpoint_created")),
            "{plan:#?}"
        );
        assert!(
            plan.iter()
                .any(|s| s.starts_with("SEARCH rc USING INDEX sqlite_autoindex_request_candidates")),
            "{plan:#?}"
        );
    }
}
