//! Snapshots of the Rust gateway's own SQLite file, which is left exactly as it was.

use super::*;

fn as_of() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

/// A Rust gateway's SQLite file at `dir/aether.db` in rollback-journal mode holding
/// [`dataset`], secrets not yet planted.
async fn gateway_file(dir: &Path) -> PathBuf {
    let path = dir.join("aether.db");
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Delete);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::raw_sql(RUST_SQLITE_SCHEMA)
        .execute(&pool)
        .await
        .unwrap();
    dataset(as_of(), Generation::Rust)
        .insert_as(
            &Pool::Sqlite(pool.clone()),
            Target::aether(Generation::Rust, Dialect::Sqlite),
        )
        .await
        .unwrap();
    pool.close().await;
    path
}

/// Plants the secrets through `conn` (all eleven columns exist in the gateway's file).
fn plant_in_file(conn: &rusqlite::Connection) {
    conn.execute_batch(&plant_secrets(&SECRETS).join(";\n"))
        .unwrap();
}

/// Bytes of the file and its side files, its journal mode as the header says, and the folder.
#[derive(Debug, PartialEq)]
struct FileState {
    files: Vec<(String, Vec<u8>)>,
    wal_header: bool,
    listing: Vec<String>,
}

fn file_state(path: &Path) -> FileState {
    let dir = path.parent().unwrap();
    let listing = listing(dir);
    // The `-shm` is shared memory that every reader updates; it is not the database.
    let files = listing
        .iter()
        .filter(|name| !name.ends_with("-shm"))
        .map(|name| (name.clone(), std::fs::read(dir.join(name)).unwrap()))
        .collect();
    let header = std::fs::read(path).unwrap();
    FileState {
        files,
        wal_header: header[18] == 2 && header[19] == 2,
        listing,
    }
}

/// Snapshots the gateway file at `gateway` into `out_dir` and checks everything against the
/// live file; returns the report.
async fn snapshot_of_file(gateway: &Path, out_dir: &Path) -> SnapshotReport {
    let before = file_state(gateway);
    let planted = before.files.iter().any(|(_, bytes)| {
        let lower = bytes.to_ascii_lowercase();
        lower
            .windows(PLANTED.len())
            .any(|w| w == PLANTED.as_bytes())
    });
    assert!(planted, "the secrets are in the gateway's file or its -wal");
    let out = out_dir.join("snap.db");
    let report = snapshot(&request(gateway.to_str().unwrap(), &out)).await;
    assert_eq!(
        file_state(gateway),
        before,
        "the gateway's file changed while a snapshot was taken"
    );
    assert_eq!(report.taken_at_basis, TakenAtBasis::NewestEvent);
    // The newest event, in the gateway's millisecond precision.
    assert_eq!(report.taken_at, as_of());
    assert_eq!(report.row_counts["request_candidates"], 240);

    let live = open(gateway.to_str().unwrap(), true).await.unwrap();
    assert_eq!(live.generation(), Generation::Rust);
    assert_eq!(live.layout().encoding, TimeEncoding::UnixEpoch);
    assert_eq!(live.info().as_of, Some(report.taken_at));
    assert_snapshot_matches(&out, &live, Generation::Rust, &report, as_of()).await;
    live.close().await;
    report
}

#[tokio::test]
async fn gateway_file_snapshot_reads_as_the_file_and_leaves_it_untouched() {
    let dir = TempDir::new().unwrap();
    let out_dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    plant_in_file(&rusqlite::Connection::open(&gateway).unwrap());
    assert!(!file_state(&gateway).wal_header);
    snapshot_of_file(&gateway, out_dir.path()).await;
    assert_eq!(listing(dir.path()), ["aether.db"]);
}

#[tokio::test]
async fn gateway_file_held_open_in_wal_mode_is_read_through_its_wal_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let out_dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    // The gateway's own connection: WAL mode, the secrets written after the switch (so they live
    // only in the -wal), held open throughout.
    let gateway_conn = rusqlite::Connection::open(&gateway).unwrap();
    let mode: String = gateway_conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    gateway_conn
        .pragma_update(None, "wal_autocheckpoint", 0)
        .unwrap();
    plant_in_file(&gateway_conn);
    assert!(file_state(&gateway).wal_header);
    assert_eq!(
        listing(dir.path()),
        ["aether.db", "aether.db-shm", "aether.db-wal"]
    );

    snapshot_of_file(&gateway, out_dir.path()).await;
    drop(gateway_conn);
}

#[tokio::test]
async fn a_gateway_writing_during_the_copy_is_not_seen_half_way() {
    let dir = TempDir::new().unwrap();
    let out_dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    let gateway_conn = rusqlite::Connection::open(&gateway).unwrap();
    gateway_conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
        .unwrap();
    // A running gateway has written since it opened the file: its -wal is there.
    plant_in_file(&gateway_conn);
    assert!(dir.path().join("aether.db-wal").exists());
    // The progress callback may be called from any thread.
    let gateway_conn = std::sync::Mutex::new(gateway_conn);
    // Once the providers are copied, the gateway records a newer attempt and a new provider.
    let wrote = AtomicBool::new(false);
    let on_progress = |p: &SnapshotProgress| {
        if p.table == "providers" && p.stage == SnapshotStage::Done {
            gateway_conn
                .lock()
                .unwrap()
                .execute_batch(&format!(
                    "INSERT INTO providers (id, name, provider_type, created_at, updated_at) \
                     VALUES ('late', 'Late', 'custom', 0, 0); \
                     INSERT INTO request_candidates (id, request_id, candidate_index, status, \
                     provider_id, endpoint_id, created_at) \
                     VALUES ('late-1', 'late', 0, 'success', 'a', 'ep-a-0', {})",
                    (as_of() + Duration::hours(1)).timestamp_millis()
                ))
                .unwrap();
            wrote.store(true, Ordering::Relaxed);
        }
    };
    let out = out_dir.path().join("snap.db");
    let report = take_snapshot(
        &request(gateway.to_str().unwrap(), &out),
        &on_progress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap();
    assert!(wrote.load(Ordering::Relaxed));
    assert_eq!(report.taken_at, as_of());
    assert_eq!(report.row_counts["providers"], 3);
    assert_eq!(report.row_counts["request_candidates"], 240);
    let snap = open(out.to_str().unwrap(), true).await.unwrap();
    assert_eq!(list_provider_summaries(&snap).await.unwrap().len(), 3);
    snap.close().await;
}

#[tokio::test]
async fn cancelled_copy_of_a_gateway_file_leaves_no_file_and_the_source_as_it_was() {
    let dir = TempDir::new().unwrap();
    let out_dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    let before = file_state(&gateway);
    let cancel = AtomicBool::new(false);
    let on_progress = |p: &SnapshotProgress| {
        if p.table == "request_candidates" {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let out = out_dir.path().join("cancelled.db");
    let err = take_snapshot(
        &request(gateway.to_str().unwrap(), &out),
        &on_progress,
        &cancel,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err:?}");
    assert_eq!(listing(out_dir.path()), Vec::<String>::new());
    assert_eq!(file_state(&gateway), before);
}

#[tokio::test]
async fn a_snapshot_of_our_own_is_refused_as_a_source() {
    let dir = TempDir::new().unwrap();
    let gateway = gateway_file(dir.path()).await;
    let first = dir.path().join("first.db");
    snapshot(&request(gateway.to_str().unwrap(), &first)).await;
    let err = take_snapshot(
        &request(first.to_str().unwrap(), &dir.path().join("second.db")),
        &|_| {},
        &AtomicBool::new(false),
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), "Validation", "{err:?}");
    assert_eq!(listing(dir.path()), ["aether.db", "first.db"]);
}
