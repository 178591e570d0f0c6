//! `changes`: the change log, one entry per save, or exported as CSV, JSON or a replay script.

use aether_review_core::update::{export_change_log, group_saves, ChangeLogFormat};
use aether_review_core::{change_log, Error};
use clap::Args;

use crate::{output, update, DbArgs};

#[derive(Args)]
pub struct ChangesArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Only this provider's saves.
    #[arg(long, value_name = "ID")]
    provider: Option<String>,
    /// Print the saves as JSON.
    #[arg(long, group = "format")]
    pub json: bool,
    /// Print one CSV row per changed field (RFC 4180).
    #[arg(long, group = "format")]
    csv: bool,
    /// Print a shell script of `aether-review update` commands that replays the saves on the
    /// database named by `$AETHER_REVIEW_DB`, each refused if the provider changed there since.
    #[arg(long, group = "format")]
    script: bool,
}

pub async fn run(args: ChangesArgs) -> Result<(), Error> {
    let mut db = args.db.open().await?;
    if let Some(dir) = update::data_dir() {
        db.set_local_change_log(dir.join(aether_review_core::update::LOCAL_CHANGE_LOG_FILE));
    }
    let result = change_log(&db, args.provider.as_deref()).await;
    db.close().await;
    let entries = result?;
    let format = if args.json {
        Some(ChangeLogFormat::Json)
    } else if args.csv {
        Some(ChangeLogFormat::Csv)
    } else if args.script {
        Some(ChangeLogFormat::Script)
    } else {
        None
    };
    if let Some(format) = format {
        print!("{}", export_change_log(&entries, format));
        return Ok(());
    }
    let saves = group_saves(&entries);
    let mut table = output::table(&["saved", "provider", "field", "old → new"]);
    for save in &saves {
        for (i, change) in save.changes.iter().enumerate() {
            let first = i == 0;
            table.add_row(vec![
                if first {
                    output::time(Some(save.changed_at))
                } else {
                    String::new()
                },
                if first {
                    save.provider_id.clone()
                } else {
                    String::new()
                },
                change.field.clone(),
                format!(
                    "{} → {}",
                    change.old_value.as_deref().unwrap_or("—"),
                    change.new_value.as_deref().unwrap_or("—")
                ),
            ]);
        }
    }
    output::text(table);
    output::text(format!("{} saves", saves.len()));
    Ok(())
}
