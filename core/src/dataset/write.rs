//! The batched writer: each row's values encoded as the target stores them, one multi-row
//! `INSERT` per batch.

use chrono::{TimeZone, Utc};

use super::{CandidateRow, Dataset, EndpointRow, KeyRow, ModelRow, ProviderRow};
use crate::db::{Database, Dialect, Pool};
use crate::error::Result;
use crate::layout::{
    columns, optional_columns, Generation, Layout, TimeEncoding, TsParam, Unit, PRESENCE_ONLY,
};
use crate::model::Timestamp;

/// Where rows go: the database's layout, and whether it is Aether's own schema (which has NOT
/// NULL columns Aether Review never reads; the writer fills them) or a snapshot of ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub layout: Layout,
    pub aether_schema: bool,
}

impl Target {
    /// A snapshot file of this project (RFC 3339 text) for `generation`.
    pub fn snapshot(generation: Generation) -> Self {
        Self {
            layout: Layout::new(generation, TimeEncoding::Rfc3339Text),
            aether_schema: false,
        }
    }

    /// Aether's own schema of `generation` on `dialect` (the Rust gateway's SQLite file stores
    /// unix times).
    pub fn aether(generation: Generation, dialect: Dialect) -> Self {
        let encoding = match dialect {
            Dialect::Postgres => TimeEncoding::Timestamptz,
            Dialect::Sqlite | Dialect::Mysql => TimeEncoding::UnixEpoch,
        };
        Self {
            layout: Layout::new(generation, encoding),
            aether_schema: true,
        }
    }

    /// The legacy layout of `pool`'s engine: our snapshot schema, or Aether ≤ v0.2 on PostgreSQL.
    pub fn legacy(pool: &Pool) -> Self {
        match pool {
            Pool::Sqlite(_) => Self::snapshot(Generation::Legacy),
            Pool::Postgres(_) => Self::aether(Generation::Legacy, Dialect::Postgres),
            // Aether ≤ v0.2 never ran on MySQL: the nearest is the Rust gateway's layout.
            Pool::Mysql(_) => Self::aether(Generation::Rust, Dialect::Mysql),
        }
    }

    /// The target an open database is.
    pub fn of(db: &Database) -> Self {
        Self {
            layout: db.layout(),
            aether_schema: db.info().snapshot.is_none(),
        }
    }
}

/// A value the writer binds, typed so that NULL is typed too.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(Option<String>),
    /// JSON text into a `json`/`jsonb` column (PostgreSQL) or TEXT (SQLite).
    Json(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
    Bool(Option<bool>),
    Billing(&'static str),
    Time(Option<Timestamp>, Unit),
}

/// What fills a NOT NULL column of Aether's schema that Aether Review never reads.
fn filler_time() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

/// The NOT NULL columns without a default that Aether's own schema of `generation` has beyond
/// the columns read, per table.
fn fillers(generation: Generation, table: &str) -> &'static [&'static str] {
    match (generation, table) {
        (Generation::V03, "provider_api_keys") => &["api_key", "total_tokens", "total_cost_usd"],
        (Generation::V03, "models") => &["global_model_id"],
        (Generation::Rust, "provider_endpoints") => &["name", "updated_at"],
        (Generation::Rust, "provider_api_keys") => {
            &["total_tokens", "total_cost_usd", "created_at", "updated_at"]
        }
        (Generation::Rust, "models") => &["created_at", "updated_at"],
        _ => &[],
    }
}

/// The value of one column of a provider.
fn provider_value(r: &ProviderRow, column: &str) -> Value {
    let g = &r.gateway;
    match column {
        "id" => Value::Text(Some(r.id.clone())),
        "name" => Value::Text(Some(r.name.clone())),
        "display_name" => Value::Text(Some(r.display_name.clone())),
        "description" => Value::Text(r.description.clone()),
        "website" => Value::Text(r.website.clone()),
        "billing_type" => Value::Billing(r.billing_type.as_str()),
        "monthly_quota_usd" => Value::Real(r.monthly_quota_usd),
        "monthly_used_usd" => Value::Real(r.monthly_used_usd),
        "quota_reset_day" => Value::Int(r.quota_reset_day.map(i64::from)),
        "quota_last_reset_at" => Value::Time(r.quota_last_reset_at, Unit::Seconds),
        "quota_expires_at" => Value::Time(r.quota_expires_at, Unit::Seconds),
        "rpm_limit" => Value::Int(r.rpm_limit.map(i64::from)),
        "rpm_used" => Value::Int(r.rpm_used.map(i64::from)),
        "rpm_reset_at" => Value::Time(r.rpm_reset_at, Unit::Seconds),
        "provider_priority" => Value::Int(Some(r.provider_priority.into())),
        "is_active" | "enabled" => Value::Bool(Some(r.is_active)),
        "priority" => Value::Int(Some(0)),
        "provider_type" => Value::Text(Some(g.provider_type.clone())),
        "max_retries" => Value::Int(g.max_retries.map(i64::from)),
        "request_timeout" => Value::Real(g.request_timeout),
        "stream_first_byte_timeout" => Value::Real(g.stream_first_byte_timeout),
        "concurrent_limit" => Value::Int(g.concurrent_limit.map(i64::from)),
        "keep_priority_on_conversion" => Value::Bool(Some(g.keep_priority_on_conversion)),
        "enable_format_conversion" => Value::Bool(Some(g.enable_format_conversion)),
        "created_at" => Value::Time(r.created_at, Unit::Seconds),
        "updated_at" => Value::Time(r.updated_at, Unit::Seconds),
        other => unreachable!("providers.{other} is not a column the writer knows"),
    }
}

fn endpoint_value(r: &EndpointRow, column: &str) -> Value {
    let family = r.api_format.split(':').next().unwrap_or("").to_owned();
    let kind = r.api_format.split_once(':').map(|(_, k)| k.to_owned());
    match column {
        "id" => Value::Text(Some(r.id.clone())),
        "provider_id" => Value::Text(Some(r.provider_id.clone())),
        "api_format" => Value::Text(Some(r.api_format.clone())),
        "api_family" => Value::Text(Some(family)),
        "endpoint_kind" => Value::Text(kind),
        "base_url" => Value::Text(Some(r.base_url.clone())),
        "is_active" => Value::Bool(Some(r.is_active)),
        "created_at" => Value::Time(r.created_at, Unit::Seconds),
        "updated_at" => Value::Time(r.created_at.or(Some(filler_time())), Unit::Seconds),
        "health_score" => Value::Real(Some(1.0)),
        "name" => Value::Text(Some(r.api_format.clone())),
        other => unreachable!("provider_endpoints.{other} is not a column the writer knows"),
    }
}

fn key_value(r: &KeyRow, column: &str) -> Value {
    let st = &r.state;
    let int = |v: Option<i32>| Value::Int(v.map(i64::from));
    match column {
        "rpm_limit" => int(st.rpm_limit),
        "concurrent_limit" => int(st.concurrent_limit),
        "max_concurrent" => int(st.max_concurrent),
        "learned_rpm_limit" => int(st.learned_rpm_limit),
        "consecutive_failures" => int(st.consecutive_failures),
        "last_error_at" => Value::Time(st.last_error_at, Unit::Seconds),
        "last_failure_at" => Value::Time(st.last_failure_at, Unit::Seconds),
        "last_error_msg" => Value::Text(st.last_error_msg.clone()),
        "expires_at" => Value::Time(st.expires_at, Unit::Seconds),
        "oauth_invalid_at" => Value::Time(st.oauth_invalid_at, Unit::Seconds),
        "circuit_breaker_by_format" => Value::Json(st.circuit_breaker_by_format.clone()),
        "id" => Value::Text(Some(r.id.clone())),
        "endpoint_id" => Value::Text(Some(r.endpoint_id.clone())),
        "provider_id" => Value::Text(Some(r.provider_id.clone())),
        "name" => Value::Text(Some(r.name.clone().unwrap_or_else(|| r.id.clone()))),
        "health_score" => Value::Real(r.health_score),
        "is_active" => Value::Bool(Some(r.is_active)),
        "api_formats" => Value::Json(r.api_formats.clone()),
        "health_by_format" => Value::Json(r.health_by_format.clone()),
        "auth_type" => Value::Text(Some(r.auth_type.clone())),
        "auth_config" => Value::Text(r.auth_config.clone()),
        "api_key" => Value::Text(Some(format!("planted-secret-api-key-{}", r.id))),
        "total_tokens" => Value::Int(Some(0)),
        "total_cost_usd" => Value::Real(Some(0.0)),
        "created_at" | "updated_at" => Value::Time(Some(filler_time()), Unit::Seconds),
        other => unreachable!("provider_api_keys.{other} is not a column the writer knows"),
    }
}

fn model_value(r: &ModelRow, column: &str) -> Value {
    match column {
        "id" => Value::Text(Some(r.id.clone())),
        "provider_id" => Value::Text(Some(r.provider_id.clone())),
        "provider_model_name" => Value::Text(Some(r.provider_model_name.clone())),
        "is_active" => Value::Bool(Some(r.is_active)),
        "global_model_id" => Value::Text(Some(format!("gm-{}", r.provider_model_name))),
        "created_at" | "updated_at" => Value::Time(Some(filler_time()), Unit::Seconds),
        other => unreachable!("models.{other} is not a column the writer knows"),
    }
}

fn candidate_value(r: &CandidateRow, column: &str) -> Value {
    match column {
        "id" => Value::Text(Some(r.id.clone())),
        "request_id" => Value::Text(Some(r.request_id.clone())),
        "candidate_index" => Value::Int(Some(r.candidate_index.into())),
        "retry_index" => Value::Int(Some(r.retry_index.into())),
        "provider_id" => Value::Text(r.provider_id.clone()),
        "endpoint_id" => Value::Text(r.endpoint_id.clone()),
        "key_id" => Value::Text(r.key_id.clone()),
        "status" => Value::Text(Some(r.status.clone())),
        "status_code" => Value::Int(r.status_code.map(i64::from)),
        "error_type" => Value::Text(r.error_type.clone()),
        "error_message" => Value::Text(r.error_message.clone()),
        "latency_ms" => Value::Int(r.latency_ms.map(i64::from)),
        "created_at" => Value::Time(r.created_at, Unit::Millis),
        "started_at" => Value::Time(r.started_at, Unit::Millis),
        "finished_at" => Value::Time(r.finished_at, Unit::Millis),
        "skip_reason" => Value::Text(r.skip_reason.clone()),
        other => unreachable!("request_candidates.{other} is not a column the writer knows"),
    }
}

/// Rows of one table that [`insert`] can write.
pub enum Rows<'a> {
    Providers(&'a [ProviderRow]),
    Endpoints(&'a [EndpointRow]),
    Keys(&'a [KeyRow]),
    Models(&'a [ModelRow]),
    Candidates(&'a [CandidateRow]),
}

impl Rows<'_> {
    fn table(&self) -> &'static str {
        match self {
            Rows::Providers(_) => "providers",
            Rows::Endpoints(_) => "provider_endpoints",
            Rows::Keys(_) => "provider_api_keys",
            Rows::Models(_) => "models",
            Rows::Candidates(_) => "request_candidates",
        }
    }

    fn len(&self) -> usize {
        match self {
            Rows::Providers(r) => r.len(),
            Rows::Endpoints(r) => r.len(),
            Rows::Keys(r) => r.len(),
            Rows::Models(r) => r.len(),
            Rows::Candidates(r) => r.len(),
        }
    }

    /// The value of `column` in row `i`.
    fn value(&self, i: usize, column: &str) -> Value {
        match self {
            Rows::Providers(r) => provider_value(&r[i], column),
            Rows::Endpoints(r) => endpoint_value(&r[i], column),
            Rows::Keys(r) => key_value(&r[i], column),
            Rows::Models(r) => model_value(&r[i], column),
            Rows::Candidates(r) => candidate_value(&r[i], column),
        }
    }
}

impl Value {
    fn is_null(&self) -> bool {
        match self {
            Value::Text(v) | Value::Json(v) => v.is_none(),
            Value::Int(v) => v.is_none(),
            Value::Real(v) => v.is_none(),
            Value::Bool(v) => v.is_none(),
            Value::Billing(_) => false,
            Value::Time(v, _) => v.is_none(),
        }
    }
}

/// The columns `target` gets for `rows`: the ones read, Aether's required ones, and the optional
/// ones some row sets.
fn write_columns(target: Target, rows: &Rows<'_>) -> Vec<&'static str> {
    let table = rows.table();
    let mut all = required_columns(target, table);
    all.extend(
        optional_columns(table).filter(|c| (0..rows.len()).any(|i| !rows.value(i, c).is_null())),
    );
    all
}

/// The columns every row of `table` gets: the ones read, plus Aether's required ones.
fn required_columns(target: Target, table: &str) -> Vec<&'static str> {
    let generation = target.layout.generation;
    let (_, read) = columns(generation)
        .iter()
        .find(|(name, _)| *name == table)
        .copied()
        .unwrap_or(("", &[]));
    let mut all = read.to_vec();
    if target.aether_schema {
        all.extend(fillers(generation, table));
    }
    // A column only read for its presence (keys' `auth_config`) exists in Aether's schema and in
    // our snapshot of it (where the snapshot copy writes a marker); fixtures set it to test the
    // rule that reads it. Rows built here hold no one's secret.
    all.extend(
        PRESENCE_ONLY
            .iter()
            .filter(|(g, t, _)| *g == generation && *t == table)
            .map(|(_, _, column)| *column),
    );
    all
}

/// `INSERT INTO table (cols) VALUES (…), (…)` with one placeholder per value; PostgreSQL gets
/// the casts its column types need.
fn insert_sql(dialect: Dialect, table: &str, values: &[Vec<Value>], columns: &[&str]) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for (row, row_values) in values.iter().enumerate() {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for (i, value) in row_values.iter().enumerate() {
            n += 1;
            if i > 0 {
                sql.push_str(", ");
            }
            match (dialect, value) {
                // SQLite resolves a `$n` parameter's name by a linear scan per parameter, which
                // makes a 30,000-parameter INSERT quadratic; anonymous `?` bind by position.
                (Dialect::Sqlite | Dialect::Mysql, _) => sql.push('?'),
                (Dialect::Postgres, Value::Billing(_)) => {
                    sql.push_str(&dialect.billing_type_param(n))
                }
                // Text to `json` assigns; `jsonb` columns take `json` by assignment too.
                (Dialect::Postgres, Value::Json(_)) => sql.push_str(&format!("CAST(${n} AS JSON)")),
                (Dialect::Postgres, Value::Real(_)) if columns[i] == "total_cost_usd" => {
                    sql.push_str(&format!("CAST(${n} AS NUMERIC)"))
                }
                (Dialect::Postgres, _) => sql.push_str(&format!("${n}")),
            }
        }
        sql.push(')');
    }
    sql
}

/// Binds every value, in order, onto a query of either engine.
macro_rules! bind_values {
    ($query:expr, $values:expr, $layout:expr) => {{
        let mut q = $query;
        for row in $values {
            for value in row {
                q = match value {
                    Value::Text(v) | Value::Json(v) => q.bind(v.clone()),
                    Value::Int(v) => q.bind(*v),
                    Value::Real(v) => q.bind(*v),
                    Value::Bool(v) => q.bind(*v),
                    Value::Billing(v) => q.bind(*v),
                    Value::Time(v, unit) => {
                        q.bind(v.map(|t| -> TsParam { $layout.bind_ts(t, *unit) }))
                    }
                };
            }
        }
        q
    }};
}

/// Most bound values per statement (SQLite allows 32766, PostgreSQL 65535).
const MAX_PARAMS: usize = 30_000;

/// Writes rows in multi-row INSERTs inside one transaction per call.
pub async fn insert(pool: &Pool, target: Target, rows: Rows<'_>) -> Result<()> {
    let table = rows.table();
    let columns = write_columns(target, &rows);
    let per_statement = (MAX_PARAMS / columns.len().max(1)).max(1);
    let layout = target.layout;
    let dialect = pool.dialect();
    let chunks: Vec<Vec<Vec<Value>>> = (0..rows.len())
        .step_by(per_statement)
        .map(|start| {
            (start..(start + per_statement).min(rows.len()))
                .map(|i| columns.iter().map(|c| rows.value(i, c)).collect())
                .collect()
        })
        .collect();
    // One transaction per table; the arms differ only in the pool's type.
    macro_rules! insert_chunks {
        ($pool:expr) => {{
            let mut tx = $pool.begin().await?;
            for chunk in &chunks {
                let sql = insert_sql(dialect, table, chunk, &columns);
                bind_values!(sqlx::query(&sql), chunk, layout)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }};
    }
    match pool {
        Pool::Sqlite(pool) => insert_chunks!(pool),
        Pool::Postgres(pool) => insert_chunks!(pool),
        Pool::Mysql(pool) => insert_chunks!(pool),
    }
    Ok(())
}

impl Dataset {
    /// Writes every table, parents first, into the legacy layout of `pool`'s engine.
    pub async fn insert_into(&self, pool: &Pool) -> Result<()> {
        self.insert_as(pool, Target::legacy(pool)).await
    }

    /// Writes every table, parents first, as `target` stores them.
    pub async fn insert_as(&self, pool: &Pool, target: Target) -> Result<()> {
        insert(pool, target, Rows::Providers(&self.providers)).await?;
        insert(pool, target, Rows::Endpoints(&self.endpoints)).await?;
        insert(pool, target, Rows::Keys(&self.keys)).await?;
        insert(pool, target, Rows::Models(&self.models)).await?;
        insert(pool, target, Rows::Candidates(&self.candidates)).await?;
        Ok(())
    }

    /// Writes into an open database, as its layout stores rows.
    pub async fn insert_into_db(&self, db: &Database) -> Result<()> {
        self.insert_as(db.pool(), Target::of(db)).await
    }
}
