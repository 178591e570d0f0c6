//! Snapshot files this project creates: schema from `migrations/` (one layout per generation of
//! Aether, `docs/snapshots.md`), metadata in `aether_review_snapshot`.

use std::collections::BTreeMap;
use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use super::{Database, Dialect, Ts};
use crate::error::{Error, FieldCode, Result};
use crate::layout::{Generation, OptionalColumn};
use crate::model::{SnapshotMeta, Timestamp};

/// Aether Review's own tables in a snapshot of a newer generation (the legacy migrations create
/// them for a legacy snapshot).
const REVIEW_TABLES: &str = include_str!("../../../migrations/generations/review_tables.sql");
const V03_TABLES: &str = include_str!("../../../migrations/generations/v0.3.sql");
const RUST_TABLES: &str = include_str!("../../../migrations/generations/rust.sql");
/// The health monitor's rollups (every generation; the legacy migrations include it).
const ROLLUP_TABLES: &str = include_str!("../../../migrations/0005_health_rollups.sql");
/// The fleet view's packed event columns (every generation; the legacy migrations include it).
const EVENT_COLUMN_TABLES: &str = include_str!("../../../migrations/0007_endpoint_events.sql");

/// Creates a new, empty snapshot file with the project's schema for `generation`: exactly the
/// columns [`crate::layout::columns`] lists for it, so the file opens as that generation. Refuses
/// an existing file.
///
/// A legacy snapshot keeps the migrated schema every earlier file has (`migrations/*.sql`); a
/// v0.3 or Rust gateway snapshot is created whole from `migrations/generations/`.
///
/// The pool is tuned for bulk loading (no fsync until the end); close it before opening the file
/// with [`super::open`].
pub async fn create_snapshot_file(path: &Path, generation: Generation) -> Result<SqlitePool> {
    create_snapshot_file_with(path, generation, &[]).await
}

/// [`create_snapshot_file`] with `optional` columns ([`crate::layout::OPTIONAL`]) added to their
/// tables: those the source of a snapshot has, so the file records what its source recorded and
/// a reader that checks for a column finds it exactly when the source had it.
pub async fn create_snapshot_file_with(
    path: &Path,
    generation: Generation,
    optional: &[OptionalColumn],
) -> Result<SqlitePool> {
    if path.exists() {
        return Err(Error::invalid(
            "out",
            FieldCode::FileExists,
            format!(
                "{} already exists; choose another file or remove it",
                path.display()
            ),
        ));
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Delete)
        .synchronous(SqliteSynchronous::Off);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| {
            Error::unreachable(
                crate::error::UnreachableCause::FileUnreadable,
                format!("cannot create {}: {e}", path.display()),
            )
        })?;
    let failed = |e: &dyn std::fmt::Display| Error::Database {
        message: format!("creating the snapshot schema failed: {e}"),
    };
    let added: String = optional
        .iter()
        .map(|(table, column, ty)| format!("ALTER TABLE {table} ADD COLUMN {column} {ty};\n"))
        .collect();
    let tables = match generation {
        Generation::Legacy => {
            sqlx::migrate!("../migrations")
                .run(&pool)
                .await
                .map_err(|e| failed(&e))?;
            if !added.is_empty() {
                sqlx::raw_sql(&format!("BEGIN;\n{added}COMMIT;"))
                    .execute(&pool)
                    .await
                    .map_err(|e| failed(&e))?;
            }
            return Ok(pool);
        }
        Generation::V03 => V03_TABLES,
        Generation::Rust => RUST_TABLES,
    };
    // One script in one transaction: a file is never left with half a schema.
    let script = format!(
        "BEGIN;
{tables}
{added}{REVIEW_TABLES}
{ROLLUP_TABLES}
{EVENT_COLUMN_TABLES}
COMMIT;"
    );
    sqlx::raw_sql(&script)
        .execute(&pool)
        .await
        .map_err(|e| failed(&e))?;
    Ok(pool)
}

/// Writes (or replaces) the snapshot's metadata row.
pub async fn write_snapshot_meta(pool: &SqlitePool, meta: &SnapshotMeta) -> Result<()> {
    let counts = serde_json::to_string(&meta.row_counts).expect("a map of counts serializes");
    let providers = meta
        .providers
        .as_ref()
        .map(|ids| serde_json::to_string(ids).expect("a list of ids serializes"));
    sqlx::query(
        "INSERT OR REPLACE INTO aether_review_snapshot \
         (id, taken_at, source, aether_schema_version, since_window, row_counts, generator, \
          generation, providers) \
         VALUES (1, $1, $2, $3, $4, $5, 'aether-review', $6, $7)",
    )
    .bind(Ts(meta.taken_at))
    .bind(&meta.source)
    .bind(&meta.aether_schema_version)
    .bind(&meta.since_window)
    .bind(counts)
    .bind(meta.generation.as_str())
    .bind(providers)
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MetaRow {
    taken_at: Timestamp,
    source: String,
    aether_schema_version: Option<String>,
    since_window: Option<String>,
    row_counts: String,
    generation: Option<String>,
    providers: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Exists {
    n: i64,
}

/// The metadata of a snapshot made by this project, `None` for any other SQLite file.
pub(crate) async fn read_snapshot_meta(db: &Database) -> Result<Option<SnapshotMeta>> {
    if db.dialect() != Dialect::Sqlite {
        return Ok(None);
    }
    let exists = crate::fetch!(
        db,
        fetch_one,
        Exists,
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'aether_review_snapshot'"
    )?;
    if exists.n == 0 {
        return Ok(None);
    }
    // Files made before the generation was recorded lack the column: they are all legacy.
    // Files made before the provider filter was recorded lack that one: read as unrecorded.
    let present = crate::layout::table_columns(db, "aether_review_snapshot").await?;
    let column_or_null = |name: &str| {
        if present.contains(name) {
            name.to_owned()
        } else {
            format!("CAST(NULL AS TEXT) AS {name}")
        }
    };
    let (generation, providers) = (column_or_null("generation"), column_or_null("providers"));
    let row = crate::fetch!(
        db,
        fetch_optional,
        MetaRow,
        format!(
            "SELECT taken_at, source, aether_schema_version, since_window, row_counts, \
             {generation}, {providers} FROM aether_review_snapshot WHERE id = 1"
        )
    )?;
    Ok(row.map(|r| SnapshotMeta {
        taken_at: r.taken_at,
        source: r.source,
        aether_schema_version: r.aether_schema_version,
        since_window: r.since_window,
        providers: r
            .providers
            .as_deref()
            .and_then(|text| serde_json::from_str::<Vec<String>>(text).ok()),
        row_counts: serde_json::from_str::<BTreeMap<String, u64>>(&r.row_counts)
            .unwrap_or_default(),
        generation: r
            .generation
            .as_deref()
            .and_then(Generation::parse)
            .unwrap_or(Generation::Legacy),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{columns, TimeEncoding, PRESENCE_ONLY};

    /// `table.column` of the five tables as the file declares them, in declaration order.
    async fn declared(pool: &SqlitePool, generation: Generation) -> Vec<String> {
        let mut all = Vec::new();
        for (table, _) in columns(generation) {
            let names: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                    .bind(table)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            all.extend(names.into_iter().map(|(c,)| format!("{table}.{c}")));
        }
        all
    }

    #[tokio::test]
    async fn each_generation_gets_exactly_its_columns_and_opens_as_itself() {
        let dir = tempfile::tempdir().unwrap();
        for generation in Generation::ALL {
            let path = dir.path().join(format!("{generation}.db"));
            let pool = create_snapshot_file(&path, generation).await.unwrap();
            let mut expected: Vec<String> = columns(generation)
                .iter()
                .flat_map(|(t, cols)| cols.iter().map(move |c| format!("{t}.{c}")))
                .collect();
            for (_, table, column) in PRESENCE_ONLY.iter().filter(|(g, _, _)| *g == generation) {
                let at = expected
                    .iter()
                    .rposition(|c| c.starts_with(&format!("{table}.")))
                    .unwrap();
                expected.insert(at + 1, format!("{table}.{column}"));
            }
            assert_eq!(declared(&pool, generation).await, expected, "{generation}");
            let meta = SnapshotMeta {
                taken_at: crate::db::parse_ts("2026-11-20T10:00:00Z").unwrap(),
                source: "test".into(),
                aether_schema_version: None,
                since_window: None,
                providers: Some(vec!["p-1".into(), "p-2".into()]),
                row_counts: BTreeMap::new(),
                generation,
            };
            write_snapshot_meta(&pool, &meta).await.unwrap();
            pool.close().await;

            let db = crate::db::open(path.to_str().unwrap(), true).await.unwrap();
            assert_eq!(db.generation(), generation);
            assert_eq!(db.layout().encoding, TimeEncoding::Rfc3339Text);
            assert_eq!(db.info().snapshot.as_ref(), Some(&meta));
            db.close().await;
        }
    }

    #[tokio::test]
    async fn a_file_from_before_generations_were_recorded_is_legacy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let pool = create_snapshot_file(&path, Generation::Legacy)
            .await
            .unwrap();
        // What the first migration alone left.
        sqlx::raw_sql(
            "ALTER TABLE aether_review_snapshot DROP COLUMN generation; \
             INSERT INTO aether_review_snapshot (id, taken_at, source) \
             VALUES (1, '2026-11-20T10:00:00.000000Z', 'old')",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
        let db = crate::db::open(path.to_str().unwrap(), true).await.unwrap();
        let meta = db.info().snapshot.clone().unwrap();
        assert_eq!(
            (meta.source.as_str(), meta.generation),
            ("old", Generation::Legacy)
        );
        db.close().await;
    }
}
