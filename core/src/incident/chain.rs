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
    let snapshot = db.info().snapshot.as_ref();
    let scope = SnapshotScope {
        since_window: snapshot
            .and_then(|s| s.since_window.clone())
            .filter(|w| w != "all"),
        providers: snapshot.and_then(|s| s.providers.clone()),
    };
    let end = chain_end(&candidates);
    let gaps = gaps(&candidates, &end, scope);
    Ok(RequestChain {
        request_id: request_id.to_owned(),
        incomplete: gaps.iter().any(ChainGap::is_seen),
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

/// What a snapshot kept of its source, which may explain a chain's gaps.
#[derive(Debug, Clone, Default)]
pub struct SnapshotScope {
    /// Only the events of this window (`72h`, `7d`); `None` = all of them, or not a snapshot.
    pub since_window: Option<String>,
    /// Only these providers' rows; `None` = every provider, or not recorded.
    pub providers: Option<Vec<String>>,
}

/// What the chain visibly lacks: candidate indexes (from 0) or retries (from 0) below the
/// highest seen, providers not in the database; then what of the snapshot's scope may be why:
/// its time window when something lacks, its provider filter when something lacks or the chain
/// gave up (its next candidate may have gone to a provider not copied).
pub fn gaps(candidates: &[CandidateEvent], end: &ChainEnd, scope: SnapshotScope) -> Vec<ChainGap> {
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
    // The window explains a gap; alone it says nothing about this chain (it only ever drops a
    // chain's oldest candidates, which leaves a visible gap).
    let lacks = !gaps.is_empty();
    if let Some(since_window) = scope.since_window.filter(|_| lacks) {
        gaps.push(ChainGap::SnapshotWindow { since_window });
    }
    // The provider filter also hides what came after a failure.
    let gave_up = matches!(end, ChainEnd::GaveUp);
    if let Some(provider_ids) = scope.providers.filter(|_| lacks || gave_up) {
        gaps.push(ChainGap::SnapshotProviders { provider_ids });
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(candidate_index: i32, outcome: OutcomeClass) -> CandidateEvent {
        CandidateEvent {
            id: format!("c-{candidate_index}"),
            request_id: "req".into(),
            candidate_index,
            retry_index: 0,
            provider_id: Some("p".into()),
            provider_name: Some("P".into()),
            endpoint_id: None,
            api_format: None,
            key_id: None,
            key_name: None,
            created_at: None,
            started_at: None,
            finished_at: None,
            status: outcome.as_str().into(),
            outcome,
            status_code: None,
            latency_ms: None,
            error_type: None,
            error_message: None,
            skip_reason: None,
        }
    }

    fn scope() -> SnapshotScope {
        SnapshotScope {
            since_window: Some("72h".into()),
            providers: Some(vec!["p".into()]),
        }
    }

    #[test]
    fn the_snapshot_scope_is_named_only_where_it_may_explain_the_chain() {
        let window = ChainGap::SnapshotWindow {
            since_window: "72h".into(),
        };
        let providers = ChainGap::SnapshotProviders {
            provider_ids: vec!["p".into()],
        };
        let gaps_of = |chain: &[CandidateEvent]| gaps(chain, &chain_end(chain), scope());
        // Candidate 0 absent: both may be why.
        let missing = [candidate(1, OutcomeClass::Success)];
        let missing_gap = ChainGap::MissingCandidates {
            candidate_indexes: vec![0],
        };
        assert_eq!(
            gaps_of(&missing),
            [missing_gap, window.clone(), providers.clone()]
        );
        // Whole and succeeded: nothing to say.
        let whole = [
            candidate(0, OutcomeClass::ServiceError),
            candidate(1, OutcomeClass::Success),
        ];
        assert_eq!(gaps_of(&whole), []);
        // Whole but gave up: its next candidate may be on a provider not copied; the window
        // drops only the oldest candidates, so it says nothing here.
        let gave_up = [candidate(0, OutcomeClass::ServiceError)];
        assert_eq!(gaps_of(&gave_up), [providers]);
        assert!(!gaps_of(&gave_up).iter().any(ChainGap::is_seen));
        // No filter recorded: a chain that gave up is taken as whole.
        let unfiltered = SnapshotScope {
            providers: None,
            ..scope()
        };
        assert_eq!(gaps(&gave_up, &ChainEnd::GaveUp, unfiltered), []);
    }
}
