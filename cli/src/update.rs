//! `update`: apply a settings patch and print the fresh summary.

use std::path::PathBuf;

use aether_review_core::db::parse_ts;
use aether_review_core::model::Timestamp;
use aether_review_core::update::LOCAL_CHANGE_LOG_FILE;
use aether_review_core::{update_provider_settings, Error, FieldCode};
use clap::Args;

use crate::{output, summary, DbArgs};

#[derive(Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    db: DbArgs,
    #[arg(long, value_name = "ID")]
    provider: String,
    /// A JSON object: absent fields stay, `null` clears, a value sets.
    #[arg(long, value_name = "JSON")]
    patch: String,
    /// Refuse the update (Conflict) if the provider's updated_at is not this time.
    #[arg(long, value_name = "RFC3339", value_parser = rfc3339)]
    expected_updated_at: Option<Timestamp>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// RFC 3339 with an offset; a time without one is refused rather than guessed.
pub fn rfc3339(text: &str) -> Result<Timestamp, String> {
    parse_ts(text).ok_or_else(|| {
        format!("`{text}` is not an RFC 3339 time with an offset, e.g. 2026-11-20T12:00:00Z")
    })
}

pub async fn run(args: UpdateArgs) -> Result<(), Error> {
    let patch: serde_json::Value = serde_json::from_str(&args.patch).map_err(|e| {
        Error::invalid(
            "patch",
            FieldCode::InvalidJson,
            format!("not valid JSON ({e}); give an object such as '{{\"rpm_limit\": 100}}'"),
        )
    })?;
    let mut db = args.db.open_for_writing().await?;
    if let Some(dir) = data_dir() {
        db.set_local_change_log(dir.join(LOCAL_CHANGE_LOG_FILE));
    }
    let result =
        update_provider_settings(&db, &args.provider, &patch, args.expected_updated_at).await;
    db.close().await;
    let fresh = result?;
    if args.json {
        output::json(&fresh);
    } else {
        summary::print_one(&fresh);
    }
    Ok(())
}

/// Where the CLI keeps its own files (the change log of databases it did not create):
/// `$AETHER_REVIEW_DATA_DIR`, else `$XDG_DATA_HOME/aether-review`, else
/// `~/.local/share/aether-review`; `None` without any of them.
pub fn data_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("AETHER_REVIEW_DATA_DIR")
        .or_else(|| var("XDG_DATA_HOME").map(|d| d.join("aether-review")))
        .or_else(|| var("HOME").map(|h| h.join(".local/share/aether-review")))
}
