//! `take_snapshot` through Tauri's IPC against a real PostgreSQL with Aether's schema: progress
//! arrives as `snapshot-progress` events and the new file is opened as `open_database` would.
//!
//! Needs `AETHER_REVIEW_TEST_PG` (see `scripts/pg-test-server.sh`); skipped without it unless
//! `AETHER_REVIEW_REQUIRE_PG=1`.

mod common;

use std::sync::{Arc, Mutex};

use aether_review_core::db::Pool;
use common::{dataset, TestApp};
use serde_json::{json, Value};
use sqlx::Executor;
use tauri::Listener;

const AETHER_SCHEMA: &str = include_str!("../../core/tests/fixtures/aether_pg_schema.sql");

/// A fresh database holding the fixture dataset: (admin URL, its name, its URL), or `None` when
/// PostgreSQL is skipped.
fn live_database() -> Option<(String, String, String)> {
    let admin_url = match std::env::var("AETHER_REVIEW_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => url.trim().to_owned(),
        _ => {
            let required = std::env::var("AETHER_REVIEW_REQUIRE_PG").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "AETHER_REVIEW_REQUIRE_PG=1 but AETHER_REVIEW_TEST_PG is unset"
            );
            eprintln!(
                "skipped: needs PostgreSQL (scripts/pg-test-server.sh, AETHER_REVIEW_TEST_PG)"
            );
            return None;
        }
    };
    // [a-z0-9_] only: a database name cannot be a bound parameter.
    let name = format!(
        "desktop_snapshot_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    tauri::async_runtime::block_on(async {
        let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        admin.close().await;
        let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        sqlx::raw_sql(AETHER_SCHEMA).execute(&pool).await.unwrap();
        dataset()
            .insert_into(&Pool::Postgres(pool.clone()))
            .await
            .unwrap();
        pool.close().await;
        Some((admin_url, name, url))
    })
}

fn drop_database(admin_url: &str, name: &str) {
    tauri::async_runtime::block_on(async {
        let admin = sqlx::PgPool::connect(admin_url).await.unwrap();
        admin
            .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
            .await
            .unwrap();
        admin.close().await;
    });
}

#[test]
fn take_snapshot_reports_progress_and_opens_the_new_file() {
    let Some((admin_url, name, url)) = live_database() else {
        return;
    };
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
    drop(events);
    drop_database(&admin_url, &name);
}
