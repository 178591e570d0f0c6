//! Aether ≤ v0.2: `display_name` and provider RPM columns; each key belongs to one endpoint and
//! carries one `health_score`. Providers by priority then creation, endpoints by creation.

use std::collections::HashMap;

use crate::db::Database;
use crate::error::Result;
use crate::layout::Unit;
use crate::read_sql::count;

use super::common::{self, provider_select};
use super::{Catalog, EndpointKeys, ProviderRecord};

const PROVIDER_ORDER: &str =
    "provider_priority IS NULL, provider_priority, created_at IS NULL, created_at";
pub(super) const ENDPOINT_ORDER: &str = "created_at IS NULL, created_at";

pub(super) async fn providers(
    db: &Database,
    provider: Option<&str>,
) -> Result<Vec<ProviderRecord>> {
    let extra = format!(
        "display_name, CAST(rpm_limit AS BIGINT) AS rpm_limit, \
         CAST(rpm_used AS BIGINT) AS rpm_used, {} AS rpm_reset_at, \
         CAST(NULL AS TEXT) AS provider_type, CAST(NULL AS BIGINT) AS max_retries, \
         CAST(NULL AS DOUBLE PRECISION) AS request_timeout, \
         CAST(NULL AS DOUBLE PRECISION) AS stream_first_byte_timeout, \
         CAST(NULL AS BIGINT) AS concurrent_limit, \
         CAST(NULL AS BOOLEAN) AS keep_priority_on_conversion, \
         CAST(NULL AS BOOLEAN) AS enable_format_conversion",
        db.layout().ts("rpm_reset_at", Unit::Seconds)
    );
    let select = provider_select(db.layout(), &extra);
    let rows = common::provider_rows(db, &select, PROVIDER_ORDER, provider).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (mut record, extras) = row.common();
            record.display_name = Some(extras.display_name);
            record.rpm_limit = Some(extras.rpm_limit);
            record.rpm_used = Some(extras.rpm_used);
            record.rpm_reset_at = Some(extras.rpm_reset_at);
            record
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct KeyTallyRow {
    endpoint_id: String,
    total_keys: i64,
    active_keys: i64,
    health: Option<f64>,
}

/// Per endpoint: its keys, active keys and the mean of their non-NULL scores (1.0 without any).
async fn endpoint_keys(db: &Database, provider: Option<&str>) -> Result<Vec<EndpointKeys>> {
    let sql = |filter: &str| {
        format!(
            "SELECT CAST(e.id AS TEXT) AS endpoint_id, CAST(COUNT(k.id) AS BIGINT) AS total_keys, \
             CAST(COALESCE(SUM(CASE WHEN k.is_active THEN 1 ELSE 0 END), 0) AS BIGINT) AS active_keys, \
             CAST(AVG(k.health_score) AS DOUBLE PRECISION) AS health \
             FROM provider_endpoints e LEFT JOIN provider_api_keys k ON k.endpoint_id = e.id \
             {filter} GROUP BY e.id"
        )
    };
    let rows = match provider {
        Some(id) => crate::fetch!(
            db,
            fetch_all,
            KeyTallyRow,
            sql("WHERE e.provider_id = $1"),
            id
        )?,
        None => crate::fetch!(db, fetch_all, KeyTallyRow, sql(""))?,
    };
    rows.into_iter()
        .map(|r| {
            Ok(EndpointKeys {
                endpoint_id: r.endpoint_id,
                total_keys: count(r.total_keys, "total_keys")?,
                active_keys: count(r.active_keys, "active_keys")?,
                health: r.health.unwrap_or(1.0),
            })
        })
        .collect()
}

pub(super) async fn catalog(db: &Database, provider: Option<&str>) -> Result<Catalog> {
    // Four independent reads, each on its own pooled connection: they overlap.
    let (providers, endpoints, endpoint_keys, models) = tokio::try_join!(
        providers(db, provider),
        common::endpoints(db, provider, ENDPOINT_ORDER),
        endpoint_keys(db, provider),
        common::counts_per_provider(db, "models", provider),
    )?;
    let endpoint_keys: HashMap<String, EndpointKeys> = endpoint_keys
        .into_iter()
        .map(|k| (k.endpoint_id.clone(), k))
        .collect();
    // A provider's keys are the keys of its endpoints.
    let mut provider_keys: HashMap<String, (u64, u64)> = HashMap::new();
    for e in &endpoints {
        if let Some(k) = endpoint_keys.get(&e.id) {
            let entry = provider_keys.entry(e.provider_id.clone()).or_default();
            entry.0 += k.total_keys;
            entry.1 += k.active_keys;
        }
    }
    Ok(Catalog {
        providers,
        endpoints: common::by_provider(endpoints),
        endpoint_keys,
        provider_keys,
        models,
    })
}
