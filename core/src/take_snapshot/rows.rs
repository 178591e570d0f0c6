//! The five tables as the copy reads them: the SELECT of exactly the SPEC §1 columns (so a
//! secret column is never named), the row filter, and the decoding into [`crate::dataset`] rows.

use sqlx::postgres::PgRow;
use sqlx::Row;

use crate::dataset::{CandidateRow, EndpointRow, KeyRow, ModelRow, ProviderRow, Rows};
use crate::model::BillingType;

/// How a column is read, so every Aether variant (varchar or uuid ids, smallint or integer
/// counters, numeric or float money, timestamp with or without zone) decodes to the row types.
#[derive(Debug, Clone, Copy)]
pub(super) enum Read {
    Text,
    Int,
    Float,
    Bool,
    Time,
}

impl Read {
    fn expression(self, column: &str) -> String {
        let ty = match self {
            Read::Text => "TEXT",
            Read::Int => "INTEGER",
            Read::Float => "DOUBLE PRECISION",
            Read::Bool => "BOOLEAN",
            Read::Time => "TIMESTAMPTZ",
        };
        format!("CAST({column} AS {ty})")
    }
}

/// One table to copy. `$1` is the chosen providers (`text[]`, NULL = all), `$2` the oldest
/// `created_at` (only for the windowed table).
pub(super) struct TableSpec<R> {
    pub table: &'static str,
    pub columns: &'static [(&'static str, Read)],
    /// The WHERE condition.
    pub filter: &'static str,
    /// Whether the filter uses `$2`, the `--since` cutoff.
    pub windowed: bool,
    pub decode: fn(&PgRow) -> Result<R, sqlx::Error>,
    pub rows: for<'a> fn(&'a [R]) -> Rows<'a>,
}

impl<R> TableSpec<R> {
    /// In the server's physical order: an ORDER BY would make PostgreSQL sort the whole window
    /// first, which costs more than SQLite's out-of-order primary key inserts.
    pub fn select_sql(&self) -> String {
        let list: Vec<String> = self
            .columns
            .iter()
            .map(|(column, read)| read.expression(column))
            .collect();
        format!(
            "SELECT {} FROM {} WHERE {}",
            list.join(", "),
            self.table,
            self.filter
        )
    }

    pub fn count_sql(&self) -> String {
        format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM {} WHERE {}",
            self.table, self.filter
        )
    }
}

pub(super) const PROVIDERS: TableSpec<ProviderRow> = TableSpec {
    table: "providers",
    columns: &[
        ("id", Read::Text),
        ("name", Read::Text),
        ("display_name", Read::Text),
        ("description", Read::Text),
        ("website", Read::Text),
        ("billing_type", Read::Text),
        ("monthly_quota_usd", Read::Float),
        ("monthly_used_usd", Read::Float),
        ("quota_reset_day", Read::Int),
        ("quota_last_reset_at", Read::Time),
        ("quota_expires_at", Read::Time),
        ("rpm_limit", Read::Int),
        ("rpm_used", Read::Int),
        ("rpm_reset_at", Read::Time),
        ("provider_priority", Read::Int),
        ("is_active", Read::Bool),
        ("created_at", Read::Time),
        ("updated_at", Read::Time),
    ],
    filter: "($1::text[] IS NULL OR CAST(id AS TEXT) = ANY($1))",
    windowed: false,
    decode: |r| {
        let billing: String = r.try_get(5)?;
        Ok(ProviderRow {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            display_name: r.try_get(2)?,
            description: r.try_get(3)?,
            website: r.try_get(4)?,
            billing_type: BillingType::parse(&billing).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown billing_type `{billing}`").into())
            })?,
            monthly_quota_usd: r.try_get(6)?,
            monthly_used_usd: r.try_get(7)?,
            quota_reset_day: r.try_get(8)?,
            quota_last_reset_at: r.try_get(9)?,
            quota_expires_at: r.try_get(10)?,
            rpm_limit: r.try_get(11)?,
            rpm_used: r.try_get(12)?,
            rpm_reset_at: r.try_get(13)?,
            provider_priority: r.try_get(14)?,
            is_active: r.try_get(15)?,
            created_at: r.try_get(16)?,
            updated_at: r.try_get(17)?,
        })
    },
    rows: |r| Rows::Providers(r),
};

pub(super) const ENDPOINTS: TableSpec<EndpointRow> = TableSpec {
    table: "provider_endpoints",
    columns: &[
        ("id", Read::Text),
        ("provider_id", Read::Text),
        ("api_format", Read::Text),
        ("base_url", Read::Text),
        ("is_active", Read::Bool),
        ("created_at", Read::Time),
    ],
    filter: "($1::text[] IS NULL OR CAST(provider_id AS TEXT) = ANY($1))",
    windowed: false,
    decode: |r| {
        Ok(EndpointRow {
            id: r.try_get(0)?,
            provider_id: r.try_get(1)?,
            api_format: r.try_get(2)?,
            base_url: r.try_get(3)?,
            is_active: r.try_get(4)?,
            created_at: r.try_get(5)?,
        })
    },
    rows: |r| Rows::Endpoints(r),
};

pub(super) const KEYS: TableSpec<KeyRow> = TableSpec {
    table: "provider_api_keys",
    columns: &[
        ("id", Read::Text),
        ("endpoint_id", Read::Text),
        ("name", Read::Text),
        ("health_score", Read::Float),
        ("is_active", Read::Bool),
    ],
    filter: "($1::text[] IS NULL OR CAST(endpoint_id AS TEXT) IN \
             (SELECT CAST(id AS TEXT) FROM provider_endpoints WHERE CAST(provider_id AS TEXT) = ANY($1)))",
    windowed: false,
    decode: |r| {
        Ok(KeyRow {
            id: r.try_get(0)?,
            endpoint_id: r.try_get(1)?,
            name: r.try_get(2)?,
            health_score: r.try_get(3)?,
            is_active: r.try_get(4)?,
        })
    },
    rows: |r| Rows::Keys(r),
};

pub(super) const MODELS: TableSpec<ModelRow> = TableSpec {
    table: "models",
    columns: &[
        ("id", Read::Text),
        ("provider_id", Read::Text),
        ("provider_model_name", Read::Text),
        ("is_active", Read::Bool),
    ],
    filter: "($1::text[] IS NULL OR CAST(provider_id AS TEXT) = ANY($1))",
    windowed: false,
    decode: |r| {
        Ok(ModelRow {
            id: r.try_get(0)?,
            provider_id: r.try_get(1)?,
            provider_model_name: r.try_get(2)?,
            is_active: r.try_get(3)?,
        })
    },
    rows: |r| Rows::Models(r),
};

/// A candidate belongs to a chosen provider by its `provider_id` or by its endpoint.
pub(super) const CANDIDATES: TableSpec<CandidateRow> = TableSpec {
    table: "request_candidates",
    columns: &[
        ("id", Read::Text),
        ("request_id", Read::Text),
        ("candidate_index", Read::Int),
        ("retry_index", Read::Int),
        ("provider_id", Read::Text),
        ("endpoint_id", Read::Text),
        ("key_id", Read::Text),
        ("status", Read::Text),
        ("status_code", Read::Int),
        ("error_type", Read::Text),
        ("error_message", Read::Text),
        ("latency_ms", Read::Int),
        ("created_at", Read::Time),
        ("started_at", Read::Time),
        ("finished_at", Read::Time),
    ],
    filter: "($2::timestamptz IS NULL OR created_at >= $2) \
             AND ($1::text[] IS NULL OR CAST(provider_id AS TEXT) = ANY($1) \
                  OR CAST(endpoint_id AS TEXT) IN (SELECT CAST(id AS TEXT) FROM provider_endpoints \
                                                   WHERE CAST(provider_id AS TEXT) = ANY($1)))",
    windowed: true,
    decode: |r| {
        Ok(CandidateRow {
            id: r.try_get(0)?,
            request_id: r.try_get(1)?,
            candidate_index: r.try_get(2)?,
            retry_index: r.try_get(3)?,
            provider_id: r.try_get(4)?,
            endpoint_id: r.try_get(5)?,
            key_id: r.try_get(6)?,
            status: r.try_get(7)?,
            status_code: r.try_get(8)?,
            error_type: r.try_get(9)?,
            error_message: r.try_get(10)?,
            latency_ms: r.try_get(11)?,
            created_at: r.try_get(12)?,
            started_at: r.try_get(13)?,
            finished_at: r.try_get(14)?,
        })
    },
    rows: |r| Rows::Candidates(r),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::REQUIRED_COLUMNS;

    fn names<R>(spec: &TableSpec<R>) -> (&'static str, Vec<&'static str>) {
        (spec.table, spec.columns.iter().map(|(c, _)| *c).collect())
    }

    #[test]
    fn the_copy_selects_exactly_the_required_columns() {
        let copied = [
            names(&PROVIDERS),
            names(&ENDPOINTS),
            names(&KEYS),
            names(&MODELS),
            names(&CANDIDATES),
        ];
        let required: Vec<(&str, Vec<&str>)> = REQUIRED_COLUMNS
            .iter()
            .map(|(t, cols)| (*t, cols.to_vec()))
            .collect();
        assert_eq!(copied.to_vec(), required);
    }

    #[test]
    fn no_statement_names_a_secret_column() {
        let sql = [
            PROVIDERS.select_sql(),
            ENDPOINTS.select_sql(),
            KEYS.select_sql(),
            MODELS.select_sql(),
            CANDIDATES.select_sql(),
        ]
        .join(" ");
        for secret in [
            "api_key ",
            "api_key,",
            "proxy",
            "headers",
            "config",
            "extra_data",
        ] {
            assert!(!sql.contains(secret), "{secret} in {sql}");
        }
    }
}
