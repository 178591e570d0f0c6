//! The health monitor: per-endpoint samples, window statistics and timeline (`docs/rules.md`).
//!
//! Three statements whatever the number of endpoints or events (see [`sql`]); the statistics and
//! the timeline are computed here from the window's compact rows.

pub(crate) mod args;
mod sql;
mod stats;
mod timeline;

use std::collections::HashMap;

use crate::db::Database;
use crate::error::{Error, Result};
use crate::model::{EndpointHealthMonitor, HealthEvent, HealthQuery, ProviderHealthMonitor};
use crate::source::{self, EndpointRecord};
use crate::verdict::outcome_level;
use args::Window;
use stats::{success_rate, window_stats, WindowEvent};
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
    let window = Window::resolve(db, query)?;
    let provider = source::provider(db, provider_id)
        .await?
        .ok_or_else(|| Error::not_found("provider", provider_id))?;
    let endpoints = source::endpoints(db, provider_id).await?;
    let mut samples: HashMap<String, Vec<(String, HealthEvent)>> = HashMap::new();
    let mut window_events: HashMap<String, Vec<WindowEvent>> = HashMap::new();
    for entry in sql::window(db, provider_id, &window).await? {
        if let Some(event) = entry.sampled {
            samples
                .entry(entry.endpoint_id.clone())
                .or_default()
                .push((entry.id, event));
        }
        window_events
            .entry(entry.endpoint_id)
            .or_default()
            .push(entry.event);
    }

    let slicing = Slicing::new(&window);
    let all_events = || window_events.values().flatten();
    let provider_window = window_stats(all_events());
    let provider_timeline = timeline(&slicing, all_events());
    let by_event_time = source::events_by_event_time(db.generation());
    let endpoints = endpoints
        .into_iter()
        .map(|e| {
            let mut sample = samples.remove(&e.id).unwrap_or_default();
            if by_event_time {
                // The event's own time, then id (compared as bytes), as the gateway sorts.
                sample.sort_by(|(a_id, a), (b_id, b)| {
                    a.timestamp
                        .cmp(&b.timestamp)
                        .then(a_id.as_bytes().cmp(b_id.as_bytes()))
                });
            }
            let sample = sample.into_iter().map(|(_, event)| event).collect();
            let events = window_events.get(&e.id).map(Vec::as_slice).unwrap_or(&[]);
            endpoint_monitor(e, sample, events, &slicing)
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
        window: provider_window,
        timeline: provider_timeline,
        generation: db.generation(),
    })
}

/// One endpoint: counts over its sample (as Aether does), statistics over its window.
fn endpoint_monitor(
    endpoint: EndpointRecord,
    events: Vec<HealthEvent>,
    window_events: &[WindowEvent],
    slicing: &Slicing,
) -> EndpointHealthMonitor {
    let count = |status: &str| events.iter().filter(|e| e.status == status).count() as u64;
    let success_count = count("success");
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
        sample_level: outcome_level(total_attempts, success_count, count("failed")),
        last_event_at: events.last().map(|e| e.timestamp),
        events,
        window: window_stats(window_events),
        timeline: timeline(slicing, window_events),
    }
}

/// The timeline bucket of `t` in `window` (for tests holding other readers to the same edges).
#[cfg(test)]
pub(crate) fn timeline_index(window: &Window, t: crate::model::Timestamp) -> usize {
    Slicing::new(window).index(t)
}
