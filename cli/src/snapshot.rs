//! `aether-review snapshot`: copy a live Aether PostgreSQL or MySQL, or a Rust gateway's SQLite
//! file, into a snapshot file, with progress bars on a terminal, a JSON report with `--json`, and Ctrl-C that
//! leaves no file behind.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use aether_review_core::db::Location;
use aether_review_core::take_snapshot::{
    take_snapshot, SnapshotProgress, SnapshotReport, SnapshotRequest, SnapshotStage, TakenAtBasis,
};
use aether_review_core::{Result, LIMITS};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Copy a live Aether PostgreSQL (any generation), the Rust gateway's MySQL or its SQLite file into
/// a portable SQLite snapshot of the same generation (secrets are never read).
#[derive(Debug, clap::Args)]
pub struct SnapshotArgs {
    /// The source: postgres://user@host:port/database (a password missing from the URL is taken
    /// from PGPASSWORD), mysql://user@host:port/database (from MYSQL_PWD or ~/.my.cnf), or the
    /// path of a Rust gateway's SQLite file (read, never written).
    #[arg(long, value_name = "URL|PATH")]
    pub from: String,
    /// The snapshot file to create.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// How much request history to copy, back from the server's clock (a gateway file: from its
    /// newest event): 72h, 7d, all.
    #[arg(long, value_name = "WINDOW", default_value = LIMITS.snapshot_window.default)]
    pub since: String,
    /// Copy only these providers (comma-separated ids) and their rows.
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub providers: Option<Vec<String>>,
    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,
    /// Print a JSON report instead of progress bars.
    #[arg(long)]
    pub json: bool,
}

impl SnapshotArgs {
    fn request(&self) -> SnapshotRequest {
        // MySQL's own sources (MYSQL_PWD, ~/.my.cnf) are read when it connects.
        let postgres_without_password = matches!(
            Location::parse(&self.from),
            Ok(Location::Postgres(url)) if url.password().is_none()
        );
        SnapshotRequest {
            from: self.from.clone(),
            password: if postgres_without_password {
                std::env::var("PGPASSWORD").ok()
            } else {
                None
            },
            out: self.out.display().to_string(),
            since: Some(self.since.clone()),
            providers: self.providers.clone(),
            force: self.force,
        }
    }
}

/// Runs the subcommand: prints the report on success; the error is the caller's to print.
pub async fn run(args: &SnapshotArgs) -> Result<()> {
    let cancel = Arc::new(AtomicBool::new(false));
    let on_ctrl_c = {
        let cancel = Arc::clone(&cancel);
        let quiet = args.json;
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.store(true, Ordering::Relaxed);
                if !quiet {
                    eprintln!("\ninterrupted: stopping and removing the partial file…");
                }
            }
        })
    };
    let bars = Bars::new(args.json);
    let result = take_snapshot(&args.request(), &|p| bars.update(p), &cancel).await;
    on_ctrl_c.abort();
    bars.clear();
    let report = result?;
    if args.json {
        crate::output::json(&report);
    } else {
        print_report(&report);
    }
    Ok(())
}

fn print_report(report: &SnapshotReport) {
    println!("snapshot written to {}", report.path);
    let basis = match report.taken_at_basis {
        TakenAtBasis::ServerClock => "server clock",
        TakenAtBasis::NewestEvent => "the file's newest event",
        TakenAtBasis::FileModified => "no events: the file's last write",
    };
    println!("  taken at   {} ({basis})", report.taken_at.to_rfc3339());
    println!("  source     {}", report.source);
    println!("  generation {}", report.generation);
    if let Some(version) = &report.aether_schema_version {
        println!("  schema     {version}");
    }
    println!("  window     {}", report.since_window);
    if let Some(providers) = &report.providers {
        println!("  providers  {}", providers.join(", "));
    }
    for (table, n) in &report.row_counts {
        println!("  {table:<20} {n:>10} rows");
    }
    let candidates = report
        .row_counts
        .get("request_candidates")
        .copied()
        .unwrap_or(0);
    println!(
        "  took {:.1} s ({:.0} request_candidates/s)",
        report.seconds,
        candidates as f64 / report.seconds.max(1e-9)
    );
}

/// One progress bar per table, drawn on stderr when it is a terminal.
struct Bars {
    multi: MultiProgress,
    by_table: Mutex<Vec<(String, ProgressBar)>>,
}

impl Bars {
    fn new(quiet: bool) -> Self {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        Self {
            multi: MultiProgress::with_draw_target(target),
            by_table: Mutex::new(Vec::new()),
        }
    }

    fn update(&self, p: &SnapshotProgress) {
        let mut bars = self.by_table.lock().expect("no panic while drawing");
        let bar = match bars.iter().find(|(t, _)| *t == p.table) {
            Some((_, bar)) => bar.clone(),
            None => {
                let bar = self.multi.add(ProgressBar::new(p.total));
                bar.set_style(
                    ProgressStyle::with_template(
                        "{prefix:>18} [{bar:28}] {human_pos:>9}/{human_len:9} {per_sec:0} ETA {eta:>3} {msg}",
                    )
                    .expect("a valid template")
                    .progress_chars("=> "),
                );
                bar.set_prefix(p.table.clone());
                bars.push((p.table.clone(), bar.clone()));
                bar
            }
        };
        bar.set_position(p.copied);
        match p.stage {
            SnapshotStage::Copying => {}
            SnapshotStage::Indexing => bar.set_message("indexing…"),
            SnapshotStage::Done => bar.finish_with_message("done"),
        }
    }

    fn clear(&self) {
        let _ = self.multi.clear();
    }
}
