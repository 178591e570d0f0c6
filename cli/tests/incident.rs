//! The incident commands end to end on the demo snapshot: a bucket's events (JSON and CSV), their
//! filters, a request's chain, the providers list as CSV and a provider's keys, each equal to what
//! the core returns in-process.

mod common;

use aether_review_core::demo::OUTAGE_PROVIDER_ID;
use aether_review_core::model::HealthQuery;
use aether_review_core::{get_provider_health_monitor, list_provider_summaries, open};
use common::{as_printed, block_on, csv_ok, db, json_err, json_ok, run, stderr, stdout};

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

    let (header, rows) = csv_ok(&args("--csv"));
    assert_eq!(header, aether_review_core::export::EVENT_COLUMNS);
    assert_eq!(rows.len(), core.len());
    let id_column = header.iter().position(|h| h == "id").unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| &r[id_column]).collect();
    let core_ids: Vec<&str> = core.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, core_ids);
}

/// `events --db <the demo> --provider <the outage provider> --from FROM --to TO`, then `extra`.
fn events_between<'a>(from: &'a str, to: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "events",
        "--db",
        db(),
        "--provider",
        OUTAGE_PROVIDER_ID,
        "--from",
        from,
        "--to",
        to,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn events_filter_by_outcome_and_range_and_refuse_bad_arguments() {
    let (as_of, _, _) = busiest_bucket();
    let to: chrono::DateTime<chrono::Utc> = as_of.parse().unwrap();
    let from = (to - chrono::TimeDelta::hours(6)).to_rfc3339();
    let cli = json_ok(&events_between(
        &from,
        &as_of,
        &["--outcome", "service_error", "--json"],
    ));
    let events = cli.as_array().unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["outcome"] == "service_error"));
    // An unknown class is clap's usage error; --from after --to is core's validation error.
    let out = run(&events_between(&from, &as_of, &["--outcome", "broken"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("service_error"), "{}", stderr(&out));
    let (code, err) = json_err(&events_between(&as_of, &from, &["--json"]));
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
    let (header, rows) = csv_ok(&["summary", "--db", db(), "--csv"]);
    assert_eq!(header, aether_review_core::export::SUMMARY_COLUMNS);
    let core = block_on(async {
        let db = open(db(), true).await.unwrap();
        list_provider_summaries(&db).await.unwrap()
    });
    assert_eq!(rows.len(), core.len());

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

#[test]
fn the_fleet_prints_as_core_reads_it_with_its_filters_in_json_csv_and_tables() {
    use aether_review_core::export::FLEET_COLUMNS;
    use aether_review_core::get_fleet_health;
    use aether_review_core::model::{FleetFilters, FleetQuery};

    let query = FleetQuery {
        lookback_hours: Some(72),
        filters: FleetFilters {
            with_traffic_only: true,
            ..FleetFilters::default()
        },
        ..FleetQuery::default()
    };
    let expected = block_on(async {
        let db = open(db(), true).await.unwrap();
        get_fleet_health(&db, &query).await.unwrap()
    });
    assert!(!expected.endpoints.is_empty());
    let base = [
        "fleet",
        "--db",
        db(),
        "--lookback-hours",
        "72",
        "--with-traffic",
    ];
    let printed = json_ok(&[&base[..], &["--json"]].concat());
    assert_eq!(printed, as_printed(&expected));

    // The outage provider ranks first: most service errors.
    let worst = &expected.endpoints[0];
    assert_eq!(worst.provider_id, OUTAGE_PROVIDER_ID);
    assert!(worst.figures.outcomes.service_error > 0);

    let (header, rows) = csv_ok(&[&base[..], &["--csv"]].concat());
    assert_eq!(header, FLEET_COLUMNS);
    assert_eq!(rows.len(), expected.endpoints.len());

    let table = stdout(&run(&[&base[..], &["--top", "3"]].concat()));
    assert!(table.contains(&worst.provider_name), "{table}");
    assert!(table.contains("worst first"), "{table}");

    // A filter narrows every figure: one format only.
    let format = worst.api_format.clone();
    let one = json_ok(&[&base[..], &["--format", format.as_str(), "--json"]].concat());
    let formats = one["formats"].as_array().unwrap();
    assert_eq!(formats.len(), 1);
    assert_eq!(formats[0]["api_format"], format.as_str());
    assert!(one["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["api_format"] == format.as_str()));

    // Out-of-range arguments are core's validation error.
    let (code, err) = json_err(&["fleet", "--db", db(), "--lookback-hours", "99", "--json"]);
    assert_eq!(code, 4);
    assert_eq!(err["kind"], "Validation");
}
