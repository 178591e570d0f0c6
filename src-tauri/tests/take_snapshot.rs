//! `take_snapshot` through Tauri's IPC against a real PostgreSQL with Aether's schema: progress
//! arrives as `snapshot-progress` events and the new file is opened as `open_database` would.
//!
//! Needs the PostgreSQL test server; skipped without it unless `AETHER_REVIEW_REQUIRE_PG=1` (the
//! rule and the database guard are core's test helper `pg_support`, included below).

mod common;
#[path = "../../core/tests/pg_support/mod.rs"]
mod pg_support;

use std::sync::{Arc, Mutex};

use common::{dataset, TestApp};
use pg_support::PgTestDb;
use serde_json::{json, Value};
use tauri::Listener;

#[test]
fn take_snapshot_reports_progress_and_opens_the_new_file() {
    let dataset = dataset();
    let Some(pg) =
        tauri::async_runtime::block_on(PgTestDb::with_dataset("desktop_snapshot", &dataset))
    else {
        return;
    };
    let url = pg.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("taken.db");
    let app = TestApp::new();
    let events: Arc<Mutex<Vec<Value>>> = Arc::default();
    let seen = Arc::clone(&events);
    app.app.listen_any("snapshot-progress", move |event| {
        seen.lock()
            .unwrap()
            .push(serde_json::from_str(event.payload()).unwrap());
    });

    let request = json!({"from": url, "out": out.to_str().unwrap(), "since": "all"});
    let info = app
        .invoke(
            "take_snapshot",
            json!({"request": request, "readOnly": true}),
        )
        .expect("the snapshot is taken");

    assert_eq!(info["location"], out.to_str().unwrap());
    assert_eq!(info["read_only"], true);
    assert_eq!(info["row_counts"]["providers"], 2);
    assert_eq!(info["row_counts"]["request_candidates"], 60);
    assert_eq!(app.invoke("current_database", json!({})).unwrap(), info);
    let recent = app.invoke("recent_databases", json!({})).unwrap();
    assert_eq!(recent[0]["location"], out.to_str().unwrap());

    let events = events.lock().unwrap();
    let candidates_done = events
        .iter()
        .any(|e| e["table"] == "request_candidates" && e["stage"] == "done" && e["copied"] == 60);
    assert!(candidates_done, "{events:?}");
}
