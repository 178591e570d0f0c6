//! The recently opened databases, kept as JSON in the app's config directory.
//!
//! Only password-free locations are ever written: a PostgreSQL URL is stored without its
//! password (it is asked for again), whatever the caller passes in.

use std::path::{Path, PathBuf};

use aether_review_core::db::Location;
use aether_review_core::model::{DatabaseInfo, DatabaseKind, Timestamp};
use serde::{Deserialize, Serialize};
use specta::Type;

/// How many databases the list remembers.
const KEEP: usize = 10;

/// One database opened before, newest first in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecentDatabase {
    /// A file path, or a PostgreSQL URL without password.
    pub location: String,
    pub display_name: String,
    pub kind: DatabaseKind,
    pub read_only: bool,
    pub last_opened_at: Timestamp,
}

/// The list's file; `None` when the platform gives no config directory (nothing is remembered).
#[derive(Debug, Clone)]
pub struct RecentStore {
    path: Option<PathBuf>,
}

impl RecentStore {
    pub fn new(path: Option<PathBuf>) -> Self {
        Self { path }
    }

    /// The remembered databases, newest first. A missing or unreadable file is an empty list:
    /// losing the history must not stop the app from starting.
    pub fn load(&self) -> Vec<RecentDatabase> {
        let Some(path) = &self.path else {
            return Vec::new();
        };
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Vec<RecentDatabase>>(&bytes).ok())
            .unwrap_or_default()
    }

    /// Puts `info` first (replacing an older entry of the same location) and saves the list.
    pub fn remember(&self, info: &DatabaseInfo, at: Timestamp) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let location = without_password(&info.location);
        let mut list = self.load();
        list.retain(|r| r.location != location);
        list.insert(
            0,
            RecentDatabase {
                location,
                display_name: info.display_name.clone(),
                kind: info.kind,
                read_only: info.read_only,
                last_opened_at: at,
            },
        );
        list.truncate(KEEP);
        write_atomically(path, &serde_json::to_vec_pretty(&list)?)
    }
}

/// The location with any password removed (the core already redacts; this guards the file).
fn without_password(location: &str) -> String {
    Location::parse(location)
        .map(|l| l.redacted())
        .unwrap_or_else(|_| location.to_owned())
}

/// Writes beside the target then moves it into place, so a crash never leaves half a list.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    aether_review_core::files::write_replacing(path, bytes).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn info(location: &str, kind: DatabaseKind) -> DatabaseInfo {
        DatabaseInfo {
            kind,
            display_name: "shown".into(),
            location: location.into(),
            read_only: false,
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
        }
    }

    #[test]
    fn a_postgres_password_never_reaches_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recent.json");
        let store = RecentStore::new(Some(path.clone()));
        store
            .remember(
                &info(
                    "postgres://admin:s3cr3t@db.local:5432/aether",
                    DatabaseKind::Postgres,
                ),
                chrono::Utc::now(),
            )
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("s3cr3t"), "{text}");
        assert_eq!(
            store.load()[0].location,
            "postgres://admin@db.local:5432/aether"
        );
    }

    #[test]
    fn the_newest_open_comes_first_without_duplicates_and_the_list_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecentStore::new(Some(dir.path().join("nested/recent.json")));
        for i in 0..(KEEP + 3) {
            store
                .remember(
                    &info(&format!("/data/{i}.db"), DatabaseKind::Sqlite),
                    chrono::Utc::now(),
                )
                .unwrap();
        }
        store
            .remember(
                &info("/data/5.db", DatabaseKind::Sqlite),
                chrono::Utc::now(),
            )
            .unwrap();
        let list = store.load();
        assert_eq!(list.len(), KEEP);
        assert_eq!(list[0].location, "/data/5.db");
        assert_eq!(
            list.iter().filter(|r| r.location == "/data/5.db").count(),
            1
        );
        assert_eq!(list[1].location, format!("/data/{}.db", KEEP + 2));
    }

    #[test]
    fn a_corrupt_list_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recent.json");
        std::fs::write(&path, b"{not json").unwrap();
        assert!(RecentStore::new(Some(path)).load().is_empty());
    }
}
