//! `demo`: write a deterministic snapshot, with a progress bar on a terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aether_review_core::demo::{generate_as, DemoEngine, DemoTarget, Scale, Stage};
use aether_review_core::layout::Generation;
use aether_review_core::Error;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::output;

#[derive(Args)]
pub struct DemoArgs {
    /// The new snapshot file (must not exist).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    #[arg(long, value_enum, default_value_t = ScaleArg::Demo)]
    scale: ScaleArg,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Which Aether's schema the file has.
    #[arg(long, value_enum, default_value_t = GenerationArg::Rust)]
    generation: GenerationArg,
    /// `snapshot`: a snapshot file of this tool; `sqlite`: the Rust gateway's own SQLite file
    /// (unix times, as the gateway writes it; `--generation rust` only).
    #[arg(long, value_enum, default_value_t = EngineArg::Snapshot)]
    engine: EngineArg,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GenerationArg {
    /// Aether ≤ v0.2.
    Legacy,
    /// Aether v0.3 (Python).
    #[value(name = "v0.3")]
    V03,
    /// The Rust gateway.
    Rust,
}

impl From<GenerationArg> for Generation {
    fn from(g: GenerationArg) -> Self {
        match g {
            GenerationArg::Legacy => Generation::Legacy,
            GenerationArg::V03 => Generation::V03,
            GenerationArg::Rust => Generation::Rust,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum EngineArg {
    Snapshot,
    Sqlite,
}

/// The demo target the two options describe.
pub fn target(generation: GenerationArg, engine: EngineArg) -> DemoTarget {
    DemoTarget {
        generation: generation.into(),
        engine: match engine {
            EngineArg::Snapshot => DemoEngine::Snapshot,
            EngineArg::Sqlite => DemoEngine::GatewaySqlite,
        },
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ScaleArg {
    /// About a dozen providers, three days of realistic traffic.
    Demo,
    /// 1,000 providers, 2,000,000 request candidates (the benchmark's data).
    Large,
    /// One provider with 6,000,000 request candidates over 72 h and 200 quiet ones.
    Busy,
}

impl From<ScaleArg> for Scale {
    fn from(s: ScaleArg) -> Self {
        match s {
            ScaleArg::Demo => Scale::Demo,
            ScaleArg::Large => Scale::Large,
            ScaleArg::Busy => Scale::Busy,
        }
    }
}

pub async fn run(args: DemoArgs) -> Result<(), Error> {
    let target = target(args.generation, args.engine);
    let elapsed = write(&args.out, args.scale.into(), args.seed, target).await?;
    output::text(format!(
        "wrote {} ({} scale, seed {}, generation {}) in {:.1} s",
        args.out.display(),
        Scale::from(args.scale).as_str(),
        args.seed,
        target.generation,
        elapsed.as_secs_f64()
    ));
    Ok(())
}

/// Generates a snapshot, drawing a bar on stderr when it is a terminal; returns the time taken.
pub async fn write(
    path: &Path,
    scale: Scale,
    seed: u64,
    target: DemoTarget,
) -> Result<Duration, Error> {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(1)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:28} [{bar:40}] {percent:>3}% {elapsed}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    let started = Instant::now();
    let shown = bar.clone();
    let result = generate_as(path, scale, seed, target, move |p| {
        shown.set_length(p.total);
        shown.set_position(p.done);
        shown.set_message(match p.stage {
            Stage::Catalog => "catalog".to_owned(),
            Stage::Traffic => format!("{} candidates", p.candidates_written),
            Stage::Done => format!("done, {} candidates", p.candidates_written),
        });
    })
    .await;
    bar.finish_and_clear();
    result.map(|()| started.elapsed())
}
