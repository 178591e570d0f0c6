//! The five tables as the copy reads them, per generation: the SELECT of exactly the columns
//! [`crate::layout::columns`] lists and the optional ones ([`crate::layout::OPTIONAL`]) the source
//! has (so a secret column is never named), the row filter, and how each column travels, from a
//! PostgreSQL of any generation, the gateway's MySQL or a Rust gateway's SQLite file.

use crate::layout::{
    columns, Generation, Layout, OptionalColumn, Unit, AUTH_CONFIG_MARKER, AUTH_CONFIG_SET,
    PRESENCE_ONLY,
};

/// How a column is read, so every Aether variant (varchar or uuid ids, smallint or integer
/// counters, numeric or float money, json or jsonb, timestamp with or without zone, unix seconds
/// or milliseconds) arrives in one form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Read {
    /// Text as stored; also enums and JSON (its text).
    Text,
    Int,
    /// A 64-bit integer the gateway declares `bigint`.
    BigInt,
    Float,
    Bool,
    Time,
    /// Keys' `auth_config`: only the marker when set, NULL otherwise (never the content).
    AuthConfigSet,
}

impl Read {
    /// What a column of this name holds; the names mean the same in every table and generation.
    fn of(column: &str) -> Self {
        match column {
            "monthly_quota_usd"
            | "monthly_used_usd"
            | "health_score"
            | "request_timeout"
            | "stream_first_byte_timeout" => Read::Float,
            "quota_reset_day"
            | "rpm_limit"
            | "rpm_used"
            | "provider_priority"
            | "max_retries"
            | "concurrent_limit"
            | "candidate_index"
            | "retry_index"
            | "status_code"
            | "latency_ms"
            | "max_concurrent"
            | "learned_rpm_limit"
            | "consecutive_failures" => Read::Int,
            "priority" => Read::BigInt,
            "is_active"
            | "enabled"
            | "keep_priority_on_conversion"
            | "enable_format_conversion" => Read::Bool,
            "quota_last_reset_at"
            | "quota_expires_at"
            | "rpm_reset_at"
            | "created_at"
            | "updated_at"
            | "started_at"
            | "finished_at"
            | "last_error_at"
            | "last_failure_at"
            | "expires_at"
            | "oauth_invalid_at" => Read::Time,
            "auth_config" => Read::AuthConfigSet,
            _ => Read::Text,
        }
    }

    /// The PostgreSQL select expression, in the binary form the writer decodes.
    fn postgres(self, column: &str) -> String {
        let ty = match self {
            Read::Text => "TEXT",
            Read::Int => "INTEGER",
            Read::BigInt => "BIGINT",
            Read::Float => "DOUBLE PRECISION",
            Read::Bool => "BOOLEAN",
            Read::Time => "TIMESTAMPTZ",
            Read::AuthConfigSet => return auth_config_marker(),
        };
        format!("CAST({column} AS {ty})")
    }

    /// The select expression on a gateway's SQLite file (or its MySQL): the casts the readers
    /// apply there ([`crate::source`]), so the snapshot holds what the live database reads as.
    /// Times come as integer milliseconds ([`Layout::ts`]).
    fn file(self, column: &str, layout: Layout, unit: Unit) -> String {
        match self {
            Read::Text => format!("CAST({column} AS TEXT)"),
            Read::Int | Read::BigInt | Read::Bool => format!("CAST({column} AS BIGINT)"),
            Read::Float => format!("CAST({column} AS REAL)"),
            Read::Time => layout.ts(column, unit),
            Read::AuthConfigSet => auth_config_marker(),
        }
    }
}

/// The marker in place of a set `auth_config`: the condition the readers use, never the value.
fn auth_config_marker() -> String {
    format!("CASE WHEN {AUTH_CONFIG_SET} THEN CAST('{AUTH_CONFIG_MARKER}' AS TEXT) END")
}

/// Which rows of a table belong to the chosen providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// `providers` itself.
    Provider,
    /// Rows with a `provider_id` (endpoints, models; keys of v0.3 and the Rust gateway).
    OfProvider,
    /// Legacy keys: through their endpoint.
    OfEndpoint,
    /// `request_candidates`: by `provider_id` or by endpoint, and not older than the cutoff.
    Candidate,
}

/// Where the copy reads from: its SQL differs only in how the filter's values arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Engine {
    /// The filter as settings of the copy's transaction (`COPY` takes no bound parameters):
    /// see [`super::copy::prepare_source_session`].
    Postgres,
    /// A gateway's SQLite file attached as `source`; the chosen providers are bound as `?1` (a
    /// JSON list or NULL), the cutoff as `?2` (unix milliseconds or NULL).
    File(Layout),
    /// The gateway's MySQL: the same columns as from its SQLite file, in the SQL that
    /// [`crate::db::mysql::translate`] spells for MySQL; the chosen providers are bound as `$1`
    /// (a JSON list or NULL), the cutoff as `$2` (unix milliseconds or NULL).
    Mysql(Layout),
}

/// The chosen providers (`text[]`, NULL = all) and the oldest `created_at` copied (NULL = all)
/// as PostgreSQL reads them back from the transaction's settings, so a user's provider ids never
/// become SQL text. Each is a sub-select, so the server evaluates it once per statement rather
/// than once per row; the outer (no-op) cast keeps `= ANY(…)` the array form rather than the
/// sub-select form.
const PROVIDERS_PARAM: &str =
    "CAST((SELECT CAST(NULLIF(current_setting('aether_review.providers'), '') AS text[])) AS text[])";
const CUTOFF_PARAM: &str =
    "(SELECT CAST(NULLIF(current_setting('aether_review.cutoff'), '') AS timestamptz))";

impl Engine {
    /// Where the source's tables are.
    fn schema(self) -> &'static str {
        match self {
            Engine::Postgres | Engine::Mysql(_) => "",
            Engine::File(_) => "source.",
        }
    }

    /// True when no provider was chosen.
    fn all_providers(self) -> String {
        match self {
            Engine::Postgres => format!("{PROVIDERS_PARAM} IS NULL"),
            Engine::File(_) => "?1 IS NULL".to_owned(),
            Engine::Mysql(_) => "$1 IS NULL".to_owned(),
        }
    }

    /// `column` names a chosen provider.
    fn chosen(self, column: &str) -> String {
        match self {
            Engine::Postgres => format!("CAST({column} AS TEXT) = ANY({PROVIDERS_PARAM})"),
            Engine::File(_) => {
                format!("CAST({column} AS TEXT) IN (SELECT value FROM json_each(?1))")
            }
            Engine::Mysql(_) => format!("JSON_CONTAINS($1, JSON_QUOTE(CAST({column} AS TEXT)))"),
        }
    }

    /// `endpoint_id` is an endpoint of a chosen provider.
    fn of_chosen_endpoint(self) -> String {
        format!(
            "CAST(endpoint_id AS TEXT) IN (SELECT CAST(id AS TEXT) FROM {}provider_endpoints \
             WHERE {})",
            self.schema(),
            self.chosen("provider_id")
        )
    }

    fn after_cutoff(self) -> String {
        match self {
            Engine::Postgres => {
                format!("({CUTOFF_PARAM} IS NULL OR created_at >= {CUTOFF_PARAM})")
            }
            Engine::File(layout) => format!(
                "(?2 IS NULL OR {} >= ?2)",
                layout.ts("created_at", Unit::Millis)
            ),
            Engine::Mysql(layout) => format!(
                "($2 IS NULL OR {} >= $2)",
                layout.ts("created_at", Unit::Millis)
            ),
        }
    }

    fn condition(self, scope: Scope) -> String {
        let all = self.all_providers();
        match scope {
            Scope::Provider => format!("({all} OR {})", self.chosen("id")),
            Scope::OfProvider => format!("({all} OR {})", self.chosen("provider_id")),
            Scope::OfEndpoint => format!("({all} OR {})", self.of_chosen_endpoint()),
            Scope::Candidate => format!(
                "{} AND ({all} OR {} OR {})",
                self.after_cutoff(),
                self.chosen("provider_id"),
                self.of_chosen_endpoint()
            ),
        }
    }
}

/// One table to copy.
pub(super) struct TableSpec {
    pub table: &'static str,
    /// The snapshot's columns, in the order rows are written.
    pub columns: Vec<(&'static str, Read)>,
    scope: Scope,
}

/// The tables of `generation` in copy order, parents first, with the `optional` columns the
/// source has after the ones every database of the generation has.
pub(super) fn tables(generation: Generation, optional: &[OptionalColumn]) -> Vec<TableSpec> {
    columns(generation)
        .iter()
        .map(|(table, read)| {
            let presence = PRESENCE_ONLY
                .iter()
                .filter(|(g, t, _)| *g == generation && t == table)
                .map(|(_, _, column)| *column);
            let present = optional
                .iter()
                .filter(|(t, _, _)| t == table)
                .map(|(_, column, _)| *column);
            let scope = match *table {
                "providers" => Scope::Provider,
                "provider_api_keys" if !generation.keys_serve_formats() => Scope::OfEndpoint,
                "request_candidates" => Scope::Candidate,
                _ => Scope::OfProvider,
            };
            TableSpec {
                table,
                columns: read
                    .iter()
                    .copied()
                    .chain(presence)
                    .chain(present)
                    .map(|c| (c, Read::of(c)))
                    .collect(),
                scope,
            }
        })
        .collect()
}

impl TableSpec {
    /// The unit of the table's integer times in a gateway's SQLite file.
    pub fn unit(&self) -> Unit {
        match self.table {
            "request_candidates" => Unit::Millis,
            _ => Unit::Seconds,
        }
    }

    fn select_list(&self, engine: Engine) -> String {
        let list: Vec<String> = self
            .columns
            .iter()
            .map(|(column, read)| match engine {
                Engine::Postgres => read.postgres(column),
                Engine::File(layout) | Engine::Mysql(layout) => {
                    read.file(column, layout, self.unit())
                }
            })
            .collect();
        list.join(", ")
    }

    /// The rows in byte order of `id` (SQLite's own text order), so the snapshot's primary key
    /// index grows at its end instead of taking random inserts. PostgreSQL sends them in its
    /// binary `COPY` format; `COLLATE "C"` keeps the server's sort cheap.
    pub fn select_sql(&self, engine: Engine) -> String {
        let select = format!(
            "SELECT {} FROM {}{} WHERE {}",
            self.select_list(engine),
            engine.schema(),
            self.table,
            engine.condition(self.scope)
        );
        match engine {
            Engine::Postgres => {
                format!("COPY ({select} ORDER BY id COLLATE \"C\") TO STDOUT (FORMAT binary)")
            }
            // MySQL: the primary key's own order (its collation's), which costs no sort.
            Engine::File(_) | Engine::Mysql(_) => format!("{select} ORDER BY id"),
        }
    }

    pub fn count_sql(&self, engine: Engine) -> String {
        format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM {}{} WHERE {}",
            engine.schema(),
            self.table,
            engine.condition(self.scope)
        )
    }

    /// The one-row SQLite INSERT the writer repeats.
    pub fn insert_sql(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|(column, _)| *column).collect();
        let params: Vec<String> = (1..=names.len()).map(|n| format!("?{n}")).collect();
        format!(
            "INSERT INTO main.{} ({}) VALUES ({})",
            self.table,
            names.join(", "),
            params.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{TimeEncoding, OPTIONAL};

    fn every_engine() -> [Engine; 2] {
        [
            Engine::Postgres,
            Engine::File(Layout::new(Generation::Rust, TimeEncoding::UnixEpoch)),
        ]
    }

    #[test]
    fn the_copy_selects_exactly_the_columns_of_each_generation() {
        for generation in Generation::ALL {
            let copied: Vec<(&str, Vec<&str>)> = tables(generation, &[])
                .iter()
                .map(|s| (s.table, s.columns.iter().map(|(c, _)| *c).collect()))
                .collect();
            let mut required: Vec<(&str, Vec<&str>)> = columns(generation)
                .iter()
                .map(|(t, cols)| (*t, cols.to_vec()))
                .collect();
            if generation == Generation::Rust {
                required[2].1.push("auth_config");
            }
            assert_eq!(copied, required, "{generation}");
        }
        // The optional columns a source has come after the others, each in its own table.
        let keys = |optional| {
            tables(Generation::V03, optional)
                .into_iter()
                .find(|s| s.table == "provider_api_keys")
                .map(|s| s.columns.iter().map(|(c, _)| *c).collect::<Vec<_>>())
                .unwrap()
        };
        let some = [
            ("provider_api_keys", "expires_at", "TEXT"),
            ("request_candidates", "skip_reason", "TEXT"),
        ];
        let with = keys(&some);
        assert_eq!(with.last(), Some(&"expires_at"));
        assert_eq!(with.len(), keys(&[]).len() + 1);
    }

    #[test]
    fn every_column_travels_in_its_own_form() {
        let reads = |g| -> Vec<(&str, Read)> {
            tables(g, OPTIONAL)
                .into_iter()
                .flat_map(|s| s.columns)
                .collect()
        };
        let rust = reads(Generation::Rust);
        let of = |name: &str| rust.iter().find(|(c, _)| *c == name).map(|(_, r)| *r);
        assert_eq!(of("health_by_format"), Some(Read::Text));
        assert_eq!(of("request_timeout"), Some(Read::Float));
        assert_eq!(of("priority"), Some(Read::BigInt));
        assert_eq!(of("enabled"), Some(Read::Bool));
        assert_eq!(of("auth_config"), Some(Read::AuthConfigSet));
        assert_eq!(of("expires_at"), Some(Read::Time));
        assert_eq!(of("learned_rpm_limit"), Some(Read::Int));
        // No counter, flag or time is left to travel as text by accident.
        for g in Generation::ALL {
            for (column, read) in reads(g) {
                let textual = column == "id"
                    || column.ends_with("_id")
                    || column.ends_with("name")
                    || column.starts_with("api_")
                    || [
                        "description",
                        "website",
                        "billing_type",
                        "provider_type",
                        "endpoint_kind",
                        "base_url",
                        "health_by_format",
                        "auth_type",
                        "status",
                        "error_type",
                        "error_message",
                        "last_error_msg",
                        "circuit_breaker_by_format",
                        "skip_reason",
                    ]
                    .contains(&column);
                assert_eq!(read == Read::Text, textual, "{g}: {column} as {read:?}");
            }
        }
    }

    #[test]
    fn no_statement_names_a_secret_column_except_the_auth_config_test() {
        for generation in Generation::ALL {
            for engine in every_engine() {
                let sql = tables(generation, OPTIONAL)
                    .iter()
                    .map(|s| format!("{} {}", s.select_sql(engine), s.count_sql(engine)))
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace(AUTH_CONFIG_SET, "<the presence test>");
                for secret in [
                    "api_key ",
                    "api_key,",
                    "encrypted_key",
                    "auth_config",
                    "proxy",
                    "fingerprint",
                    "header_rules",
                    "body_rules",
                    "headers",
                    "config",
                    "extra_data",
                ] {
                    assert!(!sql.contains(secret), "{generation}: {secret} in {sql}");
                }
            }
        }
    }

    #[test]
    fn keys_follow_their_provider_from_v03_on() {
        let keys = |g| {
            tables(g, &[])
                .into_iter()
                .find(|s| s.table == "provider_api_keys")
                .unwrap()
                .count_sql(Engine::Postgres)
        };
        assert!(keys(Generation::Legacy).contains("CAST(endpoint_id AS TEXT) IN"));
        for g in [Generation::V03, Generation::Rust] {
            let sql = keys(g);
            assert!(sql.contains("CAST(provider_id AS TEXT) = ANY("), "{sql}");
            assert!(!sql.contains("endpoint_id"), "{sql}");
        }
    }
}
