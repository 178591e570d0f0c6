//! Which database the app opens when it starts, and opening it without blocking the window.

use clap::Parser;
use tauri::{AppHandle, Manager, Runtime};

use crate::demo::ensure_demo;
use crate::session::Session;
use crate::window::announce;

/// Command line of `aether-review-desktop`.
#[derive(Debug, Clone, Default, Parser)]
#[command(
    name = "aether-review-desktop",
    version,
    about = "Aether Review desktop app"
)]
pub struct Args {
    /// A snapshot file, `sqlite:` URL or `postgres://` URL to open instead of the last one.
    #[arg(long, env = "AETHER_REVIEW_DB", value_name = "PATH_OR_URL")]
    pub db: Option<String>,
    /// Open the database read-only.
    #[arg(long)]
    pub read_only: bool,
}

/// What to open first: the configured database, else the last opened one, else the demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartWith {
    Location { location: String, read_only: bool },
    Demo,
}

pub fn choose(args: &Args, session: &Session) -> StartWith {
    if let Some(location) = &args.db {
        return StartWith::Location {
            location: location.clone(),
            read_only: args.read_only,
        };
    }
    match session.recent().into_iter().next() {
        Some(last) => StartWith::Location {
            location: last.location,
            read_only: last.read_only || args.read_only,
        },
        None => StartWith::Demo,
    }
}

/// Opens the start-up database; on failure keeps the error for the UI and falls back to the
/// demo. Never panics: a bad `--db` must not stop the app.
pub async fn open_at_startup<R: Runtime>(app: AppHandle<R>, start: StartWith) {
    let session = app.state::<Session>();
    if let StartWith::Location {
        location,
        read_only,
    } = &start
    {
        match session.open(location, *read_only).await {
            Ok(info) => return announce(&app, &info),
            Err(err) => session.set_startup_error(Some(err)),
        }
    }
    let opened = match ensure_demo(&app).await {
        Ok(path) => session.open(&path.to_string_lossy(), false).await,
        Err(err) => Err(err),
    };
    match opened {
        Ok(info) => announce(&app, &info),
        Err(err) => {
            if session.startup_error().is_none() {
                session.set_startup_error(Some(err));
            } else {
                eprintln!("aether-review: the demo snapshot did not open either: {err}");
            }
        }
    }
}

/// Reports a command-line error the way clap does, then exits (before any window exists).
pub fn parse_args() -> Args {
    Args::try_parse().unwrap_or_else(|err: clap::Error| err.exit())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use aether_review_core::model::{DatabaseInfo, DatabaseKind};

    use super::*;
    use crate::recent::RecentStore;

    fn session_with_recent(dir: &std::path::Path, recent: Option<(&str, bool)>) -> Session {
        let store = RecentStore::new(Some(dir.join("recent.json")));
        if let Some((location, read_only)) = recent {
            let info = DatabaseInfo {
                kind: DatabaseKind::Sqlite,
                display_name: "last.db".into(),
                location: location.into(),
                read_only,
                snapshot: None,
                as_of: None,
                row_counts: BTreeMap::new(),
                row_counts_exact: true,
                read_only_reason: None,
                can_reopen_writable: false,
                generation: aether_review_core::layout::Generation::Rust,
                schema_version: None,
                time_encoding: aether_review_core::layout::TimeEncoding::Rfc3339Text,
                editable_fields: Vec::new(),
                field_rules: Vec::new(),
            };
            store.remember(&info, chrono::Utc::now()).unwrap();
        }
        Session::new(store)
    }

    #[test]
    fn the_command_line_wins_over_the_last_database() {
        let dir = tempfile::tempdir().unwrap();
        let session = session_with_recent(dir.path(), Some(("/last.db", false)));
        let args = Args::try_parse_from(["app", "--db", "/given.db", "--read-only"]).unwrap();
        assert_eq!(
            choose(&args, &session),
            StartWith::Location {
                location: "/given.db".into(),
                read_only: true
            }
        );
    }

    #[test]
    fn without_a_configured_database_the_last_one_reopens_then_the_demo() {
        let dir = tempfile::tempdir().unwrap();
        let args = Args::default();
        let session = session_with_recent(dir.path(), Some(("/last.db", true)));
        assert_eq!(
            choose(&args, &session),
            StartWith::Location {
                location: "/last.db".into(),
                read_only: true
            }
        );
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(
            choose(&args, &session_with_recent(empty.path(), None)),
            StartWith::Demo
        );
    }
}
