//! The change log as an admin reads it: one entry per save (`docs/rules-update.md`, "The change
//! log"), and its exports — CSV, JSON, and a script replaying the saves on the database a snapshot
//! was taken from.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::export::csv_cell;
use crate::model::{ChangeLogEntry, Timestamp};

/// One field of a save: old and new value as JSON text (`None` = NULL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FieldChange {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// Every field one save changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Save {
    /// `None` for entries of a log without save ids: those are told apart by provider and time
    /// (a save writes all its entries at the provider's one new `updated_at`).
    pub save_id: Option<String>,
    pub provider_id: String,
    pub changed_at: Timestamp,
    /// The provider's `updated_at` before the save, when it was recorded.
    pub previous_updated_at: Option<Timestamp>,
    /// In the order they were logged.
    pub changes: Vec<FieldChange>,
}

/// How the change log is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ChangeLogFormat {
    /// One row per changed field (RFC 4180, formula-safe cells).
    Csv,
    /// The saves, as [`group_saves`] returns them.
    Json,
    /// A POSIX shell script of `aether-review update` commands.
    Script,
}

impl ChangeLogFormat {
    /// The file extension an export of this format gets.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Script => "sh",
        }
    }
}

/// The entries (oldest first, as [`crate::change_log`] returns them) grouped into saves, oldest
/// first: by save id, or by provider and time where there is none.
pub fn group_saves(entries: &[ChangeLogEntry]) -> Vec<Save> {
    let mut saves: Vec<Save> = Vec::new();
    let mut index: BTreeMap<(Option<&str>, &str, Timestamp), usize> = BTreeMap::new();
    for e in entries {
        let key = match &e.save_id {
            Some(id) => (Some(id.as_str()), "", Timestamp::MIN_UTC),
            None => (None, e.provider_id.as_str(), e.changed_at),
        };
        let at = *index.entry(key).or_insert_with(|| {
            saves.push(Save {
                save_id: e.save_id.clone(),
                provider_id: e.provider_id.clone(),
                changed_at: e.changed_at,
                previous_updated_at: e.previous_updated_at,
                changes: Vec::new(),
            });
            saves.len() - 1
        });
        saves[at].changes.push(FieldChange {
            field: e.field.clone(),
            old_value: e.old_value.clone(),
            new_value: e.new_value.clone(),
        });
    }
    saves
}

/// The export of `entries` in `format`.
pub fn export_change_log(entries: &[ChangeLogEntry], format: ChangeLogFormat) -> String {
    match format {
        ChangeLogFormat::Csv => to_csv(entries),
        ChangeLogFormat::Json => {
            // Plain data of strings and times: serializing cannot fail.
            serde_json::to_string_pretty(&group_saves(entries)).unwrap_or_default() + "\n"
        }
        ChangeLogFormat::Script => replay_script(&group_saves(entries)),
    }
}

/// RFC 4180 CSV, one row per changed field, CRLF line ends. A cell a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`.
pub fn to_csv(entries: &[ChangeLogEntry]) -> String {
    let mut out = String::from(
        "save_id,changed_at,provider_id,field,old_value,new_value,previous_updated_at\r\n",
    );
    for e in entries {
        let time = |t: Option<Timestamp>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
        let cells = [
            e.save_id.clone().unwrap_or_default(),
            time(Some(e.changed_at)),
            e.provider_id.clone(),
            e.field.clone(),
            e.old_value.clone().unwrap_or_default(),
            e.new_value.clone().unwrap_or_default(),
            time(e.previous_updated_at),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A POSIX shell script replaying `saves` with `aether-review update` on the database named by
/// `$AETHER_REVIEW_DB` (the database the snapshot was taken from).
///
/// One command per provider: its saves merged in order (each field's last value; a field set back
/// to its first value is left out), with `--expected-updated-at` the provider's `updated_at`
/// before its first save, so the command is refused if the provider changed there since. (One
/// command per save could not work: the first one moves `updated_at` on the live database to a
/// time the snapshot never saw.) A provider whose first save has no recorded `updated_at` is
/// written as a comment only. The script runs every command and exits non-zero if any failed.
pub fn replay_script(saves: &[Save]) -> String {
    let mut out = String::from(
        "#!/bin/sh\n\
         # Replays saves made in Aether Review on the database they were planned for:\n\
         #   AETHER_REVIEW_DB=postgres://… sh this-file.sh\n\
         # Each command is refused (exit 5, Conflict) if the provider changed there since.\n\
         set -u\n\
         : \"${AETHER_REVIEW_DB:?set AETHER_REVIEW_DB to the database to update}\"\n\
         status=0\n",
    );
    let mut providers: Vec<&str> = Vec::new();
    for s in saves {
        if !providers.contains(&s.provider_id.as_str()) {
            providers.push(&s.provider_id);
        }
    }
    for provider in providers {
        let own: Vec<&Save> = saves.iter().filter(|s| s.provider_id == provider).collect();
        let patch = merged_patch(&own);
        let _ = writeln!(
            out,
            "\n# {provider}: {} save(s), the last at {}",
            own.len(),
            own.last()
                .map(|s| s.changed_at.to_rfc3339())
                .unwrap_or_default()
        );
        let patch_text = serde_json::Value::Object(patch.clone()).to_string();
        if patch.is_empty() {
            out.push_str(
                "# every field is back to its value before the first save: nothing to do\n",
            );
            continue;
        }
        let command = format!(
            "aether-review update --provider {} --patch {}",
            shell_quote(provider),
            shell_quote(&patch_text)
        );
        match own.first().and_then(|s| s.previous_updated_at) {
            Some(expected) => {
                let _ = writeln!(
                    out,
                    "{command} --expected-updated-at {} || status=1",
                    expected.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                );
            }
            None => {
                out.push_str(
                    "# not replayed: the log does not say what updated_at the provider had before\n\
                     # (a save made before that was recorded); check the provider, then run:\n",
                );
                let _ = writeln!(out, "# {command}");
            }
        }
    }
    out.push_str("exit $status\n");
    out
}

/// Each field's last new value over `saves`, without the fields whose last value is the value
/// before the first save.
fn merged_patch(saves: &[&Save]) -> serde_json::Map<String, serde_json::Value> {
    let mut first_old: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    let mut last_new: Vec<(&str, Option<&str>)> = Vec::new();
    for change in saves.iter().flat_map(|s| &s.changes) {
        first_old
            .entry(&change.field)
            .or_insert(change.old_value.as_deref());
        last_new.retain(|(f, _)| *f != change.field);
        last_new.push((&change.field, change.new_value.as_deref()));
    }
    last_new
        .into_iter()
        .filter(|(field, new)| first_old.get(field) != Some(new))
        .map(|(field, new)| {
            let value = new
                .map(|text| {
                    serde_json::from_str(text)
                        .unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
                })
                .unwrap_or(serde_json::Value::Null);
            (field.to_owned(), value)
        })
        .collect()
}

/// `value` as one POSIX shell word: single-quoted, each `'` written `'\''`.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_survive_quotes() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$HOME `x`"), "'$HOME `x`'");
    }
}
