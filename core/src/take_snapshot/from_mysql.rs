//! A snapshot of the Rust gateway's MySQL: one `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ
//! ONLY` (at REPEATABLE READ, so every table is read at the same instant), whose server clock is
//! the snapshot's as-of time. Each table's rows stream from the server and are packed into the
//! same binary row blocks a PostgreSQL `COPY` sends ([`super::binary`]), so the one writer, its
//! progress and its cancel serve both.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::TryStreamExt;
use sqlx::mysql::{MySqlArguments, MySqlRow};
use sqlx::{Arguments, MySqlConnection, MySqlPool, Row};
use tokio::sync::mpsc;

use super::copy::{self, Source, Stop, BLOCK};
use super::request::Plan;
use super::rows::{Engine, Read, TableSpec};
use super::{Copied, Origin, Progress, TakenAtBasis};
use crate::db::mysql::translate;
use crate::error::{Error, Result};
use crate::layout::{Layout, Unit};
use crate::model::Timestamp;

/// The filter as the statements bind it: `$1` the chosen providers as a JSON list (NULL = all),
/// `$2` the oldest `created_at` copied in unix milliseconds (NULL = all).
#[derive(Debug, Clone)]
pub(super) struct MysqlFilter {
    pub layout: Layout,
    providers: Option<String>,
    cutoff_ms: Option<i64>,
}

impl MysqlFilter {
    /// `sql` (with `$1`, `$2`) in MySQL's spelling and its arguments.
    fn statement(&self, sql: &str) -> std::result::Result<(String, MySqlArguments), sqlx::Error> {
        let translated = translate(sql);
        let mut args = MySqlArguments::default();
        for n in translated.order {
            let added = match n {
                1 => args.add(self.providers.as_deref()),
                _ => args.add(self.cutoff_ms),
            };
            added.map_err(sqlx::Error::Encode)?;
        }
        Ok((translated.sql, args))
    }
}

/// Copies the database behind `pool` into a new snapshot file at `out`, with its metadata.
pub(super) async fn copy(
    pool: &MySqlPool,
    origin: &Origin,
    plan: &Plan,
    out: &Path,
    progress: Progress<'_>,
    cancel: &AtomicBool,
) -> Result<Copied> {
    let layout = origin.layout;
    let mut conn = pool.acquire().await?;
    // WITH CONSISTENT SNAPSHOT means one read view only at REPEATABLE READ (a server may default
    // to another level); this applies to the next transaction only.
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        .execute(&mut *conn)
        .await?;
    let mut tx = sqlx::Connection::begin_with(
        &mut *conn,
        "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
    )
    .await?;
    let (micros,): (i64,) =
        sqlx::query_as("SELECT CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)")
            .fetch_one(&mut *tx)
            .await?;
    let taken_at = Timestamp::from_timestamp_micros(micros).ok_or_else(|| Error::Database {
        message: format!("the server's clock reads {micros} µs, which is not a time"),
    })?;
    let filter = MysqlFilter {
        layout,
        providers: plan
            .providers
            .as_ref()
            .map(|ids| serde_json::to_string(ids).expect("a list of strings serializes")),
        cutoff_ms: plan.since.cutoff(taken_at).map(|cutoff| {
            layout
                .bind_lower(cutoff, Unit::Millis)
                .at
                .timestamp_millis()
        }),
    };
    check_providers_exist(&mut tx, &filter, plan).await?;

    let dst = origin.create_file(out).await?;
    let written = async {
        let specs = origin.tables();
        let mut totals = Vec::with_capacity(specs.len());
        for spec in &specs {
            let (sql, args) = filter.statement(&spec.count_sql(Engine::Mysql(layout)))?;
            let (n,): (i64,) = sqlx::query_as_with(&sql, args).fetch_one(&mut *tx).await?;
            totals.push(crate::read_sql::count(n, spec.table)?);
        }
        let row_counts = copy::copy_into_file(
            &mut Source::Mysql(&mut tx, filter),
            specs,
            totals,
            out,
            progress,
            cancel,
        )
        .await?;
        tx.rollback().await?;
        let meta = origin.meta(taken_at, plan, row_counts);
        crate::db::write_snapshot_meta(&dst, &meta).await?;
        Ok::<_, Error>(meta)
    }
    .await;
    dst.close().await;
    Ok(Copied {
        meta: written?,
        basis: TakenAtBasis::ServerClock,
    })
}

/// `NotFound` for a chosen provider id the database does not have.
async fn check_providers_exist(
    conn: &mut MySqlConnection,
    filter: &MysqlFilter,
    plan: &Plan,
) -> Result<()> {
    let Some(ids) = &plan.providers else {
        return Ok(());
    };
    let (sql, args) = filter.statement(
        "SELECT CAST(id AS TEXT) FROM providers WHERE JSON_CONTAINS($1, JSON_QUOTE(CAST(id AS TEXT)))",
    )?;
    let found: Vec<(String,)> = sqlx::query_as_with(&sql, args)
        .fetch_all(&mut *conn)
        .await?;
    match ids.iter().find(|id| !found.iter().any(|(f,)| f == *id)) {
        Some(missing) => Err(Error::not_found("provider", missing)),
        None => Ok(()),
    }
}

/// Streams one table's rows to the writer in blocks of the binary `COPY` form, until the end, a
/// cancel, a read error, or the writer stopping (whose error is then the one to report).
pub(super) async fn feed(
    conn: &mut MySqlConnection,
    filter: &MysqlFilter,
    spec: &TableSpec,
    sender: mpsc::Sender<Vec<u8>>,
    cancel: &AtomicBool,
    sent: &(dyn Fn() + Send + Sync),
) -> std::result::Result<(), Stop> {
    let (sql, args) = filter.statement(&spec.select_sql(Engine::Mysql(filter.layout)))?;
    let mut rows = sqlx::query_with(&sql, args).fetch(&mut *conn);
    let mut block = Vec::with_capacity(BLOCK + BLOCK / 8);
    block.extend_from_slice(super::binary::HEADER);
    let columns = i16::try_from(spec.columns.len()).expect("a table has few columns");
    loop {
        let row = rows.try_next().await?;
        let done = row.is_none();
        match row {
            Some(row) => encode_row(&row, spec, columns, &mut block)?,
            None => block.extend_from_slice(&(-1i16).to_be_bytes()),
        }
        if block.len() >= BLOCK || done {
            if cancel.load(Ordering::Relaxed) {
                return Err(Stop::Cancelled);
            }
            let full = std::mem::replace(&mut block, Vec::with_capacity(BLOCK + BLOCK / 8));
            if sender.send(full).await.is_err() {
                return Ok(());
            }
            sent();
        }
        if done {
            return Ok(());
        }
    }
}

/// One row as a binary `COPY` row: the field count, then each field's length (-1 = NULL) and its
/// big-endian bytes in the form [`Read`] says.
fn encode_row(
    row: &MySqlRow,
    spec: &TableSpec,
    columns: i16,
    out: &mut Vec<u8>,
) -> std::result::Result<(), sqlx::Error> {
    out.extend_from_slice(&columns.to_be_bytes());
    for (i, (column, read)) in spec.columns.iter().enumerate() {
        let field = |out: &mut Vec<u8>, bytes: &[u8]| {
            out.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
            out.extend_from_slice(bytes);
        };
        let null = |out: &mut Vec<u8>| out.extend_from_slice(&(-1i32).to_be_bytes());
        match read {
            Read::Text | Read::AuthConfigSet => match row.try_get::<Option<&str>, _>(i)? {
                Some(text) => field(out, text.as_bytes()),
                None => null(out),
            },
            Read::Float => match row.try_get::<Option<f64>, _>(i)? {
                Some(v) => field(out, &v.to_be_bytes()),
                None => null(out),
            },
            Read::Int | Read::BigInt | Read::Bool | Read::Time => {
                match row.try_get::<Option<i64>, _>(i)? {
                    None => null(out),
                    Some(v) => match read {
                        Read::Int => {
                            let v = i32::try_from(v).map_err(|_| out_of_range(column, v))?;
                            field(out, &v.to_be_bytes());
                        }
                        Read::Bool => field(out, &[u8::from(v != 0)]),
                        Read::Time => {
                            let micros = super::binary::micros_from_unix_millis(v)
                                .ok_or_else(|| out_of_range(column, v))?;
                            field(out, &micros.to_be_bytes());
                        }
                        _ => field(out, &v.to_be_bytes()),
                    },
                }
            }
        }
    }
    Ok(())
}

fn out_of_range(column: &str, value: i64) -> sqlx::Error {
    sqlx::Error::Decode(format!("{column} = {value} is out of range").into())
}
