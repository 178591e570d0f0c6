//! Validated provider settings updates (SPEC §2.3).
//!
//! The checks run in a fixed order — read-only session, provider exists, patch valid, not stale —
//! and nothing is written unless all pass. A write is one transaction: a compare-and-set UPDATE of
//! the changed columns and `updated_at`, plus one change-log row per changed field.

mod changelog;
mod patch;
mod write;

pub use changelog::change_log;
pub use patch::{parse_patch, Field, FieldValue, Patch};

use crate::db::Database;
use crate::error::{Error, Result};
use crate::layout::Generation;
use crate::model::{ChangeLogEntry, ProviderSummary, Timestamp};
use crate::summary::get_provider_summary;

/// The settings a database of `generation` lets this tool edit, in dialog order.
pub fn editable_fields(generation: Generation) -> &'static [Field] {
    match generation {
        Generation::Legacy => &Field::ALL,
        Generation::V03 | Generation::Rust => &[],
    }
}

/// What [`apply_patch`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum PatchOutcome {
    /// Every patched value already equals the stored one: nothing written, `updated_at` kept.
    Unchanged,
    /// Written in one transaction; the change-log entries of the changed fields (also returned
    /// where the database has no change-log table to record them in).
    Applied(Vec<ChangeLogEntry>),
    /// `expected_updated_at` is not the row's, or the row changed between reading and writing:
    /// nothing written.
    Stale,
}

/// Applies a JSON patch (absent = unchanged, `null` = clear) and returns the fresh summary.
///
/// Errors: `ReadOnly` for a read-only session (checked first), `NotFound` for an unknown
/// provider, `Validation` listing every rejected field, `Conflict` with the current summary when
/// `expected_updated_at` is given and is not the stored `updated_at` (or another writer got in
/// first). On PostgreSQL the change log is recorded only if the database already has an
/// `aether_review_change_log` table (see [`change_log`]); a user's schema is never altered.
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
/// what was written. Two statements for a change (three with the log), one for anything else.
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
    let patch = parse_patch(patch)?;
    if expected_updated_at.is_some_and(|expected| current.updated_at != Some(expected)) {
        return Ok(PatchOutcome::Stale);
    }
    let changes = current.changes(&patch);
    if changes.is_empty() {
        return Ok(PatchOutcome::Unchanged);
    }
    Ok(
        match write::write(db, provider_id, &current, &changes).await? {
            Some(log) => PatchOutcome::Applied(log),
            None => PatchOutcome::Stale,
        },
    )
}
