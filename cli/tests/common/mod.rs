//! Shared by the CLI's end-to-end tests: one demo snapshot written by the binary itself, running
//! the binary, and reading its JSON.
#![allow(dead_code)] // each test crate uses its own part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_aether-review");

/// One demo snapshot for the whole run, written by the binary itself; tests that write copy it.
pub fn snapshot() -> &'static Path {
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
pub fn copy(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("copy.db");
    std::fs::copy(snapshot(), &path).unwrap();
    path.to_str().unwrap().to_owned()
}

pub fn run(args: &[&str]) -> Output {
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

pub fn db() -> &'static str {
    snapshot().to_str().unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Exit 0 and a stdout that is CSV: its header and its records.
pub fn csv_ok(args: &[&str]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let out = run(args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader.records().map(Result::unwrap).collect();
    (header, rows)
}

/// Exit 0 and a stdout that is one JSON document and nothing else.
pub fn json_ok(args: &[&str]) -> Value {
    let out = run(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("stdout is exactly one JSON document")
}

/// The exit code, an empty stdout and the error's JSON from stderr.
pub fn json_err(args: &[&str]) -> (i32, Value) {
    let out = run(args);
    assert!(
        out.stdout.is_empty(),
        "stdout must stay empty: {}",
        stdout(&out)
    );
    let err = serde_json::from_slice(&out.stderr).expect("stderr is the error's JSON");
    (out.status.code().unwrap(), err)
}

/// A core result as the CLI's JSON reads back: through text, so floats parse the same way.
pub fn as_printed<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

pub fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}
