//! The health monitor: per-endpoint samples, window statistics and timeline (`docs/rules.md`).
//!
//! A constant number of statements whatever the number of endpoints or events (see [`sql`]);
//! the statistics and the timeline come from per-bucket tallies the database aggregates, so
//! memory follows endpoints × buckets, not traffic.

pub(crate) mod args;
pub(crate) mod cancel;
pub mod histogram;
pub mod rollup;
pub(crate) mod sql;
pub(crate) mod stats;
pub(crate) mod tally;
pub(crate) mod timeline;

use std::collections::HashMap;

use crate::db::Database;
use crate::error::{Error, Result};
use crate::model::{EndpointHealthMonitor, HealthEvent, HealthQuery, ProviderHealthMonitor};
use crate::outcome::{OutcomeClass, OutcomeCounts};
use crate::source::{self, EndpointRecord};
use args::Window;
use cancel::Conn;
pub use cancel::HealthCancel;
use sql::{Scope, Target};
use stats::{success_rate, window_stats};
use tally::{sum, Tallies, Tally};
use timeline::{timeline, Slicing};

/// The provider's endpoints with their newest events and the window's statistics and timeline.
///
/// Arguments are checked first (one `Validation` error listing every out-of-range field), then
/// the provider must exist (`NotFound`).
pub async fn get_provider_health_monitor(
    db: &Database,
    provider_id: &str,
    query: &HealthQuery,
) -> Result<ProviderHealthMonitor> {
    get_provider_health_monitor_cancellable(db, provider_id, query, &HealthCancel::new()).await
}

/// [`get_provider_health_monitor`] that `cancel` can stop (`Cancelled`), its statement included.
pub async fn get_provider_health_monitor_cancellable(
    db: &Database,
    provider_id: &str,
    query: &HealthQuery,
    cancel: &HealthCancel,
) -> Result<ProviderHealthMonitor> {
    let result = monitor(db, provider_id, query, cancel).await;
    cancel.outcome(result)
}

async fn monitor(
    db: &Database,
    provider_id: &str,
    query: &HealthQuery,
    cancel: &HealthCancel,
) -> Result<ProviderHealthMonitor> {
    let window = Window::resolve(db, query)?;
    let provider = source::provider(db, provider_id)
        .await?
        .ok_or_else(|| Error::not_found("provider", provider_id))?;
    let endpoints = source::endpoints(db, provider_id).await?;
    let endpoint_ids: Vec<String> = endpoints.iter().map(|e| e.id.clone()).collect();
    let slicing = Slicing::new(&window);
    let conn = &mut Conn::acquire(db, cancel).await?;
    let target = Target::Provider(provider_id);
    let tallies = window_tallies(db, conn, target, &window, &slicing, cancel, Quiet::Read).await?;
    let sampled = sql::sample(db, conn, &endpoint_ids, &window).await?;
    let mut samples = samples(sampled, &window);

    let by_event_time = source::events_by_event_time(db.generation());
    let mut provider_buckets = vec![Tally::default(); slicing.len()];
    let endpoints: Vec<EndpointHealthMonitor> = endpoints
        .into_iter()
        .map(|e| {
            let mut sample = samples.remove(&e.id).unwrap_or_default();
            if by_event_time {
                // The event's own time, then id (compared as bytes), as the gateway sorts.
                sample.sort_by(|a, b| {
                    a.event
                        .timestamp
                        .cmp(&b.event.timestamp)
                        .then(a.id.as_bytes().cmp(b.id.as_bytes()))
                });
            }
            let sample = sample.into_iter().map(|s| s.event).collect();
            let buckets = tallies.endpoint(&e.id);
            for (total, bucket) in provider_buckets.iter_mut().zip(&buckets) {
                total.merge(bucket);
            }
            endpoint_monitor(e, sample, &buckets, &slicing)
        })
        .collect();

    Ok(ProviderHealthMonitor {
        provider_name: provider.shown_name().to_owned(),
        provider_id: provider.id,
        generated_at: window.as_of,
        since: window.since,
        lookback_hours: window.lookback_hours,
        per_endpoint_limit: window.per_endpoint_limit,
        endpoints,
        window: window_stats(&sum(&provider_buckets)),
        timeline: timeline(&slicing, &provider_buckets),
        generation: db.generation(),
    })
}

/// Whether [`window_tallies`] reads the endpoints that are not rolled up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quiet {
    /// From their raw rows.
    Read,
    /// Not at all: the caller reads them some other way.
    Elsewhere,
}

/// The target's tallies per endpoint and slice over the window: the whole intervals of rolled-up
/// endpoints from a snapshot's rollups, everything else aggregated by the database (unless
/// `quiet` says the endpoints that are not rolled up are read elsewhere).
pub(crate) async fn window_tallies(
    db: &Database,
    conn: &mut Conn,
    target: Target<'_>,
    window: &Window,
    slicing: &Slicing,
    cancel: &HealthCancel,
    quiet: Quiet,
) -> Result<Tallies> {
    let mut tallies = Tallies::new(slicing.len());
    let whole = [rollup::RawRange {
        from: window.since,
        to: window.as_of,
        inclusive: true,
    }];
    let rolled = rollup::available(db, target).await?;
    if rolled {
        let plan = rollup::plan(slicing, window.as_of);
        rollup::read(db, conn, target, &plan, &mut tallies).await?;
        cancel.check()?;
        let edges = &plan.raw;
        sql::aggregate(
            db,
            conn,
            target,
            Scope::RolledUp,
            slicing,
            edges,
            &mut tallies,
        )
        .await?;
        cancel.check()?;
    }
    if quiet == Quiet::Read {
        let scope = if rolled {
            Scope::NotRolledUp
        } else {
            Scope::All
        };
        sql::aggregate(db, conn, target, scope, slicing, &whole, &mut tallies).await?;
    }
    cancel.check()?;
    Ok(tallies)
}

/// Each endpoint's newest `per_endpoint_limit` sampled events (created_at DESC, id DESC as
/// bytes), oldest first.
fn samples(rows: Vec<sql::Sampled>, window: &Window) -> HashMap<String, Vec<sql::Sampled>> {
    let mut by_endpoint: HashMap<String, Vec<sql::Sampled>> = HashMap::new();
    for row in rows {
        by_endpoint
            .entry(row.endpoint_id.clone())
            .or_default()
            .push(row);
    }
    for list in by_endpoint.values_mut() {
        list.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then(b.id.as_bytes().cmp(a.id.as_bytes()))
        });
        list.truncate(window.per_endpoint_limit as usize);
        list.reverse();
    }
    by_endpoint
}

/// One endpoint: counts over its sample (as Aether does), statistics over its window.
fn endpoint_monitor(
    endpoint: EndpointRecord,
    events: Vec<HealthEvent>,
    buckets: &[Tally],
    slicing: &Slicing,
) -> EndpointHealthMonitor {
    let count = |status: &str| events.iter().filter(|e| e.status == status).count() as u64;
    let success_count = count("success");
    let mut outcomes = OutcomeCounts::default();
    for e in &events {
        let class = OutcomeClass::classify(
            &e.status,
            e.status_code.map(i64::from),
            e.error_message.as_deref(),
        );
        outcomes.add(class, 1);
    }
    let total_attempts = events.len() as u64;
    EndpointHealthMonitor {
        endpoint_id: endpoint.id,
        api_format: endpoint.api_format,
        is_active: endpoint.is_active,
        total_attempts,
        success_count,
        failed_count: count("failed"),
        skipped_count: count("skipped"),
        success_rate: success_rate(success_count, total_attempts),
        sample_level: outcomes.level(),
        last_event_at: events.last().map(|e| e.timestamp),
        events,
        window: window_stats(&sum(buckets)),
        timeline: timeline(slicing, buckets),
    }
}

/// The timeline bucket of `t` in `window` (for tests holding other readers to the same edges).
#[cfg(test)]
pub(crate) fn timeline_index(window: &Window, t: crate::model::Timestamp) -> usize {
    Slicing::new(window).index(t)
}
