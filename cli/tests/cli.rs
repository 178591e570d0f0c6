//! The `aether-review` binary end to end: a demo snapshot written by its own `demo` subcommand,
//! every reading command's JSON compared with the core called in-process on the same file, and
//! the exit code of every error kind the CLI contract names.

mod common;

use std::path::Path;
use std::process::Command;

use aether_review_core::demo::{taken_at, NO_ENDPOINT_PROVIDER_ID, OUTAGE_PROVIDER_ID};
use aether_review_core::model::HealthQuery;
use aether_review_core::{
    get_provider_health_monitor, get_provider_summary, list_provider_summaries, open, LIMITS,
};
use common::{
    as_printed, block_on, copy, db, json_err, json_ok, run, snapshot, stderr, stdout, BIN,
};
use serde_json::{json, Value};

/// `update --db PATH --provider <the outage provider> --patch PATCH --json`, then `extra`.
fn update_args<'a>(path: &'a str, patch: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "update",
        "--db",
        path,
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--patch",
        patch,
        "--json",
    ];
    args.extend_from_slice(extra);
    args
}

/// `summary --provider <the outage provider> --json` on `path`.
fn outage_summary(path: &str) -> Value {
    json_ok(&[
        "summary",
        "--db",
        path,
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--json",
    ])
}

#[test]
fn summary_json_lists_every_provider_as_the_core_computes_them() {
    let cli = json_ok(&["summary", "--db", db(), "--read-only", "--json"]);
    let core = block_on(async {
        let db = open(db(), true).await.unwrap();
        list_provider_summaries(&db).await.unwrap()
    });
    assert!(cli
        .as_array()
        .is_some_and(|a| a.len() == core.len() && !a.is_empty()));
    assert_eq!(cli, as_printed(&core));
}

#[test]
fn summary_of_one_provider_is_an_object_equal_to_the_core_result() {
    for id in [OUTAGE_PROVIDER_ID, NO_ENDPOINT_PROVIDER_ID] {
        let cli = json_ok(&["summary", "--db", db(), "--provider", id, "--json"]);
        let core = block_on(async {
            let db = open(db(), true).await.unwrap();
            get_provider_summary(&db, id).await.unwrap()
        });
        assert!(cli.is_object());
        assert_eq!(cli, as_printed(&core));
    }
}

#[test]
fn health_json_equals_the_core_with_defaults_and_with_every_option() {
    let default = json_ok(&[
        "health",
        "--db",
        db(),
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--json",
    ]);
    let as_of = "2026-11-20T09:30:00Z";
    let explicit = json_ok(&[
        "health",
        "--db",
        db(),
        "--read-only",
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--lookback-hours",
        "72",
        "--per-endpoint-limit",
        "200",
        "--buckets",
        "30",
        "--as-of",
        as_of,
        "--json",
    ]);
    let (core_default, core_explicit) = block_on(async {
        let db = open(db(), true).await.unwrap();
        // The CLI leaves every bound to core's defaults.
        let default = HealthQuery::default();
        let explicit = HealthQuery {
            lookback_hours: Some(72),
            per_endpoint_limit: Some(200),
            as_of: aether_review_core::db::parse_ts(as_of),
            buckets: Some(30),
        };
        (
            get_provider_health_monitor(&db, OUTAGE_PROVIDER_ID, &default)
                .await
                .unwrap(),
            get_provider_health_monitor(&db, OUTAGE_PROVIDER_ID, &explicit)
                .await
                .unwrap(),
        )
    });
    assert_eq!(default, as_printed(&core_default));
    assert_eq!(explicit, as_printed(&core_explicit));
    // The snapshot's own time is "now" by default, not the wall clock.
    assert_eq!(core_default.generated_at, taken_at());
    assert_eq!(explicit["timeline"].as_array().unwrap().len(), 30);
    assert!(explicit["endpoints"][0]["events"].as_array().unwrap().len() <= 200);
}

#[test]
fn check_json_reports_the_snapshot_and_its_row_counts() {
    let info = json_ok(&["check", "--db", db(), "--read-only", "--json"]);
    assert_eq!(info["kind"], "sqlite");
    assert_eq!(info["display_name"], "cli-demo.db");
    assert_eq!(info["read_only"], true);
    assert_eq!(info["snapshot"]["taken_at"], "2026-11-20T12:00:00Z");
    assert_eq!(
        info["snapshot"]["source"],
        "demo generator, seed 7, scale demo"
    );
    assert_eq!(info["as_of"], "2026-11-20T12:00:00Z");
    let candidates = info["row_counts"]["request_candidates"].as_u64().unwrap();
    assert!((100_000..=250_000).contains(&candidates));
}

#[test]
fn update_prints_the_fresh_summary_and_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy(&dir);
    let before = outage_summary(&path);
    let fresh = json_ok(&update_args(
        &path,
        r#"{"rpm_limit": 42, "description": null}"#,
        &[
            "--expected-updated-at",
            before["updated_at"].as_str().unwrap(),
        ],
    ));
    assert_eq!(fresh["rpm_limit"], 42);
    assert_eq!(fresh["description"], Value::Null);
    assert_ne!(fresh["updated_at"], before["updated_at"]);
    let reread = outage_summary(&path);
    assert_eq!(reread, fresh);
}

#[test]
fn reading_commands_print_tables_for_a_person() {
    let out = run(&["summary", "--db", db()]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("Nimbus Relay") && text.contains("Anthropic"),
        "{text}"
    );
    assert!(serde_json::from_str::<Value>(&text).is_err());

    let out = run(&["health", "--db", db(), "--provider", OUTAGE_PROVIDER_ID]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("nimbus-relay-claude"));

    let out = run(&["check", "--db", db()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("demo generator, seed 7"));
}

#[test]
fn the_database_comes_from_aether_review_db_when_db_is_absent() {
    let out = Command::new(BIN)
        .args(["summary", "--provider", OUTAGE_PROVIDER_ID, "--json"])
        .env("AETHER_REVIEW_DB", db())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], OUTAGE_PROVIDER_ID);
}

#[test]
fn an_unknown_provider_exits_3_with_not_found() {
    let (code, err) = json_err(&["summary", "--db", db(), "--provider", "no-such", "--json"]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        json!({"kind": "NotFound", "entity": "provider", "id": "no-such"})
    );
    let (code, _) = json_err(&["health", "--db", db(), "--provider", "no-such", "--json"]);
    assert_eq!(code, 3);
}

#[test]
fn invalid_arguments_and_patches_exit_4_with_every_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy(&dir);
    let (code, err) = json_err(&update_args(
        &path,
        r#"{"rpm_limit": -1, "provider_priority": null, "weight": 3}"#,
        &[],
    ));
    assert_eq!(code, 4);
    assert_eq!(err["kind"], "Validation");
    let mut fields: Vec<&str> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["provider_priority", "rpm_limit", "weight"]);

    let (code, err) = json_err(&update_args(&path, "{not json", &[]));
    assert_eq!(
        (code, err["errors"][0]["field"].as_str()),
        (4, Some("patch"))
    );

    let (code, err) = json_err(&[
        "health",
        "--db",
        db(),
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--lookback-hours",
        "73",
        "--json",
    ]);
    assert_eq!((code, err["kind"].as_str()), (4, Some("Validation")));
}

#[test]
fn help_states_core_s_bounds_and_defaults() {
    let health = stdout(&run(&["health", "--help"]));
    for bound in [
        LIMITS.lookback_hours,
        LIMITS.per_endpoint_limit,
        LIMITS.buckets,
    ] {
        assert!(health.contains(&bound.describe()), "{health}");
    }
    let snapshot = stdout(&run(&["snapshot", "--help"]));
    let default = format!("[default: {}]", LIMITS.snapshot_window.default);
    assert!(snapshot.contains(&default), "{snapshot}");
}

#[test]
fn a_stale_expected_updated_at_exits_5_with_the_current_summary() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy(&dir);
    let (code, err) = json_err(&update_args(
        &path,
        r#"{"rpm_limit": 7}"#,
        &["--expected-updated-at", "2001-01-01T00:00:00Z"],
    ));
    assert_eq!(code, 5);
    assert_eq!(err["kind"], "Conflict");
    assert_eq!(err["current"]["id"], OUTAGE_PROVIDER_ID);
    assert_ne!(err["current"]["rpm_limit"], 7);
}

#[test]
fn an_update_on_a_read_only_session_exits_6() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy(&dir);
    let (code, err) = json_err(&update_args(&path, r#"{"rpm_limit": 7}"#, &["--read-only"]));
    assert_eq!((code, err), (6, json!({"kind": "ReadOnly"})));
}

#[test]
fn a_sqlite_file_that_is_not_aether_exits_7_naming_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        sqlx::query("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
    let (code, err) = json_err(&["check", "--db", path.to_str().unwrap(), "--json"]);
    assert_eq!(code, 7);
    assert_eq!(err["kind"], "SchemaMismatch");
    let missing: Vec<&str> = err["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        missing.contains(&"providers.id") && missing.contains(&"request_candidates.created_at")
    );
}

#[test]
fn a_missing_file_exits_8_and_a_person_reads_the_message() {
    let (code, err) = json_err(&["summary", "--db", "/nonexistent/aether.db", "--json"]);
    assert_eq!((code, err["kind"].as_str()), (8, Some("Unreachable")));
    let out = run(&["summary", "--db", "/nonexistent/aether.db"]);
    assert_eq!(out.status.code(), Some(8));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).starts_with("error: cannot open the database"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["summary", "--db", db(), "--no-such-flag"],
        vec!["health", "--db", db()],
        vec![
            "health",
            "--db",
            db(),
            "--provider",
            "x",
            "--as-of",
            "2026-11-20T12:00:00",
        ],
        vec!["demo", "--out", "x.db", "--scale", "huge"],
        vec!["summary"],
    ] {
        assert_eq!(run(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn demo_refuses_an_existing_file() {
    let out = run(&["demo", "--out", db()]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("already exists"));
}

#[test]
fn changes_lists_saves_and_its_script_replays_them_on_the_live_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let live = copy(&dir);
    let planned = dir.path().join("planned.db");
    std::fs::copy(snapshot(), &planned).unwrap();
    let planned = planned.to_str().unwrap();
    json_ok(&update_args(
        planned,
        r#"{"rpm_limit": 42, "description": "it's planned"}"#,
        &[],
    ));
    json_ok(&update_args(planned, r#"{"provider_priority": 77}"#, &[]));

    let saves = json_ok(&["changes", "--db", planned, "--json"]);
    let fields: Vec<usize> = saves
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["changes"].as_array().unwrap().len())
        .collect();
    assert_eq!(fields, [2, 1], "{saves}");
    let table = stdout(&run(&["changes", "--db", planned]));
    assert!(table.contains("2 saves"), "{table}");
    let csv = stdout(&run(&["changes", "--db", planned, "--csv"]));
    assert!(csv.starts_with("save_id,changed_at,provider_id,field,old_value,new_value"));
    assert_eq!(
        csv.matches("\r\n").count(),
        4,
        "a header and three fields: {csv}"
    );

    let out = run(&["changes", "--db", planned, "--script"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let script = dir.path().join("replay.sh");
    std::fs::write(&script, &out.stdout).unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let replay = || {
        Command::new("sh")
            .arg(&script)
            .env(
                "PATH",
                format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap()),
            )
            .env("AETHER_REVIEW_DB", &live)
            .env(
                "AETHER_REVIEW_DATA_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-data"),
            )
            .output()
            .unwrap()
    };
    let first = replay();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let (mut on_live, mut as_planned) = (outage_summary(&live), outage_summary(planned));
    on_live["updated_at"] = Value::Null;
    as_planned["updated_at"] = Value::Null;
    assert_eq!(on_live, as_planned);
    // The provider has changed on the live database since the snapshot: a second run is refused.
    let again = replay();
    assert_ne!(again.status.code(), Some(0));
    assert!(
        stderr(&again).contains("changed by someone else"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn summary_of_one_provider_says_when_its_quota_resets() {
    let out = run(&["summary", "--db", db(), "--provider", OUTAGE_PROVIDER_ID]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("quota next reset"),
        "{}",
        stdout(&out)
    );
}
