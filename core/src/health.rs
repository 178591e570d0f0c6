//! The health monitor: per-endpoint samples, window statistics and timeline (SPEC §2.2).

use crate::db::Database;
use crate::error::Result;
use crate::model::{HealthQuery, ProviderHealthMonitor};

pub async fn get_provider_health_monitor(
    db: &Database,
    provider_id: &str,
    query: &HealthQuery,
) -> Result<ProviderHealthMonitor> {
    let _ = (db, provider_id, query);
    todo!("issue 2: health monitor")
}
