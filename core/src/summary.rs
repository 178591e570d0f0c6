//! Provider summaries (SPEC §2.1).

use crate::db::Database;
use crate::error::Result;
use crate::model::ProviderSummary;

/// All providers, ordered by `provider_priority`, `created_at`, `id` (NULLs last).
pub async fn list_provider_summaries(db: &Database) -> Result<Vec<ProviderSummary>> {
    let _ = db;
    todo!("issue 2: summaries")
}

/// One provider, or `NotFound`.
pub async fn get_provider_summary(db: &Database, provider_id: &str) -> Result<ProviderSummary> {
    let _ = (db, provider_id);
    todo!("issue 2: summaries")
}
