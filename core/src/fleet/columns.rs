//! Packed event columns of quiet endpoints (`docs/snapshots.md`, "Endpoint event columns"): in a
//! snapshot, every event of each endpoint below the rollup threshold as three packed columns
//! (creation time, latency, a kind byte), written while the rows are copied. The fleet view reads
//! them instead of scanning every raw row: a gateway's thousands of quiet endpoints hold most of
//! its rows, and no rollup shrinks events that are sparse.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sqlx::SqlitePool;

use super::cells::FleetCells;
use crate::db::{Database, Pool};
use crate::error::{Error, Result};
use crate::health::args::Window;
use crate::health::cancel::Conn;
use crate::health::histogram::BinCounter;
use crate::health::timeline::Slicing;
use crate::layout::{DbTs, Layout, Unit};
use crate::model::Timestamp;
use crate::outcome::OutcomeClass;
use crate::read_sql::sqlite_has_table;

/// A latency the column records as none.
const NO_LATENCY: i32 = i32::MIN;

/// The statuses a kind byte tells apart (bits 3–4); the fleet counts `failed` and `skipped`, and
/// every other status is `other`. Bits 0–2 are the outcome class (its place in
/// [`OutcomeClass::ALL`]).
const STATUS_KINDS: [&str; 4] = ["other", "success", "failed", "skipped"];

fn kind(status: &str, class: OutcomeClass) -> u8 {
    let status = STATUS_KINDS[1..]
        .iter()
        .position(|s| *s == status)
        .map_or(0, |i| i + 1);
    let class = OutcomeClass::ALL
        .iter()
        .position(|c| *c == class)
        .unwrap_or(1);
    ((status << 3) | class) as u8
}

fn unpack(kind: u8) -> (&'static str, OutcomeClass) {
    let class = OutcomeClass::ALL
        .get(usize::from(kind & 7))
        .copied()
        .unwrap_or(OutcomeClass::ServiceError);
    (STATUS_KINDS[usize::from((kind >> 3) & 3)], class)
}

/// One endpoint's events so far.
#[derive(Default)]
struct Column {
    rows: u64,
    events: Vec<(i64, i32, u8)>,
}

/// Collects the columns of the rows copied into a snapshot, keeping the events only of endpoints
/// below `below` rows (an endpoint that reaches it is rolled up instead, and its events are
/// dropped as soon as it does, so memory follows the quiet endpoints).
pub struct ColumnsBuilder {
    below: u64,
    endpoints: HashMap<String, Column>,
}

/// One endpoint's packed columns, ready to write.
pub struct Packed {
    pub endpoint_id: String,
    pub events: i64,
    pub created_us: Vec<u8>,
    pub latency_ms: Vec<u8>,
    pub kinds: Vec<u8>,
}

impl ColumnsBuilder {
    pub fn new(below: i64) -> Self {
        Self {
            below: u64::try_from(below).unwrap_or(0),
            endpoints: HashMap::new(),
        }
    }

    /// One copied row (any endpoint, any time: every row counts towards the threshold).
    pub fn add(
        &mut self,
        endpoint_id: &str,
        created_at: Option<Timestamp>,
        status: &str,
        status_code: Option<i64>,
        error_message: Option<&str>,
        latency_ms: Option<i64>,
    ) {
        let column = match self.endpoints.get_mut(endpoint_id) {
            Some(c) => c,
            None => self.endpoints.entry(endpoint_id.to_owned()).or_default(),
        };
        column.rows += 1;
        if column.rows >= self.below {
            column.events = Vec::new();
            return;
        }
        let Some(t) = created_at else { return };
        let class = OutcomeClass::classify(status, status_code, error_message);
        let latency = latency_ms
            .and_then(|v| i32::try_from(v).ok())
            .filter(|&v| v != NO_LATENCY)
            .unwrap_or(NO_LATENCY);
        column
            .events
            .push((t.timestamp_micros(), latency, kind(status, class)));
    }

    /// The quiet endpoints' columns, each sorted by time.
    pub fn finish(self) -> impl Iterator<Item = Packed> {
        let below = self.below;
        self.endpoints
            .into_iter()
            .filter(move |(_, c)| c.rows < below)
            .map(|(endpoint_id, mut c)| {
                c.events.sort_unstable_by_key(|e| e.0);
                let mut packed = Packed {
                    endpoint_id,
                    events: i64::try_from(c.events.len()).unwrap_or(i64::MAX),
                    created_us: Vec::with_capacity(c.events.len() * 8),
                    latency_ms: Vec::with_capacity(c.events.len() * 4),
                    kinds: Vec::with_capacity(c.events.len()),
                };
                for (t, latency, kind) in c.events {
                    packed.created_us.extend_from_slice(&t.to_le_bytes());
                    packed.latency_ms.extend_from_slice(&latency.to_le_bytes());
                    packed.kinds.push(kind);
                }
                packed
            })
    }

    /// The rows of the table and its state row, as one SQL statement each.
    pub const INSERT_SQL: &'static str = "INSERT INTO aether_review_endpoint_events \
         (endpoint_id, events, created_us, latency_ms, kinds) VALUES (?1, ?2, ?3, ?4, ?5)";
    pub const STATE_SQL: &'static str =
        "INSERT OR REPLACE INTO aether_review_endpoint_events_state (id, below_events) \
         VALUES (1, ?1)";

    /// Writes the columns into the snapshot being copied (the writer's own connection).
    pub fn write_to(self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        let below = i64::try_from(self.below).unwrap_or(i64::MAX);
        let mut insert = conn.prepare(Self::INSERT_SQL)?;
        for p in self.finish() {
            insert.execute(rusqlite::params![
                p.endpoint_id,
                p.events,
                p.created_us,
                p.latency_ms,
                p.kinds
            ])?;
        }
        conn.execute(Self::STATE_SQL, [below])?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct RawRow {
    endpoint_id: String,
    created_at: Option<DbTs>,
    status: Option<String>,
    status_code: Option<i64>,
    error_message: Option<String>,
    latency_ms: Option<i64>,
}

/// Writes the columns of a snapshot file whose rows were written some other way (the demo
/// generator): one read of the rows of endpoints that are not rolled up, after
/// [`crate::health::rollup::write_rollups`].
pub async fn write_from_rows(pool: &SqlitePool, layout: Layout, below: i64) -> Result<()> {
    let sql = format!(
        "SELECT CAST(endpoint_id AS TEXT) AS endpoint_id, {} AS created_at, status, \
         CAST(status_code AS BIGINT) AS status_code, error_message, \
         CAST(latency_ms AS BIGINT) AS latency_ms \
         FROM request_candidates WHERE endpoint_id IS NOT NULL AND CAST(endpoint_id AS TEXT) \
         NOT IN (SELECT endpoint_id FROM aether_review_rollup_endpoints)",
        layout.ts("created_at", Unit::Millis)
    );
    let mut builder = ColumnsBuilder::new(below);
    {
        let mut rows = sqlx::query_as::<_, RawRow>(&sql).fetch(pool);
        while let Some(r) = rows.try_next().await? {
            builder.add(
                &r.endpoint_id,
                r.created_at.map(Timestamp::from),
                r.status.as_deref().unwrap_or(""),
                r.status_code,
                r.error_message.as_deref(),
                r.latency_ms,
            );
        }
    }
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM aether_review_endpoint_events")
        .execute(&mut *tx)
        .await?;
    for p in builder.finish() {
        sqlx::query(ColumnsBuilder::INSERT_SQL)
            .bind(p.endpoint_id)
            .bind(p.events)
            .bind(p.created_us)
            .bind(p.latency_ms)
            .bind(p.kinds)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(ColumnsBuilder::STATE_SQL)
        .bind(below)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether `db` is a snapshot whose columns were written.
pub(crate) async fn available(db: &Database) -> Result<bool> {
    let Pool::Sqlite(pool) = db.pool() else {
        return Ok(false);
    };
    if !sqlite_has_table(db, pool, "aether_review_endpoint_events_state").await? {
        return Ok(false);
    }
    db.count_statement();
    let state: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM aether_review_endpoint_events_state WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    Ok(state.is_some())
}

#[derive(sqlx::FromRow)]
struct ColumnRow {
    endpoint_id: String,
    created_us: Vec<u8>,
    latency_ms: Vec<u8>,
    kinds: Vec<u8>,
}

/// Adds every quiet endpoint's events of the window to `cells`.
pub(crate) async fn read(
    db: &Database,
    conn: &mut Conn,
    window: &Window,
    slicing: &Slicing,
    cells: &mut FleetCells,
) -> Result<()> {
    let Conn::Sqlite(conn) = conn else {
        return Ok(());
    };
    let since = window.since.timestamp_micros();
    let as_of = window.as_of.timestamp_micros();
    let starts: Vec<i64> = slicing
        .starts()
        .iter()
        .map(Timestamp::timestamp_micros)
        .collect();
    db.count_statement();
    let mut rows = sqlx::query_as::<_, ColumnRow>(
        // An endpoint rolled up is read from its rollups, even if packed too.
        "SELECT endpoint_id, created_us, latency_ms, kinds FROM aether_review_endpoint_events \
         WHERE endpoint_id NOT IN (SELECT endpoint_id FROM aether_review_rollup_endpoints)",
    )
    .fetch(&mut *conn.conn);
    let mut counts = vec![[0u64; 32]; slicing.len()];
    let mut latency = BinCounter::default();
    while let Some(r) = rows.try_next().await? {
        let n = r.kinds.len();
        if r.created_us.len() != n * 8 || r.latency_ms.len() != n * 4 {
            return Err(Error::Database {
                message: format!(
                    "the packed events of endpoint {} are damaged; take the snapshot again",
                    r.endpoint_id
                ),
            });
        }
        let at = |i: usize| {
            let bytes: [u8; 8] = r.created_us[i * 8..i * 8 + 8]
                .try_into()
                .unwrap_or_default();
            i64::from_le_bytes(bytes)
        };
        let (lo, hi) = (first(n, |i| at(i) >= since), first(n, |i| at(i) > as_of));
        if lo >= hi {
            continue;
        }
        counts.iter_mut().for_each(|c| *c = [0; 32]);
        let mut bucket = starts.partition_point(|&s| s <= at(lo));
        for i in lo..hi {
            let t = at(i);
            while bucket < starts.len() && t >= starts[bucket] {
                bucket += 1;
            }
            counts[bucket][usize::from(r.kinds[i] & 31)] += 1;
            let bytes: [u8; 4] = r.latency_ms[i * 4..i * 4 + 4]
                .try_into()
                .unwrap_or_default();
            let ms = i32::from_le_bytes(bytes);
            if ms != NO_LATENCY {
                latency.record(i64::from(ms));
            }
        }
        let mine = cells.at(&r.endpoint_id);
        for (cell, kinds) in mine.slices.iter_mut().zip(&counts) {
            for (k, &count) in kinds.iter().enumerate() {
                if count > 0 {
                    let (status, class) = unpack(k as u8);
                    cell.add(status, class, count);
                }
            }
        }
        latency.flush(&mut mine.latency);
    }
    Ok(())
}

/// The first index in `0..n` where `pred` holds (`pred` false then true), `n` if none.
fn first(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_every_status_kind_and_class() {
        for status in [
            "success",
            "failed",
            "skipped",
            "pending",
            "stream_interrupted",
        ] {
            for class in OutcomeClass::ALL {
                let (s, c) = unpack(kind(status, class));
                let expected = if STATUS_KINDS.contains(&status) {
                    status
                } else {
                    "other"
                };
                assert_eq!((s, c), (expected, class));
            }
        }
    }

    #[test]
    fn a_busy_endpoint_keeps_no_events_and_is_not_written() {
        let mut b = ColumnsBuilder::new(3);
        let t = Some(Timestamp::UNIX_EPOCH);
        for _ in 0..3 {
            b.add("busy", t, "success", Some(200), None, Some(5));
        }
        b.add("quiet", t, "failed", Some(500), Some("x"), None);
        b.add("quiet", None, "failed", None, None, None);
        let packed: Vec<Packed> = b.finish().collect();
        assert_eq!(packed.len(), 1);
        assert_eq!(packed[0].endpoint_id, "quiet");
        // The row without a time counts towards the threshold but holds no event.
        assert_eq!(packed[0].events, 1);
        assert_eq!(packed[0].latency_ms, NO_LATENCY.to_le_bytes());
    }
}
