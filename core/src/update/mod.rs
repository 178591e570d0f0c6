//! Validated provider settings updates (`docs/rules-update.md`).
//!
//! The checks run in a fixed order — read-only session, provider exists, patch valid for the
//! database's generation (a new `name` free), not stale — and nothing is written unless all pass.
//! A write is one transaction: a compare-and-set UPDATE of the changed columns and `updated_at`,
//! in the database's own encoding, plus the change log when it lives in the database.

mod changelog;
mod fields;
mod local_log;
mod patch;
mod saves;
mod write;

pub use changelog::change_log;
pub use fields::{rules, Field, Rule};
pub use local_log::LOCAL_CHANGE_LOG_FILE;
pub use patch::{parse_patch, FieldValue, Patch};
pub use saves::{
    export_change_log, group_saves, replay_script, to_csv, ChangeLogFormat, FieldChange, Save,
};

use crate::db::Database;
use crate::error::{Error, FieldCode, FieldError, Result};
use crate::layout::Generation;
use crate::model::{ChangeLogEntry, FieldRule, ProviderSummary, Timestamp};
use crate::summary::get_provider_summary;

/// The settings a database of `generation` lets this tool edit, in dialog order.
pub fn editable_fields(generation: Generation) -> Vec<Field> {
    rules(generation).iter().map(|r| r.field).collect()
}

/// The rules of [`editable_fields`], as the UI shows and checks them.
pub fn field_rules(generation: Generation) -> Vec<FieldRule> {
    rules(generation).iter().map(Rule::describe).collect()
}

/// What [`apply_patch`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum PatchOutcome {
    /// Every patched value already equals the stored one: nothing written, `updated_at` kept.
    Unchanged,
    /// Written; the change-log entries of the changed fields, all of one save id (also returned
    /// where there is nowhere to record them: a database without a change-log table opened
    /// without a local change log).
    Applied(Vec<ChangeLogEntry>),
    /// `expected_updated_at` is not the row's, or the row changed between reading and writing:
    /// nothing written.
    Stale,
}

/// Applies a JSON patch (absent = unchanged, `null` = clear) and returns the fresh summary.
///
/// Errors: `ReadOnly` for a read-only session (checked first), `NotFound` for an unknown
/// provider, `Validation` listing every rejected field (a `name` another provider has included),
/// `Conflict` with the current summary when `expected_updated_at` is given and is not the stored
/// `updated_at` (or another writer got in first). Where the change log lives: see
/// [`change_log`]; a user's schema is never altered. A `Database` error about the local change
/// log file comes after the database write committed: the new settings stand, only their log
/// entries are missing.
pub async fn update_provider_settings(
    db: &Database,
    provider_id: &str,
    patch: &serde_json::Value,
    expected_updated_at: Option<Timestamp>,
) -> Result<ProviderSummary> {
    match apply_patch(db, provider_id, patch, expected_updated_at).await? {
        PatchOutcome::Stale => Err(Error::Conflict {
            current: Box::new(get_provider_summary(db, provider_id).await?),
        }),
        PatchOutcome::Unchanged | PatchOutcome::Applied(_) => {
            get_provider_summary(db, provider_id).await
        }
    }
}

/// [`update_provider_settings`] without reading the summary back: the checks and the write, and
/// what was written. Two statements for a change (three with the log in the database, one more
/// when the name changes), one for anything else.
///
/// When the log lives in the local file ([`Database::set_local_change_log`]), it is appended
/// after the database transaction commits; if that fails the result is a `Database` error naming
/// the file, and the database write stands.
pub async fn apply_patch(
    db: &Database,
    provider_id: &str,
    patch: &serde_json::Value,
    expected_updated_at: Option<Timestamp>,
) -> Result<PatchOutcome> {
    if db.is_read_only() {
        return Err(Error::ReadOnly);
    }
    let current = write::read_current(db, provider_id)
        .await?
        .ok_or_else(|| Error::not_found("provider", provider_id))?;
    let patch = parse_patch(patch, db.generation())?;
    let changes = current.changes(&patch, db.layout());
    if let Some(name) = write::new_name(&changes) {
        if write::name_taken(db, provider_id, name).await? {
            return Err(name_taken_error(name));
        }
    }
    if expected_updated_at.is_some_and(|expected| current.updated_at != Some(expected)) {
        return Ok(PatchOutcome::Stale);
    }
    if changes.is_empty() {
        return Ok(PatchOutcome::Unchanged);
    }
    let log = match write::write(db, provider_id, &current, &changes).await {
        Ok(Some(log)) => log,
        Ok(None) => return Ok(PatchOutcome::Stale),
        // Another writer took the name between the check and the write.
        Err(write::WriteError::NameTaken) => {
            return Err(name_taken_error(
                write::new_name(&changes).unwrap_or_default(),
            ))
        }
        Err(write::WriteError::Other(e)) => return Err(e),
    };
    if current.log_in_database() {
        return Ok(PatchOutcome::Applied(log));
    }
    if let Some(path) = db.local_change_log() {
        local_log::append(path, db.identity(), &log).await?;
    }
    Ok(PatchOutcome::Applied(log))
}

fn name_taken_error(name: &str) -> Error {
    Error::validation(vec![FieldError::new(
        Field::Name.name(),
        FieldCode::NotUnique,
        format!("another provider is already named {name:?}; names must be unique"),
    )])
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// The desktop shell runs each command as a spawned task: the futures must be `Send` for any
    /// borrow of their arguments. Compiling this is the test.
    #[allow(dead_code)]
    fn saves_and_log_reads_can_be_spawned(db: Arc<Database>) {
        tokio::spawn(async move {
            let patch = serde_json::json!({});
            let _ = update_provider_settings(&db, "p1", &patch, None).await;
            let _ = change_log(&db, None).await;
        });
    }
}
