//! A request's chain: every candidate of one `request_id` across providers, how it ended, and
//! whether the database visibly holds only part of it (`docs/rules.md`, "Request chains").

use std::collections::{BTreeMap, BTreeSet};

use super::bind::{fetch_all, Arg, Args};
use super::candidates::{self, CandidateRow};
use super::types::{CandidateEvent, ChainEnd, ChainGap, RequestChain};
use crate::db::Database;
use crate::error::{Error, FieldCode, Result};
use crate::outcome::OutcomeClass;
use crate::read_sql::byte_order;

/// The chain of `request_id`; `NotFound` when the database holds none of its candidates.
pub async fn get_request_chain(db: &Database, request_id: &str) -> Result<RequestChain> {
    if request_id.trim().is_empty() {
        return Err(Error::invalid(
            "request_id",
            FieldCode::Required,
            "give the request id",
        ));
    }
    let skip_reason_recorded = candidates::skip_reason_recorded(db).await?;
    let order = byte_order(db.dialect());
    let mut args = Args::default();
    let id = args.push(Arg::Text(request_id.to_owned()));
    let sql = candidates::select(
        db,
        skip_reason_recorded,
        &format!("request_id = {id}"),
        "",
        &format!("c.candidate_index, c.retry_index, c.id{order}"),
    );
    let rows: Vec<CandidateRow> = fetch_all(db, &sql, &args).await?;
    if rows.is_empty() {
        return Err(Error::not_found("request", request_id));
    }
    let candidates = rows
        .into_iter()
        .map(CandidateRow::into_event)
        .collect::<Result<Vec<_>>>()?;
    let since_window = db
        .info()
        .snapshot
        .as_ref()
        .and_then(|s| s.since_window.clone())
        .filter(|w| w != "all");
    let (end, gaps) = (chain_end(&candidates), gaps(&candidates, since_window));
    Ok(RequestChain {
        request_id: request_id.to_owned(),
        incomplete: !gaps.is_empty(),
        candidates,
        end,
        gaps,
        skip_reason_recorded,
        generation: db.generation(),
    })
}

/// Succeeded at the first successful candidate; else in flight at the first running one; else
/// gave up.
pub fn chain_end(candidates: &[CandidateEvent]) -> ChainEnd {
    let position = |class: OutcomeClass| {
        candidates
            .iter()
            .position(|c| c.outcome == class)
            .map(|p| p as u32)
    };
    if let Some(position) = position(OutcomeClass::Success) {
        ChainEnd::Succeeded { position }
    } else if let Some(position) = position(OutcomeClass::InFlight) {
        ChainEnd::InFlight { position }
    } else {
        ChainEnd::GaveUp
    }
}

/// What the chain visibly lacks: candidate indexes (from 0) or retries (from 0) below the
/// highest seen, providers not in the database, and (when something lacks) the snapshot's time
/// window, which may be why.
pub fn gaps(candidates: &[CandidateEvent], since_window: Option<String>) -> Vec<ChainGap> {
    let mut retries: BTreeMap<i32, BTreeSet<i32>> = BTreeMap::new();
    for c in candidates {
        retries
            .entry(c.candidate_index)
            .or_default()
            .insert(c.retry_index);
    }
    let missing = |seen: &BTreeSet<i32>| -> Vec<i32> {
        let max = seen.iter().next_back().copied().unwrap_or(0);
        (0..max).filter(|i| !seen.contains(i)).collect()
    };
    let mut gaps = Vec::new();
    let indexes: BTreeSet<i32> = retries.keys().copied().collect();
    let absent = missing(&indexes);
    if !absent.is_empty() {
        gaps.push(ChainGap::MissingCandidates {
            candidate_indexes: absent,
        });
    }
    for (candidate_index, seen) in &retries {
        let absent = missing(seen);
        if !absent.is_empty() {
            gaps.push(ChainGap::MissingRetries {
                candidate_index: *candidate_index,
                retry_indexes: absent,
            });
        }
    }
    let unknown: BTreeSet<String> = candidates
        .iter()
        .filter(|c| c.provider_name.is_none())
        .filter_map(|c| c.provider_id.clone())
        .collect();
    if !unknown.is_empty() {
        gaps.push(ChainGap::ProviderNotInDatabase {
            provider_ids: unknown.into_iter().collect(),
        });
    }
    // The window explains a gap; alone it says nothing about this chain.
    if let Some(since_window) = since_window.filter(|_| !gaps.is_empty()) {
        gaps.push(ChainGap::SnapshotWindow { since_window });
    }
    gaps
}
