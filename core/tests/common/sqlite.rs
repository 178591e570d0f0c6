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

async fn load_sqlite_as(ds: &Dataset, rollups: bool) -> (TempDir, Database) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("snapshot.sqlite");
    let pool = db::create_snapshot_file(&path, Generation::Legacy)
        .await
        .expect("a new snapshot file");
    ds.insert_into(&Pool::Sqlite(pool.clone()))
        .await
        .expect("the dataset loads");
    if rollups {
        aether_review_core::health::rollup::write_rollups_of(&pool, 1)
            .await
            .expect("the rollups are written");
    }
    pool.close().await;
    let db = db::open(path.to_str().unwrap(), false)
        .await
        .expect("the snapshot opens");
    (dir, db)
}
