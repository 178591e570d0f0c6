//! `aether-review`: the headless Aether Review. Every subcommand only translates arguments and
//! results; the rules live in `aether-review-core`.

mod bench;
mod changes;
mod check;
mod demo;
mod events;
mod fleet;
mod health;
mod keys;
mod output;
mod snapshot;
mod summary;
mod update;

use std::process::ExitCode;

use aether_review_core::Error;
use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "aether-review",
    version,
    about = "Review an Aether gateway's providers from a snapshot or a live database"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Provider summaries: all of them, or one with --provider.
    Summary(summary::SummaryArgs),
    /// One provider's endpoint health: recent events, window statistics, timeline.
    Health(health::HealthArgs),
    /// Every endpoint of every provider over one window: by API format and worst first.
    Fleet(fleet::FleetArgs),
    /// Apply a settings patch to one provider and print its fresh summary.
    Update(update::UpdateArgs),
    /// The change log, one entry per save; or exported with --csv, --json or --script.
    Changes(changes::ChangesArgs),
    /// Write a deterministic demo snapshot.
    Demo(demo::DemoArgs),
    /// Open a database, check its schema and say what it holds.
    Check(check::CheckArgs),
    /// Time every operation on the large snapshot (`docs/rules.md`, "Performance targets").
    Bench(bench::BenchArgs),
    /// Copy a live Aether database or a Rust gateway's SQLite file into a portable snapshot,
    /// secrets left behind.
    Snapshot(snapshot::SnapshotArgs),
    /// A provider's (or endpoint's) events in a time range or one timeline bucket, newest first.
    Events(events::EventsArgs),
    /// Every candidate of one request across providers: how the gateway failed over.
    Request(events::RequestArgs),
    /// A provider's keys: formats, health, circuit, limits, last error, expiry.
    Keys(keys::KeysArgs),
}

/// Where the database is, shared by every command that opens one.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// Snapshot file, sqlite: URL, postgres:// URL or mysql:// URL.
    #[arg(long, env = "AETHER_REVIEW_DB", value_name = "DB")]
    pub db: String,
    /// Open without write access. Reading commands always do; for `update` it refuses the edit.
    #[arg(long)]
    pub read_only: bool,
    /// On a live PostgreSQL or MySQL, the longest one statement may run (seconds) before the
    /// server cancels it.
    #[arg(long, env = "AETHER_REVIEW_STATEMENT_TIMEOUT", value_name = "SECONDS", default_value_t = aether_review_core::db::DEFAULT_STATEMENT_TIMEOUT.as_secs())]
    pub statement_timeout: u64,
}

impl DbArgs {
    /// Opens for reading: read-only whatever `--read-only` says, so summarising or charting a
    /// database a gateway is running on writes nothing to it.
    pub async fn open(&self) -> Result<aether_review_core::Database, Error> {
        self.open_as(true).await
    }

    /// Opens for an edit: writable unless `--read-only` was given.
    pub async fn open_for_writing(&self) -> Result<aether_review_core::Database, Error> {
        self.open_as(self.read_only).await
    }

    async fn open_as(&self, read_only: bool) -> Result<aether_review_core::Database, Error> {
        let options = aether_review_core::db::OpenOptions {
            read_only,
            statement_timeout: std::time::Duration::from_secs(self.statement_timeout.max(1)),
        };
        aether_review_core::db::open_with(&self.db, options).await
    }
}

impl Command {
    /// Whether errors go to stderr as JSON.
    fn json(&self) -> bool {
        match self {
            Command::Summary(a) => a.json,
            Command::Health(a) => a.json,
            Command::Fleet(a) => a.json,
            Command::Update(a) => a.json,
            Command::Check(a) => a.json,
            Command::Snapshot(a) => a.json,
            Command::Changes(a) => a.json,
            Command::Events(a) => a.json,
            Command::Request(a) => a.json,
            Command::Keys(a) => a.json,
            Command::Demo(_) | Command::Bench(_) => false,
        }
    }

    async fn run(self) -> Result<(), Error> {
        match self {
            Command::Summary(a) => summary::run(a).await,
            Command::Health(a) => health::run(a).await,
            Command::Fleet(a) => fleet::run(a).await,
            Command::Update(a) => update::run(a).await,
            Command::Changes(a) => changes::run(a).await,
            Command::Demo(a) => demo::run(a).await,
            Command::Check(a) => check::run(a).await,
            Command::Bench(a) => bench::run(a).await,
            Command::Snapshot(a) => snapshot::run(&a).await,
            Command::Events(a) => events::run(a).await,
            Command::Request(a) => events::run_request(a).await,
            Command::Keys(a) => keys::run(a).await,
        }
    }
}

/// The exit code of each error kind (the CLI contract; 2 is clap's usage error).
fn exit_code(err: &Error) -> u8 {
    match err {
        Error::NotFound { .. } => 3,
        Error::Validation { .. } => 4,
        Error::Conflict { .. } => 5,
        Error::ReadOnly => 6,
        Error::SchemaMismatch { .. } => 7,
        Error::Unreachable { .. } | Error::NoDatabase => 8,
        Error::Database { .. } => 1,
        // What shells expect after Ctrl-C.
        Error::Cancelled => 130,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.command.json();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli.command.run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::error(&err, json);
            ExitCode::from(exit_code(&err))
        }
    }
}
