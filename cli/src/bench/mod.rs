//! `bench`: the operations of the performance targets (`docs/rules.md`) timed on the large
//! snapshot (or, `--scale busy`, on the busy one: [`busy`]), with the SQL statements each one
//! runs. Figures, not pass/fail: the targets are printed beside them.

mod busy;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aether_review_core::demo::{DemoEngine, DemoTarget, Scale};
use aether_review_core::model::{EventFilters, EventRange, EventsQuery, FleetQuery, HealthQuery};
use aether_review_core::{
    get_fleet_health, get_provider_health_monitor, get_provider_summary, get_request_chain,
    list_events, list_provider_summaries, update_provider_settings, Error, LIMITS,
};
use clap::{Args, ValueEnum};
use serde_json::json;

use crate::{demo, output};

#[derive(Args)]
pub struct BenchArgs {
    /// The large snapshot: reused when it exists, generated when not
    /// (default: target/bench/large.db).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Timed calls per operation.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    iterations: u32,
    /// The generation of Aether the large database is written as.
    #[arg(long, value_enum, default_value_t = demo::GenerationArg::Rust)]
    generation: demo::GenerationArg,
    /// `snapshot` (this tool's file) or `sqlite` (the Rust gateway's own file).
    #[arg(long, value_enum, default_value_t = demo::EngineArg::Snapshot)]
    engine: demo::EngineArg,
    /// `large` (1,000 providers, the summaries' targets) or `busy` (one provider with 6,000,000
    /// request candidates: the health monitor's time and, one process per call, memory).
    #[arg(long, value_enum, default_value_t = BenchScale::Large)]
    scale: BenchScale,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BenchScale {
    Large,
    Busy,
}

impl From<BenchScale> for Scale {
    fn from(s: BenchScale) -> Self {
        match s {
            BenchScale::Large => Scale::Large,
            BenchScale::Busy => Scale::Busy,
        }
    }
}

/// The seed of the benchmark's snapshot, so every run measures the same data.
const SEED: u64 = 1;

struct Sample {
    times: Vec<Duration>,
    statements: u64,
    /// Mean CPU time per call of the whole process (all threads), load-independent where the
    /// wall clock is not on a shared machine.
    cpu_ms: Option<f64>,
}

impl Sample {
    /// Nearest-rank percentile in milliseconds.
    fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.times.clone();
        sorted.sort();
        let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1].as_secs_f64() * 1_000.0
    }
}

/// Runs `$op` (an awaitable `Result`) `$n` times, timing each call and counting its statements.
macro_rules! measure {
    ($db:expr, $n:expr, |$i:ident| $op:expr) => {{
        let mut times = Vec::new();
        let mut statements = 0;
        let cpu_before = cpu_ms();
        for $i in 0..$n {
            let before = $db.statements_executed();
            let start = Instant::now();
            $op.await?;
            times.push(start.elapsed());
            statements = $db.statements_executed() - before;
        }
        let cpu_ms = cpu_before
            .zip(cpu_ms())
            .map(|(before, after)| (after - before) / f64::from($n));
        Sample {
            times,
            statements,
            cpu_ms,
        }
    }};
}

pub async fn run(args: BenchArgs) -> Result<(), Error> {
    let target = demo::target(args.generation, args.engine);
    let scale = Scale::from(args.scale);
    let path = args.db.unwrap_or_else(|| default_path(scale, target));
    let generation = ensure_database(&path, scale, target).await?;
    if args.scale == BenchScale::Busy {
        return busy::run(&path, args.iterations, generation).await;
    }
    let location = path.to_string_lossy().into_owned();
    let opened = Instant::now();
    let db = aether_review_core::open(&location, false).await?;
    let open_time = opened.elapsed();
    let db_info = db.info().clone();
    let n = args.iterations;

    let all = measure!(db, n, |_i| list_provider_summaries(&db));
    let providers = list_provider_summaries(&db).await?;
    let target = providers
        .get(providers.len() / 2)
        .ok_or_else(|| Error::not_found("provider", "any"))?;
    let id = target.id.clone();
    let one = measure!(db, n, |_i| get_provider_summary(&db, &id));
    // The target is for the heaviest query the limits allow, at the default slicing.
    let query = HealthQuery {
        lookback_hours: Some(LIMITS.lookback_hours.max),
        per_endpoint_limit: Some(LIMITS.per_endpoint_limit.max),
        as_of: None,
        buckets: Some(LIMITS.buckets.default),
    };
    let health_name = format!(
        "health {} h, limit {}, {} buckets",
        LIMITS.lookback_hours.max, LIMITS.per_endpoint_limit.max, LIMITS.buckets.default
    );
    let health = measure!(db, n, |_i| get_provider_health_monitor(&db, &id, &query));
    // The busiest bucket of that timeline: its first page, then the chain of its newest request.
    let monitor = get_provider_health_monitor(&db, &id, &query).await?;
    let busiest = (0..monitor.timeline.len())
        .max_by_key(|&i| monitor.timeline[i].total)
        .unwrap_or(0);
    let events_query = EventsQuery {
        provider_id: id.clone(),
        endpoint_id: None,
        range: EventRange::Bucket {
            as_of: Some(monitor.generated_at),
            lookback_hours: query.lookback_hours,
            buckets: query.buckets,
            index: busiest as u32,
        },
        filters: EventFilters::default(),
        page_size: None,
        cursor: None,
    };
    let events_name = format!(
        "bucket events, first page ({} of {} in the bucket)",
        LIMITS.event_page_size.default, monitor.timeline[busiest].total
    );
    let page = measure!(db, n, |_i| list_events(&db, &events_query));
    let request_id = list_events(&db, &events_query)
        .await?
        .events
        .first()
        .map(|e| e.request_id.clone())
        .ok_or_else(|| Error::not_found("event", "any"))?;
    let chain = measure!(db, n, |_i| get_request_chain(&db, &request_id));
    // Every endpoint of every provider over the longest window.
    let fleet_query = FleetQuery {
        lookback_hours: query.lookback_hours,
        buckets: query.buckets,
        ..FleetQuery::default()
    };
    let fleet_name = format!(
        "fleet {} h, {} buckets ({} endpoints)",
        LIMITS.lookback_hours.max,
        LIMITS.buckets.default,
        get_fleet_health(&db, &fleet_query).await?.endpoints.len()
    );
    let fleet = measure!(db, n, |_i| get_fleet_health(&db, &fleet_query));
    // Two values in turn, ending on the original, so the snapshot stays as generated.
    let priority = target.provider_priority.unwrap_or(100);
    let update = measure!(db, n, |i| update_provider_settings(
        &db,
        &id,
        &json!({ "provider_priority": if i % 2 == 0 { priority + 1 } else { priority } }),
        None
    ));
    if n % 2 == 1 {
        update_provider_settings(&db, &id, &json!({ "provider_priority": priority }), None).await?;
    }
    db.close().await;

    output::text(format!(
        "{} ({} providers, generation {}, {:?} times), {n} calls per operation, provider {id}",
        path.display(),
        providers.len(),
        db_info.generation,
        db_info.time_encoding,
    ));
    let mut table = output::table(&[
        "operation",
        "target",
        "median",
        "p95",
        "first call",
        "CPU / call",
        "SQL statements",
    ]);
    let rows = [
        ("list_provider_summaries (all)", 30.0, &all),
        ("get_provider_summary", 5.0, &one),
        (health_name.as_str(), 30.0, &health),
        (events_name.as_str(), 20.0, &page),
        ("get_request_chain", 5.0, &chain),
        (fleet_name.as_str(), 250.0, &fleet),
        ("update_provider_settings", 10.0, &update),
    ];
    for (name, target_ms, sample) in rows {
        table.add_row(vec![
            name.to_owned(),
            format!("≤ {target_ms} ms"),
            format!("{:.2} ms", sample.percentile(0.5)),
            format!("{:.2} ms", sample.percentile(0.95)),
            format!("{:.2} ms", sample.times[0].as_secs_f64() * 1_000.0),
            sample
                .cpu_ms
                .map_or_else(|| "—".into(), |ms| format!("{ms:.1} ms")),
            sample.statements.to_string(),
        ]);
    }
    output::text(table);
    print_generation(generation);
    output::text(format!(
        "open (schema check, metadata): {:.1} ms",
        open_time.as_secs_f64() * 1_000.0
    ));
    output::text(format!(
        "peak resident memory (open + operations): {}",
        peak_memory()
    ));
    Ok(())
}

/// How long writing the benchmark's database took and its peak memory, when it was written.
type Generated = Option<(Duration, String)>;

/// Writes the benchmark's database at `path` unless it exists.
async fn ensure_database(
    path: &Path,
    scale: Scale,
    target: DemoTarget,
) -> Result<Generated, Error> {
    if path.exists() {
        return Ok(None);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::unreachable(
                aether_review_core::UnreachableCause::FileUnreadable,
                format!("cannot create {}: {e}", dir.display()),
            )
        })?;
    }
    let took = demo::write(path, scale, SEED, target).await?;
    let peak = peak_memory();
    // Linux resets VmHWM on "5" so the figure printed at the end is the operations' own peak.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    Ok(Some((took, peak)))
}

fn print_generation(generation: Generated) {
    output::text(match generation {
        Some((t, peak)) => format!(
            "generation of the snapshot: {:.1} s, peak resident memory {peak}",
            t.as_secs_f64()
        ),
        None => "generation: skipped, the snapshot existed (remove it to time generation)".into(),
    });
}

/// `target/bench/<scale>-<generation>[-gateway].db`: one database per scale and kind.
fn default_path(scale: Scale, kind: DemoTarget) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let engine = match kind.engine {
        DemoEngine::Snapshot => "",
        DemoEngine::GatewaySqlite => "-gateway",
    };
    target
        .join("bench")
        .join(format!("{}-{}{engine}.db", scale.as_str(), kind.generation))
}

/// `VmHWM` of /proc/self/status: the most resident memory this process has held.
fn peak_memory() -> String {
    memory_status("VmHWM:")
}

/// A memory line (`VmHWM:`, `VmRSS:`) of /proc/self/status, in MB.
fn memory_status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map(|kb| format!("{:.1} MB", kb as f64 / 1024.0))
        .unwrap_or_else(|| "unknown (no /proc/self/status)".into())
}

/// User + system CPU time of this process so far, in ms, from /proc/self/stat (ticks of 10 ms:
/// Linux's USER_HZ is 100), or `None` off Linux.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name in parentheses may hold spaces; the fields after it are plain.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) * 10.0)
}
