//! The model of `docs/rules.md` "Outcome classes", "Event lists" and "Request chains", read
//! straight from the rules: a bucket is the events the timeline's index formula puts in it,
//! newest first by (created_at, id bytes); a chain is its request's rows by (candidate, retry,
//! id bytes).

use std::collections::BTreeSet;

use aether_review_core::dataset::{CandidateRow, Dataset};
use aether_review_core::layout::Generation;
use aether_review_core::model::{EventFilters, OutcomeClass, Timestamp};

/// The outcome class, in the rule's own order.
pub fn outcome(status: &str, code: Option<i32>, message: Option<&str>) -> OutcomeClass {
    if code == Some(400) {
        OutcomeClass::UserError
    } else if ["pending", "streaming"].contains(&status) {
        OutcomeClass::InFlight
    } else if ["cancelled", "skipped", "available", "unused"].contains(&status) {
        OutcomeClass::NotAttempted
    } else if status == "success"
        && code.is_none_or(|c| c < 400)
        && message.is_none_or(|m| m.is_empty())
    {
        OutcomeClass::Success
    } else {
        OutcomeClass::ServiceError
    }
}

fn class(c: &CandidateRow) -> OutcomeClass {
    outcome(&c.status, c.status_code, c.error_message.as_deref())
}

fn newest_first(rows: &mut [&CandidateRow]) {
    rows.sort_by(|a, b| (b.created_at, b.id.as_bytes()).cmp(&(a.created_at, a.id.as_bytes())));
}

/// Each bucket's events of the provider's endpoints, newest first.
pub fn buckets<'a>(
    ds: &'a Dataset,
    _generation: Generation,
    provider_id: &str,
    since: Timestamp,
    as_of: Timestamp,
    n: u32,
) -> Vec<Vec<&'a CandidateRow>> {
    let endpoints: BTreeSet<&str> = ds
        .endpoints
        .iter()
        .filter(|e| e.provider_id == provider_id)
        .map(|e| e.id.as_str())
        .collect();
    let span = i128::from((as_of - since).num_microseconds().unwrap());
    let mut out: Vec<Vec<&CandidateRow>> = vec![Vec::new(); n as usize];
    for c in &ds.candidates {
        let (Some(t), Some(e)) = (c.created_at, c.endpoint_id.as_deref()) else {
            continue;
        };
        if !endpoints.contains(e) || t < since || t > as_of {
            continue;
        }
        let offset = i128::from((t - since).num_microseconds().unwrap());
        let i = ((offset * i128::from(n) / span) as usize).min(n as usize - 1);
        out[i].push(c);
    }
    for bucket in &mut out {
        newest_first(bucket);
    }
    out
}

/// The ids of `rows` the filters let through, in order.
pub fn filtered(rows: &[&CandidateRow], f: &EventFilters) -> Vec<String> {
    rows.iter()
        .filter(|c| f.statuses.is_empty() || f.statuses.contains(&c.status))
        .filter(|c| f.outcomes.is_empty() || f.outcomes.contains(&class(c)))
        .filter(|c| {
            f.status_codes.is_empty() || c.status_code.is_some_and(|s| f.status_codes.contains(&s))
        })
        .filter(|c| {
            f.error_types.is_empty()
                || c.error_type
                    .as_ref()
                    .is_some_and(|t| f.error_types.contains(t))
        })
        .filter(|c| match &f.message_contains {
            None => true,
            Some(text) => c
                .error_message
                .as_ref()
                .is_some_and(|m| m.to_lowercase().contains(&text.to_lowercase())),
        })
        .map(|c| c.id.clone())
        .collect()
}

/// One endpoint's events created in `[from, to)`, newest first.
pub fn between(ds: &Dataset, endpoint_id: &str, from: Timestamp, to: Timestamp) -> Vec<String> {
    let mut rows: Vec<&CandidateRow> = ds
        .candidates
        .iter()
        .filter(|c| c.endpoint_id.as_deref() == Some(endpoint_id))
        .filter(|c| c.created_at.is_some_and(|t| from <= t && t < to))
        .collect();
    newest_first(&mut rows);
    rows.iter().map(|c| c.id.clone()).collect()
}

/// What a request's chain should say.
pub struct Chain<'a> {
    pub ids: Vec<&'a str>,
    pub end: Option<(&'static str, u32)>,
    pub incomplete: bool,
}

pub fn chain<'a>(ds: &'a Dataset, request_id: &str) -> Chain<'a> {
    let mut rows: Vec<&CandidateRow> = ds
        .candidates
        .iter()
        .filter(|c| c.request_id == request_id)
        .collect();
    rows.sort_by(|a, b| {
        (a.candidate_index, a.retry_index, a.id.as_bytes()).cmp(&(
            b.candidate_index,
            b.retry_index,
            b.id.as_bytes(),
        ))
    });
    let first = |k: OutcomeClass| rows.iter().position(|c| class(c) == k).map(|p| p as u32);
    let end = first(OutcomeClass::Success)
        .map(|p| ("succeeded", p))
        .or_else(|| first(OutcomeClass::InFlight).map(|p| ("in_flight", p)));
    // Candidate indexes 0..max all present, and each candidate's retries 0..max.
    let indexes: BTreeSet<i32> = rows.iter().map(|c| c.candidate_index).collect();
    let max = indexes.iter().max().copied().unwrap_or(0);
    let mut incomplete = (0..max).any(|i| !indexes.contains(&i));
    for i in &indexes {
        let retries: BTreeSet<i32> = rows
            .iter()
            .filter(|c| c.candidate_index == *i)
            .map(|c| c.retry_index)
            .collect();
        let max = retries.iter().max().copied().unwrap_or(0);
        incomplete |= (0..max).any(|r| !retries.contains(&r));
    }
    incomplete |= rows.iter().any(|c| {
        c.provider_id
            .as_ref()
            .is_some_and(|p| !ds.providers.iter().any(|q| &q.id == p))
    });
    Chain {
        ids: rows.iter().map(|c| c.id.as_str()).collect(),
        end,
        incomplete,
    }
}
