//! The five tables as the copy reads them: the SELECT of exactly the SPEC §1 columns (so a
//! secret column is never named), the row filter, and how each column travels.

/// How a column is read, so every Aether variant (varchar or uuid ids, smallint or integer
/// counters, numeric or float money, timestamp with or without zone) arrives in one binary form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// The chosen providers (`text[]`, NULL = all) and the oldest `created_at` copied (NULL = all),
/// as [`super::copy`] stores them in the transaction's settings: `COPY` takes no bound
/// parameters, and a user's provider ids never become SQL text. Each is a sub-select, so the
/// server evaluates it once per statement rather than once per row; the outer (no-op) cast keeps
/// `= ANY(…)` the array form rather than the sub-select form.
const PROVIDERS_PARAM: &str =
    "CAST((SELECT CAST(NULLIF(current_setting('aether_review.providers'), '') AS text[])) AS text[])";
const CUTOFF_PARAM: &str =
    "(SELECT CAST(NULLIF(current_setting('aether_review.cutoff'), '') AS timestamptz))";

/// One table to copy.
pub(super) struct TableSpec {
    pub table: &'static str,
    pub columns: &'static [(&'static str, Read)],
    /// The WHERE condition; `{providers}` and `{cutoff}` stand for the filter's settings.
    pub filter: &'static str,
}

impl TableSpec {
    fn condition(&self) -> String {
        self.filter
            .replace("{providers}", PROVIDERS_PARAM)
            .replace("{cutoff}", CUTOFF_PARAM)
    }

    /// The rows in PostgreSQL's binary `COPY` format, in byte order of `id` (SQLite's own text
    /// order), so the snapshot's primary key index grows at its end instead of taking random
    /// inserts; `COLLATE "C"` keeps the server's sort cheap.
    pub fn copy_sql(&self) -> String {
        let list: Vec<String> = self
            .columns
            .iter()
            .map(|(column, read)| read.expression(column))
            .collect();
        format!(
            "COPY (SELECT {} FROM {} WHERE {} ORDER BY id COLLATE \"C\") TO STDOUT (FORMAT binary)",
            list.join(", "),
            self.table,
            self.condition()
        )
    }

    pub fn count_sql(&self) -> String {
        format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM {} WHERE {}",
            self.table,
            self.condition()
        )
    }

    /// The one-row SQLite INSERT the writer repeats.
    pub fn insert_sql(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|(column, _)| *column).collect();
        let params: Vec<String> = (1..=names.len()).map(|n| format!("?{n}")).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.table,
            names.join(", "),
            params.join(", ")
        )
    }
}

pub(super) static PROVIDERS: TableSpec = TableSpec {
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
    filter: "({providers} IS NULL OR CAST(id AS TEXT) = ANY({providers}))",
};

pub(super) static ENDPOINTS: TableSpec = TableSpec {
    table: "provider_endpoints",
    columns: &[
        ("id", Read::Text),
        ("provider_id", Read::Text),
        ("api_format", Read::Text),
        ("base_url", Read::Text),
        ("is_active", Read::Bool),
        ("created_at", Read::Time),
    ],
    filter: "({providers} IS NULL OR CAST(provider_id AS TEXT) = ANY({providers}))",
};

pub(super) static KEYS: TableSpec = TableSpec {
    table: "provider_api_keys",
    columns: &[
        ("id", Read::Text),
        ("endpoint_id", Read::Text),
        ("name", Read::Text),
        ("health_score", Read::Float),
        ("is_active", Read::Bool),
    ],
    filter: "({providers} IS NULL OR CAST(endpoint_id AS TEXT) IN \
             (SELECT CAST(id AS TEXT) FROM provider_endpoints WHERE CAST(provider_id AS TEXT) = ANY({providers})))",
};

pub(super) static MODELS: TableSpec = TableSpec {
    table: "models",
    columns: &[
        ("id", Read::Text),
        ("provider_id", Read::Text),
        ("provider_model_name", Read::Text),
        ("is_active", Read::Bool),
    ],
    filter: "({providers} IS NULL OR CAST(provider_id AS TEXT) = ANY({providers}))",
};

/// A candidate belongs to a chosen provider by its `provider_id` or by its endpoint.
pub(super) static CANDIDATES: TableSpec = TableSpec {
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
    filter: "({cutoff} IS NULL OR created_at >= {cutoff}) \
             AND ({providers} IS NULL OR CAST(provider_id AS TEXT) = ANY({providers}) \
                  OR CAST(endpoint_id AS TEXT) IN (SELECT CAST(id AS TEXT) FROM provider_endpoints \
                                                   WHERE CAST(provider_id AS TEXT) = ANY({providers})))",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{columns, Generation};

    fn names(spec: &TableSpec) -> (&'static str, Vec<&'static str>) {
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
        let required: Vec<(&str, Vec<&str>)> = columns(Generation::Legacy)
            .iter()
            .map(|(t, cols)| (*t, cols.to_vec()))
            .collect();
        assert_eq!(copied.to_vec(), required);
    }

    #[test]
    fn no_statement_names_a_secret_column() {
        let sql = [
            PROVIDERS.copy_sql(),
            ENDPOINTS.copy_sql(),
            KEYS.copy_sql(),
            MODELS.copy_sql(),
            CANDIDATES.copy_sql(),
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
