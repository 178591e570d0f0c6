//! `check`: open, check the schema, say what is there.

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
}

pub async fn run(args: CheckArgs) -> Result<(), Error> {
    let db = args.db.open().await?;
    let info = db.info().clone();
    db.close().await;
    if args.json {
        output::json(&info);
        return Ok(());
    }
    let mut rows = vec![
        ("kind", format!("{:?}", info.kind).to_lowercase()),
        ("database", info.display_name.clone()),
        ("location", info.location.clone()),
        ("read-only", info.read_only.to_string()),
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
        }
        None => rows.push(("snapshot", "no Aether Review metadata".into())),
    }
    for (table, n) in &info.row_counts {
        rows.push((table.as_str(), n.to_string()));
    }
    output::text(output::fields(rows));
    Ok(())
}
