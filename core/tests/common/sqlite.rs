//! The one SQLite-specific helper: a dataset in a real snapshot file.

use aether_review_core::dataset::Dataset;
use aether_review_core::db::{self, Database, Pool};
use aether_review_core::layout::Generation;
use tempfile::TempDir;

/// Writes `ds` into a new snapshot file (project schema, no snapshot metadata), closes the loading
/// pool and opens the file the way the app does. Keep the directory alive while using `db`.
pub async fn load_sqlite(ds: &Dataset) -> (TempDir, Database) {
    load_sqlite_as(ds, false).await
}

/// [`load_sqlite`], with the health monitor's rollups written as a snapshot's are, for every
/// endpoint however few its rows.
pub async fn load_sqlite_with_rollups(ds: &Dataset) -> (TempDir, Database) {
    load_sqlite_as(ds, true).await
}

/// [`load_sqlite`], with rollups for every endpoint with at least `rolled_from` rows and the
/// fleet's packed columns for every other, as a snapshot's are (with its own threshold).
pub async fn load_sqlite_packed(ds: &Dataset, rolled_from: i64) -> (TempDir, Database) {
    load_sqlite_with(ds, Some(rolled_from)).await
}

async fn load_sqlite_as(ds: &Dataset, rollups: bool) -> (TempDir, Database) {
    load_sqlite_with(ds, rollups.then_some(1)).await
}

async fn load_sqlite_with(ds: &Dataset, rolled_from: Option<i64>) -> (TempDir, Database) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("snapshot.sqlite");
    let pool = db::create_snapshot_file(&path, Generation::Legacy)
        .await
        .expect("a new snapshot file");
    ds.insert_into(&Pool::Sqlite(pool.clone()))
        .await
        .expect("the dataset loads");
    if let Some(min) = rolled_from {
        aether_review_core::health::rollup::write_rollups_of(&pool, min)
            .await
            .expect("the rollups are written");
        let layout = aether_review_core::dataset::Target::snapshot(Generation::Legacy).layout;
        aether_review_core::fleet::columns::write_from_rows(&pool, layout, min)
            .await
            .expect("the packed columns are written");
    }
    pool.close().await;
    let db = db::open(path.to_str().unwrap(), false)
        .await
        .expect("the snapshot opens");
    (dir, db)
}
