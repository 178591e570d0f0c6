//! The deterministic demo snapshot generator (`docs/rules.md`, "Performance targets").
//!
//! A snapshot is written in three stages: the catalog (providers, endpoints, keys, models), the
//! traffic (request candidates, simulated minute by minute over the 72 hours before
//! [`taken_at`] and written in chunks, so even the large scale never holds its rows in memory),
//! and the metadata. Everything random comes from one `ChaCha8Rng` seeded with the caller's seed,
//! and the anchor time is fixed, so the same seed gives the same rows in every table.

mod catalog;
mod generations;

use generations::Conversion;
mod large;
mod models;
mod sample;
mod traffic;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{TimeZone, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sqlx::SqlitePool;

use crate::dataset::{insert, CandidateRow, Rows, Target};
use crate::db::{create_snapshot_file_with, write_snapshot_meta, Dialect, Pool, SuspendedIndexes};
use crate::error::Result;
use crate::layout::Generation;
use crate::model::{SnapshotMeta, Timestamp};

pub use large::BUSY_PROVIDER_ID;

pub use catalog::{
    NO_ENDPOINT_PROVIDER_ID, NO_KEY_ENDPOINT_ID, OUTAGE_ENDPOINT_ID, OUTAGE_PROVIDER_ID,
    RATE_LIMIT_ENDPOINT_ID,
};

/// Every API format Aether routes; each scale has endpoints of all of them.
pub const API_FORMATS: [&str; 6] = [
    "CLAUDE",
    "CLAUDE_CLI",
    "OPENAI",
    "OPENAI_CLI",
    "GEMINI",
    "GEMINI_CLI",
];

/// Minutes of traffic before the anchor: three days.
pub const TRAFFIC_MINUTES: u32 = 72 * 60;

/// Candidates buffered before each write: large enough for few transactions, small enough that
/// memory stays flat.
const CHUNK_ROWS: usize = 20_000;

/// How big a snapshot to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About a dozen providers, three days of realistic traffic.
    Demo,
    /// The benchmark's size: 1,000 providers, 3 endpoints each, 5 keys per endpoint, 20 models per provider,
    /// 2,000,000 request candidates over 72 h.
    Large,
    /// A busy gateway's shape: one provider whose 3 endpoints carry 6,000,000 request candidates
    /// over 72 h ([`BUSY_PROVIDER_ID`]), and 200 quiet providers shaped as the large ones.
    Busy,
}

impl Scale {
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Demo => "demo",
            Scale::Large => "large",
            Scale::Busy => "busy",
        }
    }
}

/// Where a running generation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Providers, endpoints, keys and models.
    Catalog,
    /// Request candidates; `done` / `total` count simulated minutes.
    Traffic,
    /// Metadata written, file closed.
    Done,
}

/// A progress report: `done` of `total` units of the current stage, and the candidates written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
    pub candidates_written: u64,
}

/// The snapshot's fixed "now": every generated time is relative to it, never to the wall clock.
pub fn taken_at() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("a valid fixed date")
}

/// Which database the demo becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoTarget {
    pub generation: Generation,
    pub engine: DemoEngine,
}

/// The kind of file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoEngine {
    /// A snapshot file of this project (RFC 3339 times, snapshot metadata).
    Snapshot,
    /// The Rust gateway's own SQLite layout (unix times, no metadata), as a gateway writes it.
    GatewaySqlite,
}

impl DemoTarget {
    /// A snapshot of Aether ≤ v0.2.
    pub const LEGACY: Self = Self {
        generation: Generation::Legacy,
        engine: DemoEngine::Snapshot,
    };
}

/// The Rust gateway's SQLite schema, as its migrations create it.
const GATEWAY_SQLITE_SCHEMA: &str = include_str!("../../tests/fixtures/rust_sqlite_schema.sql");

/// Writes a new legacy snapshot file at `path`; the same `seed` gives the same rows in every
/// table.
pub async fn generate(path: &Path, scale: Scale, seed: u64) -> Result<()> {
    generate_with_progress(path, scale, seed, |_| {}).await
}

/// [`generate`], calling `report` as the stages advance (the CLI draws a bar, the desktop app
/// emits events). Refuses an existing `path`; on failure the partial file is removed.
pub async fn generate_with_progress(
    path: &Path,
    scale: Scale,
    seed: u64,
    report: impl FnMut(Progress) + Send,
) -> Result<()> {
    generate_as(path, scale, seed, DemoTarget::LEGACY, report).await
}

/// [`generate_with_progress`] written as `target` stores it.
pub async fn generate_as(
    path: &Path,
    scale: Scale,
    seed: u64,
    target: DemoTarget,
    mut report: impl FnMut(Progress) + Send,
) -> Result<()> {
    if target.engine == DemoEngine::GatewaySqlite && target.generation != Generation::Rust {
        return Err(crate::error::Error::invalid(
            "engine",
            crate::error::FieldCode::Unsupported,
            "only the Rust gateway keeps its data in its own SQLite file; use --generation rust",
        ));
    }
    let pool = match target.engine {
        DemoEngine::Snapshot => {
            let optional = generations::optional_columns(target.generation);
            create_snapshot_file_with(path, target.generation, &optional).await?
        }
        DemoEngine::GatewaySqlite => create_gateway_file(path).await?,
    };
    let result = fill(path, &pool, scale, seed, target, &mut report).await;
    pool.close().await;
    if result.is_err() {
        // A half-written snapshot would open fine and mislead; better no file at all.
        let _ = std::fs::remove_file(path);
    }
    result
}

/// A new file with the Rust gateway's SQLite schema. Refuses an existing file.
async fn create_gateway_file(path: &Path) -> Result<SqlitePool> {
    if path.exists() {
        return Err(crate::error::Error::invalid(
            "out",
            crate::error::FieldCode::FileExists,
            format!(
                "{} already exists; choose another file or remove it",
                path.display()
            ),
        ));
    }
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    sqlx::raw_sql(GATEWAY_SQLITE_SCHEMA).execute(&pool).await?;
    Ok(pool)
}

async fn fill(
    path: &Path,
    pool: &SqlitePool,
    scale: Scale,
    seed: u64,
    demo: DemoTarget,
    report: &mut (impl FnMut(Progress) + Send),
) -> Result<()> {
    // A new file that is removed on any failure needs no rollback journal; a bigger page cache
    // than SQLite's 2 MB default speeds up building the indexes at the end.
    for pragma in ["PRAGMA journal_mode = OFF", "PRAGMA cache_size = -65536"] {
        sqlx::query(pragma).execute(pool).await?;
    }
    let target = Pool::Sqlite(pool.clone());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let anchor = taken_at();

    report(Progress {
        stage: Stage::Catalog,
        done: 0,
        total: 1,
        candidates_written: 0,
    });
    let (mut catalog, mut traffic) = match scale {
        Scale::Demo => {
            let demo = catalog::demo(&mut rng, anchor);
            let traffic = traffic::Traffic::Demo(traffic::DemoTraffic::new(&demo, anchor));
            (demo.rows, traffic)
        }
        Scale::Large => {
            let rows = large::catalog(&mut rng, anchor);
            let traffic = traffic::Traffic::Large(large::LargeTraffic::new(&rows, anchor));
            (rows, traffic)
        }
        Scale::Busy => {
            let rows = large::busy_catalog(&mut rng, anchor);
            let traffic = traffic::Traffic::Large(large::LargeTraffic::busy(&rows, anchor));
            (rows, traffic)
        }
    };
    let conversion = Conversion::apply(demo.generation, &mut catalog, anchor);
    let rows_target = match demo.engine {
        DemoEngine::Snapshot => Target::snapshot(demo.generation),
        DemoEngine::GatewaySqlite => Target::aether(demo.generation, Dialect::Sqlite),
    };
    insert(&target, rows_target, Rows::Providers(&catalog.providers)).await?;
    insert(&target, rows_target, Rows::Endpoints(&catalog.endpoints)).await?;
    insert(&target, rows_target, Rows::Keys(&catalog.keys)).await?;
    insert(&target, rows_target, Rows::Models(&catalog.models)).await?;

    // The candidates' indexes are built once over the sorted rows (`db::SuspendedIndexes`).
    let indexes = SuspendedIndexes::suspend_in_file(path, "request_candidates").await?;

    let total = u64::from(TRAFFIC_MINUTES);
    let mut buffer: Vec<CandidateRow> = Vec::with_capacity(CHUNK_ROWS + 1_000);
    let mut written = 0u64;
    for minute in 0..TRAFFIC_MINUTES {
        traffic.minute(minute, &mut rng, &mut buffer);
        if buffer.len() >= CHUNK_ROWS || minute + 1 == TRAFFIC_MINUTES {
            conversion.candidates(&mut buffer);
            insert(&target, rows_target, Rows::Candidates(&buffer)).await?;
            written += buffer.len() as u64;
            buffer.clear();
            report(Progress {
                stage: Stage::Traffic,
                done: u64::from(minute) + 1,
                total,
                candidates_written: written,
            });
        }
    }

    indexes.restore_in_file(path).await?;

    let row_counts = BTreeMap::from([
        ("providers".to_owned(), count(catalog.providers.len())),
        (
            "provider_endpoints".to_owned(),
            count(catalog.endpoints.len()),
        ),
        ("provider_api_keys".to_owned(), count(catalog.keys.len())),
        ("models".to_owned(), count(catalog.models.len())),
        ("request_candidates".to_owned(), written),
    ]);
    let meta = SnapshotMeta {
        taken_at: anchor,
        source: format!("demo generator, seed {seed}, scale {}", scale.as_str()),
        aether_schema_version: None,
        since_window: Some(format!("{}h", TRAFFIC_MINUTES / 60)),
        providers: None,
        row_counts,
        generation: demo.generation,
    };
    if demo.engine == DemoEngine::Snapshot {
        crate::health::rollup::write_rollups(pool).await?;
        crate::fleet::columns::write_from_rows(
            pool,
            crate::dataset::Target::snapshot(demo.generation).layout,
            crate::health::rollup::ROLLUP_MIN_EVENTS,
        )
        .await?;
        write_snapshot_meta(pool, &meta).await?;
    }
    // The planner picks the (endpoint_id, created_at) index reliably once it has statistics.
    sqlx::query("ANALYZE").execute(pool).await?;
    report(Progress {
        stage: Stage::Done,
        done: total,
        total,
        candidates_written: written,
    });
    Ok(())
}

/// A length as a count: `usize` is at most 64 bits on every target Rust supports, so this is
/// lossless.
fn count(n: usize) -> u64 {
    n as u64
}

#[cfg(test)]
mod tests;
