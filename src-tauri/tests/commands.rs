//! Every command through Tauri's IPC (mock runtime, real handlers, real SQLite snapshot) gives
//! exactly the core's answer, and errors arrive as the core's `Error` with the right `kind`.

mod common;

use aether_review_core::model::{FleetQuery, HealthQuery};
use common::{core, snapshot, t0, TestApp};
use serde_json::{json, Value};

fn kind(err: &Value) -> &str {
    err["kind"]
        .as_str()
        .unwrap_or_else(|| panic!("not a typed error: {err}"))
}

/// The fields a `Validation` error names.
fn invalid_fields(err: &Value) -> Vec<&str> {
    assert_eq!(kind(err), "Validation", "{err}");
    err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect()
}

#[test]
fn data_commands_before_any_open_say_no_database_is_open() {
    let app = TestApp::new();
    for (cmd, args) in [
        ("list_provider_summaries", json!({})),
        ("get_provider_summary", json!({"providerId": "p1"})),
        (
            "get_provider_health_monitor",
            json!({"providerId": "p1", "query": {}}),
        ),
        (
            "update_provider_settings",
            json!({"providerId": "p1", "patch": {}, "expectedUpdatedAt": null}),
        ),
        ("change_log", json!({"providerId": null})),
    ] {
        let err = app.invoke(cmd, args).unwrap_err();
        assert_eq!(kind(&err), "NoDatabase", "{cmd}");
    }
    assert_eq!(app.invoke("current_database", json!({})), Ok(Value::Null));
}

#[test]
fn list_provider_summaries_equals_the_core() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    app.open(&path, true);
    let got = app.invoke("list_provider_summaries", json!({})).unwrap();
    let want = core(&path, |db| async move {
        aether_review_core::list_provider_summaries(&db).await
    });
    assert_eq!(got, want);
    assert_eq!(got.as_array().unwrap().len(), 2);
}

#[test]
fn get_provider_summary_equals_the_core_and_reports_unknown_ids_as_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    app.open(&path, true);
    let got = app
        .invoke("get_provider_summary", json!({"providerId": "p1"}))
        .unwrap();
    let want = core(&path, |db| async move {
        aether_review_core::get_provider_summary(&db, "p1").await
    });
    assert_eq!(got, want);
    assert_eq!(got["id"], "p1");

    let err = app
        .invoke("get_provider_summary", json!({"providerId": "nope"}))
        .unwrap_err();
    assert_eq!(kind(&err), "NotFound");
    assert_eq!(err["id"], "nope");
}

#[test]
fn health_monitor_equals_the_core() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    app.open(&path, true);
    let query = HealthQuery {
        lookback_hours: Some(3),
        per_endpoint_limit: Some(10),
        as_of: Some(t0()),
        buckets: Some(12),
    };
    let got = app
        .invoke(
            "get_provider_health_monitor",
            json!({"providerId": "p1", "query": query}),
        )
        .unwrap();
    let want = core(&path, |db| async move {
        aether_review_core::get_provider_health_monitor(&db, "p1", &query).await
    });
    assert_eq!(got, want);
    assert_eq!(got["endpoints"].as_array().unwrap().len(), 2);
}

#[test]
fn the_fleet_comes_without_its_strips_and_serves_them_by_rank_as_the_core_computes_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    app.open(&path, true);
    let query = FleetQuery {
        lookback_hours: Some(3),
        as_of: None,
        buckets: Some(12),
        filters: Default::default(),
    };
    let got = app
        .invoke("get_fleet_health", json!({ "query": query }))
        .unwrap();
    let asked = query.clone();
    let mut want = core(&path, |db| async move {
        aether_review_core::get_fleet_health(&db, &asked).await
    });
    let endpoints = want["endpoints"].as_array_mut().unwrap();
    let strips: Vec<Value> = endpoints.iter_mut().map(|e| e["strip"].take()).collect();
    assert!(strips.len() >= 2 && strips.iter().all(Value::is_object));
    assert_eq!(got, want, "the rows, their strips left out");

    // The list asks with the answer's as-of pinned: the kept strips, by rank.
    let pinned = FleetQuery {
        as_of: Some(serde_json::from_value(got["generated_at"].clone()).unwrap()),
        ..query.clone()
    };
    let page = |query: &FleetQuery, first_rank: u32, count: u32| {
        app.invoke(
            "get_fleet_strips",
            json!({ "query": query, "firstRank": first_rank, "count": count }),
        )
    };
    let second = page(&pinned, 2, 50).unwrap();
    assert_eq!(second["first_rank"], 2);
    assert_eq!(second["strips"].as_array().unwrap(), &strips[1..]);
    // Another window is read again; bad ranks are a validation error.
    let other = FleetQuery {
        buckets: Some(10),
        ..pinned.clone()
    };
    let first = page(&other, 1, 1).unwrap();
    assert_eq!(first["strips"][0]["levels"].as_array().unwrap().len(), 10);
    assert_eq!(kind(&page(&pinned, 0, 5).unwrap_err()), "Validation");
    assert_eq!(
        invalid_fields(&page(&pinned, 1, 501).unwrap_err()),
        ["count"]
    );
}

#[test]
fn update_returns_the_fresh_summary_and_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    app.open(&path, false);
    let got = app
        .invoke(
            "update_provider_settings",
            json!({"providerId": "p2", "patch": {"display_name": "Renamed", "website": null}, "expectedUpdatedAt": null}),
        )
        .unwrap();
    assert_eq!(got["display_name"], "Renamed");
    let stored = core(&path, |db| async move {
        aether_review_core::get_provider_summary(&db, "p2").await
    });
    assert_eq!(got, stored);

    let log = app
        .invoke("change_log", json!({"providerId": "p2"}))
        .unwrap();
    let want = core(&path, |db| async move {
        aether_review_core::change_log(&db, Some("p2")).await
    });
    assert_eq!(log, want);
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["field"] == "display_name"));
    let all = app
        .invoke("change_log", json!({"providerId": null}))
        .unwrap();
    assert_eq!(
        all,
        core(&path, |db| async move {
            aether_review_core::change_log(&db, None).await
        })
    );
}

#[test]
fn a_database_without_a_change_log_table_is_logged_in_the_app_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    // What a database made elsewhere looks like: no change-log table of ours.
    tauri::async_runtime::block_on(async {
        let db = aether_review_core::open(path.to_str().unwrap(), false)
            .await
            .unwrap();
        aether_review_core::fetch!(
            &db,
            fetch_optional,
            (i64,),
            "DROP TABLE aether_review_change_log"
        )
        .unwrap();
        db.close().await;
    });
    let app = TestApp::new();
    app.open(&path, false);
    app.invoke(
        "update_provider_settings",
        json!({"providerId": "p1", "patch": {"rpm_limit": 9}, "expectedUpdatedAt": null}),
    )
    .unwrap();
    let log = app
        .invoke("change_log", json!({"providerId": "p1"}))
        .unwrap();
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["field"], "rpm_limit");
    assert!(entries[0]["save_id"].is_string());
    let local = app
        .data_dir
        .path()
        .join(aether_review_core::update::LOCAL_CHANGE_LOG_FILE);
    assert!(local.is_file(), "the log is in the app data directory");
}

#[test]
fn invalid_patches_report_every_bad_field_as_validation() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    app.open(&path, false);
    let err = app
        .invoke(
            "update_provider_settings",
            json!({"providerId": "p1", "patch": {"rpm_limit": -5, "quota_reset_day": 40}, "expectedUpdatedAt": null}),
        )
        .unwrap_err();
    assert_eq!(kind(&err), "Validation");
    let fields = invalid_fields(&err);
    assert!(
        fields.contains(&"rpm_limit") && fields.contains(&"quota_reset_day"),
        "{err}"
    );
}

#[test]
fn updates_on_a_read_only_database_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    app.open(&path, true);
    let err = app
        .invoke(
            "update_provider_settings",
            json!({"providerId": "p1", "patch": {"display_name": "x"}, "expectedUpdatedAt": null}),
        )
        .unwrap_err();
    assert_eq!(kind(&err), "ReadOnly");
}

#[test]
fn open_database_reports_what_is_open_and_remembers_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    let info = app.open(&path, true);
    assert_eq!(info["display_name"], "fixture.db");
    assert_eq!(info["read_only"], true);
    assert_eq!(info["row_counts"]["providers"], 2);
    assert_eq!(app.invoke("current_database", json!({})).unwrap(), info);

    let recent = app.invoke("recent_databases", json!({})).unwrap();
    assert_eq!(recent[0]["location"], path.to_str().unwrap());
    assert_eq!(recent[0]["read_only"], true);
    assert_eq!(recent[0]["kind"], "sqlite");
}

#[test]
fn a_failed_open_keeps_the_previous_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    let info = app.open(&path, true);

    let missing = dir.path().join("missing.db");
    let err = app
        .invoke(
            "open_database",
            json!({"location": missing.to_str().unwrap(), "readOnly": false}),
        )
        .unwrap_err();
    assert_eq!(kind(&err), "Unreachable");

    let not_aether = dir.path().join("other.db");
    std::fs::write(&not_aether, b"").unwrap();
    let err = app
        .invoke(
            "open_database",
            json!({"location": not_aether.to_str().unwrap(), "readOnly": true}),
        )
        .unwrap_err();
    assert_eq!(kind(&err), "SchemaMismatch", "{err}");

    assert_eq!(app.invoke("current_database", json!({})).unwrap(), info);
    assert!(app.invoke("list_provider_summaries", json!({})).is_ok());
}

#[test]
fn switching_databases_serves_the_new_one() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let a = snapshot(first.path());
    let b = snapshot(second.path());
    let app = TestApp::new();
    app.open(&a, false);
    app.invoke(
        "update_provider_settings",
        json!({"providerId": "p1", "patch": {"display_name": "Only in A"}, "expectedUpdatedAt": null}),
    )
    .unwrap();
    app.open(&b, true);
    let summary = app
        .invoke("get_provider_summary", json!({"providerId": "p1"}))
        .unwrap();
    assert_eq!(summary["display_name"], "Provider p1");
    let recent = app.invoke("recent_databases", json!({})).unwrap();
    let locations: Vec<&str> = recent
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["location"].as_str().unwrap())
        .collect();
    assert_eq!(locations, [b.to_str().unwrap(), a.to_str().unwrap()]);
}

/// Takes a snapshot from a loopback port where nothing listens (it refuses at once) into
/// `out`; the error value.
fn take_snapshot_error(app: &TestApp, password: &str, out: &std::path::Path) -> Value {
    let request = json!({
        "from": "postgres://admin@127.0.0.1:1/aether",
        "password": password,
        "out": out.to_str().unwrap(),
        "since": "72h",
    });
    let err = app
        .invoke(
            "take_snapshot",
            json!({"request": request, "readOnly": true}),
        )
        .unwrap_err();
    assert_eq!(app.invoke("current_database", json!({})), Ok(Value::Null));
    err
}

#[test]
fn take_snapshot_refuses_an_existing_out_file_as_validation_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("taken.db");
    std::fs::write(&out, b"keep me").unwrap();
    let err = take_snapshot_error(&TestApp::new(), "pw", &out);
    assert_eq!(invalid_fields(&err), ["out"], "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
}

#[test]
fn take_snapshot_from_an_unreachable_server_is_unreachable_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("taken.db");
    let err = take_snapshot_error(&TestApp::new(), "s3cret-pw", &out);
    assert_eq!(kind(&err), "Unreachable", "{err}");
    assert!(!err.to_string().contains("s3cret-pw"), "{err}");
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "no file, partial or final, is left"
    );
}

#[test]
fn cancel_snapshot_answers_when_nothing_runs() {
    let app = TestApp::new();
    assert_eq!(app.invoke("cancel_snapshot", json!({})), Ok(Value::Null));
}

#[test]
fn change_log_saves_group_the_log_and_export_writes_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    app.open(&path, false);
    for patch in [
        json!({"display_name": "Renamed", "website": "https://p2.example.com"}),
        json!({"rpm_limit": 5}),
    ] {
        app.invoke(
            "update_provider_settings",
            json!({"providerId": "p2", "patch": patch, "expectedUpdatedAt": null}),
        )
        .unwrap();
    }
    let saves = app
        .invoke("change_log_saves", json!({"providerId": "p2"}))
        .unwrap();
    let want = core(&path, |db| async move {
        aether_review_core::change_log(&db, Some("p2"))
            .await
            .map(|log| aether_review_core::update::group_saves(&log))
    });
    assert_eq!(saves, want);
    assert_eq!(saves.as_array().unwrap().len(), 2);
    assert_eq!(saves[0]["changes"].as_array().unwrap().len(), 2);

    for (format, starts) in [
        ("csv", "save_id,changed_at"),
        ("json", "["),
        ("script", "#!/bin/sh"),
    ] {
        let out = dir.path().join(format!("changes.{format}"));
        app.invoke(
            "export_change_log_file",
            json!({"providerId": "p2", "format": format, "path": out.to_str().unwrap()}),
        )
        .unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with(starts), "{format}: {text}");
    }
}

#[test]
fn reopen_writable_works_only_for_a_session_read_only_by_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot(dir.path());
    let app = TestApp::new();
    let info = app.open(&path, true);
    assert_eq!(info["can_reopen_writable"], true);
    let reopened = app.invoke("reopen_writable", json!({})).unwrap();
    assert_eq!(reopened["read_only"], false);
    assert_eq!(reopened["location"], info["location"]);
    assert_eq!(reopened["can_reopen_writable"], false);
    // A writable session has nothing to reopen.
    let err = app.invoke("reopen_writable", json!({})).unwrap_err();
    assert_eq!(kind(&err), "ReadOnly");
}
