//! The `aether-review` binary end to end: a demo snapshot written by its own `demo` subcommand,
//! every reading command's JSON compared with the core called in-process on the same file, and
//! the exit code of every error kind the CLI contract names.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use aether_review_core::demo::{taken_at, NO_ENDPOINT_PROVIDER_ID, OUTAGE_PROVIDER_ID};
use aether_review_core::model::HealthQuery;
use aether_review_core::{
    get_provider_health_monitor, get_provider_summary, list_provider_summaries, open, LIMITS,
};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_aether-review");

/// One demo snapshot for the whole run, written by the binary itself; tests that write copy it.
fn snapshot() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        // nextest runs every test in its own process: a file shared between processes would be
        // regenerated under the feet of another test, so each process has its own directory, and
        // removes those of processes that have ended.
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
        for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("cli-demo-") {
                if !Path::new("/proc").join(pid).exists() {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = root.join(format!("cli-demo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cli-demo.db");
        let out = run(&[
            "demo",
            "--out",
            path.to_str().unwrap(),
            "--seed",
            "7",
            "--generation",
            "legacy",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains("wrote"));
        path
    })
}

/// A private copy of the snapshot for a test that writes.
fn copy(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("copy.db");
    std::fs::copy(snapshot(), &path).unwrap();
    path.to_str().unwrap().to_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("AETHER_REVIEW_DB")
        // Whatever a test writes stays out of the real data directory.
        .env(
            "AETHER_REVIEW_DATA_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-data"),
        )
        .output()
        .unwrap()
}

fn db() -> &'static str {
    snapshot().to_str().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Exit 0 and a stdout that is one JSON document and nothing else.
fn json_ok(args: &[&str]) -> Value {
    let out = run(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("stdout is exactly one JSON document")
}

/// The exit code, an empty stdout and the error's JSON from stderr.
fn json_err(args: &[&str]) -> (i32, Value) {
    let out = run(args);
    assert!(
        out.stdout.is_empty(),
        "stdout must stay empty: {}",
        stdout(&out)
    );
    let err = serde_json::from_slice(&out.stderr).expect("stderr is the error's JSON");
    (out.status.code().unwrap(), err)
}

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

/// A core result as the CLI's JSON reads back: through text, so floats parse the same way.
fn as_printed<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
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

/// The outage provider's busiest bucket of the default window: (as-of, index, events in it).
fn busiest_bucket() -> (String, u32, u64) {
    block_on(async {
        let db = open(db(), true).await.unwrap();
        let m = get_provider_health_monitor(&db, OUTAGE_PROVIDER_ID, &HealthQuery::default())
            .await
            .unwrap();
        let i = (0..m.timeline.len())
            .max_by_key(|&i| m.timeline[i].total)
            .unwrap();
        (m.generated_at.to_rfc3339(), i as u32, m.timeline[i].total)
    })
}

fn bucket_query(as_of: &str, index: u32) -> aether_review_core::model::EventsQuery {
    use aether_review_core::model::{EventFilters, EventRange, EventsQuery};
    EventsQuery {
        provider_id: OUTAGE_PROVIDER_ID.to_owned(),
        endpoint_id: None,
        range: EventRange::Bucket {
            as_of: Some(as_of.parse().unwrap()),
            lookback_hours: None,
            buckets: None,
            index,
        },
        filters: EventFilters::default(),
        page_size: None,
        cursor: None,
    }
}

#[test]
fn events_of_a_bucket_print_as_core_reads_them_in_json_and_csv() {
    let (as_of, index, total) = busiest_bucket();
    assert!(total > 0);
    let index_text = index.to_string();
    let args = |format: &'static str| -> Vec<&str> {
        vec![
            "events",
            "--db",
            db(),
            "--provider",
            OUTAGE_PROVIDER_ID,
            "--bucket",
            index_text.as_str(),
            "--as-of",
            as_of.as_str(),
            format,
        ]
    };
    let cli = json_ok(&args("--json"));
    let core = block_on(async {
        let db = open(db(), true).await.unwrap();
        aether_review_core::export::all_events(&db, &bucket_query(&as_of, index))
            .await
            .unwrap()
    });
    assert_eq!(core.len() as u64, total);
    assert_eq!(cli, as_printed(&core));

    let out = run(&args("--csv"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, aether_review_core::export::EVENT_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), core.len());
    let id_column = header.iter().position(|h| h == "id").unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| &r[id_column]).collect();
    let core_ids: Vec<&str> = core.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, core_ids);
}

#[test]
fn events_filter_by_outcome_and_range_and_refuse_bad_arguments() {
    let (as_of, _, _) = busiest_bucket();
    let to: chrono::DateTime<chrono::Utc> = as_of.parse().unwrap();
    let from = (to - chrono::TimeDelta::hours(6)).to_rfc3339();
    let cli = json_ok(&[
        "events",
        "--db",
        db(),
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--from",
        &from,
        "--to",
        &as_of,
        "--outcome",
        "service_error",
        "--json",
    ]);
    let events = cli.as_array().unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["outcome"] == "service_error"));
    // An unknown class is clap's usage error; --from after --to is core's validation error.
    let out = run(&[
        "events",
        "--db",
        db(),
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--from",
        &from,
        "--to",
        &as_of,
        "--outcome",
        "broken",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("service_error"), "{}", stderr(&out));
    let (code, err) = json_err(&[
        "events",
        "--db",
        db(),
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--from",
        &as_of,
        "--to",
        &from,
        "--json",
    ]);
    assert_eq!((code, err["kind"].as_str()), (4, Some("Validation")));
}

#[test]
fn request_prints_its_chain_as_core_reads_it_and_an_unknown_one_exits_3() {
    let (as_of, index, _) = busiest_bucket();
    let (request_id, core) = block_on(async {
        let db = open(db(), true).await.unwrap();
        let page = aether_review_core::list_events(&db, &bucket_query(&as_of, index))
            .await
            .unwrap();
        let request_id = page.events[0].request_id.clone();
        let chain = aether_review_core::get_request_chain(&db, &request_id)
            .await
            .unwrap();
        (request_id, chain)
    });
    let cli = json_ok(&["request", "--db", db(), &request_id, "--json"]);
    assert_eq!(cli, as_printed(&core));
    assert!(core.candidates.iter().any(|c| c.request_id == request_id));
    let text = run(&["request", "--db", db(), &request_id]);
    assert_eq!(text.status.code(), Some(0));
    assert!(stdout(&text).contains("cand/retry"));
    let (code, err) = json_err(&["request", "--db", db(), "no-such-request", "--json"]);
    assert_eq!((code, err["kind"].as_str()), (3, Some("NotFound")));
}

#[test]
fn summary_csv_has_a_header_and_a_row_per_provider_and_keys_print_with_the_provider() {
    let out = run(&["summary", "--db", db(), "--csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, aether_review_core::export::SUMMARY_COLUMNS);
    let core = block_on(async {
        let db = open(db(), true).await.unwrap();
        list_provider_summaries(&db).await.unwrap()
    });
    assert_eq!(reader.records().count(), core.len());

    let keys = json_ok(&[
        "keys",
        "--db",
        db(),
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--json",
    ]);
    let core_keys = block_on(async {
        let db = open(db(), true).await.unwrap();
        aether_review_core::get_provider_keys(&db, OUTAGE_PROVIDER_ID)
            .await
            .unwrap()
    });
    assert_eq!(keys, as_printed(&core_keys));
    assert!(core_keys.total > 0);
    let text = run(&["summary", "--db", db(), "--provider", OUTAGE_PROVIDER_ID]);
    assert!(
        stdout(&text).contains("keys; optional columns read"),
        "{}",
        stdout(&text)
    );
}
