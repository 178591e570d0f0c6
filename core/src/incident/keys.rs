//! A provider's keys on every generation: what each serves, its per-format health and circuit,
//! limits, last error and expiry. Optional columns ([`crate::layout::OPTIONAL`]: some databases
//! of a generation lack them; a snapshot has those its source had) are read only where present;
//! secret columns never (`docs/rules.md`, "Keys").

use std::collections::HashSet;

use chrono::Utc;
use serde_json::Value as Json;

use super::types::{KeyDetail, KeyFormatHealth, ProviderKeys};
use crate::db::Database;
use crate::error::{Error, Result};
use crate::layout::{table_columns, DbTs, Generation, Unit};
use crate::model::Timestamp;
use crate::read_sql::{byte_order, int};
use crate::source;

/// Optional integer columns: (column, field).
const INTS: &[(&str, &str)] = &[
    ("rpm_limit", "rpm_limit"),
    ("concurrent_limit", "concurrent_limit"),
    ("max_concurrent", "concurrent_limit"),
    ("learned_rpm_limit", "learned_rpm_limit"),
    ("consecutive_failures", "consecutive_failures"),
];
/// Optional time columns (in seconds where the layout stores integers): (column, field).
const TIMES: &[(&str, &str)] = &[
    ("last_error_at", "last_error_at"),
    ("last_failure_at", "last_error_at"),
    ("expires_at", "expires_at"),
    ("oauth_invalid_at", "oauth_invalid_at"),
];
/// Optional text columns (JSON as its text): (column, field).
const TEXTS: &[(&str, &str)] = &[
    ("last_error_msg", "last_error_message"),
    ("circuit_breaker_by_format", "circuit_breaker_by_format"),
];

#[derive(sqlx::FromRow)]
struct KeyRow {
    provider_id: Option<String>,
    id: String,
    name: Option<String>,
    is_active: Option<bool>,
    endpoint_id: Option<String>,
    endpoint_format: Option<String>,
    api_formats: Option<String>,
    health_score: Option<f64>,
    health_by_format: Option<String>,
    rpm_limit: Option<i64>,
    concurrent_limit: Option<i64>,
    learned_rpm_limit: Option<i64>,
    consecutive_failures: Option<i64>,
    last_error_at: Option<DbTs>,
    expires_at: Option<DbTs>,
    oauth_invalid_at: Option<DbTs>,
    last_error_message: Option<String>,
    circuit_breaker_by_format: Option<String>,
}

/// The keys of `provider_id` (`NotFound` when there is no such provider), by name then id.
pub async fn get_provider_keys(db: &Database, provider_id: &str) -> Result<ProviderKeys> {
    source::provider(db, provider_id)
        .await?
        .ok_or_else(|| Error::not_found("provider", provider_id))?;
    let present = table_columns(db, "provider_api_keys").await?;
    let (sql, recorded) = keys_sql(db, &present, true);
    let rows = crate::fetch!(db, fetch_all, KeyRow, sql, provider_id)?;
    let as_of = db.info().as_of;
    let now = as_of.unwrap_or_else(Utc::now);
    let legacy = db.generation() == Generation::Legacy;
    let keys = rows
        .into_iter()
        .map(|r| key(r, legacy, now))
        .collect::<Result<Vec<KeyDetail>>>()?;
    Ok(ProviderKeys {
        provider_id: provider_id.to_owned(),
        as_of,
        total: keys.len() as u64,
        keys,
        columns_recorded: recorded,
        generation: db.generation(),
    })
}

/// Every key of every provider at `as_of` (expiry is judged then), with its provider's id, and
/// the optional columns this database records.
pub(crate) async fn all_keys(
    db: &Database,
    as_of: Timestamp,
) -> Result<(Vec<(String, KeyDetail)>, Vec<String>)> {
    let present = table_columns(db, "provider_api_keys").await?;
    let (sql, recorded) = keys_sql(db, &present, false);
    let rows = crate::fetch!(db, fetch_all, KeyRow, sql)?;
    let legacy = db.generation() == Generation::Legacy;
    let keys = rows
        .into_iter()
        .map(|mut r| {
            let provider = r.provider_id.take().unwrap_or_default();
            // Whether a key can serve needs no per-format health: not parsed for thousands.
            r.health_by_format = None;
            key(r, legacy, as_of).map(|k| (provider, k))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((keys, recorded))
}

/// The select (one provider's keys, `$1`, or every provider's), and which optional columns it
/// reads.
fn keys_sql(db: &Database, present: &HashSet<String>, one: bool) -> (String, Vec<String>) {
    let layout = db.layout();
    let order = byte_order(db.dialect());
    let mut recorded = Vec::new();
    let mut fields = Vec::new();
    let mut optional = |list: &[(&str, &str)], expr: &dyn Fn(&str) -> String, null: &str| {
        let mut done: Vec<&str> = Vec::new();
        for &(column, field) in list {
            if present.contains(column) && !done.contains(&field) {
                fields.push(format!("{} AS {field}", expr(column)));
                recorded.push(column.to_owned());
                done.push(field);
            }
        }
        for &(_, field) in list {
            if !done.contains(&field) {
                fields.push(format!("CAST(NULL AS {null}) AS {field}"));
                done.push(field);
            }
        }
    };
    optional(INTS, &|c| format!("CAST(k.{c} AS BIGINT)"), "BIGINT");
    optional(
        TIMES,
        &|c| layout.ts(&format!("k.{c}"), Unit::Seconds),
        timestamp_null(db),
    );
    optional(TEXTS, &|c| format!("CAST(k.{c} AS TEXT)"), "TEXT");
    let (per_generation, from) = match db.generation() {
        Generation::Legacy => (
            "CAST(e.provider_id AS TEXT) AS provider_id, CAST(k.endpoint_id AS TEXT) AS endpoint_id, \
             CAST(e.api_format AS TEXT) AS endpoint_format, CAST(NULL AS TEXT) AS api_formats, \
             CAST(k.health_score AS DOUBLE PRECISION) AS health_score, \
             CAST(NULL AS TEXT) AS health_by_format",
            "provider_api_keys k JOIN provider_endpoints e ON e.id = k.endpoint_id",
        ),
        Generation::V03 | Generation::Rust => (
            "CAST(k.provider_id AS TEXT) AS provider_id, CAST(NULL AS TEXT) AS endpoint_id, \
             CAST(NULL AS TEXT) AS endpoint_format, \
             CAST(k.api_formats AS TEXT) AS api_formats, \
             CAST(NULL AS DOUBLE PRECISION) AS health_score, \
             CAST(k.health_by_format AS TEXT) AS health_by_format",
            "provider_api_keys k",
        ),
    };
    let filter = match (one, db.generation()) {
        (false, _) => "",
        (true, Generation::Legacy) => " WHERE e.provider_id = $1",
        (true, _) => " WHERE k.provider_id = $1",
    };
    let sql = format!(
        "SELECT CAST(k.id AS TEXT) AS id, CAST(k.name AS TEXT) AS name, \
         k.is_active AS is_active, {per_generation}, {} FROM {from}{filter} \
         ORDER BY k.name{order}, k.id{order}",
        fields.join(", ")
    );
    (sql, recorded)
}

/// A NULL that decodes as a time on this engine.
fn timestamp_null(db: &Database) -> &'static str {
    match db.layout().encoding {
        crate::layout::TimeEncoding::Timestamptz => "TIMESTAMPTZ",
        crate::layout::TimeEncoding::UnixEpoch => "BIGINT",
        crate::layout::TimeEncoding::Rfc3339Text => "TEXT",
    }
}

fn key(r: KeyRow, legacy: bool, now: Timestamp) -> Result<KeyDetail> {
    let consecutive_failures = int(r.consecutive_failures, "consecutive_failures")?;
    let ts = |t: Option<DbTs>| t.map(Timestamp::from);
    let expires_at = ts(r.expires_at);
    let (api_formats, formats) = if legacy {
        let formats = r
            .endpoint_format
            .iter()
            .map(|f| KeyFormatHealth {
                api_format: f.clone(),
                health_score: r.health_score,
                consecutive_failures,
                circuit_open: None,
                circuit_open_at: None,
                next_probe_at: None,
            })
            .collect();
        (r.endpoint_format.clone().map(|f| vec![f]), formats)
    } else {
        let listed = r
            .api_formats
            .as_deref()
            .and_then(|t| serde_json::from_str::<Json>(t).ok())
            .and_then(|v| match v {
                Json::Array(items) => Some(
                    items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_owned))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            });
        let health = parse_object(r.health_by_format.as_deref());
        let circuit = parse_object(r.circuit_breaker_by_format.as_deref());
        let mut names: Vec<String> = listed.clone().unwrap_or_default();
        for name in health.iter().chain(circuit.iter()).flat_map(|m| m.keys()) {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        let formats = names
            .into_iter()
            .map(|f| {
                let h = health.as_ref().and_then(|m| m.get(&f));
                let c = circuit.as_ref().and_then(|m| m.get(&f));
                let text = |v: Option<&Json>, k: &str| {
                    v.and_then(|v| v.get(k))
                        .and_then(Json::as_str)
                        .map(str::to_owned)
                };
                KeyFormatHealth {
                    health_score: h.and_then(|h| h.get("health_score")).and_then(Json::as_f64),
                    consecutive_failures: h
                        .and_then(|h| h.get("consecutive_failures"))
                        .and_then(Json::as_i64)
                        .and_then(|n| i32::try_from(n).ok()),
                    circuit_open: c.and_then(|c| c.get("open")).and_then(Json::as_bool),
                    circuit_open_at: text(c, "open_at"),
                    next_probe_at: text(c, "next_probe_at"),
                    api_format: f,
                }
            })
            .collect();
        (listed, formats)
    };
    Ok(KeyDetail {
        rpm_limit: int(r.rpm_limit, "rpm_limit")?,
        concurrent_limit: int(r.concurrent_limit, "concurrent_limit")?,
        learned_rpm_limit: int(r.learned_rpm_limit, "learned_rpm_limit")?,
        id: r.id,
        name: r.name,
        is_active: r.is_active.unwrap_or(false),
        endpoint_id: r.endpoint_id,
        api_formats,
        health_score: r.health_score,
        formats,
        last_error_at: ts(r.last_error_at),
        last_error_message: r.last_error_message,
        expired: expires_at.is_some_and(|e| e <= now),
        expires_at,
        oauth_invalid_at: ts(r.oauth_invalid_at),
    })
}

fn parse_object(text: Option<&str>) -> Option<serde_json::Map<String, Json>> {
    match serde_json::from_str::<Json>(text?).ok()? {
        Json::Object(map) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{INTS, TEXTS, TIMES};
    use crate::layout::optional_columns;

    /// A snapshot copies exactly the optional columns: every one read here is among them, so a
    /// snapshot keeps what the keys panel shows.
    #[test]
    fn every_optional_key_column_read_is_one_a_snapshot_copies() {
        let mut read: Vec<&str> = INTS
            .iter()
            .chain(TIMES)
            .chain(TEXTS)
            .map(|(column, _)| *column)
            .collect();
        let mut copied: Vec<&str> = optional_columns("provider_api_keys").collect();
        read.sort_unstable();
        copied.sort_unstable();
        assert_eq!(read, copied);
    }
}
