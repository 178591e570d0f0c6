//! `aether-review snapshot` as an admin runs it: the JSON report, the refusal of an existing
//! file, and errors that never echo the password.

#[path = "../../core/tests/pg_support/mod.rs"]
mod pg_support;

use std::path::Path;
use std::process::{Command, Output};

use pg_support::PgTestDb;
use serde_json::Value;
use tempfile::TempDir;

fn aether_review(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aether-review"))
        .args(args)
        .env_remove("PGPASSWORD")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// `snapshot --from url --out out … --json`, which must succeed with a quiet stderr: its report.
fn snapshot_json(url: &str, out: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["snapshot", "--from", url, "--out", path(out), "--json"];
    args.extend_from_slice(extra);
    let run = aether_review(&args);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(text(&run.stderr), "", "--json keeps stderr quiet");
    serde_json::from_slice(&run.stdout).expect("a JSON report")
}

#[test]
fn existing_out_is_refused_before_connecting_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("kept.db");
    std::fs::write(&out, b"keep me").unwrap();
    // Nothing listens on port 1: the refusal must come before any connection attempt.
    let run = aether_review(&[
        "snapshot",
        "--from",
        "postgres://admin@127.0.0.1:1/aether",
        "--out",
        path(&out),
        "--json",
    ]);
    assert_eq!(run.status.code(), Some(4), "{}", text(&run.stderr));
    let err: Value = serde_json::from_slice(&run.stderr).expect("a JSON error on stderr");
    assert_eq!(err["kind"], "Validation");
    assert_eq!(err["errors"][0]["field"], "out");
    assert_eq!(err["errors"][0]["code"]["id"], "file_exists");
    // The CLI's English message says how to replace it.
    assert!(err["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("--force"));
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
}

#[test]
fn unreachable_server_exits_8_without_echoing_the_password() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("never.db");
    let run = aether_review(&[
        "snapshot",
        "--from",
        "postgres://admin:Sup3r-Secret-pw@127.0.0.1:1/aether",
        "--out",
        path(&out),
    ]);
    assert_eq!(run.status.code(), Some(8), "{}", text(&run.stderr));
    let shown = text(&run.stdout) + &text(&run.stderr);
    assert!(shown.contains("127.0.0.1:1"), "{shown}");
    assert!(!shown.contains("Sup3r-Secret-pw"), "{shown}");
    assert!(!out.exists());
}

#[tokio::test]
async fn json_report_names_the_file_its_time_and_row_counts() {
    let Some(pg) = PgTestDb::with_aether_schema("cli_snapshot_json").await else {
        return;
    };
    pg.execute(
        "INSERT INTO providers (id, name, display_name) VALUES ('p1', 'one', 'One'); \
         INSERT INTO provider_endpoints (id, provider_id, api_format, base_url) \
             VALUES ('e1', 'p1', 'CLAUDE', 'https://a.example'); \
         INSERT INTO request_candidates (id, request_id, candidate_index, provider_id, endpoint_id, status, created_at) \
             VALUES ('c1', 'r1', 0, 'p1', 'e1', 'success', now() - interval '1 hour'), \
                    ('c2', 'r2', 0, 'p1', 'e1', 'failed', now() - interval '80 hours')",
    )
    .await;
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("gw.db");
    let report = snapshot_json(&pg.url, &out, &["--since", "72h"]);
    assert_eq!(report["path"], path(&out));
    assert_eq!(report["since_window"], "72h");
    assert_eq!(report["row_counts"]["providers"], 1);
    assert_eq!(report["row_counts"]["request_candidates"], 1);
    assert!(report["taken_at"].as_str().unwrap().ends_with('Z'));
    assert!(report["seconds"].as_f64().unwrap() > 0.0);

    let again = aether_review(&["snapshot", "--from", &pg.url, "--out", path(&out)]);
    assert_eq!(again.status.code(), Some(4), "{}", text(&again.stderr));
    let forced = aether_review(&[
        "snapshot",
        "--from",
        &pg.url,
        "--out",
        path(&out),
        "--since",
        "all",
        "--force",
        "--json",
    ]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    let report: Value = serde_json::from_slice(&forced.stdout).unwrap();
    assert_eq!(report["row_counts"]["request_candidates"], 2);
    pg.drop_now().await;
}

#[tokio::test]
async fn a_snapshot_of_chosen_providers_says_so_in_check_and_in_a_chain_that_gave_up() {
    let Some(pg) = PgTestDb::with_aether_schema("cli_snapshot_chosen").await else {
        return;
    };
    // Request r3 failed on p1, then succeeded on p9, which the snapshot does not copy.
    pg.execute(
        "INSERT INTO providers (id, name, display_name) VALUES ('p1', 'one', 'One'), \
             ('p9', 'nine', 'Nine'); \
         INSERT INTO provider_endpoints (id, provider_id, api_format, base_url) \
             VALUES ('e1', 'p1', 'CLAUDE', 'https://a.example'), \
                    ('e9', 'p9', 'CLAUDE', 'https://z.example'); \
         INSERT INTO request_candidates (id, request_id, candidate_index, provider_id, endpoint_id, status, created_at) \
             VALUES ('c1', 'r3', 0, 'p1', 'e1', 'failed', now() - interval '2 minutes'), \
                    ('c2', 'r3', 1, 'p9', 'e9', 'success', now() - interval '1 minute')",
    )
    .await;
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("p1.db");
    let report = snapshot_json(&pg.url, &out, &["--providers", "p1"]);
    assert_eq!(report["providers"], serde_json::json!(["p1"]));
    assert_eq!(report["row_counts"]["request_candidates"], 1);

    let check = aether_review(&["check", "--db", path(&out)]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let shown = text(&check.stdout);
    assert!(
        shown
            .lines()
            .any(|l| l.contains("snapshot providers") && l.contains(" p1 ")),
        "{shown}"
    );
    let chain = aether_review(&["request", "--db", path(&out), "r3"]);
    assert!(chain.status.success(), "{}", text(&chain.stderr));
    let shown = text(&chain.stdout);
    assert!(shown.contains("gave up"), "{shown}");
    assert!(
        shown.contains("may be incomplete: the snapshot holds only providers p1"),
        "{shown}"
    );
    pg.drop_now().await;
}
