//! `summary`: every provider's summary, or one.

use aether_review_core::export::summaries_csv;
use aether_review_core::model::{BillingType, EndpointVerdict, ProviderSummary, ProviderVerdict};
use aether_review_core::{get_provider_keys, get_provider_summary, list_provider_summaries, Error};
use clap::Args;

use crate::{output, DbArgs};

#[derive(Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Only this provider (an object instead of an array).
    #[arg(long, value_name = "ID")]
    provider: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the providers list as CSV (RFC 4180, formula-safe).
    #[arg(long, conflicts_with = "provider")]
    csv: bool,
}

pub async fn run(args: SummaryArgs) -> Result<(), Error> {
    let db = args.db.open().await?;
    let result = match &args.provider {
        Some(id) => match get_provider_summary(&db, id).await {
            Ok(s) if args.json => {
                output::json(&s);
                Ok(())
            }
            // The provider's keys follow its fields and endpoints.
            Ok(s) => get_provider_keys(&db, id).await.map(|keys| {
                print_one(&s);
                crate::keys::print(&keys);
            }),
            Err(e) => Err(e),
        },
        None => list_provider_summaries(&db).await.map(|all| {
            if args.json {
                output::json(&all)
            } else if args.csv {
                print!("{}", summaries_csv(&all));
            } else {
                print_all(&all)
            }
        }),
    };
    db.close().await;
    result
}

fn print_all(all: &[ProviderSummary]) {
    // Provider RPM exists only on legacy databases; the newer ones keep limits on keys.
    let with_rpm = all.iter().any(|s| s.rpm_limit.is_some());
    let mut header = vec!["priority", "id", "name", "active", "billing", "quota"];
    if with_rpm {
        header.push("rpm");
    }
    header.extend(["endpoints", "keys", "models", "health", "formats"]);
    let mut table = output::table(&header);
    for s in all {
        let mut row = vec![
            output::opt(s.provider_priority),
            s.id.clone(),
            s.shown_name().to_owned(),
            yes_no(s.is_active),
            billing(s),
            quota(s),
        ];
        if with_rpm {
            row.push(rpm(s));
        }
        row.extend([
            format!("{}/{}", s.active_endpoints, s.total_endpoints),
            format!("{}/{}", s.active_keys, s.total_keys),
            format!("{}/{}", s.active_models, s.total_models),
            health(s),
            s.api_formats.join(" "),
        ]);
        table.add_row(row);
    }
    output::text(table);
    output::text(format!("{} providers", all.len()));
}

/// One provider: its fields, then its endpoints.
pub fn print_one(s: &ProviderSummary) {
    let mut rows = vec![("id", s.id.clone()), ("name", s.name.clone())];
    if let Some(display) = &s.display_name {
        rows.push(("display name", output::opt(display.as_ref())));
    }
    if let Some(provider_type) = &s.provider_type {
        rows.push(("provider type", output::opt(provider_type.as_ref())));
    }
    rows.extend([
        ("description", output::opt(s.description.as_ref())),
        ("website", output::opt(s.website.as_ref())),
        ("priority", output::opt(s.provider_priority)),
        ("active", yes_no(s.is_active)),
        ("billing", billing(s)),
        ("quota (used / monthly)", quota(s)),
        ("quota period (days)", output::opt(s.quota_reset_day)),
        ("quota last reset", output::time(s.quota_last_reset_at)),
        ("quota next reset", next_reset(s)),
        ("quota expires", output::time(s.quota_expires_at)),
    ]);
    if s.rpm_limit.is_some() {
        rows.push(("rpm (used / limit)", rpm(s)));
        rows.push(("rpm reset", output::time(s.rpm_reset_at.flatten())));
    }
    let settings = [
        ("max retries", s.max_retries.map(output::opt)),
        ("request timeout (s)", s.request_timeout.map(output::opt)),
        (
            "first byte timeout (s)",
            s.stream_first_byte_timeout.map(output::opt),
        ),
        (
            "concurrency limit",
            s.concurrent_limit
                .map(|l| l.map_or_else(|| "unlimited".to_owned(), |l| l.to_string())),
        ),
        (
            "keep priority on conversion",
            s.keep_priority_on_conversion.map(output::opt),
        ),
        (
            "format conversion",
            s.enable_format_conversion.map(output::opt),
        ),
    ];
    rows.extend(
        settings
            .into_iter()
            .filter_map(|(name, v)| Some((name, v?))),
    );
    rows.extend([
        (
            "endpoints (active / total)",
            format!("{}/{}", s.active_endpoints, s.total_endpoints),
        ),
        (
            "keys (active / total)",
            format!("{}/{}", s.active_keys, s.total_keys),
        ),
        (
            "models (active / total)",
            format!("{}/{}", s.active_models, s.total_models),
        ),
        ("average health", health(s)),
        ("created", output::time(s.created_at)),
        ("updated", output::time(s.updated_at)),
    ]);
    output::text(output::fields(rows));
    if s.endpoint_health_details.is_empty() {
        output::text("no endpoints");
        return;
    }
    let mut table = output::table(&["endpoint", "format", "active", "keys", "health"]);
    for e in &s.endpoint_health_details {
        table.add_row(vec![
            e.endpoint_id.clone(),
            e.api_format.clone(),
            yes_no(e.is_active),
            format!("{}/{}", e.active_keys, e.total_keys),
            format!("{:.2} {}", e.health_score, endpoint_verdict(e.verdict)),
        ]);
    }
    output::text(table);
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

fn billing(s: &ProviderSummary) -> String {
    s.billing_type
        .map(BillingType::as_str)
        .unwrap_or("—")
        .to_owned()
}

/// "in 4 days, on 2026-11-24 12:00:00Z", or overdue.
fn next_reset(s: &ProviderSummary) -> String {
    match s.next_quota_reset {
        None => "—".into(),
        Some(r) if r.overdue => format!(
            "due since {} (Aether resets it at its next check)",
            output::time(Some(r.at))
        ),
        Some(r) => format!(
            "in {} day{}, on {}",
            r.days_left,
            if r.days_left == 1 { "" } else { "s" },
            output::time(Some(r.at))
        ),
    }
}

fn quota(s: &ProviderSummary) -> String {
    let used = s.monthly_used_usd.unwrap_or(0.0);
    match s.monthly_quota_usd {
        Some(q) if q > 0.0 => format!("${used:.2} / ${q:.2} ({:.0}%)", used / q * 100.0),
        Some(q) => format!("${used:.2} / ${q:.2}"),
        None => format!("${used:.2} spent"),
    }
}

/// Provider RPM (legacy only; the newer generations keep limits on keys).
fn rpm(s: &ProviderSummary) -> String {
    let used = s.rpm_used.flatten().unwrap_or(0);
    match s.rpm_limit {
        None => "— (limits are per key)".into(),
        Some(None) => format!("{used} / unlimited"),
        Some(Some(0)) => "blocked".into(),
        Some(Some(limit)) => format!("{used} / {limit}"),
    }
}

/// Aether's average health, then our verdict.
fn health(s: &ProviderSummary) -> String {
    let verdict = match s.verdict {
        ProviderVerdict::Healthy => "healthy",
        ProviderVerdict::Degraded => "degraded",
        ProviderVerdict::Unhealthy => "unhealthy",
        ProviderVerdict::CannotServe => "cannot serve",
        ProviderVerdict::NoEndpoints => "no endpoints",
    };
    format!("{:.2} {verdict}", s.avg_health_score)
}

fn endpoint_verdict(v: EndpointVerdict) -> &'static str {
    match v {
        EndpointVerdict::Healthy => "healthy",
        EndpointVerdict::Degraded => "degraded",
        EndpointVerdict::Unhealthy => "unhealthy",
        EndpointVerdict::NoActiveKey => "no active key: cannot serve",
        EndpointVerdict::Inactive => "inactive",
    }
}
