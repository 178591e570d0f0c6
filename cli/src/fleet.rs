//! `fleet`: every endpoint of every provider over one window, by API format and worst first.

use aether_review_core::export::fleet_csv;
use aether_review_core::fleet::FLEET_RULES;
use aether_review_core::model::{FleetFigures, FleetFilters, FleetHealth, FleetQuery, Timestamp};
use aether_review_core::{get_fleet_health, Error, LIMITS};
use clap::Args;

use crate::health::bounded;
use crate::update::rfc3339;
use crate::{output, DbArgs};

#[derive(Args)]
pub struct FleetArgs {
    #[command(flatten)]
    db: DbArgs,
    // Bounds and defaults are core's `LIMITS`; out of range is core's validation error (exit 4).
    #[arg(long, value_name = "HOURS", help = bounded("Hours before the as-of time", LIMITS.lookback_hours))]
    lookback_hours: Option<u32>,
    #[arg(long, value_name = "N", help = bounded("Timeline slices", LIMITS.buckets))]
    buckets: Option<u32>,
    /// "Now" (default: the snapshot's time, or the wall clock for a live database).
    #[arg(long, value_name = "RFC3339", value_parser = rfc3339)]
    as_of: Option<Timestamp>,
    /// Only endpoints of this API format (repeat for several).
    #[arg(long = "format", value_name = "FORMAT")]
    formats: Vec<String>,
    /// Only active endpoints of active providers.
    #[arg(long, conflicts_with = "inactive")]
    active: bool,
    /// Only endpoints or providers that are switched off.
    #[arg(long)]
    inactive: bool,
    /// Only endpoints with events in the window.
    #[arg(long)]
    with_traffic: bool,
    /// Only providers whose name contains this text (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// Show only the worst N endpoints (all of them are still counted in the formats).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Print JSON instead of tables.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the ranked endpoints as CSV.
    #[arg(long)]
    csv: bool,
}

pub async fn run(args: FleetArgs) -> Result<(), Error> {
    let query = FleetQuery {
        lookback_hours: args.lookback_hours,
        as_of: args.as_of,
        buckets: args.buckets,
        filters: FleetFilters {
            api_formats: args.formats,
            active: match (args.active, args.inactive) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            with_traffic_only: args.with_traffic,
            provider_search: args.search,
        },
    };
    let db = args.db.open().await?;
    let result = get_fleet_health(&db, &query).await;
    db.close().await;
    let fleet = result?;
    if args.json {
        output::json(&fleet);
    } else if args.csv {
        print!("{}", fleet_csv(&fleet));
    } else {
        print(&fleet, args.top);
    }
    Ok(())
}

fn print(f: &FleetHealth, top: Option<usize>) {
    output::text(format!(
        "Fleet: {} → {} ({} h, {} endpoints)",
        output::time(Some(f.since)),
        output::time(Some(f.generated_at)),
        f.lookback_hours,
        f.endpoints.len()
    ));
    let mut formats = output::table(&[
        "format",
        "providers",
        "endpoints",
        "attempts",
        "ok",
        "service errors",
        "client errors",
        "degraded",
        "unhealthy",
        "keys that cannot serve",
        "timeline (old → new)",
    ]);
    for g in &f.formats {
        let k = &g.keys_cannot_serve;
        let mut keys = format!(
            "{} (inactive {}, expired {}, OAuth invalid {}, circuit open {})",
            k.total, k.inactive, k.expired, k.oauth_invalid, k.circuit_open
        );
        if !k.not_recorded.is_empty() {
            let names: Vec<&str> = k.not_recorded.iter().map(|r| r.as_str()).collect();
            keys.push_str(&format!("; not recorded: {}", names.join(", ")));
        }
        let fig = &g.figures;
        formats.add_row(vec![
            g.api_format.clone(),
            g.providers.to_string(),
            g.endpoints.to_string(),
            fig.attempts.to_string(),
            output::rate(fig.success_rate),
            fig.outcomes.service_error.to_string(),
            fig.outcomes.user_error.to_string(),
            g.degraded_endpoints.to_string(),
            g.unhealthy_endpoints.to_string(),
            keys,
            output::strip(g.strip.levels.iter().copied()),
        ]);
    }
    output::text(formats);
    output::text(format!(
        "all formats: {} attempts, ok {}, {} service errors, {} client errors",
        f.total.attempts,
        output::rate(f.total.success_rate),
        f.total.outcomes.service_error,
        f.total.outcomes.user_error
    ));

    let mut table = output::table(&[
        "#",
        "provider",
        "format",
        "active",
        "attempts",
        "ok",
        "service errors",
        "client errors",
        "failed / skipped",
        "latency p50/p95",
        "timeline (old → new)",
        "endpoint",
    ]);
    for e in f.endpoints.iter().take(top.unwrap_or(usize::MAX)) {
        let fig = &e.figures;
        table.add_row(vec![
            e.rank.to_string(),
            e.provider_name.clone(),
            e.api_format.clone(),
            if e.is_active && e.provider_active {
                "yes"
            } else {
                "no"
            }
            .into(),
            fig.attempts.to_string(),
            rate(fig),
            fig.outcomes.service_error.to_string(),
            fig.outcomes.user_error.to_string(),
            format!("{} / {}", fig.failed, fig.skipped),
            match (fig.latency_p50_ms, fig.latency_p95_ms) {
                (Some(a), Some(b)) => format!("{a}/{b} ms"),
                _ => "—".into(),
            },
            output::strip(e.strip.iter().flat_map(|s| s.levels.iter().copied())),
            e.endpoint_id.clone(),
        ]);
    }
    output::text(table);
    output::text(format!(
        "worst first: most service errors, then the lowest success rate (success / (success + \
         service errors)), which counts from {} such attempts; {}",
        FLEET_RULES.min_finished_for_rate,
        output::STRIP_KEY
    ));
}

/// The rate, marked when too few attempts finished for it to count in the ranking.
fn rate(f: &FleetFigures) -> String {
    match (f.success_rate, f.rate_counts) {
        (Some(r), false) => format!("{} (few)", output::percent(r)),
        (r, _) => output::rate(r),
    }
}
