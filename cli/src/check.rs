//! `check`: open, check the schema, say what is there.

use aether_review_core::db::count_rows;
use aether_review_core::layout::Generation;
use aether_review_core::model::{DatabaseInfo, ReadOnlyReason};
use aether_review_core::Error;
use clap::Args;

use crate::{output, DbArgs};

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Print JSON (the database info) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Count every table's rows exactly (a live server otherwise shows its
    /// estimates, marked ≈).
    #[arg(long)]
    exact: bool,
}

pub async fn run(args: CheckArgs) -> Result<(), Error> {
    let db = args.db.open().await?;
    let mut info = db.info().clone();
    if args.exact && !info.row_counts_exact {
        let counted = count_rows(&db).await;
        if let Ok(counts) = &counted {
            info.row_counts = counts.clone();
            info.row_counts_exact = true;
        }
        if let Err(e) = counted {
            db.close().await;
            return Err(e);
        }
    }
    db.close().await;
    if args.json {
        output::json(&info);
        return Ok(());
    }
    let mut rows = vec![
        ("kind", format!("{:?}", info.kind).to_lowercase()),
        ("database", info.display_name.clone()),
        ("location", info.location.clone()),
        ("read-only", read_only(&info)),
        ("generation", generation(info.generation).into()),
        (
            "schema version",
            info.schema_version.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            "schema",
            "ok: every table and column Aether Review reads is present".into(),
        ),
        (
            "as of",
            info.as_of
                .map(|t| output::time(Some(t)))
                .unwrap_or_else(|| "the wall clock (live database)".into()),
        ),
    ];
    match &info.snapshot {
        Some(meta) => {
            rows.push(("snapshot taken at", output::time(Some(meta.taken_at))));
            rows.push(("snapshot source", meta.source.clone()));
            if let Some(window) = &meta.since_window {
                rows.push(("snapshot window", window.clone()));
            }
            if let Some(providers) = &meta.providers {
                rows.push(("snapshot providers", providers.join(", ")));
            }
        }
        None => rows.push(("snapshot", "no Aether Review metadata".into())),
    }
    let about = if info.row_counts_exact { "" } else { "≈ " };
    for (table, n) in &info.row_counts {
        rows.push((table.as_str(), format!("{about}{n}")));
    }
    output::text(output::fields(rows));
    Ok(())
}

/// How the CLI names each generation.
fn generation(generation: Generation) -> &'static str {
    match generation {
        Generation::Legacy => "legacy (Aether ≤ v0.2)",
        Generation::V03 => "v0.3 (Aether v0.3, Python)",
        Generation::Rust => "rust (the Rust gateway)",
    }
}

fn read_only(info: &DatabaseInfo) -> String {
    match info.read_only_reason {
        None => "no".into(),
        Some(ReadOnlyReason::Requested) => "yes".into(),
        Some(ReadOnlyReason::ReadOnlyLocation) => {
            "yes: the file or its folder cannot be written".into()
        }
        Some(ReadOnlyReason::MissingWal) => {
            "yes: a WAL file copied without its -wal; it shows what was checkpointed".into()
        }
    }
}
