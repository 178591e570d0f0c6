//! A bucket's (or any range's) events, newest first, one page at a time: keyset pagination on
//! `(created_at DESC, id DESC)`, never an OFFSET (`docs/rules.md`, "Event lists").

use super::bind::{fetch_all, Arg, Args};
use super::candidates::{self, CandidateRow};
use super::range::{self, Resolved};
use super::types::{EventCursor, EventFilters, EventPage, EventsQuery};
use crate::db::Database;
use crate::error::{Error, FieldCode, FieldError, Result};
use crate::layout::Unit;
use crate::limits::LIMITS;
use crate::read_sql::byte_order;
use crate::source;

/// One page of `query`'s events. Arguments are checked first (`Validation`), then the provider
/// (and the endpoint, when given, must be the provider's) must exist (`NotFound`).
pub async fn list_events(db: &Database, query: &EventsQuery) -> Result<EventPage> {
    let page_size = check(query)?;
    let range = range::resolve(db, &query.range)?;
    let provider = source::provider(db, &query.provider_id)
        .await?
        .ok_or_else(|| Error::not_found("provider", &query.provider_id))?;
    if let Some(endpoint) = &query.endpoint_id {
        let endpoints = source::endpoints(db, &query.provider_id).await?;
        if !endpoints.iter().any(|e| &e.id == endpoint) {
            return Err(Error::not_found("endpoint", endpoint));
        }
    }
    let skip_reason_recorded = candidates::skip_reason_recorded(db).await?;
    let (sql, args) = page_sql(db, query, &range, page_size, skip_reason_recorded);
    let rows: Vec<CandidateRow> = fetch_all(db, &sql, &args).await?;
    let mut events = rows
        .into_iter()
        .map(CandidateRow::into_event)
        .collect::<Result<Vec<_>>>()?;
    // One more than a page was read: its presence says whether a next page exists.
    let next_cursor = if events.len() > page_size as usize {
        events.truncate(page_size as usize);
        events.last().and_then(|e| {
            e.created_at.map(|created_at| EventCursor {
                created_at,
                id: e.id.clone(),
            })
        })
    } else {
        None
    };
    Ok(EventPage {
        provider_name: provider.shown_name().to_owned(),
        provider_id: provider.id,
        endpoint_id: query.endpoint_id.clone(),
        from: range.from,
        to: range.to,
        to_inclusive: range.to_inclusive,
        filters: query.filters.clone(),
        page_size,
        events,
        next_cursor,
        skip_reason_recorded,
        generation: db.generation(),
    })
}

/// The page size (or its default), every bad field reported at once.
fn check(query: &EventsQuery) -> Result<u32> {
    let mut errors = Vec::new();
    let page_size = LIMITS
        .event_page_size
        .check("page_size", query.page_size, &mut errors);
    if let Some(text) = &query.filters.message_contains {
        let max = LIMITS.message_filter_max_chars;
        if text.chars().count() > max as usize {
            errors.push(FieldError::new(
                "message_contains",
                FieldCode::TooLong { max },
                format!("must be at most {max} characters"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(page_size)
    } else {
        Err(Error::validation(errors))
    }
}

/// The page's statement: the range, the filters, the cursor, `page_size + 1` rows.
fn page_sql(
    db: &Database,
    query: &EventsQuery,
    range: &Resolved,
    page_size: u32,
    skip_reason: bool,
) -> (String, Args) {
    let layout = db.layout();
    let order = byte_order(db.dialect());
    let mut args = Args::default();
    let mut filter = Vec::new();
    match &query.endpoint_id {
        Some(endpoint) => {
            let e = args.push(Arg::Text(endpoint.clone()));
            filter.push(format!("endpoint_id = {e}"));
        }
        // The provider's events are its endpoints' (as the timeline counts them).
        None => {
            let p = args.push(Arg::Text(query.provider_id.clone()));
            filter.push(format!(
                "endpoint_id IN (SELECT id FROM provider_endpoints WHERE provider_id = {p})"
            ));
        }
    }
    let from = args.push(Arg::Ts(layout.bind_lower(range.from, Unit::Millis)));
    filter.push(format!("created_at >= {from}"));
    if range.to_inclusive {
        let to = args.push(Arg::Ts(layout.bind_ts(range.to, Unit::Millis)));
        filter.push(format!("created_at <= {to}"));
    } else {
        // A column in milliseconds holds `m < to` exactly when `m < ⌈to⌉`.
        let to = args.push(Arg::Ts(layout.bind_lower(range.to, Unit::Millis)));
        filter.push(format!("created_at < {to}"));
    }
    filters_sql(&query.filters, &mut args, &mut filter);
    if let Some(cursor) = &query.cursor {
        let at = args.push(Arg::Ts(layout.bind_ts(cursor.created_at, Unit::Millis)));
        let id = args.push(Arg::Text(cursor.id.clone()));
        filter.push(format!(
            "(created_at < {at} OR (created_at = {at} AND id{order} < {id}))"
        ));
    }
    let limit = args.push(Arg::Int(i64::from(page_size) + 1));
    let sql = candidates::select(
        db,
        skip_reason,
        &filter.join(" AND "),
        &format!("ORDER BY created_at DESC, id{order} DESC LIMIT {limit}"),
        &format!("c.created_at DESC, c.id{order} DESC"),
    );
    (sql, args)
}

/// The filters as conditions on `request_candidates`.
fn filters_sql(filters: &EventFilters, args: &mut Args, filter: &mut Vec<String>) {
    let mut any_of = |column: &str, values: Vec<Arg>| {
        if values.is_empty() {
            return;
        }
        let list: Vec<String> = values.into_iter().map(|v| args.push(v)).collect();
        filter.push(format!("{column} IN ({})", list.join(", ")));
    };
    any_of(
        "status",
        filters.statuses.iter().cloned().map(Arg::Text).collect(),
    );
    any_of(
        crate::outcome::OUTCOME_SQL,
        filters
            .outcomes
            .iter()
            .map(|c| Arg::Text(c.as_str().to_owned()))
            .collect(),
    );
    any_of(
        "status_code",
        filters
            .status_codes
            .iter()
            .map(|&c| Arg::Int(i64::from(c)))
            .collect(),
    );
    any_of(
        "error_type",
        filters.error_types.iter().cloned().map(Arg::Text).collect(),
    );
    if let Some(text) = filters
        .message_contains
        .as_deref()
        .filter(|t| !t.is_empty())
    {
        let pattern = args.push(Arg::Text(format!(
            "%{}%",
            like_escaped(&text.to_lowercase())
        )));
        filter.push(format!("LOWER(error_message) LIKE {pattern} ESCAPE '!'"));
    }
}

/// `text` with LIKE's wildcards and the escape character `!` escaped by `!`.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '!' | '%' | '_') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::like_escaped;

    #[test]
    fn wildcards_are_escaped() {
        assert_eq!(like_escaped("50%_off!"), "50!%!_off!!");
    }
}
