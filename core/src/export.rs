//! CSV and JSON exports: the providers list, the fleet view and event lists (`docs/rules.md`, "Exports").
//!
//! CSV: UTF-8, a header row, RFC 4180 quoting, CRLF line ends, times in ISO 8601 UTC, and every
//! cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR)
//! prefixed with `'`.

use std::path::Path;

use serde::Serialize;

use crate::db::Database;
use crate::error::Result;
use crate::incident::list_events;
use crate::incident::types::{CandidateEvent, EventsQuery, ExportFormat};
use crate::limits::LIMITS;
use crate::model::{FleetHealth, Level, ProviderSummary, Timestamp};

/// One CSV cell: formula-safe, then quoted when it holds a comma, quote, CR or LF.
pub fn csv_cell(value: &str) -> String {
    let safe = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if safe.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// A header and rows as CSV text.
pub fn csv_table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let line = |cells: Vec<String>| {
        let mut l = cells
            .iter()
            .map(|c| csv_cell(c))
            .collect::<Vec<_>>()
            .join(",");
        l.push_str("\r\n");
        l
    };
    let mut out = line(header.iter().map(|h| (*h).to_owned()).collect());
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// A time as the exports write it: RFC 3339 in UTC with microseconds (`…T12:00:00.000000Z`).
pub fn iso(t: Option<Timestamp>) -> String {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .unwrap_or_default()
}

fn text<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// The columns of an event export, in order.
pub const EVENT_COLUMNS: &[&str] = &[
    "created_at",
    "started_at",
    "finished_at",
    "status",
    "outcome",
    "status_code",
    "latency_ms",
    "error_type",
    "error_message",
    "skip_reason",
    "provider_id",
    "provider_name",
    "endpoint_id",
    "api_format",
    "key_id",
    "key_name",
    "request_id",
    "candidate_index",
    "retry_index",
    "id",
];

/// Events as CSV, one row each in the given order.
pub fn events_csv(events: &[CandidateEvent]) -> String {
    csv_table(
        EVENT_COLUMNS,
        events.iter().map(|e| {
            vec![
                iso(e.created_at),
                iso(e.started_at),
                iso(e.finished_at),
                e.status.clone(),
                e.outcome.as_str().to_owned(),
                text(&e.status_code),
                text(&e.latency_ms),
                text(&e.error_type),
                text(&e.error_message),
                text(&e.skip_reason),
                text(&e.provider_id),
                text(&e.provider_name),
                text(&e.endpoint_id),
                text(&e.api_format),
                text(&e.key_id),
                text(&e.key_name),
                e.request_id.clone(),
                e.candidate_index.to_string(),
                e.retry_index.to_string(),
                e.id.clone(),
            ]
        }),
    )
}

/// The columns of a providers-list export, in order.
pub const SUMMARY_COLUMNS: &[&str] = &[
    "id",
    "name",
    "is_active",
    "provider_type",
    "billing_type",
    "provider_priority",
    "monthly_quota_usd",
    "monthly_used_usd",
    "total_endpoints",
    "active_endpoints",
    "total_keys",
    "active_keys",
    "total_models",
    "active_models",
    "avg_health_score",
    "unhealthy_endpoints",
    "api_formats",
    "verdict",
    "needs_attention",
    "created_at",
    "updated_at",
];

/// Provider summaries as CSV; `api_formats` joined by spaces, the verdict by its kind.
pub fn summaries_csv(summaries: &[ProviderSummary]) -> String {
    csv_table(
        SUMMARY_COLUMNS,
        summaries.iter().map(|s| {
            let verdict = serde_json::to_value(s.verdict)
                .ok()
                .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
                .unwrap_or_default();
            vec![
                s.id.clone(),
                s.shown_name().to_owned(),
                s.is_active.to_string(),
                s.provider_type.clone().flatten().unwrap_or_default(),
                s.billing_type
                    .map(|b| b.as_str().to_owned())
                    .unwrap_or_default(),
                text(&s.provider_priority),
                text(&s.monthly_quota_usd),
                text(&s.monthly_used_usd),
                s.total_endpoints.to_string(),
                s.active_endpoints.to_string(),
                s.total_keys.to_string(),
                s.active_keys.to_string(),
                s.total_models.to_string(),
                s.active_models.to_string(),
                s.avg_health_score.to_string(),
                s.unhealthy_endpoints.to_string(),
                s.api_formats.join(" "),
                verdict,
                s.needs_attention.to_string(),
                iso(s.created_at),
                iso(s.updated_at),
            ]
        }),
    )
}

/// The columns of a fleet export (one row per endpoint, worst first), in order.
pub const FLEET_COLUMNS: &[&str] = &[
    "rank",
    "provider_id",
    "provider_name",
    "provider_active",
    "endpoint_id",
    "api_format",
    "endpoint_active",
    "attempts",
    "success",
    "service_error",
    "user_error",
    "not_attempted",
    "in_flight",
    "failed",
    "skipped",
    "success_rate",
    "latency_p50_ms",
    "latency_p95_ms",
    "level",
    "window_since",
    "window_as_of",
];

/// The fleet's endpoints as CSV, worst first; the window on every row, so a row read alone
/// still says when.
pub fn fleet_csv(fleet: &FleetHealth) -> String {
    let level = |l: Level| {
        serde_json::to_value(l)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    csv_table(
        FLEET_COLUMNS,
        fleet.endpoints.iter().map(|e| {
            let f = &e.figures;
            vec![
                e.rank.to_string(),
                e.provider_id.clone(),
                e.provider_name.clone(),
                e.provider_active.to_string(),
                e.endpoint_id.clone(),
                e.api_format.clone(),
                e.is_active.to_string(),
                f.attempts.to_string(),
                f.outcomes.success.to_string(),
                f.outcomes.service_error.to_string(),
                f.outcomes.user_error.to_string(),
                f.outcomes.not_attempted.to_string(),
                f.outcomes.in_flight.to_string(),
                f.failed.to_string(),
                f.skipped.to_string(),
                text(&f.success_rate),
                text(&f.latency_p50_ms),
                text(&f.latency_p95_ms),
                level(f.level),
                iso(Some(fleet.since)),
                iso(Some(fleet.generated_at)),
            ]
        }),
    )
}

/// The fleet view in `format` (JSON: the whole view, formats and strips included).
pub fn export_fleet(fleet: &FleetHealth, format: ExportFormat) -> String {
    match format {
        ExportFormat::Csv => fleet_csv(fleet),
        ExportFormat::Json => json(fleet),
    }
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Plain data of strings, numbers and times: serializing cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// Every event of `query` from its cursor on (all pages, the largest page size), newest first.
pub async fn all_events(db: &Database, query: &EventsQuery) -> Result<Vec<CandidateEvent>> {
    let mut query = query.clone();
    query.page_size = Some(LIMITS.event_page_size.max);
    let mut events = Vec::new();
    loop {
        let page = list_events(db, &query).await?;
        events.extend(page.events);
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return Ok(events),
        }
    }
}

/// `query`'s events in `format`.
pub async fn export_events(
    db: &Database,
    query: &EventsQuery,
    format: ExportFormat,
) -> Result<String> {
    let events = all_events(db, query).await?;
    Ok(match format {
        ExportFormat::Csv => events_csv(&events),
        ExportFormat::Json => json(&events),
    })
}

/// The providers list in `format`.
pub fn export_summaries(summaries: &[ProviderSummary], format: ExportFormat) -> String {
    match format {
        ExportFormat::Csv => summaries_csv(summaries),
        ExportFormat::Json => json(summaries),
    }
}

/// Writes `text` to `path` through a partial file moved into place; an existing `path` is kept
/// (`FileExists`) unless `replace`.
pub fn write_export(path: &Path, text: &str, replace: bool) -> Result<()> {
    crate::files::write_file(path, text.as_bytes(), replace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formula_safe() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-5"), "'-5");
        assert_eq!(csv_cell("+x"), "'+x");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(
            csv_cell("=HYPERLINK(\"x\",1)"),
            "\"'=HYPERLINK(\"\"x\"\",1)\""
        );
    }
}
