//! Rollups in our snapshot files (`docs/snapshots.md`, "Rollups"): written once from the raw rows
//! when a snapshot is made, read by the health monitor for the whole aligned intervals of each
//! timeline slice, so a window reads about endpoints × slices rows plus its partial minutes.

use std::collections::BTreeMap;

use chrono::TimeDelta;
use futures_util::TryStreamExt;
use sqlx::{SqliteConnection, SqlitePool};

use super::cancel::Conn;
use super::histogram::sql_bin;
use super::sql::Target;
use super::tally::{Tallies, Tally};
use super::timeline::Slicing;
use crate::db::{Database, Pool};
use crate::error::{Error, Result};
use crate::layout::TimeEncoding;
use crate::model::Timestamp;
use crate::outcome::OUTCOME_SQL;
use crate::read_sql::{count, int, sqlite_has_table};

/// An endpoint with at least this many rows in the snapshot is rolled up; one with fewer is read
/// from its raw rows, which is then as fast as reading rollups (an endpoint whose events are
/// sparse would get about one minute row per event, and the snapshot would take longer to
/// write for nothing).
pub const ROLLUP_MIN_EVENTS: i64 = 10_000;

/// Interval lengths in seconds, largest first; each divides the next larger one.
const RESOLUTIONS: [i64; 3] = [3_600, 360, 60];
const MINUTE_US: i64 = 60_000_000;

/// Writes the rollups of a snapshot file whose `request_candidates` are complete (RFC 3339 text
/// times, as every snapshot of ours stores them): the busy endpoints first (at least
/// [`ROLLUP_MIN_EVENTS`] rows), then one pass over their raw rows into per-minute groups, then
/// each resolution from those.
pub async fn write_rollups(pool: &SqlitePool) -> Result<()> {
    write_rollups_of(pool, ROLLUP_MIN_EVENTS).await
}

/// [`write_rollups`] for every endpoint with at least `min_events` rows (tests roll up every
/// endpoint of a small dataset with 1).
pub async fn write_rollups_of(pool: &SqlitePool, min_events: i64) -> Result<()> {
    let minute = "(unixepoch(substr(created_at, 1, 19)) / 60 * 60)";
    let latency = "CAST(latency_ms AS BIGINT)";
    let rolled = "endpoint_id IN (SELECT endpoint_id FROM aether_review_rollup_endpoints) \
                  AND created_at IS NOT NULL";
    let mut script = format!(
        "DELETE FROM aether_review_rollup_state; DELETE FROM aether_review_rollup; \
         DELETE FROM aether_review_rollup_codes; DELETE FROM aether_review_rollup_endpoints;\n\
         INSERT INTO aether_review_rollup_endpoints \
         SELECT CAST(endpoint_id AS TEXT) FROM request_candidates WHERE endpoint_id IS NOT NULL \
         GROUP BY endpoint_id HAVING COUNT(*) >= {min_events};\n\
         CREATE TEMP TABLE rollup_fine AS \
         SELECT CAST(endpoint_id AS TEXT) AS endpoint_id, {minute} AS minute, status, \
                {OUTCOME_SQL} AS outcome, {bin} AS bin, COUNT(*) AS events, \
                COUNT(latency_ms) AS latency_count, COALESCE(SUM({latency}), 0) AS latency_sum, \
                MAX({latency}) AS latency_max \
         FROM request_candidates WHERE {rolled} \
         GROUP BY 1, 2, 3, 4, 5;\n\
         CREATE TEMP TABLE rollup_fine_codes AS \
         SELECT CAST(endpoint_id AS TEXT) AS endpoint_id, {minute} AS minute, \
                CAST(status_code AS BIGINT) AS status_code, error_type, COUNT(*) AS events \
         FROM request_candidates WHERE {rolled} \
              AND (status_code IS NOT NULL OR error_type IS NOT NULL) \
         GROUP BY 1, 2, 3, 4;\n",
        bin = sql_bin(latency),
    );
    for r in RESOLUTIONS {
        script.push_str(&format!(
            "INSERT INTO aether_review_rollup \
             SELECT {r}, endpoint_id, start, status, outcome, SUM(events), SUM(latency_count), \
                    SUM(latency_sum), MAX(latency_max), \
                    COALESCE(group_concat(CASE WHEN bin IS NOT NULL \
                                          THEN bin || ':' || latency_count END, ','), '') \
             FROM (SELECT endpoint_id, minute / {r} * {r} AS start, status, outcome, bin, \
                          SUM(events) AS events, SUM(latency_count) AS latency_count, \
                          SUM(latency_sum) AS latency_sum, MAX(latency_max) AS latency_max \
                   FROM rollup_fine GROUP BY 1, 2, 3, 4, 5) \
             GROUP BY endpoint_id, start, status, outcome;\n\
             INSERT INTO aether_review_rollup_codes \
             SELECT {r}, endpoint_id, minute / {r} * {r}, status_code, error_type, SUM(events) \
             FROM rollup_fine_codes GROUP BY 2, 3, 4, 5;\n"
        ));
    }
    script.push_str(
        "DROP TABLE rollup_fine; DROP TABLE rollup_fine_codes;\n\
         INSERT OR REPLACE INTO aether_review_rollup_state (id, candidates) \
         SELECT 1, COUNT(*) FROM request_candidates;",
    );
    sqlx::raw_sql(&script).execute(pool).await?;
    Ok(())
}

/// Whether `db` is a snapshot of ours whose rollups were written (older snapshots have no
/// rollup tables; a file filled some other way has them empty, with no state row) and rolled up
/// at least one endpoint of `provider_id`.
pub(crate) async fn available(db: &Database, target: Target<'_>) -> Result<bool> {
    let Pool::Sqlite(pool) = db.pool() else {
        return Ok(false);
    };
    if db.layout().encoding != TimeEncoding::Rfc3339Text {
        return Ok(false);
    }
    if !sqlite_has_table(db, pool, "aether_review_rollup_state").await? {
        return Ok(false);
    }
    db.count_statement();
    let sql = format!(
        "SELECT 1 FROM aether_review_rollup_state WHERE id = 1 AND EXISTS \
         (SELECT 1 FROM aether_review_rollup_endpoints WHERE endpoint_id IN \
          (SELECT CAST(id AS TEXT) FROM provider_endpoints WHERE {}))",
        target.endpoints_where()
    );
    let mut query = sqlx::query_scalar(&sql);
    if let Some(id) = target.provider_id() {
        query = query.bind(id);
    }
    let rolled: Option<i64> = query.fetch_optional(pool).await?;
    Ok(rolled.is_some())
}

/// A stretch of the window the rollups do not cover: `[from, to)`, or `[from, to]` for the end
/// of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawRange {
    pub from: Timestamp,
    pub to: Timestamp,
    pub inclusive: bool,
}

/// How a window splits: aligned intervals (resolution, unix second) per slice, and raw ranges.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Per resolution: interval start → slice.
    pub intervals: BTreeMap<i64, BTreeMap<i64, usize>>,
    pub raw: Vec<RawRange>,
}

impl Plan {
    /// The tally an interval's rows add to (`None`: an interval the plan did not ask for).
    fn tally<'a>(
        &self,
        tallies: &'a mut Tallies,
        endpoint: &str,
        resolution: i64,
        start: i64,
    ) -> Option<&'a mut Tally> {
        let slice = *self.intervals.get(&resolution)?.get(&start)?;
        Some(tallies.at(endpoint, slice))
    }
}

/// Splits each slice `[start, next start)` (the last one up to and with `as_of`) into its partial
/// minute at each end (raw rows) and the largest aligned intervals between them; a slice
/// shorter than a minute is read raw.
pub(crate) fn plan(slicing: &Slicing, as_of: Timestamp) -> Plan {
    let mut plan = Plan::default();
    let starts = slicing.starts();
    let n = slicing.len();
    for i in 0..n {
        let lo = if i == 0 {
            slicing.bounds(0).0
        } else {
            starts[i - 1]
        };
        let last = i + 1 == n;
        let hi = if last { as_of } else { starts[i] };
        let lo_us = lo.timestamp_micros();
        let hi_us = hi.timestamp_micros();
        let mut cursor = lo_us.div_euclid(MINUTE_US) * MINUTE_US;
        if cursor < lo_us {
            cursor += MINUTE_US;
        }
        if cursor >= hi_us {
            plan.raw.push(RawRange {
                from: lo,
                to: hi,
                inclusive: last,
            });
            continue;
        }
        if cursor > lo_us {
            plan.raw.push(RawRange {
                from: lo,
                to: at(cursor),
                inclusive: false,
            });
        }
        while let Some(r) = RESOLUTIONS.iter().copied().find(|&r| {
            let r_us = r * 1_000_000;
            cursor.rem_euclid(r_us) == 0 && cursor + r_us <= hi_us
        }) {
            plan.intervals
                .entry(r)
                .or_default()
                .insert(cursor.div_euclid(1_000_000), i);
            cursor += r * 1_000_000;
        }
        if cursor < hi_us || last {
            plan.raw.push(RawRange {
                from: at(cursor),
                to: hi,
                inclusive: last,
            });
        }
    }
    plan
}

fn at(us: i64) -> Timestamp {
    Timestamp::UNIX_EPOCH + TimeDelta::microseconds(us)
}

#[derive(sqlx::FromRow)]
struct RollupRow {
    endpoint_id: String,
    resolution: i64,
    interval_start: i64,
    status: String,
    outcome: String,
    events: i64,
    latency_max: Option<i64>,
    latency_bins: String,
}

#[derive(sqlx::FromRow)]
struct CodeRow {
    endpoint_id: String,
    resolution: i64,
    interval_start: i64,
    status_code: Option<i64>,
    error_type: Option<String>,
    events: i64,
}

/// Adds the planned intervals of the provider's rolled-up endpoints to `tallies`: two statements, each
/// reading one range of consecutive intervals per run and endpoint.
pub(crate) async fn read(
    db: &Database,
    conn: &mut Conn,
    target: Target<'_>,
    plan: &Plan,
    tallies: &mut Tallies,
) -> Result<()> {
    let Conn::Sqlite(conn) = conn else {
        return Ok(());
    };
    let conn = &mut *conn.conn;
    let runs = runs(plan);
    if runs.is_empty() {
        return Ok(());
    }
    // The runs as a VALUES table, joined in that order: one primary-key range per run and
    // endpoint.
    let values = runs
        .iter()
        .map(|(r, a, b)| format!("({r}, {a}, {b})"))
        .collect::<Vec<_>>()
        .join(", ");
    let union = |table: &str, columns: &str| {
        format!(
            "WITH runs(r, a, b) AS (VALUES {values}), \
             eps(id) AS (SELECT endpoint_id FROM aether_review_rollup_endpoints WHERE endpoint_id \
                         IN (SELECT CAST(id AS TEXT) FROM provider_endpoints \
                             WHERE {})) \
             SELECT {columns} FROM runs CROSS JOIN eps CROSS JOIN {table} t \
             WHERE t.resolution = runs.r AND t.endpoint_id = eps.id \
             AND t.interval_start BETWEEN runs.a AND runs.b",
            target.endpoints_where()
        )
    };

    let sql = union(
        "aether_review_rollup",
        "t.endpoint_id, t.resolution, t.interval_start, t.status, t.outcome, t.events, \
         t.latency_max, \
         t.latency_bins",
    );
    each_row(db, conn, &sql, target, |r: RollupRow| {
        let Some(tally) = plan.tally(tallies, &r.endpoint_id, r.resolution, r.interval_start)
        else {
            return Ok(());
        };
        tally.add_events(&r.status, &r.outcome, count(r.events, "events")?);
        if let Some(max) = r.latency_max {
            for pair in r.latency_bins.split(',').filter(|p| !p.is_empty()) {
                let (bin, n) = parse_bin(pair)?;
                tally.latency.add(bin, n, max);
            }
        }
        Ok(())
    })
    .await?;

    let sql = union(
        "aether_review_rollup_codes",
        "t.endpoint_id, t.resolution, t.interval_start, t.status_code, t.error_type, t.events",
    );
    if target == Target::Fleet {
        return Ok(());
    }
    each_row(db, conn, &sql, target, |r: CodeRow| {
        let Some(tally) = plan.tally(tallies, &r.endpoint_id, r.resolution, r.interval_start)
        else {
            return Ok(());
        };
        let n = count(r.events, "events")?;
        if let Some(code) = int(r.status_code, "status_code")? {
            tally.add_status_code(code, n);
        }
        if let Some(error_type) = &r.error_type {
            tally.add_error_type(error_type, n);
        }
        Ok(())
    })
    .await
}

/// Streams the rows of `sql` (bound to the provider id, if any) into `each`.
async fn each_row<T>(
    db: &Database,
    conn: &mut SqliteConnection,
    sql: &str,
    target: Target<'_>,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<()>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    db.count_statement();
    let mut query = sqlx::query_as::<_, T>(sql);
    if let Some(id) = target.provider_id() {
        query = query.bind(id);
    }
    let mut rows = query.fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        each(row)?;
    }
    Ok(())
}

/// Consecutive planned intervals of one resolution as `(resolution, first, last)` start.
fn runs(plan: &Plan) -> Vec<(i64, i64, i64)> {
    let mut runs = Vec::new();
    for (&r, starts) in &plan.intervals {
        let mut current: Option<(i64, i64)> = None;
        for &start in starts.keys() {
            current = match current {
                Some((a, b)) if b + r == start => Some((a, start)),
                Some((a, b)) => {
                    runs.push((r, a, b));
                    Some((start, start))
                }
                None => Some((start, start)),
            };
        }
        if let Some((a, b)) = current {
            runs.push((r, a, b));
        }
    }
    runs
}

/// One `bin:count` pair of a rollup's histogram.
fn parse_bin(pair: &str) -> Result<(i32, u64)> {
    let bad = || Error::Database {
        message: format!("a rollup's latency bins hold {pair:?}; take the snapshot again"),
    };
    let (bin, n) = pair.split_once(':').ok_or_else(bad)?;
    Ok((
        bin.parse().map_err(|_| bad())?,
        n.parse().map_err(|_| bad())?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    use crate::health::timeline::tests::slicing_at as slicing;

    /// Every microsecond of the window is covered exactly once, by a raw range or an interval.
    fn assert_covers(slicing: &Slicing, as_of: Timestamp, plan: &Plan) {
        let mut pieces: Vec<(i64, i64)> = plan
            .raw
            .iter()
            .map(|r| (r.from.timestamp_micros(), r.to.timestamp_micros()))
            .collect();
        for (&r, starts) in &plan.intervals {
            for &s in starts.keys() {
                pieces.push((s * 1_000_000, (s + r) * 1_000_000));
            }
        }
        pieces.sort();
        let since = slicing.bounds(0).0.timestamp_micros();
        assert_eq!(pieces[0].0, since);
        for w in pieces.windows(2) {
            assert_eq!(w[0].1, w[1].0, "{pieces:?}");
        }
        assert_eq!(pieces.last().unwrap().1, as_of.timestamp_micros());
        assert!(plan.raw.last().unwrap().inclusive);
    }

    #[test]
    fn a_whole_hour_window_reads_intervals_and_only_the_instant_of_as_of_raw() {
        let as_of = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        let s = slicing(as_of, 72, 60);
        let plan = plan(&s, as_of);
        assert_covers(&s, as_of, &plan);
        assert_eq!(plan.raw.len(), 1);
        assert_eq!(plan.raw[0].from, as_of);
        assert_eq!(plan.intervals[&3_600].len(), 24);
        assert!(!plan.intervals.contains_key(&60));
    }

    #[test]
    fn odd_windows_read_their_partial_minutes_raw() {
        let as_of = Utc.with_ymd_and_hms(2026, 11, 20, 12, 7, 31).unwrap()
            + TimeDelta::microseconds(123_457);
        for (hours, buckets) in [(1, 240), (6, 60), (72, 13), (1, 10)] {
            let s = slicing(as_of, hours, buckets);
            let plan = plan(&s, as_of);
            assert_covers(&s, as_of, &plan);
        }
        // 15-second slices: all raw.
        let s = slicing(as_of, 1, 240);
        assert!(plan(&s, as_of).intervals.is_empty());
    }
}
