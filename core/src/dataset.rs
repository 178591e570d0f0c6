//! Plain rows of Aether's tables and a batched writer for either engine.
//!
//! The demo generator, the snapshot copier and the tests' fixtures all build rows of these types
//! and write them with [`insert`], so every path into a database goes through one piece of SQL.

use crate::db::{Database, Dialect, Pool, Ts, REQUIRED_COLUMNS};
use crate::error::Result;
use crate::model::{BillingType, Timestamp};

#[derive(Debug, Clone, PartialEq)]
pub struct ProviderRow {
    pub id: String,
    pub name: String,
    pub display_name: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub billing_type: BillingType,
    pub monthly_quota_usd: Option<f64>,
    pub monthly_used_usd: Option<f64>,
    pub quota_reset_day: Option<i32>,
    pub quota_last_reset_at: Option<Timestamp>,
    pub quota_expires_at: Option<Timestamp>,
    pub rpm_limit: Option<i32>,
    pub rpm_used: Option<i32>,
    pub rpm_reset_at: Option<Timestamp>,
    pub provider_priority: i32,
    pub is_active: bool,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRow {
    pub id: String,
    pub provider_id: String,
    pub api_format: String,
    pub base_url: String,
    pub is_active: bool,
    pub created_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyRow {
    pub id: String,
    pub endpoint_id: String,
    pub name: Option<String>,
    pub health_score: Option<f64>,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ModelRow {
    pub id: String,
    pub provider_id: String,
    pub provider_model_name: String,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub id: String,
    pub request_id: String,
    pub candidate_index: i32,
    pub retry_index: i32,
    pub provider_id: Option<String>,
    pub endpoint_id: Option<String>,
    pub key_id: Option<String>,
    pub status: String,
    pub status_code: Option<i32>,
    pub error_type: Option<String>,
    pub error_message: Option<String>,
    pub latency_ms: Option<i32>,
    pub created_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
}

/// A whole database's worth of rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    pub providers: Vec<ProviderRow>,
    pub endpoints: Vec<EndpointRow>,
    pub keys: Vec<KeyRow>,
    pub models: Vec<ModelRow>,
    pub candidates: Vec<CandidateRow>,
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

    /// The columns in bind order: SPEC §1's, as the schema check lists them.
    fn columns(&self) -> &'static [&'static str] {
        let table = self.table();
        REQUIRED_COLUMNS
            .iter()
            .find(|(name, _)| *name == table)
            .map(|(_, columns)| *columns)
            .expect("every table Rows writes is one of SPEC §1")
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

    fn slice(&self, range: std::ops::Range<usize>) -> Self {
        match self {
            Rows::Providers(r) => Rows::Providers(&r[range]),
            Rows::Endpoints(r) => Rows::Endpoints(&r[range]),
            Rows::Keys(r) => Rows::Keys(&r[range]),
            Rows::Models(r) => Rows::Models(&r[range]),
            Rows::Candidates(r) => Rows::Candidates(&r[range]),
        }
    }
}

/// `INSERT INTO table (cols) VALUES ($1, …), (…)` for `rows` rows.
fn insert_sql(dialect: Dialect, table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for (i, column) in columns.iter().enumerate() {
            n += 1;
            if i > 0 {
                sql.push_str(", ");
            }
            if dialect == Dialect::Sqlite {
                // SQLite resolves a `$n` parameter's name by a linear scan per parameter, which
                // makes a 30,000-parameter INSERT quadratic; anonymous `?` bind by position.
                sql.push('?');
            } else if *column == "billing_type" {
                sql.push_str(&dialect.billing_type_param(n));
            } else {
                sql.push_str(&format!("${n}"));
            }
        }
        sql.push(')');
    }
    sql
}

/// Binds every value of `rows`, in column order, onto a query of either engine.
macro_rules! bind_rows {
    ($query:expr, $rows:expr) => {{
        let mut q = $query;
        match $rows {
            Rows::Providers(rows) => {
                for r in rows.iter() {
                    q = q
                        .bind(&r.id)
                        .bind(&r.name)
                        .bind(&r.display_name)
                        .bind(&r.description)
                        .bind(&r.website)
                        .bind(r.billing_type.as_str())
                        .bind(r.monthly_quota_usd)
                        .bind(r.monthly_used_usd)
                        .bind(r.quota_reset_day)
                        .bind(r.quota_last_reset_at.map(Ts))
                        .bind(r.quota_expires_at.map(Ts))
                        .bind(r.rpm_limit)
                        .bind(r.rpm_used)
                        .bind(r.rpm_reset_at.map(Ts))
                        .bind(r.provider_priority)
                        .bind(r.is_active)
                        .bind(r.created_at.map(Ts))
                        .bind(r.updated_at.map(Ts));
                }
            }
            Rows::Endpoints(rows) => {
                for r in rows.iter() {
                    q = q
                        .bind(&r.id)
                        .bind(&r.provider_id)
                        .bind(&r.api_format)
                        .bind(&r.base_url)
                        .bind(r.is_active)
                        .bind(r.created_at.map(Ts));
                }
            }
            Rows::Keys(rows) => {
                for r in rows.iter() {
                    q = q
                        .bind(&r.id)
                        .bind(&r.endpoint_id)
                        .bind(&r.name)
                        .bind(r.health_score)
                        .bind(r.is_active);
                }
            }
            Rows::Models(rows) => {
                for r in rows.iter() {
                    q = q
                        .bind(&r.id)
                        .bind(&r.provider_id)
                        .bind(&r.provider_model_name)
                        .bind(r.is_active);
                }
            }
            Rows::Candidates(rows) => {
                for r in rows.iter() {
                    q = q
                        .bind(&r.id)
                        .bind(&r.request_id)
                        .bind(r.candidate_index)
                        .bind(r.retry_index)
                        .bind(&r.provider_id)
                        .bind(&r.endpoint_id)
                        .bind(&r.key_id)
                        .bind(&r.status)
                        .bind(r.status_code)
                        .bind(&r.error_type)
                        .bind(&r.error_message)
                        .bind(r.latency_ms)
                        .bind(r.created_at.map(Ts))
                        .bind(r.started_at.map(Ts))
                        .bind(r.finished_at.map(Ts));
                }
            }
        }
        q
    }};
}

/// Most bound values per statement (SQLite allows 32766, PostgreSQL 65535).
const MAX_PARAMS: usize = 30_000;

/// Writes rows in multi-row INSERTs inside one transaction per call.
pub async fn insert(pool: &Pool, rows: Rows<'_>) -> Result<()> {
    let columns = rows.columns();
    let per_statement = (MAX_PARAMS / columns.len()).max(1);
    match pool {
        Pool::Sqlite(pool) => {
            let mut tx = pool.begin().await?;
            for start in (0..rows.len()).step_by(per_statement) {
                let chunk = rows.slice(start..(start + per_statement).min(rows.len()));
                let sql = insert_sql(Dialect::Sqlite, rows.table(), columns, chunk.len());
                bind_rows!(sqlx::query(&sql), chunk)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        Pool::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            for start in (0..rows.len()).step_by(per_statement) {
                let chunk = rows.slice(start..(start + per_statement).min(rows.len()));
                let sql = insert_sql(Dialect::Postgres, rows.table(), columns, chunk.len());
                bind_rows!(sqlx::query(&sql), chunk)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
    }
    Ok(())
}

impl Dataset {
    /// Writes every table, parents first.
    pub async fn insert_into(&self, pool: &Pool) -> Result<()> {
        insert(pool, Rows::Providers(&self.providers)).await?;
        insert(pool, Rows::Endpoints(&self.endpoints)).await?;
        insert(pool, Rows::Keys(&self.keys)).await?;
        insert(pool, Rows::Models(&self.models)).await?;
        insert(pool, Rows::Candidates(&self.candidates)).await?;
        Ok(())
    }

    /// Writes into an open database (tests use it on a fresh snapshot or PostgreSQL schema).
    pub async fn insert_into_db(&self, db: &Database) -> Result<()> {
        self.insert_into(db.pool()).await
    }
}
