//! The health monitor: per-endpoint samples, window statistics and timeline (SPEC §2.2).
//!
//! Four statements whatever the number of endpoints or events (see [`sql`]); the statistics and
//! the timeline are computed here from the window's compact rows.

mod args;
mod sql;
mod stats;
mod timeline;

use std::collections::HashMap;

use crate::db::Database;
use crate::error::Result;
use crate::model::{EndpointHealthMonitor, HealthEvent, HealthQuery, ProviderHealthMonitor};
use crate::read_sql::int;
use args::Window;
use sql::{EndpointRow, SampleRow};
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
    let provider = sql::provider(db, provider_id).await?;
    let endpoints = sql::endpoints(db, provider_id).await?;
    let mut samples: HashMap<String, Vec<SampleRow>> = HashMap::new();
    for row in sql::sample(db, provider_id, &window).await? {
        samples
            .entry(row.endpoint_id.clone())
            .or_default()
            .push(row);
    }
    let mut window_events: HashMap<String, Vec<WindowEvent>> = HashMap::new();
    for (endpoint_id, event) in sql::window_events(db, provider_id, &window).await? {
        window_events.entry(endpoint_id).or_default().push(event);
    }

    let slicing = Slicing::new(&window);
    let all_events = || window_events.values().flatten();
    let provider_window = window_stats(all_events());
    let provider_timeline = timeline(&slicing, all_events());
    let endpoints = endpoints
        .into_iter()
        .map(|e| {
            let sample = samples.remove(&e.id).unwrap_or_default();
            let events = window_events.get(&e.id).map(Vec::as_slice).unwrap_or(&[]);
            endpoint_monitor(e, sample, events, &slicing)
        })
        .collect::<Result<Vec<_>>>()?;

    Ok(ProviderHealthMonitor {
        provider_id: provider.id,
        provider_name: provider.display_name.unwrap_or(provider.name),
        generated_at: window.as_of,
        since: window.since,
        lookback_hours: window.lookback_hours,
        per_endpoint_limit: window.per_endpoint_limit,
        endpoints,
        window: provider_window,
        timeline: provider_timeline,
    })
}

/// One endpoint: counts over its sample (as the reference does), statistics over its window.
fn endpoint_monitor(
    endpoint: EndpointRow,
    sample: Vec<SampleRow>,
    window_events: &[WindowEvent],
    slicing: &Slicing,
) -> Result<EndpointHealthMonitor> {
    let events = sample
        .into_iter()
        .map(health_event)
        .collect::<Result<Vec<_>>>()?;
    let count = |status: &str| events.iter().filter(|e| e.status == status).count() as u32;
    let success_count = count("success");
    let total_attempts = events.len() as u32;
    Ok(EndpointHealthMonitor {
        endpoint_id: endpoint.id,
        api_format: endpoint.api_format,
        is_active: endpoint.is_active,
        total_attempts,
        success_count,
        failed_count: count("failed"),
        skipped_count: count("skipped"),
        success_rate: success_rate(success_count, total_attempts),
        last_event_at: events.last().map(|e| e.timestamp),
        events,
        window: window_stats(window_events),
        timeline: timeline(slicing, window_events),
    })
}

fn health_event(row: SampleRow) -> Result<HealthEvent> {
    Ok(HealthEvent {
        timestamp: row.finished_at.or(row.started_at).unwrap_or(row.created_at),
        status: row.status,
        status_code: int(row.status_code, "status_code")?,
        latency_ms: int(row.latency_ms, "latency_ms")?,
        error_type: row.error_type,
        error_message: row.error_message,
    })
}
