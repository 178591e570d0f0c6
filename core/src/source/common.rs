//! SQL every generation shares: the provider row shape, endpoints, model counts.

use std::collections::HashMap;

use crate::db::Database;
use crate::error::Result;
use crate::layout::{DbTs, Layout, Unit};
use crate::read_sql::{byte_order, count};

use super::{EndpointRecord, ProviderRecord};

/// The provider columns every generation selects under the same names. `extra` adds the
/// generation's own columns (or typed NULLs for those it lacks).
pub(super) fn provider_select(layout: Layout, extra: &str) -> String {
    let ts = |c: &str| format!("{} AS {c}", layout.ts(c, Unit::Seconds));
    format!(
        "SELECT CAST(id AS TEXT) AS id, CAST(name AS TEXT) AS name, description, website, \
         CAST(billing_type AS TEXT) AS billing_type, \
         CAST(monthly_quota_usd AS DOUBLE PRECISION) AS monthly_quota_usd, \
         CAST(monthly_used_usd AS DOUBLE PRECISION) AS monthly_used_usd, \
         CAST(quota_reset_day AS BIGINT) AS quota_reset_day, \
         {}, {}, \
         CAST(provider_priority AS BIGINT) AS provider_priority, \
         COALESCE(is_active, FALSE) AS is_active, {}, {}, {extra} FROM providers",
        ts("quota_last_reset_at"),
        ts("quota_expires_at"),
        ts("created_at"),
        ts("updated_at"),
    )
}

/// What [`provider_select`] returns; the generation's reader turns it into a record.
#[derive(sqlx::FromRow)]
pub(super) struct ProviderRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub billing_type: Option<String>,
    pub monthly_quota_usd: Option<f64>,
    pub monthly_used_usd: Option<f64>,
    pub quota_reset_day: Option<i64>,
    pub quota_last_reset_at: Option<DbTs>,
    pub quota_expires_at: Option<DbTs>,
    pub provider_priority: Option<i64>,
    pub is_active: bool,
    pub created_at: Option<DbTs>,
    pub updated_at: Option<DbTs>,
    // Legacy only (typed NULLs elsewhere).
    pub display_name: Option<String>,
    pub rpm_limit: Option<i64>,
    pub rpm_used: Option<i64>,
    pub rpm_reset_at: Option<DbTs>,
    // v0.3 / rust only (typed NULLs on legacy).
    pub provider_type: Option<String>,
    pub max_retries: Option<i64>,
    pub request_timeout: Option<f64>,
    pub stream_first_byte_timeout: Option<f64>,
    pub concurrent_limit: Option<i64>,
    pub keep_priority_on_conversion: Option<bool>,
    pub enable_format_conversion: Option<bool>,
}

impl ProviderRow {
    /// The record with the columns every generation has; the caller sets its own fields.
    pub fn common(self) -> (ProviderRecord, Extras) {
        let ts = |t: Option<DbTs>| t.map(|t| t.0);
        let extras = Extras {
            display_name: self.display_name,
            rpm_limit: self.rpm_limit,
            rpm_used: self.rpm_used,
            rpm_reset_at: ts(self.rpm_reset_at),
            provider_type: self.provider_type,
            max_retries: self.max_retries,
            request_timeout: self.request_timeout,
            stream_first_byte_timeout: self.stream_first_byte_timeout,
            concurrent_limit: self.concurrent_limit,
            keep_priority_on_conversion: self.keep_priority_on_conversion,
            enable_format_conversion: self.enable_format_conversion,
        };
        let record = ProviderRecord {
            id: self.id,
            name: self.name,
            display_name: None,
            description: self.description,
            website: self.website,
            provider_type: None,
            billing_type: self.billing_type,
            monthly_quota_usd: self.monthly_quota_usd,
            monthly_used_usd: self.monthly_used_usd,
            quota_reset_day: self.quota_reset_day,
            quota_last_reset_at: ts(self.quota_last_reset_at),
            quota_expires_at: ts(self.quota_expires_at),
            rpm_limit: None,
            rpm_used: None,
            rpm_reset_at: None,
            max_retries: None,
            request_timeout: None,
            stream_first_byte_timeout: None,
            concurrent_limit: None,
            keep_priority_on_conversion: None,
            enable_format_conversion: None,
            provider_priority: self.provider_priority,
            is_active: self.is_active,
            created_at: ts(self.created_at),
            updated_at: ts(self.updated_at),
        };
        (record, extras)
    }
}

/// The generation-specific columns of a [`ProviderRow`].
pub(super) struct Extras {
    pub display_name: Option<String>,
    pub rpm_limit: Option<i64>,
    pub rpm_used: Option<i64>,
    pub rpm_reset_at: Option<crate::model::Timestamp>,
    pub provider_type: Option<String>,
    pub max_retries: Option<i64>,
    pub request_timeout: Option<f64>,
    pub stream_first_byte_timeout: Option<f64>,
    pub concurrent_limit: Option<i64>,
    pub keep_priority_on_conversion: Option<bool>,
    pub enable_format_conversion: Option<bool>,
}

/// Providers: every one in `order`, or the one with id `$1`.
pub(super) async fn provider_rows(
    db: &Database,
    select: &str,
    order: &str,
    provider: Option<&str>,
) -> Result<Vec<ProviderRow>> {
    let id_order = byte_order(db.dialect());
    Ok(match provider {
        Some(id) => crate::fetch!(
            db,
            fetch_all,
            ProviderRow,
            format!("{select} WHERE id = $1"),
            id
        )?,
        None => crate::fetch!(
            db,
            fetch_all,
            ProviderRow,
            format!("{select} ORDER BY {order}, id{id_order}")
        )?,
    })
}

#[derive(sqlx::FromRow)]
struct EndpointRow {
    id: String,
    provider_id: String,
    api_format: Option<String>,
    is_active: bool,
}

/// Endpoints of every provider or of one, in `order` (then id, compared as bytes).
pub(super) async fn endpoints(
    db: &Database,
    provider: Option<&str>,
    order: &str,
) -> Result<Vec<EndpointRecord>> {
    let id_order = byte_order(db.dialect());
    let sql = |filter: &str| {
        format!(
            "SELECT CAST(id AS TEXT) AS id, CAST(provider_id AS TEXT) AS provider_id, \
             CAST(api_format AS TEXT) AS api_format, COALESCE(is_active, FALSE) AS is_active \
             FROM provider_endpoints {filter} ORDER BY {order}, id{id_order}"
        )
    };
    let rows = match provider {
        Some(id) => crate::fetch!(
            db,
            fetch_all,
            EndpointRow,
            sql("WHERE provider_id = $1"),
            id
        )?,
        None => crate::fetch!(db, fetch_all, EndpointRow, sql(""))?,
    };
    Ok(rows
        .into_iter()
        .map(|r| EndpointRecord {
            id: r.id,
            provider_id: r.provider_id,
            api_format: r.api_format.unwrap_or_default(),
            is_active: r.is_active,
        })
        .collect())
}

/// Endpoints grouped by provider, keeping their order.
pub(super) fn by_provider(endpoints: Vec<EndpointRecord>) -> HashMap<String, Vec<EndpointRecord>> {
    let mut grouped: HashMap<String, Vec<EndpointRecord>> = HashMap::new();
    for e in endpoints {
        grouped.entry(e.provider_id.clone()).or_default().push(e);
    }
    grouped
}

#[derive(sqlx::FromRow)]
struct CountRow {
    provider_id: Option<String>,
    total: i64,
    active: i64,
}

/// (total, active) rows of `table` per provider (models; the newer generations' keys).
pub(super) async fn counts_per_provider(
    db: &Database,
    table: &str,
    provider: Option<&str>,
) -> Result<HashMap<String, (u64, u64)>> {
    let sql = |filter: &str| {
        format!(
            "SELECT CAST(provider_id AS TEXT) AS provider_id, CAST(COUNT(*) AS BIGINT) AS total, \
             CAST(COALESCE(SUM(CASE WHEN is_active THEN 1 ELSE 0 END), 0) AS BIGINT) AS active \
             FROM {table} {filter} GROUP BY provider_id"
        )
    };
    let rows = match provider {
        Some(id) => crate::fetch!(db, fetch_all, CountRow, sql("WHERE provider_id = $1"), id)?,
        None => crate::fetch!(db, fetch_all, CountRow, sql(""))?,
    };
    let mut counts = HashMap::new();
    for r in rows {
        if let Some(id) = r.provider_id {
            counts.insert(id, (count(r.total, "total")?, count(r.active, "active")?));
        }
    }
    Ok(counts)
}
