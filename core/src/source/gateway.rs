//! Aether v0.3 and the Rust gateway: `name` is what the admin sees, limits live on keys, and a key
//! belongs to the provider and serves endpoints by API format ([`super::keys`]). Active providers
//! first, then priority and creation; endpoints by format.

use std::collections::HashMap;

use crate::db::{Database, Dialect};
use crate::error::Result;
use crate::layout::{Generation, AUTH_CONFIG_SET};
use crate::read_sql::byte_order;

use super::common::{self, provider_select};
use super::keys::{self, ParsedKey};
use super::{Catalog, EndpointKeys, KeyRecord, ProviderRecord};

const PROVIDER_ORDER: &str = "CASE WHEN is_active THEN 0 ELSE 1 END, \
     provider_priority IS NULL, provider_priority, created_at IS NULL, created_at";
/// By format, compared as bytes on every engine.
pub(super) fn endpoint_order(dialect: Dialect) -> String {
    format!(
        "api_format IS NULL, CAST(api_format AS TEXT){}",
        byte_order(dialect)
    )
}

pub(super) async fn providers(
    db: &Database,
    provider: Option<&str>,
) -> Result<Vec<ProviderRecord>> {
    let extra = "CAST(NULL AS TEXT) AS display_name, CAST(NULL AS BIGINT) AS rpm_limit, \
         CAST(NULL AS BIGINT) AS rpm_used, CAST(NULL AS TEXT) AS rpm_reset_at, \
         CAST(provider_type AS TEXT) AS provider_type, \
         CAST(max_retries AS BIGINT) AS max_retries, \
         CAST(request_timeout AS DOUBLE PRECISION) AS request_timeout, \
         CAST(stream_first_byte_timeout AS DOUBLE PRECISION) AS stream_first_byte_timeout, \
         CAST(concurrent_limit AS BIGINT) AS concurrent_limit, \
         keep_priority_on_conversion, enable_format_conversion";
    let select = provider_select(db.layout(), extra);
    let rows = common::provider_rows(db, &select, PROVIDER_ORDER, provider).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (mut record, extras) = row.common();
            record.provider_type = Some(extras.provider_type);
            record.max_retries = Some(extras.max_retries);
            record.request_timeout = Some(extras.request_timeout);
            record.stream_first_byte_timeout = Some(extras.stream_first_byte_timeout);
            record.concurrent_limit = Some(extras.concurrent_limit);
            record.keep_priority_on_conversion = Some(extras.keep_priority_on_conversion);
            record.enable_format_conversion = Some(extras.enable_format_conversion);
            record
        })
        .collect())
}

/// One key as [`keys`] reads it, a JSON array in this order: 0/1 flags, the JSON columns as text.
#[derive(serde::Deserialize)]
struct KeyJson {
    provider_id: String,
    is_active: i64,
    api_formats: Option<String>,
    health_by_format: Option<String>,
    auth_type: Option<String>,
    has_auth_config: i64,
}

/// The keys of every provider or of one, as one JSON text: thousands of small rows cost far more
/// to fetch one by one, and no grouping means no sort. Of `auth_config` only whether it is set is
/// read.
async fn keys(db: &Database, provider: Option<&str>) -> Result<Vec<KeyRecord>> {
    let flag = |expr: &str| format!("CASE WHEN {expr} THEN 1 ELSE 0 END");
    let (auth_type, has_auth) = match db.generation() {
        Generation::Rust => ("CAST(auth_type AS TEXT)".to_owned(), flag(AUTH_CONFIG_SET)),
        _ => ("CAST(NULL AS TEXT)".to_owned(), "0".to_owned()),
    };
    let aggregate = db.dialect().json_rows(&[
        "CAST(provider_id AS TEXT)",
        &flag("is_active"),
        "CAST(api_formats AS TEXT)",
        "CAST(health_by_format AS TEXT)",
        &auth_type,
        &has_auth,
    ]);
    let sql = |filter: &str| format!("SELECT {aggregate} FROM provider_api_keys {filter}");
    let text: Option<String> = match provider {
        Some(id) => crate::fetch!(
            db,
            fetch_one,
            (Option<String>,),
            sql("WHERE provider_id = $1"),
            id
        )?,
        None => crate::fetch!(db, fetch_one, (Option<String>,), sql(""))?,
    }
    .0;
    // PostgreSQL's aggregate of no rows is NULL, SQLite's `[]`.
    let keys: Vec<KeyJson> = match text {
        Some(text) => serde_json::from_str(&text).map_err(|e| crate::error::Error::Database {
            message: format!("the keys did not read back: {e}"),
        })?,
        None => Vec::new(),
    };
    Ok(keys
        .into_iter()
        .map(|k| KeyRecord {
            provider_id: k.provider_id,
            is_active: k.is_active != 0,
            api_formats: k.api_formats,
            health_by_format: k.health_by_format,
            auth_type: k.auth_type,
            has_auth_config: k.has_auth_config != 0,
        })
        .collect())
}

pub(super) async fn catalog(db: &Database, provider: Option<&str>) -> Result<Catalog> {
    // Four independent reads, each on its own pooled connection: they overlap.
    let order = endpoint_order(db.dialect());
    let (providers, endpoints, all_keys, models) = tokio::try_join!(
        providers(db, provider),
        common::endpoints(db, provider, &order),
        keys(db, provider),
        common::counts_per_provider(db, "models", provider),
    )?;
    let endpoints = common::by_provider(endpoints);
    let all_keys: Vec<ParsedKey> = all_keys.into_iter().map(ParsedKey::parse).collect();
    let mut keys_of: HashMap<&str, Vec<&ParsedKey>> = HashMap::new();
    let mut provider_keys: HashMap<String, (u64, u64)> = HashMap::new();
    for k in &all_keys {
        keys_of.entry(k.provider_id()).or_default().push(k);
        let entry = provider_keys.entry(k.provider_id().to_owned()).or_default();
        entry.0 += 1;
        entry.1 += u64::from(k.is_active());
    }
    let mut endpoint_keys: HashMap<String, EndpointKeys> = HashMap::new();
    for p in &providers {
        let own: Vec<_> = endpoints
            .get(&p.id)
            .map(|e| e.iter().collect())
            .unwrap_or_default();
        let provider_type = p.provider_type.as_ref().and_then(|t| t.as_deref());
        let keys = keys_of.get(p.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        for tally in keys::endpoint_keys(db.generation(), provider_type, &own, keys) {
            endpoint_keys.insert(tally.endpoint_id.clone(), tally);
        }
    }
    Ok(Catalog {
        providers,
        endpoints,
        endpoint_keys,
        provider_keys,
        models,
    })
}
