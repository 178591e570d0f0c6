//! Exports read back with an independent RFC 4180 reader (the `csv` crate): every cell as
//! written, formula-safe, and a file written beside its destination without clobbering.

use aether_review_core::export::{events_csv, write_export, EVENT_COLUMNS};
use aether_review_core::model::{CandidateEvent, OutcomeClass};
use chrono::{TimeZone, Utc};
use proptest::prelude::*;

fn event(text: String, id: String) -> CandidateEvent {
    CandidateEvent {
        id,
        request_id: text.clone(),
        candidate_index: 0,
        retry_index: 1,
        provider_id: Some("p".into()),
        provider_name: Some(text.clone()),
        endpoint_id: None,
        api_format: None,
        key_id: None,
        key_name: Some(text.clone()),
        created_at: Some(Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()),
        started_at: None,
        finished_at: None,
        status: "failed".into(),
        outcome: OutcomeClass::ServiceError,
        status_code: Some(-5),
        latency_ms: None,
        error_type: Some(text.clone()),
        error_message: Some(text),
        skip_reason: None,
    }
}

/// What a cell reads back as: the text, with `'` in front when a spreadsheet would run it.
fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_cell_reads_back_and_none_runs_as_a_formula(
        texts in proptest::collection::vec("[=+\\-@\t\r\n\",; a-zé中]{0,12}", 1..8),
    ) {
        let events: Vec<CandidateEvent> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| event(t.clone(), format!("id{i}")))
            .collect();
        let text = events_csv(&events);
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        prop_assert_eq!(&header, &EVENT_COLUMNS.to_vec());
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        prop_assert_eq!(rows.len(), events.len());
        for (row, original) in rows.iter().zip(&texts) {
            let expected = defused(original);
            for name in ["error_message", "error_type", "key_name", "provider_name", "request_id"] {
                prop_assert_eq!(&row[col(name)], expected.as_str());
            }
            prop_assert_eq!(&row[col("created_at")], "2026-11-20T12:00:00.000000Z");
            prop_assert_eq!(&row[col("status_code")], "'-5");
            prop_assert_eq!(&row[col("outcome")], "service_error");
            for cell in row.iter() {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
            }
        }
    }
}

#[test]
fn an_export_never_replaces_a_file_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.csv");
    write_export(&out, "first", false).unwrap();
    let err = write_export(&out, "second", false).unwrap_err();
    assert_eq!(err.field_codes()[0].0, "out");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "first");
    write_export(&out, "third", true).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "third");
    // Nothing is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
