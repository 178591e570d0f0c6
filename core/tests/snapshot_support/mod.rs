//! What every snapshot test checks (`docs/snapshots.md`): the windows it reads in both the
//! snapshot and its source; of the optional columns, that the snapshot reads its source's keys
//! and skip reasons exactly, records the same optional columns, and declares no secret column.

use std::path::Path;

use aether_review_core::layout::AUTH_CONFIG_MARKER;
use aether_review_core::model::{HealthQuery, Timestamp};
use aether_review_core::{get_provider_keys, get_request_chain, Database};
use sqlx::sqlite::SqliteConnectOptions;

/// The windows compared in a snapshot and its source at `as_of`: the default one and the
/// heaviest the limits allow.
pub fn health_queries(as_of: Timestamp) -> [HealthQuery; 2] {
    [
        HealthQuery {
            as_of: Some(as_of),
            ..HealthQuery::default()
        },
        HealthQuery {
            lookback_hours: Some(72),
            per_endpoint_limit: Some(200),
            buckets: Some(60),
            as_of: Some(as_of),
        },
    ]
}

/// Column names that hold credentials in some generation of Aether (`docs/snapshots.md`, "What
/// is never copied"); no snapshot table may declare one. `auth_config` is the one exception, as a marker column, checked apart.
const SECRET_NAMES: [&str; 9] = [
    "api_key",
    "encrypted_key",
    "proxy",
    "fingerprint",
    "config",
    "header_rules",
    "body_rules",
    "headers",
    "extra_data",
];

/// The snapshot lists the same keys as its source (every optional value, the columns recorded)
/// and the candidates of `requests` as the source does (skip reasons): returns the key columns recorded and
/// whether the skip reason is, both as the snapshot says.
pub async fn assert_optional_columns_match(
    snap: &Database,
    live: &Database,
    providers: &[&str],
    requests: &[&str],
) -> (Vec<String>, bool) {
    let mut recorded = None;
    for provider in providers {
        let (copied, source) = (
            get_provider_keys(snap, provider).await.unwrap(),
            get_provider_keys(live, provider).await.unwrap(),
        );
        // `as_of` differs (a live database reads at the wall clock): every key is compared.
        assert_eq!(copied.keys, source.keys, "keys of {provider}");
        assert_eq!(copied.columns_recorded, source.columns_recorded);
        recorded = Some(copied.columns_recorded);
    }
    let mut skip_reason_recorded = None;
    for request in requests {
        let (copied, source) = (
            get_request_chain(snap, request).await.unwrap(),
            get_request_chain(live, request).await.unwrap(),
        );
        // A snapshot of chosen providers or a window holds part of a chain: each of its
        // candidates reads as in the source.
        assert!(!copied.candidates.is_empty());
        for candidate in &copied.candidates {
            let same = source.candidates.iter().find(|c| c.id == candidate.id);
            assert_eq!(
                Some(candidate),
                same,
                "{request}: candidate {}",
                candidate.id
            );
        }
        assert_eq!(copied.skip_reason_recorded, source.skip_reason_recorded);
        skip_reason_recorded = Some(copied.skip_reason_recorded);
    }
    (
        recorded.unwrap_or_default(),
        skip_reason_recorded.unwrap_or_default(),
    )
}

/// Lists every column of every table of the snapshot at `out` and fails on a secret's name; an
/// `auth_config` column holds nothing but the marker.
pub async fn assert_no_secret_column(out: &Path) {
    let pool =
        sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(out).read_only(true))
            .await
            .unwrap();
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p \
         WHERE m.type = 'table'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(
        columns.len() > 40,
        "the listing found the tables: {columns:?}"
    );
    for (table, column) in &columns {
        let name = column.to_lowercase();
        assert!(
            !SECRET_NAMES.contains(&name.as_str()),
            "the snapshot declares the secret column {table}.{column}"
        );
        if name == "auth_config" {
            let values: Vec<(Option<String>,)> =
                sqlx::query_as(&format!("SELECT DISTINCT auth_config FROM {table}"))
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            for (value,) in values {
                assert!(
                    value.is_none() || value.as_deref() == Some(AUTH_CONFIG_MARKER),
                    "{table}.auth_config holds {value:?}"
                );
            }
        }
    }
    pool.close().await;
}
