//! Printing: pure JSON on stdout for `--json`, tables for a person, errors on stderr.

use std::io::Write;

use aether_review_core::model::{Level, Timestamp};
use aether_review_core::Error;
use comfy_table::{presets, Table};
use serde::Serialize;

/// Writes `value` as JSON and a newline to stdout; a closed pipe is not an error worth a panic.
pub fn json<T: Serialize>(value: &T) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
}

/// Writes text to stdout (tables, summaries).
pub fn text(value: impl std::fmt::Display) {
    let _ = writeln!(std::io::stdout().lock(), "{value}");
}

/// The error as `{"kind": …}` JSON or as its message, on stderr.
pub fn error(err: &Error, json: bool) {
    let mut out = std::io::stderr().lock();
    if json {
        let _ = serde_json::to_writer(&mut out, err);
        let _ = writeln!(out);
    } else {
        let _ = writeln!(out, "error: {err}");
    }
}

/// A table with the house preset.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    if !header.is_empty() {
        table.set_header(header.to_vec());
    }
    table
}

/// Two columns: field, value.
pub fn fields(rows: Vec<(&str, String)>) -> Table {
    let mut table = table(&[]);
    for (name, value) in rows {
        table.add_row(vec![name.to_owned(), value]);
    }
    table
}

pub fn time(t: Option<Timestamp>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M:%SZ").to_string())
        .unwrap_or_else(|| "—".into())
}

pub fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

pub fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

/// A rate that may be undefined ("—": nothing to judge).
pub fn rate(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), percent)
}

/// One character per timeline bucket, in core's colour, so a person sees the outage in a
/// terminal.
pub fn strip(levels: impl IntoIterator<Item = Level>) -> String {
    levels
        .into_iter()
        .map(|level| match level {
            Level::Empty => '·',
            Level::Neutral => '░',
            Level::Good => '▇',
            Level::Warn => '▅',
            Level::Bad => '▂',
        })
        .collect()
}

/// What [`strip`]'s characters mean.
pub const STRIP_KEY: &str = "timeline: · no events, ░ nothing the provider answered for (client \
     errors, skipped or in flight), and of successes and service errors ▇ ≥ 95 % succeeded, \
     ▅ ≥ 80 %, ▂ fewer";
