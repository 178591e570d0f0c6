//! `keys`: one provider's keys (never a secret column); `summary --provider` prints them too.

use aether_review_core::model::{KeyDetail, ProviderKeys};
use aether_review_core::{get_provider_keys, Error};
use clap::Args;

use crate::{output, DbArgs};

#[derive(Args)]
pub struct KeysArgs {
    #[command(flatten)]
    db: DbArgs,
    #[arg(long, value_name = "ID")]
    provider: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(args: KeysArgs) -> Result<(), Error> {
    let db = args.db.open().await?;
    let result = get_provider_keys(&db, &args.provider).await;
    db.close().await;
    let keys = result?;
    if args.json {
        output::json(&keys);
    } else {
        print(&keys);
    }
    Ok(())
}

/// The keys table, and which optional columns the database records.
pub fn print(keys: &ProviderKeys) {
    let mut table = output::table(&[
        "key",
        "active",
        "formats (health, circuit)",
        "rpm / learned",
        "concurrency",
        "last error",
        "expires",
    ]);
    for k in &keys.keys {
        table.add_row(vec![
            k.name.clone().unwrap_or_else(|| k.id.clone()),
            if k.is_active { "yes" } else { "no" }.to_owned(),
            formats(k),
            format!(
                "{} / {}",
                output::opt(k.rpm_limit),
                output::opt(k.learned_rpm_limit)
            ),
            output::opt(k.concurrent_limit),
            match (&k.last_error_message, k.last_error_at) {
                (None, None) => "—".to_owned(),
                (m, at) => format!("{} {}", output::time(at), m.as_deref().unwrap_or("")),
            },
            match k.expires_at {
                None => "—".to_owned(),
                Some(at) if k.expired => format!("{} (expired)", output::time(Some(at))),
                Some(at) => output::time(Some(at)),
            },
        ]);
    }
    output::text(table);
    let recorded = if keys.columns_recorded.is_empty() {
        "none (limits, errors and expiry are not in this database)".to_owned()
    } else {
        keys.columns_recorded.join(", ")
    };
    output::text(format!(
        "{} keys; optional columns read: {recorded}",
        keys.total
    ));
}

fn formats(k: &KeyDetail) -> String {
    if k.formats.is_empty() {
        return match &k.api_formats {
            None => "every format".to_owned(),
            Some(_) => "—".to_owned(),
        };
    }
    k.formats
        .iter()
        .map(|f| {
            let health = f
                .health_score
                .map_or_else(|| "—".to_owned(), |h| format!("{:.2}", h));
            let circuit = match f.circuit_open {
                Some(true) => ", open",
                Some(false) => ", closed",
                None => "",
            };
            format!("{} ({health}{circuit})", f.api_format)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
