//! `events`: a provider's (or one endpoint's) events in a time range or one timeline bucket,
//! newest first; `request`: one request's chain across providers.

use aether_review_core::export::{all_events, events_csv};
use aether_review_core::model::{
    CandidateEvent, ChainEnd, ChainGap, EventFilters, EventRange, EventsQuery, OutcomeClass,
    RequestChain, Timestamp,
};
use aether_review_core::{get_request_chain, Error};
use clap::Args;

use crate::update::rfc3339;
use crate::{output, DbArgs};

#[derive(Args)]
pub struct EventsArgs {
    #[command(flatten)]
    db: DbArgs,
    #[arg(long, value_name = "ID")]
    provider: String,
    /// Only this endpoint of the provider.
    #[arg(long, value_name = "ID")]
    endpoint: Option<String>,
    /// Events created at or after this time.
    #[arg(long, value_name = "RFC3339", value_parser = rfc3339, required_unless_present = "bucket", requires = "to")]
    from: Option<Timestamp>,
    /// Events created before this time.
    #[arg(long, value_name = "RFC3339", value_parser = rfc3339, requires = "from")]
    to: Option<Timestamp>,
    /// Instead of --from/--to: bucket N (from 0) of the health timeline of the window given by
    /// --lookback-hours, --buckets and --as-of (the health command's defaults).
    #[arg(long, value_name = "N", conflicts_with_all = ["from", "to"])]
    bucket: Option<u32>,
    #[arg(long, value_name = "HOURS", requires = "bucket")]
    lookback_hours: Option<u32>,
    #[arg(long, value_name = "N", requires = "bucket")]
    buckets: Option<u32>,
    #[arg(long, value_name = "RFC3339", value_parser = rfc3339, requires = "bucket")]
    as_of: Option<Timestamp>,
    /// Only these statuses (repeatable).
    #[arg(long, value_name = "STATUS")]
    status: Vec<String>,
    /// Only these outcome classes (repeatable).
    #[arg(long, value_name = "CLASS", value_parser = outcome)]
    outcome: Vec<OutcomeClass>,
    /// Only these status codes (repeatable).
    #[arg(long, value_name = "CODE")]
    code: Vec<i32>,
    /// Only these error types (repeatable).
    #[arg(long, value_name = "TYPE")]
    error_type: Vec<String>,
    /// Only events whose error message contains this text.
    #[arg(long, value_name = "TEXT")]
    message: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV (RFC 4180, formula-safe) instead of a table.
    #[arg(long)]
    csv: bool,
}

fn outcome(text: &str) -> Result<OutcomeClass, String> {
    OutcomeClass::parse(text).ok_or_else(|| {
        let names: Vec<_> = OutcomeClass::ALL.iter().map(|c| c.as_str()).collect();
        format!("`{text}` is not one of {}", names.join(", "))
    })
}

pub async fn run(args: EventsArgs) -> Result<(), Error> {
    let range = match (args.bucket, args.from, args.to) {
        (Some(index), _, _) => EventRange::Bucket {
            as_of: args.as_of,
            lookback_hours: args.lookback_hours,
            buckets: args.buckets,
            index,
        },
        (None, Some(from), Some(to)) => EventRange::Between { from, to },
        // clap requires one of the two forms.
        _ => unreachable!("--from/--to or --bucket"),
    };
    let query = EventsQuery {
        provider_id: args.provider,
        endpoint_id: args.endpoint,
        range,
        filters: EventFilters {
            statuses: args.status,
            outcomes: args.outcome,
            status_codes: args.code,
            error_types: args.error_type,
            message_contains: args.message,
        },
        page_size: None,
        cursor: None,
    };
    let db = args.db.open().await?;
    let result = all_events(&db, &query).await;
    db.close().await;
    let events = result?;
    if args.json {
        output::json(&events);
    } else if args.csv {
        print!("{}", events_csv(&events));
    } else {
        print_events(&events);
    }
    Ok(())
}

fn print_events(events: &[CandidateEvent]) {
    let mut table = output::table(&[
        "created",
        "status",
        "class",
        "code",
        "latency",
        "error type",
        "error message",
        "skip reason",
        "key",
        "request",
        "cand/retry",
    ]);
    for e in events {
        table.add_row(vec![
            output::time(e.created_at),
            e.status.clone(),
            e.outcome.as_str().to_owned(),
            output::opt(e.status_code),
            output::opt(e.latency_ms.map(|l| format!("{l} ms"))),
            output::opt(e.error_type.as_ref()),
            output::opt(e.error_message.as_ref()),
            output::opt(e.skip_reason.as_ref()),
            output::opt(e.key_name.as_ref().or(e.key_id.as_ref())),
            e.request_id.clone(),
            format!("{}/{}", e.candidate_index, e.retry_index),
        ]);
    }
    output::text(table);
    output::text(format!("{} events", events.len()));
}

#[derive(Args)]
pub struct RequestArgs {
    #[command(flatten)]
    db: DbArgs,
    request_id: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub async fn run_request(args: RequestArgs) -> Result<(), Error> {
    let db = args.db.open().await?;
    let result = get_request_chain(&db, &args.request_id).await;
    db.close().await;
    let chain = result?;
    if args.json {
        output::json(&chain);
    } else {
        print_chain(&chain);
    }
    Ok(())
}

fn print_chain(chain: &RequestChain) {
    let mut table = output::table(&[
        "cand/retry",
        "provider",
        "format",
        "key",
        "status",
        "class",
        "code",
        "latency",
        "error",
        "created",
    ]);
    for c in &chain.candidates {
        table.add_row(vec![
            format!("{}/{}", c.candidate_index, c.retry_index),
            output::opt(c.provider_name.as_ref().or(c.provider_id.as_ref())),
            output::opt(c.api_format.as_ref()),
            output::opt(c.key_name.as_ref().or(c.key_id.as_ref())),
            c.status.clone(),
            c.outcome.as_str().to_owned(),
            output::opt(c.status_code),
            output::opt(c.latency_ms.map(|l| format!("{l} ms"))),
            output::opt(
                c.error_type
                    .as_ref()
                    .or(c.error_message.as_ref())
                    .or(c.skip_reason.as_ref()),
            ),
            output::time(c.created_at),
        ]);
    }
    output::text(table);
    let at = |p: u32| {
        let c = &chain.candidates[p as usize];
        format!(
            "{} (candidate {}, retry {})",
            c.provider_name
                .as_deref()
                .or(c.provider_id.as_deref())
                .unwrap_or("—"),
            c.candidate_index,
            c.retry_index
        )
    };
    output::text(match chain.end {
        ChainEnd::Succeeded { position } => format!("succeeded at {}", at(position)),
        ChainEnd::InFlight { position } => format!("still running at {}", at(position)),
        ChainEnd::GaveUp => "gave up: no candidate succeeded".to_owned(),
    });
    // A snapshot's provider filter alone says the chain may go on where the file cannot see.
    let heading = if chain.incomplete {
        "incomplete"
    } else {
        "may be incomplete"
    };
    for gap in &chain.gaps {
        output::text(format!("{heading}: {}", describe(gap)));
    }
}

fn describe(gap: &ChainGap) -> String {
    let list = |v: &[i32]| {
        v.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match gap {
        ChainGap::MissingCandidates { candidate_indexes } => {
            format!(
                "candidates {} are not in this database",
                list(candidate_indexes)
            )
        }
        ChainGap::MissingRetries {
            candidate_index,
            retry_indexes,
        } => format!(
            "retries {} of candidate {candidate_index} are not in this database",
            list(retry_indexes)
        ),
        ChainGap::ProviderNotInDatabase { provider_ids } => format!(
            "providers {} are not in this database",
            provider_ids.join(", ")
        ),
        ChainGap::SnapshotWindow { since_window } => {
            format!("the snapshot kept only the last {since_window} of events")
        }
        ChainGap::SnapshotProviders { provider_ids } => format!(
            "the snapshot holds only providers {}",
            provider_ids.join(", ")
        ),
    }
}
