//! The update's validation matrix on a real SQLite snapshot: every field's bounds just inside and
//! just outside, null where allowed and not, wrong JSON types, unknown fields, several errors at
//! once — and after every rejected patch the file is byte-for-byte unchanged.

mod update_support;

use aether_review_core::update::{apply_patch, PatchOutcome};
use aether_review_core::{Error, FieldError};
use serde_json::{json, Value};
use update_support::{bare_provider, dataset, dump, open_db, provider, sqlite_snapshot, stored};

/// The rejected patches: each with the fields it must be rejected on, in the order reported,
/// and a piece of each message.
fn rejected_patches() -> Vec<(Value, Vec<(&'static str, &'static str)>)> {
    let long_name = "n".repeat(101);
    let long_site = format!("https://example.com/{}", "a".repeat(481));
    vec![
        (
            json!({"display_name": null}),
            vec![("display_name", "cannot be null")],
        ),
        (
            json!({"display_name": ""}),
            vec![("display_name", "must not be empty")],
        ),
        (
            json!({"display_name": " \t "}),
            vec![("display_name", "must not be empty")],
        ),
        (
            json!({"display_name": long_name}),
            vec![("display_name", "at most 100 characters")],
        ),
        (
            json!({"display_name": 7}),
            vec![("display_name", "must be text, not the number 7")],
        ),
        (
            json!({"description": 5}),
            vec![("description", "must be text or null")],
        ),
        (
            json!({"description": ["a"]}),
            vec![("description", "not a list")],
        ),
        (
            json!({"website": "ftp://example.com"}),
            vec![("website", "http or https URL")],
        ),
        (
            json!({"website": "example.com"}),
            vec![("website", "http or https URL")],
        ),
        (
            json!({"website": "https://"}),
            vec![("website", "http or https URL")],
        ),
        (
            json!({"website": long_site}),
            vec![("website", "at most 500 characters")],
        ),
        (
            json!({"website": true}),
            vec![("website", "http or https URL")],
        ),
        (
            json!({"provider_priority": null}),
            vec![("provider_priority", "cannot be null")],
        ),
        (
            json!({"provider_priority": "7"}),
            vec![("provider_priority", "whole number, not a string")],
        ),
        (
            json!({"provider_priority": 1.5}),
            vec![("provider_priority", "whole number, not 1.5")],
        ),
        (
            json!({"provider_priority": 2147483648_i64}),
            vec![("provider_priority", "between")],
        ),
        (
            json!({"provider_priority": -2147483649_i64}),
            vec![("provider_priority", "between")],
        ),
        (
            json!({"is_active": null}),
            vec![("is_active", "cannot be null")],
        ),
        (
            json!({"is_active": "yes"}),
            vec![("is_active", "true or false, not a string")],
        ),
        (
            json!({"is_active": 1}),
            vec![("is_active", "true or false, not the number 1")],
        ),
        (
            json!({"billing_type": null}),
            vec![("billing_type", "cannot be null")],
        ),
        (
            json!({"billing_type": "prepaid"}),
            vec![(
                "billing_type",
                "one of monthly_quota, pay_as_you_go, free_tier",
            )],
        ),
        (
            json!({"billing_type": 1}),
            vec![("billing_type", "one of monthly_quota")],
        ),
        (
            json!({"monthly_quota_usd": -0.01}),
            vec![("monthly_quota_usd", "0 or more")],
        ),
        (
            json!({"monthly_quota_usd": "100"}),
            vec![("monthly_quota_usd", "not a string")],
        ),
        (
            json!({"monthly_quota_usd": false}),
            vec![("monthly_quota_usd", "US dollars")],
        ),
        (
            json!({"quota_reset_day": 0}),
            vec![("quota_reset_day", "must be between 1 and 31")],
        ),
        (
            json!({"quota_reset_day": 32}),
            vec![("quota_reset_day", "must be between 1 and 31")],
        ),
        (
            json!({"quota_reset_day": 1.5}),
            vec![("quota_reset_day", "whole number")],
        ),
        (
            json!({"quota_reset_day": "5"}),
            vec![("quota_reset_day", "whole number, not a string")],
        ),
        (
            json!({"quota_last_reset_at": "2026-11-20T10:00:00"}),
            vec![("quota_last_reset_at", "no UTC offset")],
        ),
        (
            json!({"quota_last_reset_at": 1700000000}),
            vec![("quota_last_reset_at", "RFC 3339")],
        ),
        (
            json!({"quota_expires_at": "2026-11-20"}),
            vec![("quota_expires_at", "RFC 3339 time with an offset")],
        ),
        (
            json!({"quota_expires_at": "yesterday"}),
            vec![("quota_expires_at", "RFC 3339 time with an offset")],
        ),
        (
            json!({"rpm_limit": -1}),
            vec![("rpm_limit", "between 0 and 2147483647")],
        ),
        (
            json!({"rpm_limit": 2147483648_i64}),
            vec![("rpm_limit", "between 0 and 2147483647")],
        ),
        (
            json!({"rpm_limit": "100"}),
            vec![("rpm_limit", "whole number, not a string")],
        ),
        (
            json!({"rpm_limit": 10.5}),
            vec![("rpm_limit", "whole number")],
        ),
        (
            json!({"priority": 1}),
            vec![("priority", "did you mean provider_priority")],
        ),
        (
            json!({"weight": 1}),
            vec![("weight", "not an editable provider setting")],
        ),
        (
            json!({"api_key": "sk-123"}),
            vec![("api_key", "not an editable provider setting")],
        ),
        (
            json!({"name": "renamed"}),
            vec![("name", "cannot be changed")],
        ),
        (
            json!({"monthly_used_usd": 0}),
            vec![("monthly_used_usd", "not an editable provider setting")],
        ),
        (
            json!({"rpm_limit": -1, "display_name": "Fine", "quota_reset_day": 0, "weight": 3, "is_active": "no"}),
            vec![
                ("is_active", "true or false"),
                ("quota_reset_day", "between 1 and 31"),
                ("rpm_limit", "between 0"),
                ("weight", "not an editable"),
            ],
        ),
        (
            json!([{"rpm_limit": 1}]),
            vec![("patch", "must be a JSON object")],
        ),
        (
            json!("rpm_limit=1"),
            vec![("patch", "must be a JSON object")],
        ),
        (json!(null), vec![("patch", "must be a JSON object")]),
    ]
}

fn assert_rejected_on(
    result: Result<PatchOutcome, Error>,
    patch: &Value,
    expected: &[(&str, &str)],
) {
    let errors: Vec<FieldError> = match result {
        Err(Error::Validation { errors }) => errors,
        other => panic!("{patch} must be rejected, got {other:?}"),
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    let expected_fields: Vec<&str> = expected.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, expected_fields, "fields rejected for {patch}");
    for (error, (_, piece)) in errors.iter().zip(expected) {
        assert!(
            error.message.contains(piece),
            "{patch}: message {:?} should mention {piece:?}",
            error.message
        );
    }
}

#[tokio::test]
async fn rejected_patch_reports_every_bad_field_and_leaves_the_file_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_snapshot(
        dir.path(),
        &dataset(vec![provider("p-full"), bare_provider("p-bare")]),
    )
    .await;
    let db = open_db(&path, false).await;
    let bytes_before = std::fs::read(&path).unwrap();
    let dump_before = dump(&db).await;
    for id in ["p-full", "p-bare"] {
        for (patch, expected) in rejected_patches() {
            let result = apply_patch(&db, id, &patch, None).await;
            assert_rejected_on(result, &patch, &expected);
            assert_eq!(
                dump(&db).await,
                dump_before,
                "{patch} on {id} changed a row"
            );
            assert!(
                std::fs::read(&path).unwrap() == bytes_before,
                "{patch} on {id} changed the file"
            );
        }
    }
}

#[tokio::test]
async fn a_valid_field_beside_a_rejected_one_is_not_written_either() {
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_snapshot(dir.path(), &dataset(vec![provider("p1")])).await;
    let db = open_db(&path, false).await;
    let before = dump(&db).await;
    let patch = json!({"display_name": "New name", "rpm_limit": -1});
    assert_rejected_on(
        apply_patch(&db, "p1", &patch, None).await,
        &patch,
        &[("rpm_limit", "between 0")],
    );
    assert_eq!(dump(&db).await, before);
    assert_eq!(
        stored(&db, "p1", "display_name").await.as_deref(),
        Some("Provider p1")
    );
}

/// Values just inside every bound, with what the column holds afterwards.
fn accepted_values() -> Vec<(&'static str, Value, Option<String>)> {
    let hundred = "é".repeat(100);
    let site = format!("https://example.com/{}", "a".repeat(480));
    vec![
        (
            "display_name",
            json!(format!("  {hundred}  ")),
            Some(hundred.clone()),
        ),
        ("display_name", json!("x"), Some("x".into())),
        ("description", json!(""), Some(String::new())),
        ("website", json!(site.clone()), Some(site)),
        (
            "website",
            json!("http://localhost:8080"),
            Some("http://localhost:8080".into()),
        ),
        (
            "provider_priority",
            json!(-2147483648_i64),
            Some("-2147483648".into()),
        ),
        (
            "provider_priority",
            json!(2147483647),
            Some("2147483647".into()),
        ),
        ("is_active", json!(false), Some("0".into())),
        ("billing_type", json!("free_tier"), Some("free_tier".into())),
        (
            "billing_type",
            json!("pay_as_you_go"),
            Some("pay_as_you_go".into()),
        ),
        ("monthly_quota_usd", json!(0), Some("0.0".into())),
        ("monthly_quota_usd", json!(1e9), Some("1000000000.0".into())),
        ("quota_reset_day", json!(31), Some("31".into())),
        ("quota_reset_day", json!(2), Some("2".into())),
        (
            "quota_last_reset_at",
            json!("2026-11-02T08:00:00+08:00"),
            Some("2026-11-02T00:00:00.000000Z".into()),
        ),
        (
            "quota_expires_at",
            json!("2026-12-31T23:59:59.9999999Z"),
            Some("2026-12-31T23:59:59.999999Z".into()),
        ),
        ("rpm_limit", json!(0), Some("0".into())),
        ("rpm_limit", json!(2147483647), Some("2147483647".into())),
    ]
}

#[tokio::test]
async fn values_just_inside_every_bound_are_stored_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_snapshot(dir.path(), &dataset(vec![provider("p1")])).await;
    let db = open_db(&path, false).await;
    for (field, value, expected) in accepted_values() {
        let patch = json!({ field: value });
        let outcome = apply_patch(&db, "p1", &patch, None).await.unwrap();
        assert!(
            matches!(outcome, PatchOutcome::Applied(_)),
            "{patch}: {outcome:?}"
        );
        assert_eq!(stored(&db, "p1", field).await, expected, "{patch}");
    }
}
