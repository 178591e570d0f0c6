//! The one select of request candidates that event lists and request chains share: the row's
//! columns, its outcome class ([`OUTCOME_SQL`]), and the names of its key, endpoint and provider
//! (joined by id, never a secret column).

use std::collections::HashSet;

use super::types::CandidateEvent;
use crate::db::Database;
use crate::error::{Error, Result};
use crate::layout::{table_columns, DbTs, Generation, Unit};
use crate::model::Timestamp;
use crate::outcome::{OutcomeClass, OUTCOME_SQL};
use crate::read_sql::int;

#[derive(sqlx::FromRow)]
pub(crate) struct CandidateRow {
    id: String,
    request_id: String,
    candidate_index: Option<i64>,
    retry_index: Option<i64>,
    provider_id: Option<String>,
    endpoint_id: Option<String>,
    key_id: Option<String>,
    created_at: Option<DbTs>,
    started_at: Option<DbTs>,
    finished_at: Option<DbTs>,
    status: String,
    outcome: String,
    status_code: Option<i64>,
    latency_ms: Option<i64>,
    error_type: Option<String>,
    error_message: Option<String>,
    skip_reason: Option<String>,
    key_name: Option<String>,
    api_format: Option<String>,
    provider_name: Option<String>,
}

/// Whether this database's `request_candidates` records `skip_reason` (a snapshot does when its
/// source did).
pub(crate) async fn skip_reason_recorded(db: &Database) -> Result<bool> {
    let columns: HashSet<String> = table_columns(db, "request_candidates").await?;
    Ok(columns.contains("skip_reason"))
}

/// `SELECT … FROM (SELECT … FROM request_candidates WHERE {filter} {tail}) c LEFT JOIN …
/// ORDER BY {order}`: the inner select filters and limits on the candidates table alone (its
/// indexes), the outer one adds the names, joined on the uncast ids (their indexes, their
/// collation). `order` names the inner columns `c.created_at`,
/// `c.id`, `c.candidate_index`, `c.retry_index`.
pub(crate) fn select(
    db: &Database,
    skip_reason: bool,
    filter: &str,
    tail: &str,
    order: &str,
) -> String {
    let layout = db.layout();
    let ts = |c: &str| format!("{} AS {c}", layout.ts(c, Unit::Millis));
    let skip = if skip_reason {
        "CAST(skip_reason AS TEXT)"
    } else {
        "CAST(NULL AS TEXT)"
    };
    let provider_name = match db.generation() {
        Generation::Legacy => "COALESCE(NULLIF(p.display_name, ''), p.name)",
        Generation::V03 | Generation::Rust => "p.name",
    };
    format!(
        "SELECT c.*, CAST(k.name AS TEXT) AS key_name, CAST(e.api_format AS TEXT) AS api_format, \
                CAST({provider_name} AS TEXT) AS provider_name \
         FROM (SELECT CAST(id AS TEXT) AS id, CAST(request_id AS TEXT) AS request_id, \
                 CAST(candidate_index AS BIGINT) AS candidate_index, \
                 CAST(retry_index AS BIGINT) AS retry_index, \
                 CAST(provider_id AS TEXT) AS provider_id, \
                 CAST(endpoint_id AS TEXT) AS endpoint_id, CAST(key_id AS TEXT) AS key_id, \
                 {created}, {started}, {finished}, CAST(status AS TEXT) AS status, \
                 {OUTCOME_SQL} AS outcome, CAST(status_code AS BIGINT) AS status_code, \
                 CAST(latency_ms AS BIGINT) AS latency_ms, CAST(error_type AS TEXT) AS error_type, \
                 CAST(error_message AS TEXT) AS error_message, {skip} AS skip_reason, \
                 key_id AS key_ref, endpoint_id AS endpoint_ref, provider_id AS provider_ref \
               FROM request_candidates WHERE {filter} {tail}) c \
         LEFT JOIN provider_api_keys k ON k.id = c.key_ref \
         LEFT JOIN provider_endpoints e ON e.id = c.endpoint_ref \
         LEFT JOIN providers p ON p.id = c.provider_ref \
         ORDER BY {order}",
        created = ts("created_at"),
        started = ts("started_at"),
        finished = ts("finished_at"),
    )
}

impl CandidateRow {
    pub fn into_event(self) -> Result<CandidateEvent> {
        let outcome = OutcomeClass::parse(&self.outcome).ok_or_else(|| Error::Database {
            message: format!("outcome class '{}' is not one of ours", self.outcome),
        })?;
        let index =
            |v: Option<i64>, column: &str| -> Result<i32> { Ok(int(v, column)?.unwrap_or(0)) };
        let ts = |t: Option<DbTs>| t.map(Timestamp::from);
        Ok(CandidateEvent {
            candidate_index: index(self.candidate_index, "candidate_index")?,
            retry_index: index(self.retry_index, "retry_index")?,
            status_code: int(self.status_code, "status_code")?,
            latency_ms: int(self.latency_ms, "latency_ms")?,
            id: self.id,
            request_id: self.request_id,
            provider_id: self.provider_id,
            provider_name: self.provider_name,
            endpoint_id: self.endpoint_id,
            api_format: self.api_format,
            key_id: self.key_id,
            key_name: self.key_name,
            created_at: ts(self.created_at),
            started_at: ts(self.started_at),
            finished_at: ts(self.finished_at),
            status: self.status,
            outcome,
            error_type: self.error_type,
            error_message: self.error_message,
            skip_reason: self.skip_reason,
        })
    }
}
