//! Patches for the update tests, shared by the SQLite and PostgreSQL suites: the rejected ones
//! with the fields and messages they must be rejected with, and values just inside every bound
//! with what the column then holds (as SQLite's `CAST(… AS TEXT)` shows it).

use aether_review_core::update::{change_log, PatchOutcome};
use aether_review_core::{update_provider_settings, Database, Error, FieldError};
use serde_json::{json, Value};

/// The rejected patches: each with the fields it must be rejected on, in the order reported,
/// and a piece of each message.
pub fn rejected_patches() -> Vec<(Value, Vec<(&'static str, &'static str)>)> {
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

/// Values just inside every bound, each with the value the summary then shows.
pub fn accepted_values() -> Vec<(&'static str, Value, Value)> {
    let hundred = "é".repeat(100);
    let site = format!("https://example.com/{}", "a".repeat(480));
    vec![
        (
            "display_name",
            json!(format!("  {hundred}  ")),
            json!(hundred),
        ),
        ("display_name", json!("x"), json!("x")),
        ("description", json!(""), json!("")),
        ("website", json!(site), json!(site)),
        (
            "website",
            json!("http://localhost:8080"),
            json!("http://localhost:8080"),
        ),
        ("provider_priority", json!(i32::MIN), json!(i32::MIN)),
        ("provider_priority", json!(i32::MAX), json!(i32::MAX)),
        ("is_active", json!(false), json!(false)),
        ("billing_type", json!("free_tier"), json!("free_tier")),
        (
            "billing_type",
            json!("pay_as_you_go"),
            json!("pay_as_you_go"),
        ),
        ("monthly_quota_usd", json!(0), json!(0.0)),
        ("monthly_quota_usd", json!(1e9), json!(1e9)),
        ("quota_reset_day", json!(31), json!(31)),
        ("quota_reset_day", json!(2), json!(2)),
        (
            "quota_last_reset_at",
            json!("2026-11-02T08:00:00+08:00"),
            json!("2026-11-02T00:00:00Z"),
        ),
        (
            "quota_expires_at",
            json!("2026-12-31T23:59:59.9999999Z"),
            json!("2026-12-31T23:59:59.999999Z"),
        ),
        ("rpm_limit", json!(0), json!(0)),
        ("rpm_limit", json!(i32::MAX), json!(i32::MAX)),
    ]
}

/// Applies every [`accepted_values`] patch to `provider_id` in turn; each must be written and
/// show in the fresh summary exactly as expected, and be logged (the database needs a
/// change-log table).
pub async fn assert_every_accepted_value_is_stored(db: &Database, provider_id: &str) {
    for (field, value, expected) in accepted_values() {
        let patch = json!({ field: value });
        let summary = update_provider_settings(db, provider_id, &patch, None)
            .await
            .unwrap_or_else(|e| panic!("{patch} must be accepted: {e:?}"));
        let shown = serde_json::to_value(&summary).unwrap();
        assert_eq!(shown[field], expected, "{patch}");
        let log = change_log(db, Some(provider_id)).await.unwrap();
        assert_eq!(
            log.last().map(|e| e.changed_at),
            summary.updated_at,
            "{patch}"
        );
    }
}

/// Asserts `result` is a Validation error on exactly `expected`'s fields, in order, each message
/// containing its piece.
pub fn assert_rejected_on(
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
