//! What to snapshot, as the CLI and the desktop dialog give it, and its validation.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::Location;
use crate::error::{Error, FieldCode, FieldError, Result};
use crate::limits::LIMITS;
use crate::model::Timestamp;

/// A snapshot to take. Field errors name these fields.
#[derive(Clone, Default, Serialize, Deserialize, Type)]
pub struct SnapshotRequest {
    /// `postgres://user[:password]@host:port/database` of a live Aether database (any
    /// generation), or the path of a Rust gateway's own SQLite file (read without writing to it).
    pub from: String,
    /// The password, when kept out of the URL (the desktop dialog's separate field); wins over
    /// one in the URL. Never stored or echoed.
    #[serde(default)]
    pub password: Option<String>,
    /// The snapshot file to create.
    pub out: String,
    /// How far back `request_candidates` go from the snapshot's as-of time (the server's clock;
    /// for a gateway file, its newest event): `72h`, `7d`, `all`; `None` = 7 days.
    #[serde(default)]
    pub since: Option<String>,
    /// Copy only these providers and their rows; `None` = all.
    #[serde(default)]
    pub providers: Option<Vec<String>>,
    /// Replace an existing `out` file.
    #[serde(default)]
    pub force: bool,
}

impl std::fmt::Debug for SnapshotRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let from = Location::parse(&self.from)
            .map(|l| l.redacted())
            .unwrap_or_else(|_| "<unparsable>".to_owned());
        f.debug_struct("SnapshotRequest")
            .field("from", &from)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("out", &self.out)
            .field("since", &self.since)
            .field("providers", &self.providers)
            .field("force", &self.force)
            .finish()
    }
}

/// The `request_candidates` window, measured back from the snapshot's as-of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    Hours(u32),
    Days(u32),
    All,
}

impl Default for Since {
    fn default() -> Self {
        Self::parse(LIMITS.snapshot_window.default).expect("the default window parses")
    }
}

impl Since {
    /// `72h`, `7d` or `all`.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim().to_ascii_lowercase();
        if text == "all" {
            return Ok(Self::All);
        }
        let invalid = || {
            Error::invalid(
                "since",
                FieldCode::InvalidWindow,
                format!("`{text}` is not a window; give hours (`72h`), days (`7d`) or `all`"),
            )
        };
        // `strip_suffix`, not slicing by bytes: the last character may be multibyte (`7日`).
        let (number, hours) = match (text.strip_suffix('h'), text.strip_suffix('d')) {
            (Some(number), _) => (number, true),
            (_, Some(number)) => (number, false),
            _ => return Err(invalid()),
        };
        let n: u32 = number.parse().map_err(|_| invalid())?;
        let limits = LIMITS.snapshot_window;
        let too_long = if hours {
            n > limits.max_hours
        } else {
            n > limits.max_days
        };
        if n == 0 || too_long {
            return Err(Error::invalid(
                "since",
                FieldCode::InvalidWindow,
                "the window must be at least 1 hour and at most 10 years, or `all`",
            ));
        }
        Ok(if hours { Self::Hours(n) } else { Self::Days(n) })
    }

    /// The window as written in the snapshot's metadata.
    pub fn label(self) -> String {
        match self {
            Self::Hours(n) => format!("{n}h"),
            Self::Days(n) => format!("{n}d"),
            Self::All => "all".to_owned(),
        }
    }

    /// The oldest `created_at` copied, or `None` for everything.
    pub fn cutoff(self, now: Timestamp) -> Option<Timestamp> {
        match self {
            Self::Hours(n) => Some(now - chrono::Duration::hours(i64::from(n))),
            Self::Days(n) => Some(now - chrono::Duration::days(i64::from(n))),
            Self::All => None,
        }
    }
}

/// A request that passed validation.
pub(super) struct Plan {
    /// The source to open: a URL with the password merged in (kept in memory only, to connect),
    /// or a gateway file's path.
    pub from: String,
    pub out: PathBuf,
    pub force: bool,
    pub since: Since,
    pub providers: Option<Vec<String>>,
}

impl SnapshotRequest {
    /// Checks every field at once; nothing is touched before it passes.
    pub(super) fn validate(&self) -> Result<Plan> {
        let mut errors = Vec::new();
        let from = match self.source_location() {
            Ok(from) => Some(from),
            Err(message) => {
                errors.push(FieldError::new("from", FieldCode::InvalidSource, message));
                None
            }
        };
        let since = match self.since.as_deref().map(Since::parse).transpose() {
            Ok(since) => since.unwrap_or_default(),
            Err(Error::Validation { errors: mut e }) => {
                errors.append(&mut e);
                Since::default()
            }
            Err(other) => return Err(other),
        };
        let providers = self.providers.as_ref().map(|ids| {
            let mut ids: Vec<String> = ids
                .iter()
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
                .collect();
            ids.sort();
            ids.dedup();
            ids
        });
        if providers.as_ref().is_some_and(Vec::is_empty) {
            errors.push(FieldError::new(
                "providers",
                FieldCode::Required,
                "no provider id given; leave the option out to copy every provider",
            ));
        }
        let out = PathBuf::from(self.out.trim());
        if let Err((code, message)) = check_out(&out, self.force) {
            errors.push(FieldError::new("out", code, message));
        } else if let Some(Ok(Location::Sqlite(source))) = from.as_deref().map(Location::parse) {
            if is_same_file(&source, &out) {
                errors.push(FieldError::new(
                    "out",
                    FieldCode::SameFile,
                    "this is the gateway's file being copied; choose another snapshot file",
                ));
            }
        }
        match from {
            Some(from) if errors.is_empty() => Ok(Plan {
                from,
                out,
                force: self.force,
                since,
                providers,
            }),
            _ => Err(Error::validation(errors)),
        }
    }

    fn source_location(&self) -> std::result::Result<String, String> {
        let location = Location::parse(&self.from).map_err(|e| match e {
            Error::Unreachable { message, .. } => message,
            _ => "give the live Aether database as postgres://user@host:port/database or \
                  mysql://user@host:port/database, or a Rust gateway's SQLite file"
                .to_owned(),
        })?;
        let mut url = match location {
            Location::Postgres(url) | Location::Mysql(url) => url,
            Location::Sqlite(path) if path.is_file() => return Ok(path.display().to_string()),
            Location::Sqlite(path) => {
                return Err(format!(
                    "no file at {}; give a Rust gateway's SQLite file or a live database as \
                     postgres://user@host:port/database",
                    path.display()
                ))
            }
        };
        if let Some(password) = self.password.as_deref().filter(|p| !p.is_empty()) {
            url.set_password(Some(password))
                .map_err(|()| "this URL cannot carry a password".to_owned())?;
        }
        Ok(url.to_string())
    }
}

/// Whether `out` names the file `source` is (through any path spelling or link).
fn is_same_file(source: &std::path::Path, out: &std::path::Path) -> bool {
    match (std::fs::canonicalize(source), std::fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn check_out(out: &std::path::Path, force: bool) -> std::result::Result<(), (FieldCode, String)> {
    if out.as_os_str().is_empty() {
        return Err((
            FieldCode::Required,
            "give the snapshot file to create".to_owned(),
        ));
    }
    if out.is_dir() {
        return Err((
            FieldCode::InvalidPath,
            format!("{} is a folder; give a file name", out.display()),
        ));
    }
    let parent = crate::files::parent_dir(out);
    if !parent.is_dir() {
        return Err((
            FieldCode::InvalidPath,
            format!("the folder {} does not exist", parent.display()),
        ));
    }
    if out.exists() && !force {
        return Err((FieldCode::FileExists, format!(
            "{} already exists; choose another file or remove it first (the CLI replaces it with --force)",
            out.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_parse_in_hours_days_or_all() {
        assert_eq!(Since::parse("72h").unwrap(), Since::Hours(72));
        assert_eq!(Since::parse(" 7D ").unwrap(), Since::Days(7));
        assert_eq!(Since::parse("all").unwrap(), Since::All);
        assert_eq!(Since::parse("7d").unwrap().label(), "7d");
        assert_eq!(Since::default().label(), LIMITS.snapshot_window.default);
        assert_eq!(Since::parse("87600h").unwrap(), Since::Hours(87_600));
        for bad in ["", "7", "d", "0h", "7w", "-3d", "1.5d", "99999d"] {
            assert!(
                matches!(Since::parse(bad), Err(Error::Validation { ref errors }) if errors[0].field == "since"),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn cutoff_is_measured_back_from_the_given_clock() {
        let now = crate::db::parse_ts("2026-11-20T10:00:00Z").unwrap();
        assert_eq!(
            Since::Hours(72).cutoff(now),
            crate::db::parse_ts("2026-11-17T10:00:00Z")
        );
        assert_eq!(Since::All.cutoff(now), None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let request = SnapshotRequest {
            from: "/tmp/some.db".into(),
            out: "/nonexistent-folder/x.db".into(),
            since: Some("soon".into()),
            providers: Some(vec![" ".into()]),
            ..Default::default()
        };
        let Err(Error::Validation { errors }) = request.validate() else {
            panic!("accepted");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["from", "since", "providers", "out"]);
    }

    #[test]
    fn a_gateway_file_is_a_source_but_never_its_own_destination() {
        let dir = tempfile::tempdir().unwrap();
        let gateway = dir.path().join("aether.db");
        std::fs::write(&gateway, b"").unwrap();
        let request = |out: &std::path::Path, force| SnapshotRequest {
            from: gateway.display().to_string(),
            out: out.display().to_string(),
            force,
            ..Default::default()
        };
        let plan = request(&dir.path().join("snap.db"), false)
            .validate()
            .unwrap();
        assert_eq!(plan.from, gateway.display().to_string());

        let same = dir.path().join(".").join("aether.db");
        let Err(Error::Validation { errors }) = request(&same, true).validate() else {
            panic!("the gateway's own file accepted as the destination");
        };
        assert_eq!(errors[0].field, "out");
    }

    #[test]
    fn the_separate_password_wins_and_debug_hides_it() {
        let request = SnapshotRequest {
            from: "postgres://admin:old@db.example:5433/aether".into(),
            password: Some("s3cret-pw".into()),
            out: std::env::temp_dir()
                .join("never-created.db")
                .display()
                .to_string(),
            ..Default::default()
        };
        let plan = request.validate().unwrap();
        assert!(plan.from.contains(":s3cret-pw@"));
        let shown = format!("{request:?}");
        assert!(
            !shown.contains("s3cret-pw") && !shown.contains("old"),
            "{shown}"
        );
    }
}
