//! The tables and columns Aether Review reads, per generation: the schema check, the snapshot
//! copy and the row writers all take their column lists from here.
//!
//! Secret columns are never among them (keys' `api_key`, `encrypted_key`, `auth_config`, `proxy`,
//! `fingerprint`; providers' `proxy`, `config`; endpoints' `proxy`, `header_rules`, `body_rules`,
//! `config`). Whether a key's `auth_config` is set is read as a boolean expression, never its text.

use super::Generation;

/// One table and the columns read from it, in the order rows are written.
pub type TableColumns = (&'static str, &'static [&'static str]);

const LEGACY: &[TableColumns] = &[
    (
        "providers",
        &[
            "id",
            "name",
            "display_name",
            "description",
            "website",
            "billing_type",
            "monthly_quota_usd",
            "monthly_used_usd",
            "quota_reset_day",
            "quota_last_reset_at",
            "quota_expires_at",
            "rpm_limit",
            "rpm_used",
            "rpm_reset_at",
            "provider_priority",
            "is_active",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "provider_endpoints",
        &[
            "id",
            "provider_id",
            "api_format",
            "base_url",
            "is_active",
            "created_at",
        ],
    ),
    (
        "provider_api_keys",
        &["id", "endpoint_id", "name", "health_score", "is_active"],
    ),
    MODELS,
    CANDIDATES,
];

/// v0.3's providers; the Rust gateway adds `enabled` and `priority` (never read, but they tell
/// the generations apart and a snapshot keeps them so it is recognised the same way).
const V03_PROVIDERS: &[&str] = &[
    "id",
    "name",
    "description",
    "website",
    "provider_type",
    "billing_type",
    "monthly_quota_usd",
    "monthly_used_usd",
    "quota_reset_day",
    "quota_last_reset_at",
    "quota_expires_at",
    "provider_priority",
    "is_active",
    "keep_priority_on_conversion",
    "enable_format_conversion",
    "max_retries",
    "request_timeout",
    "stream_first_byte_timeout",
    "concurrent_limit",
    "created_at",
    "updated_at",
];

const V03_ENDPOINTS: &[&str] = &[
    "id",
    "provider_id",
    "api_format",
    "api_family",
    "endpoint_kind",
    "base_url",
    "is_active",
    "created_at",
];

const V03_KEYS: &[&str] = &[
    "id",
    "provider_id",
    "name",
    "api_formats",
    "health_by_format",
    "is_active",
];

/// The Rust gateway's keys also say how they authenticate, which decides the formats a key of a
/// fixed provider type serves.
const RUST_KEYS: &[&str] = &[
    "id",
    "provider_id",
    "name",
    "auth_type",
    "api_formats",
    "health_by_format",
    "is_active",
];

const V03: &[TableColumns] = &[
    ("providers", V03_PROVIDERS),
    ("provider_endpoints", V03_ENDPOINTS),
    ("provider_api_keys", V03_KEYS),
    MODELS,
    CANDIDATES,
];

const RUST: &[TableColumns] = &[
    (
        "providers",
        &[
            "id",
            "name",
            "description",
            "website",
            "provider_type",
            "billing_type",
            "monthly_quota_usd",
            "monthly_used_usd",
            "quota_reset_day",
            "quota_last_reset_at",
            "quota_expires_at",
            "provider_priority",
            "is_active",
            "keep_priority_on_conversion",
            "enable_format_conversion",
            "max_retries",
            "request_timeout",
            "stream_first_byte_timeout",
            "concurrent_limit",
            "created_at",
            "updated_at",
            "enabled",
            "priority",
        ],
    ),
    (
        "provider_endpoints",
        &[
            "id",
            "provider_id",
            "api_format",
            "api_family",
            "endpoint_kind",
            "base_url",
            "is_active",
            "created_at",
            "health_score",
        ],
    ),
    ("provider_api_keys", RUST_KEYS),
    MODELS,
    CANDIDATES,
];

const MODELS: TableColumns = (
    "models",
    &["id", "provider_id", "provider_model_name", "is_active"],
);

const CANDIDATES: TableColumns = (
    "request_candidates",
    &[
        "id",
        "request_id",
        "candidate_index",
        "retry_index",
        "provider_id",
        "endpoint_id",
        "key_id",
        "status",
        "status_code",
        "error_type",
        "error_message",
        "latency_ms",
        "created_at",
        "started_at",
        "finished_at",
    ],
);

/// Columns that must exist but are never selected: only whether they hold a value is read
/// (through [`AUTH_CONFIG_SET`]).
pub const PRESENCE_ONLY: &[(Generation, &str, &str)] =
    &[(Generation::Rust, "provider_api_keys", "auth_config")];

/// Whether a key's `auth_config` holds anything: the one thing read of that secret column. A
/// snapshot keeps only a marker there, never the content.
///
/// "Anything" is what the gateway's `str::trim` leaves: SQL's TRIM removes only spaces, so the
/// other ASCII white space (tab, line feed, carriage return, vertical tab, form feed) is turned
/// into spaces first. The expression is the same on SQLite and PostgreSQL.
pub const AUTH_CONFIG_SET: &str = "(auth_config IS NOT NULL AND TRIM(\
     REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(CAST(auth_config AS TEXT), \
     '\t', ' '), '\n', ' '), '\r', ' '), '\x0B', ' '), '\x0C', ' ')) <> '')";

/// What a snapshot writes in place of a set `auth_config`.
pub const AUTH_CONFIG_MARKER: &str = "<set>";

/// Columns some databases have and others lack (a generation's schema grew them over time, or an
/// older generation had them under another name): read only where present (`docs/rules.md`,
/// "Keys", "Event lists") and copied into a snapshot when its source has them
/// (`docs/snapshots.md`). None is a secret. Each with the type a snapshot declares for it (times
/// are RFC 3339 text there, as everywhere in a snapshot).
pub const OPTIONAL: &[OptionalColumn] = &[
    ("provider_api_keys", "rpm_limit", "INTEGER"),
    ("provider_api_keys", "concurrent_limit", "INTEGER"),
    ("provider_api_keys", "max_concurrent", "INTEGER"),
    ("provider_api_keys", "learned_rpm_limit", "INTEGER"),
    ("provider_api_keys", "consecutive_failures", "INTEGER"),
    ("provider_api_keys", "last_error_at", "TEXT"),
    ("provider_api_keys", "last_failure_at", "TEXT"),
    ("provider_api_keys", "last_error_msg", "TEXT"),
    ("provider_api_keys", "expires_at", "TEXT"),
    ("provider_api_keys", "oauth_invalid_at", "TEXT"),
    ("provider_api_keys", "circuit_breaker_by_format", "TEXT"),
    ("request_candidates", "skip_reason", "TEXT"),
];

/// An optional column: table, column, its declared type in a snapshot file.
pub type OptionalColumn = (&'static str, &'static str, &'static str);

/// The optional columns of `table`.
pub fn optional_columns(table: &str) -> impl Iterator<Item = &'static str> + '_ {
    OPTIONAL
        .iter()
        .filter(move |(t, _, _)| *t == table)
        .map(|(_, c, _)| *c)
}

/// Every table and column a database of `generation` must have, parents first.
pub fn columns(generation: Generation) -> &'static [TableColumns] {
    match generation {
        Generation::Legacy => LEGACY,
        Generation::V03 => V03,
        Generation::Rust => RUST,
    }
}

/// The columns of one table of `generation`.
pub fn read_columns(generation: Generation, table: &str) -> &'static [&'static str] {
    columns(generation)
        .iter()
        .find(|(name, _)| *name == table)
        .map(|(_, columns)| *columns)
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::AUTH_CONFIG_SET;

    #[tokio::test]
    async fn an_auth_config_of_white_space_only_is_not_set() {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        let sql = format!("SELECT {AUTH_CONFIG_SET} FROM (SELECT $1 AS auth_config)");
        let cases = [
            (None, false),
            (Some(""), false),
            (Some("   "), false),
            (Some("\t\n \r\x0B\x0C"), false),
            (Some(" enc:v1 "), true),
            (Some("\t{}\n"), true),
        ];
        for (value, set) in cases {
            let found: bool = sqlx::query_scalar(&sql)
                .bind(value)
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(found, set, "{value:?}");
        }
    }
}
