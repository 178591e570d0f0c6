//! The health monitor's three statements: the provider, its endpoints, and the window's events
//! ranked per endpoint (the statistics read every row, the sample the newest of each endpoint).
//!
//! The window filter `endpoint_id IN (…) AND created_at BETWEEN` reads SQLite's
//! `request_candidates(endpoint_id, created_at, id)` index one endpoint at a time; PostgreSQL
//! (which has no such index in Aether) answers the same text with a scan.

use super::args::Window;
use super::stats::WindowEvent;
use crate::db::{Database, Dialect};
use crate::error::Result;
use crate::layout::{DbTs, Layout, Unit};
use crate::model::{HealthEvent, Timestamp};
use crate::read_sql::{byte_order, int};
use crate::source;

#[derive(sqlx::FromRow)]
struct WindowRow {
    endpoint_id: String,
    id: String,
    created_at: DbTs,
    status: String,
    status_code: Option<i64>,
    latency_ms: Option<i64>,
    error_type: Option<String>,
    sampled: bool,
    error_message: Option<String>,
    started_at: Option<DbTs>,
    finished_at: Option<DbTs>,
}

/// One event of the window, and its timeline form when it is among its endpoint's newest
/// `per_endpoint_limit` (created_at DESC, id DESC) of the statuses the generation samples.
pub(crate) struct WindowEntry {
    pub endpoint_id: String,
    pub id: String,
    pub event: WindowEvent,
    pub sampled: Option<HealthEvent>,
}

/// Every event of the window, per endpoint oldest first, ranked in the same pass: one read of the
/// window serves both the statistics and the sample (on PostgreSQL, without Aether's missing
/// index, that is one scan instead of two). Only sampled rows carry their message and times.
pub(crate) async fn window(
    db: &Database,
    provider_id: &str,
    window: &Window,
) -> Result<Vec<WindowEntry>> {
    let layout = db.layout();
    let rows = crate::fetch!(
        db,
        fetch_all,
        WindowRow,
        window_sql(db.dialect(), layout),
        provider_id,
        layout.bind_lower(window.since, Unit::Millis),
        layout.bind_ts(window.as_of, Unit::Millis),
        i64::from(window.per_endpoint_limit)
    )?;
    rows.into_iter()
        .map(|r| {
            let created_at: Timestamp = r.created_at.into();
            let event = WindowEvent {
                created_at,
                status: r.status,
                status_code: int(r.status_code, "status_code")?,
                latency_ms: int(r.latency_ms, "latency_ms")?,
                error_type: r.error_type,
            };
            let finished_at = r.finished_at.map(Timestamp::from);
            let sampled = r.sampled.then(|| HealthEvent {
                timestamp: finished_at
                    .or(r.started_at.map(Timestamp::from))
                    .unwrap_or(created_at),
                created_at,
                finished_at,
                status: event.status.clone(),
                status_code: event.status_code,
                latency_ms: event.latency_ms,
                error_type: event.error_type.clone(),
                error_message: r.error_message,
            });
            Ok(WindowEntry {
                endpoint_id: r.endpoint_id,
                id: r.id,
                event,
                sampled,
            })
        })
        .collect()
}

fn window_sql(dialect: Dialect, layout: Layout) -> String {
    let order = byte_order(dialect);
    // The generation's sampled statuses; the statistics still read every status.
    let (eligible, rank_partition) = match source::sampled_statuses(layout.generation) {
        Some(statuses) => {
            let list = statuses
                .iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ");
            (
                format!("status IN ({list})"),
                format!(", CASE WHEN status IN ({list}) THEN 0 ELSE 1 END"),
            )
        }
        None => ("TRUE".to_owned(), String::new()),
    };
    let ts = |c: &str| layout.ts(c, Unit::Millis);
    format!(
        "SELECT endpoint_id, id, {created} AS created_at, status, \
         CAST(status_code AS BIGINT) AS status_code, \
         CAST(latency_ms AS BIGINT) AS latency_ms, error_type, \
         (rn <= $4 AND {eligible}) AS sampled, \
         CASE WHEN rn <= $4 AND {eligible} THEN error_message END AS error_message, \
         CASE WHEN rn <= $4 AND {eligible} THEN {started} END AS started_at, \
         CASE WHEN rn <= $4 AND {eligible} THEN {finished} END AS finished_at \
         FROM (SELECT CAST(endpoint_id AS TEXT) AS endpoint_id, CAST(id AS TEXT) AS id, \
                 created_at, status, status_code, latency_ms, \
                 error_type, error_message, started_at, finished_at, \
                 ROW_NUMBER() OVER (PARTITION BY endpoint_id{rank_partition} \
                                    ORDER BY created_at DESC, id{order} DESC) AS rn \
               FROM request_candidates WHERE {IN_WINDOW}) w \
         ORDER BY endpoint_id, created_at, id{order}",
        created = ts("created_at"),
        started = ts("started_at"),
        finished = ts("finished_at"),
    )
}

const IN_WINDOW: &str =
    "endpoint_id IN (SELECT id FROM provider_endpoints WHERE provider_id = $1) \
     AND created_at >= $2 AND created_at <= $3";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Ts;
    use chrono::{TimeZone, Utc};
    use sqlx::Row;

    /// SQLite's plan for `sql`, one line per step.
    async fn plan(sql: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::create_snapshot_file(
            &dir.path().join("plan.sqlite"),
            crate::layout::Generation::Legacy,
        )
        .await
        .unwrap();
        let as_of = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let rows = sqlx::query(&explain)
            .bind("p1")
            .bind(Ts(as_of - chrono::TimeDelta::hours(72)))
            .bind(Ts(as_of))
            .bind(200i64)
            .fetch_all(&pool)
            .await
            .unwrap();
        rows.iter().map(|r| r.get::<String, _>("detail")).collect()
    }

    #[tokio::test]
    async fn the_window_is_read_through_the_endpoint_time_index() {
        let layout = Layout::new(
            crate::layout::Generation::Legacy,
            crate::layout::TimeEncoding::Rfc3339Text,
        );
        let plan = plan(&window_sql(Dialect::Sqlite, layout)).await;
        assert!(
            plan.iter().any(|step| {
                step.contains("ix_request_candidates_endpoint_created")
                    && step.contains("endpoint_id=? AND created_at>? AND created_at<?")
            }),
            "{plan:#?}"
        );
        assert!(
            !plan
                .iter()
                .any(|s| s.starts_with("SCAN request_candidates")),
            "{plan:#?}"
        );
    }
}
