mod snapshot;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "aether-review")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Snapshot(snapshot::SnapshotArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Snapshot(args) => snapshot::run(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let Command::Snapshot(args) = &cli.command;
            if args.json {
                eprintln!("{}", serde_json::to_string(&e).unwrap());
            } else {
                eprintln!("error: {e}");
            }
            ExitCode::from(match e.kind() {
                "Validation" => 4,
                "NotFound" => 3,
                "SchemaMismatch" => 7,
                "Unreachable" => 8,
                _ => 1,
            })
        }
    }
}
