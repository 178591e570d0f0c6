//! The one SQLite-specific helper: a dataset in a real snapshot file.

use aether_review_core::dataset::Dataset;
use aether_review_core::db::{self, Database, Pool};
use aether_review_core::layout::Generation;
use tempfile::TempDir;

/// Writes `ds` into a new snapshot file (project schema, no snapshot metadata), closes the loading
/// pool and opens the file the way the app does. Keep the directory alive while using `db`.
pub async fn load_sqlite(ds: &Dataset) -> (TempDir, Database) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("snapshot.sqlite");
    let pool = db::create_snapshot_file(&path, Generation::Legacy)
        .await
        .expect("a new snapshot file");
    ds.insert_into(&Pool::Sqlite(pool.clone()))
        .await
        .expect("the dataset loads");
    pool.close().await;
    let db = db::open(path.to_str().unwrap(), false)
        .await
        .expect("the snapshot opens");
    (dir, db)
}
