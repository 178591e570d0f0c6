//! The health monitor's window statements: the per-endpoint sample (the only rows read one by
//! one: at most `per_endpoint_limit` per endpoint and sampled status) and the window's aggregates
//! (`GROUP BY` endpoint, timeline bucket, status and latency bin; and endpoint, bucket, status
//! code and error type), streamed into [`Tallies`]. Memory follows endpoints × buckets × bins,
//! never the number of events.
//!
//! Timeline buckets and latency bins are found by comparing with boundaries ([`search`]): times
//! in the column's own encoding (so RFC 3339 text, unix milliseconds and `timestamptz` all cut
//! the same way) and integer latency boundaries, the same text on every engine.

use futures_util::TryStreamExt;

use super::args::Window;
use super::cancel::Conn;
use super::histogram::{search, sql_bin};
use super::rollup::RawRange;
use super::tally::Tallies;
use super::timeline::Slicing;
use crate::db::{Database, Dialect};
use crate::error::{Error, Result};
use crate::layout::{DbTs, Layout, TsParam, Unit};
use crate::model::{HealthEvent, Timestamp};
use crate::outcome::OUTCOME_SQL;
use crate::read_sql::{byte_order, count, int};
use crate::source;

/// A bound value of a window statement.
#[derive(Debug, Clone)]
enum Arg {
    Text(String),
    Ts(TsParam),
    Int(i64),
}

/// Runs `$sql` with `$args` on the request's connection, handing each row (`$row`) to `$body` as
/// it arrives.
macro_rules! for_each_row {
    ($db:expr, $conn:expr, $row:ty, $sql:expr, $args:expr, |$r:ident| $body:block) => {{
        let db: &Database = $db;
        let conn: &mut Conn = $conn;
        db.count_statement();
        let sql: &str = &$sql;
        let args: &[Arg] = $args;
        macro_rules! run {
            ($pool:expr) => {{
                let mut query = sqlx::query_as::<_, $row>(sql);
                for arg in args {
                    query = match arg {
                        Arg::Text(s) => query.bind(s.as_str()),
                        Arg::Ts(t) => query.bind(*t),
                        Arg::Int(i) => query.bind(*i),
                    };
                }
                let mut rows = query.fetch($pool);
                while let Some($r) = rows.try_next().await? {
                    $body
                }
            }};
        }
        match conn {
            Conn::Sqlite(c) => run!(&mut *c.conn),
            Conn::Postgres(c) => run!(&mut *c.conn),
            Conn::Mysql(c) => {
                let translated = crate::db::mysql::translate(sql);
                let args = mysql_arguments(&translated.order, args)?;
                let mut rows =
                    sqlx::query_as_with::<_, $row, _>(&translated.sql, args).fetch(&mut *c.conn);
                while let Some($r) = rows.try_next().await? {
                    $body
                }
            }
        }
    }};
}

/// `args` bound in MySQL's placeholder order (`$n` used twice is bound twice).
fn mysql_arguments(order: &[usize], args: &[Arg]) -> Result<sqlx::mysql::MySqlArguments> {
    use sqlx::Arguments;
    let mut out = sqlx::mysql::MySqlArguments::default();
    for &n in order {
        let arg = n
            .checked_sub(1)
            .and_then(|i| args.get(i))
            .ok_or_else(|| Error::Database {
                message: format!(
                    "the statement uses ${n} but only {} values are bound",
                    args.len()
                ),
            })?;
        let bound = match arg {
            Arg::Text(s) => out.add(s.as_str()),
            Arg::Ts(t) => out.add(*t),
            Arg::Int(i) => out.add(*i),
        };
        bound.map_err(|e| Error::Database {
            message: format!("cannot bind ${n}: {e}"),
        })?;
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct SampleRow {
    endpoint_id: String,
    id: String,
    created_at: DbTs,
    status: String,
    status_code: Option<i64>,
    latency_ms: Option<i64>,
    error_type: Option<String>,
    error_message: Option<String>,
    started_at: Option<DbTs>,
    finished_at: Option<DbTs>,
}

/// One sampled event and what orders it (`created_at`, `id`).
pub(crate) struct Sampled {
    pub endpoint_id: String,
    pub id: String,
    pub created_at: Timestamp,
    pub event: HealthEvent,
}

/// Each endpoint's newest `per_endpoint_limit` events of the window (created_at DESC, id DESC)
/// among the statuses the generation samples, in no particular order: one statement of one
/// `LIMIT`ed part per endpoint (and sampled status), each read backwards through an index.
pub(crate) async fn sample(
    db: &Database,
    conn: &mut Conn,
    endpoint_ids: &[String],
    window: &Window,
) -> Result<Vec<Sampled>> {
    if endpoint_ids.is_empty() {
        return Ok(Vec::new());
    }
    let layout = db.layout();
    let statuses = source::sampled_statuses(layout.generation);
    // Our snapshots index (endpoint_id, created_at, id): one part per endpoint reads its newest
    // sampled events backwards. The Rust gateway's own databases index (endpoint_id, status,
    // created_at): a part per status reads each backwards there.
    let filters: Vec<String> = match statuses {
        None => vec![String::new()],
        Some(statuses) if db.info().snapshot.is_some() => {
            let list: Vec<String> = statuses.iter().map(|s| format!("'{s}'")).collect();
            vec![format!(" AND status IN ({})", list.join(", "))]
        }
        Some(statuses) => statuses
            .iter()
            .map(|s| format!(" AND status = '{s}'"))
            .collect(),
    };
    let mut out = Vec::new();
    // SQLite allows 500 terms in a compound SELECT: a provider with more endpoints (times
    // filters) than that takes a statement per chunk of endpoints, each bound to its own.
    let per_statement = (SAMPLE_PARTS_PER_STATEMENT / filters.len()).max(1);
    for chunk in endpoint_ids.chunks(per_statement) {
        let mut args = vec![
            Arg::Ts(layout.bind_lower(window.since, Unit::Millis)),
            Arg::Ts(layout.bind_ts(window.as_of, Unit::Millis)),
            Arg::Int(i64::from(window.per_endpoint_limit)),
        ];
        let mut parts = Vec::new();
        for id in chunk {
            args.push(Arg::Text(id.clone()));
            let endpoint = args.len();
            for (n, filter) in filters.iter().enumerate() {
                parts.push(sample_part(db.dialect(), layout, endpoint, n, filter));
            }
        }
        read_sample(db, conn, &parts.join(" UNION ALL "), &args, &mut out).await?;
    }
    Ok(out)
}

const SAMPLE_PARTS_PER_STATEMENT: usize = 400;

async fn read_sample(
    db: &Database,
    conn: &mut Conn,
    sql: &str,
    args: &[Arg],
    out: &mut Vec<Sampled>,
) -> Result<()> {
    for_each_row!(db, conn, SampleRow, sql, args, |r| {
        let created_at: Timestamp = r.created_at.into();
        let finished_at = r.finished_at.map(Timestamp::from);
        out.push(Sampled {
            endpoint_id: r.endpoint_id,
            id: r.id,
            created_at,
            event: HealthEvent {
                timestamp: finished_at
                    .or(r.started_at.map(Timestamp::from))
                    .unwrap_or(created_at),
                created_at,
                finished_at,
                status: r.status,
                status_code: int(r.status_code, "status_code")?,
                latency_ms: int(r.latency_ms, "latency_ms")?,
                error_type: r.error_type,
                error_message: r.error_message,
            },
        });
    });
    Ok(())
}

/// The newest events of endpoint `$endpoint` that pass `filter` (the `n`th of the endpoint's
/// parts), window `$1..$2`, limit `$3`.
fn sample_part(
    dialect: Dialect,
    layout: Layout,
    endpoint: usize,
    n: usize,
    filter: &str,
) -> String {
    let ts = |c: &str| layout.ts(&format!("request_candidates.{c}"), Unit::Millis);
    let id_order = match dialect {
        Dialect::Sqlite => "request_candidates.id".to_owned(),
        Dialect::Postgres | Dialect::Mysql => {
            format!("CAST(request_candidates.id AS TEXT){}", byte_order(dialect))
        }
    };
    format!(
        "SELECT * FROM (SELECT CAST(endpoint_id AS TEXT) AS endpoint_id, \
         CAST(request_candidates.id AS TEXT) AS id, {created} AS created_at, status, \
         CAST(status_code AS BIGINT) AS status_code, CAST(latency_ms AS BIGINT) AS latency_ms, \
         error_type, error_message, {started} AS started_at, {finished} AS finished_at \
         FROM request_candidates \
         WHERE endpoint_id = ${endpoint} AND request_candidates.created_at >= $1 \
         AND request_candidates.created_at <= $2{filter} \
         ORDER BY request_candidates.created_at DESC, {id_order} DESC LIMIT $3) s{endpoint}_{n}",
        created = ts("created_at"),
        started = ts("started_at"),
        finished = ts("finished_at"),
    )
}

#[derive(sqlx::FromRow)]
struct LatencyRow {
    endpoint_id: String,
    bucket: i64,
    status: String,
    outcome: String,
    bin: Option<i64>,
    n: i64,
    max_latency: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct CodeRow {
    endpoint_id: String,
    bucket: i64,
    status_code: Option<i64>,
    error_type: Option<String>,
    n: i64,
}

/// Whose endpoints an aggregate reads: one provider's or every provider's (the fleet view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target<'a> {
    Provider(&'a str),
    Fleet,
}

impl<'a> Target<'a> {
    /// The condition on `provider_endpoints` rows, with `$1` the provider's id.
    pub fn endpoints_where(self) -> &'static str {
        match self {
            Target::Provider(_) => "provider_id = $1",
            Target::Fleet => "id IS NOT NULL",
        }
    }

    /// The provider's id, bound as `$1`.
    pub fn provider_id(self) -> Option<&'a str> {
        match self {
            Target::Provider(id) => Some(id),
            Target::Fleet => None,
        }
    }
}

/// Which of the target's endpoints an aggregate reads: all of them, or (on a snapshot with
/// rollups) those rolled up or those not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    All,
    RolledUp,
    NotRolledUp,
}

impl Scope {
    fn endpoint_filter(self) -> &'static str {
        match self {
            Scope::All => "",
            Scope::RolledUp => {
                " AND CAST(id AS TEXT) IN (SELECT endpoint_id FROM aether_review_rollup_endpoints)"
            }
            Scope::NotRolledUp => {
                " AND CAST(id AS TEXT) NOT IN \
                 (SELECT endpoint_id FROM aether_review_rollup_endpoints)"
            }
        }
    }
}

/// Adds to `tallies` (per endpoint and bucket) what the database aggregates over the raw rows of
/// `ranges` (the whole window, or the parts of it no rollup covers) of the `scope`'s endpoints;
/// nothing to read, no statement.
pub(crate) async fn aggregate(
    db: &Database,
    conn: &mut Conn,
    target: Target<'_>,
    scope: Scope,
    slicing: &Slicing,
    ranges: &[RawRange],
    tallies: &mut Tallies,
) -> Result<()> {
    for chunk in ranges.chunks(RANGES_PER_STATEMENT) {
        let (args, rows) = raw_rows(db.layout(), target, scope, slicing, chunk);
        aggregate_rows(db, conn, &args, &rows, target, tallies).await?;
    }
    Ok(())
}

/// SQLite allows 500 terms in a compound SELECT (a window of many narrow slices has two partial
/// minutes per slice): more ranges take a statement per chunk.
const RANGES_PER_STATEMENT: usize = 400;

/// The arguments and the `SELECT` of the raw rows in `ranges`, each slice's bucket number
/// computed: one `UNION ALL` part per range, so that each reads one stretch of the
/// `(endpoint_id, created_at)` index (a single `OR` of ranges would make the database read
/// every row of the endpoint).
fn raw_rows(
    layout: Layout,
    target: Target<'_>,
    scope: Scope,
    slicing: &Slicing,
    ranges: &[RawRange],
) -> (Vec<Arg>, String) {
    let mut args: Vec<Arg> = target
        .provider_id()
        .map(|id| Arg::Text(id.to_owned()))
        .into_iter()
        .collect();
    let endpoints = format!(
        "endpoint_id IN (SELECT id FROM provider_endpoints WHERE {}{})",
        target.endpoints_where(),
        scope.endpoint_filter()
    );
    let mut parts = Vec::new();
    for r in ranges {
        args.push(Arg::Ts(layout.bind_lower(r.from, Unit::Millis)));
        let from = args.len();
        // An exclusive end rounds up to the column's precision, an inclusive one down.
        args.push(Arg::Ts(if r.inclusive {
            layout.bind_ts(r.to, Unit::Millis)
        } else {
            layout.bind_lower(r.to, Unit::Millis)
        }));
        let op = if r.inclusive { "<=" } else { "<" };
        parts.push(format!(
            "SELECT endpoint_id, created_at, status, {OUTCOME_SQL} AS outcome, status_code, \
             latency_ms, error_type FROM request_candidates \
             WHERE {endpoints} AND created_at >= ${from} AND created_at {op} ${}",
            args.len()
        ));
    }
    let mut steps = vec![("$0".to_owned(), 0usize)];
    for (i, start) in slicing.starts().into_iter().enumerate() {
        args.push(Arg::Ts(layout.bind_lower(start, Unit::Millis)));
        steps.push((format!("${}", args.len()), i + 1));
    }
    let bucket = format!("CAST({} AS BIGINT)", search("created_at", &steps));
    let rows = format!(
        "SELECT CAST(endpoint_id AS TEXT) AS endpoint_id, {bucket} AS bucket, status, outcome, \
         CAST(status_code AS BIGINT) AS status_code, CAST(latency_ms AS BIGINT) AS latency, \
         error_type FROM ({}) r",
        parts.join(" UNION ALL ")
    );
    (args, rows)
}

/// Adds what the database aggregates over `rows` (see [`raw_rows`]) to `tallies`: by latency
/// bin, and for a provider also by status code and error type (the fleet shows neither).
async fn aggregate_rows(
    db: &Database,
    conn: &mut Conn,
    args: &[Arg],
    rows: &str,
    target: Target<'_>,
    tallies: &mut Tallies,
) -> Result<()> {
    // The fleet shows latency per window only: its bins are counted per endpoint (below), not
    // per slice, which keeps the groups to endpoints × slices × statuses.
    let bin = match target {
        Target::Provider(_) => sql_bin("latency"),
        Target::Fleet => "NULL".to_owned(),
    };
    let latency_sql = format!(
        "SELECT endpoint_id, bucket, status, outcome, bin, CAST(COUNT(*) AS BIGINT) AS n, \
         MAX(latency) AS max_latency \
         FROM (SELECT endpoint_id, bucket, status, outcome, latency, \
                      CAST({bin} AS BIGINT) AS bin FROM ({rows}) w0) w \
         GROUP BY endpoint_id, bucket, status, outcome, bin"
    );
    for_each_row!(db, conn, LatencyRow, latency_sql, args, |r| {
        let tally = tallies.at(&r.endpoint_id, bucket_index(r.bucket));
        let n = count(r.n, "COUNT(*)")?;
        tally.add_events(&r.status, &r.outcome, n);
        if let (Some(bin), Some(max)) = (r.bin, r.max_latency) {
            tally.latency.add(bin as i32, n, max);
        }
    });
    if target == Target::Fleet {
        // Each endpoint's window bins go to its first slice's tally: the fleet reads latency
        // only from the sum of an endpoint's slices.
        let bins_sql = format!(
            "SELECT endpoint_id, CAST(0 AS BIGINT) AS bucket, '' AS status, '' AS outcome, bin, \
             CAST(COUNT(*) AS BIGINT) AS n, MAX(latency) AS max_latency \
             FROM (SELECT endpoint_id, latency, CAST({bin} AS BIGINT) AS bin \
                   FROM ({rows}) w0 WHERE latency IS NOT NULL) w \
             GROUP BY endpoint_id, bin",
            bin = sql_bin("latency"),
        );
        for_each_row!(db, conn, LatencyRow, bins_sql, args, |r| {
            let tally = tallies.at(&r.endpoint_id, 0);
            if let (Some(bin), Some(max)) = (r.bin, r.max_latency) {
                tally.latency.add(bin as i32, count(r.n, "COUNT(*)")?, max);
            }
        });
        return Ok(());
    }
    let codes_sql = format!(
        "SELECT endpoint_id, bucket, status_code, error_type, CAST(COUNT(*) AS BIGINT) AS n \
         FROM ({rows}) w WHERE status_code IS NOT NULL OR error_type IS NOT NULL \
         GROUP BY endpoint_id, bucket, status_code, error_type"
    );
    for_each_row!(db, conn, CodeRow, codes_sql, args, |r| {
        let tally = tallies.at(&r.endpoint_id, bucket_index(r.bucket));
        let n = count(r.n, "COUNT(*)")?;
        if let Some(code) = int(r.status_code, "status_code")? {
            tally.add_status_code(code, n);
        }
        if let Some(error_type) = &r.error_type {
            tally.add_error_type(error_type, n);
        }
    });
    Ok(())
}

fn bucket_index(bucket: i64) -> usize {
    usize::try_from(bucket).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Generation, TimeEncoding};
    use chrono::{TimeZone, Utc};
    use sqlx::Row;

    /// SQLite's plan for `sql` on a new snapshot file of `generation`, one line per step.
    async fn plan(generation: Generation, sql: &str, args: usize) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::create_snapshot_file(&dir.path().join("plan.sqlite"), generation)
            .await
            .unwrap();
        let as_of = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let mut q = sqlx::query(&explain)
            .bind(crate::db::Ts(as_of - chrono::TimeDelta::hours(72)))
            .bind(crate::db::Ts(as_of))
            .bind(200i64);
        for i in 3..args {
            q = q.bind(format!("e{i}"));
        }
        let rows = q.fetch_all(&pool).await.unwrap();
        rows.iter().map(|r| r.get::<String, _>("detail")).collect()
    }

    #[tokio::test]
    async fn each_endpoints_sample_is_read_backwards_through_the_endpoint_time_index() {
        for generation in [Generation::Legacy, Generation::Rust] {
            let layout = Layout::new(generation, TimeEncoding::Rfc3339Text);
            let filter = match generation {
                Generation::Rust => " AND status IN ('success', 'failed', 'skipped')",
                _ => "",
            };
            let sql = sample_part(Dialect::Sqlite, layout, 4, 0, filter);
            let plan = plan(generation, &sql, 4).await;
            assert!(
                plan.iter()
                    .any(|step| step.contains("ix_request_candidates_endpoint_created")),
                "{plan:#?}"
            );
            // No sort of the endpoint's whole window: the index gives the order.
            assert!(!plan.iter().any(|s| s.contains("TEMP B-TREE")), "{plan:#?}");
        }
    }
}
