//! `bench --scale busy`: the health monitor of the busy provider (6,000,000 request candidates
//! over 72 h), the summaries and the fleet, timed in this process, then each operation again in a process of its own that
//! runs just that call, to report the peak resident memory one call needs.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aether_review_core::demo::BUSY_PROVIDER_ID;
use aether_review_core::model::{FleetQuery, HealthQuery};
use aether_review_core::{
    get_fleet_health, get_provider_health_monitor, list_provider_summaries, Error,
};

use super::{cpu_ms, memory_status, peak_memory, print_generation, Generated, Sample};
use crate::output;

/// An operation's calls stop early once they have taken this long together (a slow call is
/// timed once rather than thirty times).
const TIME_BUDGET: Duration = Duration::from_secs(10);

/// What an operation calls.
#[derive(Clone, Copy)]
enum Call {
    /// The busy provider's health monitor over this many hours.
    Health(u32),
    Summaries,
    /// Every endpoint over 72 h.
    Fleet,
}

/// One benchmarked operation: its name, its target and the CLI arguments that run it alone.
struct Operation {
    name: &'static str,
    target_ms: f64,
    target_mb: Option<f64>,
    call: Call,
}

const OPERATIONS: [Operation; 4] = [
    Operation {
        name: "health 72 h, limit 200, 60 buckets",
        target_ms: 100.0,
        target_mb: Some(50.0),
        call: Call::Health(72),
    },
    Operation {
        name: "health 6 h, limit 200, 60 buckets",
        target_ms: 30.0,
        target_mb: None,
        call: Call::Health(6),
    },
    Operation {
        name: "list_provider_summaries (all)",
        target_ms: 30.0,
        target_mb: None,
        call: Call::Summaries,
    },
    Operation {
        name: "fleet 72 h, 60 buckets",
        target_ms: 250.0,
        target_mb: None,
        call: Call::Fleet,
    },
];

fn fleet_query() -> FleetQuery {
    FleetQuery {
        lookback_hours: Some(72),
        buckets: Some(60),
        ..FleetQuery::default()
    }
}

fn query(lookback_hours: u32) -> HealthQuery {
    HealthQuery {
        lookback_hours: Some(lookback_hours),
        per_endpoint_limit: Some(200),
        as_of: None,
        buckets: Some(60),
    }
}

pub async fn run(path: &Path, iterations: u32, generation: Generated) -> Result<(), Error> {
    let location = path.to_string_lossy().into_owned();
    // The child processes first, while this one is small: Linux starts a child's peak resident
    // figure at what its parent holds when it forks (a parent's peak, for a vfork), so a child's
    // figure is max(its own peak, this process's resident memory at the fork), printed below.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let parent_rss = memory_status("VmRSS:");
    let alone = OPERATIONS
        .iter()
        .map(|op| self::alone(&location, op))
        .collect::<Result<Vec<_>, _>>()?;
    let db = aether_review_core::open(&location, false).await?;
    let info = db.info().clone();
    let mut samples = Vec::new();
    for op in &OPERATIONS {
        let mut times = Vec::new();
        let mut statements = 0;
        let cpu_before = cpu_ms();
        let started = Instant::now();
        while times.len() < iterations as usize
            && (times.is_empty() || started.elapsed() < TIME_BUDGET)
        {
            let before = db.statements_executed();
            let start = Instant::now();
            match op.call {
                Call::Health(hours) => {
                    get_provider_health_monitor(&db, BUSY_PROVIDER_ID, &query(hours)).await?;
                }
                Call::Summaries => {
                    list_provider_summaries(&db).await?;
                }
                Call::Fleet => {
                    get_fleet_health(&db, &fleet_query()).await?;
                }
            }
            times.push(start.elapsed());
            statements = db.statements_executed() - before;
        }
        let calls = times.len() as f64;
        let cpu_ms = cpu_before
            .zip(cpu_ms())
            .map(|(before, after)| (after - before) / calls);
        samples.push(Sample {
            times,
            statements,
            cpu_ms,
        });
    }
    let in_process_peak = peak_memory();
    db.close().await;

    output::text(format!(
        "{} (busy scale, generation {}, {:?} times), provider {BUSY_PROVIDER_ID}: up to \
         {iterations} calls per operation, fewer once they took {} s",
        path.display(),
        info.generation,
        info.time_encoding,
        TIME_BUDGET.as_secs()
    ));
    let mut table = output::table(&[
        "operation",
        "target",
        "median",
        "calls",
        "CPU / call",
        "SQL statements",
        "own process: time",
        "own process: peak RSS",
    ]);
    for ((op, sample), alone) in OPERATIONS.iter().zip(&samples).zip(&alone) {
        table.add_row(vec![
            op.name.to_owned(),
            match op.target_mb {
                Some(mb) => format!("≤ {} ms, ≤ {mb} MB", op.target_ms),
                None => format!("≤ {} ms", op.target_ms),
            },
            format!("{:.2} ms", sample.percentile(0.5)),
            sample.times.len().to_string(),
            sample
                .cpu_ms
                .map_or_else(|| "—".into(), |ms| format!("{ms:.1} ms")),
            sample.statements.to_string(),
            format!("{:.0} ms", alone.wall.as_secs_f64() * 1_000.0),
            alone.peak_kb.map_or_else(
                || "unknown".into(),
                |kb| format!("{:.1} MB", kb as f64 / 1024.0),
            ),
        ]);
    }
    output::text(table);
    output::text(format!(
        "own process: one `aether-review` process per operation, running just that call \
         (open, the call, JSON to /dev/null); its peak RSS is never below this process's \
         resident memory when it started: {parent_rss}"
    ));
    print_generation(generation);
    output::text(format!(
        "peak resident memory of this process (open + operations): {in_process_peak}"
    ));
    Ok(())
}

/// A child process's wall time and peak resident memory.
struct Alone {
    wall: Duration,
    peak_kb: Option<u64>,
}

/// Runs `op` through this binary in a process of its own (open, the one call, print JSON).
fn alone(location: &str, op: &Operation) -> Result<Alone, Error> {
    let exe = std::env::current_exe().map_err(|e| Error::Database {
        message: format!("cannot find this program to run a child process: {e}"),
    })?;
    let mut command = Command::new(exe);
    match op.call {
        Call::Health(hours) => command.args([
            "health",
            "--db",
            location,
            "--provider",
            BUSY_PROVIDER_ID,
            "--lookback-hours",
            &hours.to_string(),
            "--per-endpoint-limit",
            "200",
            "--buckets",
            "60",
            "--json",
        ]),
        Call::Summaries => command.args(["summary", "--db", location, "--json"]),
        Call::Fleet => command.args([
            "fleet",
            "--db",
            location,
            "--lookback-hours",
            "72",
            "--buckets",
            "60",
            "--json",
        ]),
    };
    command.stdout(Stdio::null()).stderr(Stdio::inherit());
    let start = Instant::now();
    let child = command.spawn().map_err(|e| Error::Database {
        message: format!("cannot start a child process: {e}"),
    })?;
    let (success, peak_kb) = wait_with_peak(child)?;
    let wall = start.elapsed();
    if !success {
        return Err(Error::Database {
            message: format!("the child process running {} failed", op.name),
        });
    }
    Ok(Alone { wall, peak_kb })
}

/// Waits for `child` and reads its own peak resident set (`ru_maxrss`, kB on Linux) from
/// `wait4`: the kernel's figure for exactly that process.
#[cfg(unix)]
fn wait_with_peak(child: std::process::Child) -> Result<(bool, Option<u64>), Error> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: all-zero is a valid `rusage` (plain integers).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our un-reaped child (std never waits for it: `child` is not used again),
    // and both out-pointers point at live locals of the right types.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    drop(child);
    if reaped != pid {
        return Err(Error::Database {
            message: format!(
                "waiting for the child process failed: {}",
                std::io::Error::last_os_error()
            ),
        });
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((success, u64::try_from(usage.ru_maxrss).ok()))
}

#[cfg(not(unix))]
fn wait_with_peak(mut child: std::process::Child) -> Result<(bool, Option<u64>), Error> {
    let status = child.wait().map_err(|e| Error::Database {
        message: format!("waiting for the child process failed: {e}"),
    })?;
    Ok((status.success(), None))
}
