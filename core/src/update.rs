//! Validated provider settings updates (SPEC §2.3).

use crate::db::Database;
use crate::error::Result;
use crate::model::{ChangeLogEntry, ProviderSummary, Timestamp};

/// Applies a JSON patch (absent = unchanged, `null` = clear) and returns the fresh summary.
pub async fn update_provider_settings(
    db: &Database,
    provider_id: &str,
    patch: &serde_json::Value,
    expected_updated_at: Option<Timestamp>,
) -> Result<ProviderSummary> {
    let _ = (db, provider_id, patch, expected_updated_at);
    todo!("issue 2: update")
}

/// The change log, oldest first; one provider's or all.
pub async fn change_log(db: &Database, provider_id: Option<&str>) -> Result<Vec<ChangeLogEntry>> {
    let _ = (db, provider_id);
    todo!("issue 2: change log")
}
