//! `health`: one provider's endpoint health monitor.

use aether_review_core::limits::Bound;
use aether_review_core::model::{
    HealthQuery, ProviderHealthMonitor, TimelineBucket, Timestamp, WindowStats,
};
use aether_review_core::{get_provider_health_monitor, Error, LIMITS};
use clap::Args;

use crate::update::rfc3339;
use crate::{output, DbArgs};

#[derive(Args)]
pub struct HealthArgs {
    #[command(flatten)]
    db: DbArgs,
    #[arg(long, value_name = "ID")]
    provider: String,
    // Bounds and defaults are core's `LIMITS`; out of range is core's validation error (exit 4).
    #[arg(long, value_name = "HOURS", help = bounded("Hours before the as-of time", LIMITS.lookback_hours))]
    lookback_hours: Option<u32>,
    #[arg(long, value_name = "N", help = bounded("Newest events kept per endpoint", LIMITS.per_endpoint_limit))]
    per_endpoint_limit: Option<u32>,
    #[arg(long, value_name = "N", help = bounded("Timeline slices", LIMITS.buckets))]
    buckets: Option<u32>,
    /// "Now" (default: the snapshot's time, or the wall clock for a live database).
    #[arg(long, value_name = "RFC3339", value_parser = rfc3339)]
    as_of: Option<Timestamp>,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// A help line naming core's bounds and default.
pub fn bounded(what: &str, bound: Bound) -> String {
    format!("{what} ({})", bound.describe())
}

pub async fn run(args: HealthArgs) -> Result<(), Error> {
    let query = HealthQuery {
        lookback_hours: args.lookback_hours,
        per_endpoint_limit: args.per_endpoint_limit,
        as_of: args.as_of,
        buckets: args.buckets,
    };
    let db = args.db.open().await?;
    let result = get_provider_health_monitor(&db, &args.provider, &query).await;
    db.close().await;
    let monitor = result?;
    if args.json {
        output::json(&monitor);
    } else {
        print(&monitor);
    }
    Ok(())
}

fn print(m: &ProviderHealthMonitor) {
    output::text(format!(
        "{} ({}): {} → {} ({} h, newest {} events per endpoint)",
        m.provider_name,
        m.provider_id,
        output::time(Some(m.since)),
        output::time(Some(m.generated_at)),
        m.lookback_hours,
        m.per_endpoint_limit
    ));
    let mut table = output::table(&[
        "endpoint",
        "format",
        "active",
        "sample",
        "sample ok",
        "window",
        "by status",
        "latency p50/p95/max",
        "top errors",
        "last event",
        "timeline (old → new)",
    ]);
    for e in &m.endpoints {
        table.add_row(vec![
            e.endpoint_id.clone(),
            e.api_format.clone(),
            if e.is_active { "yes" } else { "no" }.into(),
            e.total_attempts.to_string(),
            output::percent(e.success_rate),
            e.window.total.to_string(),
            by_status(&e.window),
            latency(&e.window),
            top_errors(&e.window),
            output::time(e.last_event_at),
            strip(&e.timeline),
        ]);
    }
    table.add_row(vec![
        "all endpoints".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        m.window.total.to_string(),
        by_status(&m.window),
        latency(&m.window),
        top_errors(&m.window),
        String::new(),
        strip(&m.timeline),
    ]);
    output::text(table);
    output::text(output::STRIP_KEY);
}

fn by_status(w: &WindowStats) -> String {
    let mut parts: Vec<String> = w
        .by_status
        .iter()
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    parts.push(format!("ok {}", output::rate(w.success_rate)));
    parts.join(", ")
}

fn latency(w: &WindowStats) -> String {
    match (w.latency_p50_ms, w.latency_p95_ms, w.latency_max_ms) {
        (Some(a), Some(b), Some(c)) => format!("{a}/{b}/{c} ms"),
        _ => "—".into(),
    }
}

fn top_errors(w: &WindowStats) -> String {
    w.top_error_types
        .iter()
        .take(3)
        .map(|e| format!("{} {}", e.error_type, e.count))
        .collect::<Vec<_>>()
        .join(", ")
}

fn strip(buckets: &[TimelineBucket]) -> String {
    output::strip(buckets.iter().map(|b| b.level))
}
