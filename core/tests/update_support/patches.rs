//! Patches for the update tests, shared by the SQLite and PostgreSQL suites: the rejected ones
//! with the fields and codes they must be rejected with, and values just inside every bound
//! with what the column then holds (as SQLite's `CAST(… AS TEXT)` shows it).

use aether_review_core::update::{change_log, PatchOutcome};
use aether_review_core::{update_provider_settings, Database, Error, FieldCode};
use serde_json::{json, Value};

const I32_MIN: f64 = i32::MIN as f64;
const I32_MAX: f64 = i32::MAX as f64;

/// `OutOfRange { min, max }`.
pub fn range(min: f64, max: f64) -> FieldCode {
    FieldCode::OutOfRange { min, max }
}

/// `NotAChoice` of the billing types.
fn choices() -> FieldCode {
    let choices = ["monthly_quota", "pay_as_you_go", "free_tier"];
    FieldCode::NotAChoice {
        choices: choices.map(str::to_owned).to_vec(),
    }
}

/// The rejected patches: each with the fields it must be rejected on, in the order reported,
/// and the code of each.
pub fn rejected_patches() -> Vec<(Value, Vec<(&'static str, FieldCode)>)> {
    let long_name = "n".repeat(101);
    let long_site = format!("https://example.com/{}", "a".repeat(481));
    vec![
        (
            json!({"display_name": null}),
            vec![("display_name", FieldCode::Required)],
        ),
        (
            json!({"display_name": ""}),
            vec![("display_name", FieldCode::Required)],
        ),
        (
            json!({"display_name": " \t "}),
            vec![("display_name", FieldCode::Required)],
        ),
        (
            json!({"display_name": long_name}),
            vec![("display_name", FieldCode::TooLong { max: 100 })],
        ),
        (
            json!({"display_name": 7}),
            vec![("display_name", FieldCode::NotText)],
        ),
        (
            json!({"description": 5}),
            vec![("description", FieldCode::NotText)],
        ),
        (
            json!({"description": ["a"]}),
            vec![("description", FieldCode::NotText)],
        ),
        (
            json!({"website": "ftp://example.com"}),
            vec![("website", FieldCode::InvalidUrl)],
        ),
        (
            json!({"website": "example.com"}),
            vec![("website", FieldCode::InvalidUrl)],
        ),
        (
            json!({"website": "https://"}),
            vec![("website", FieldCode::InvalidUrl)],
        ),
        (
            json!({"website": long_site}),
            vec![("website", FieldCode::TooLong { max: 500 })],
        ),
        (
            json!({"website": true}),
            vec![("website", FieldCode::InvalidUrl)],
        ),
        (
            json!({"provider_priority": null}),
            vec![("provider_priority", FieldCode::Required)],
        ),
        (
            json!({"provider_priority": "7"}),
            vec![("provider_priority", FieldCode::NotAnInteger)],
        ),
        (
            json!({"provider_priority": 1.5}),
            vec![("provider_priority", FieldCode::NotAnInteger)],
        ),
        (
            json!({"provider_priority": 2147483648_i64}),
            vec![("provider_priority", range(I32_MIN, I32_MAX))],
        ),
        (
            json!({"provider_priority": -2147483649_i64}),
            vec![("provider_priority", range(I32_MIN, I32_MAX))],
        ),
        (
            json!({"is_active": null}),
            vec![("is_active", FieldCode::Required)],
        ),
        (
            json!({"is_active": "yes"}),
            vec![("is_active", FieldCode::NotABoolean)],
        ),
        (
            json!({"is_active": 1}),
            vec![("is_active", FieldCode::NotABoolean)],
        ),
        (
            json!({"billing_type": null}),
            vec![("billing_type", FieldCode::Required)],
        ),
        (
            json!({"billing_type": "prepaid"}),
            vec![("billing_type", choices())],
        ),
        (
            json!({"billing_type": 1}),
            vec![("billing_type", choices())],
        ),
        (
            json!({"monthly_quota_usd": -0.01}),
            vec![("monthly_quota_usd", FieldCode::AtLeast { min: 0.0 })],
        ),
        (
            json!({"monthly_quota_usd": "100"}),
            vec![("monthly_quota_usd", FieldCode::NotANumber)],
        ),
        (
            json!({"monthly_quota_usd": false}),
            vec![("monthly_quota_usd", FieldCode::NotANumber)],
        ),
        (
            json!({"quota_reset_day": 0}),
            vec![("quota_reset_day", range(1.0, 31.0))],
        ),
        (
            json!({"quota_reset_day": 32}),
            vec![("quota_reset_day", range(1.0, 31.0))],
        ),
        (
            json!({"quota_reset_day": 1.5}),
            vec![("quota_reset_day", FieldCode::NotAnInteger)],
        ),
        (
            json!({"quota_reset_day": "5"}),
            vec![("quota_reset_day", FieldCode::NotAnInteger)],
        ),
        (
            json!({"quota_last_reset_at": "2026-11-20T10:00:00"}),
            vec![("quota_last_reset_at", FieldCode::TimeWithoutOffset)],
        ),
        (
            json!({"quota_last_reset_at": 1700000000}),
            vec![("quota_last_reset_at", FieldCode::InvalidTime)],
        ),
        (
            json!({"quota_expires_at": "2026-11-20"}),
            vec![("quota_expires_at", FieldCode::InvalidTime)],
        ),
        (
            json!({"quota_expires_at": "yesterday"}),
            vec![("quota_expires_at", FieldCode::InvalidTime)],
        ),
        (
            json!({"rpm_limit": -1}),
            vec![("rpm_limit", range(0.0, I32_MAX))],
        ),
        (
            json!({"rpm_limit": 2147483648_i64}),
            vec![("rpm_limit", range(0.0, I32_MAX))],
        ),
        (
            json!({"rpm_limit": "100"}),
            vec![("rpm_limit", FieldCode::NotAnInteger)],
        ),
        (
            json!({"rpm_limit": 10.5}),
            vec![("rpm_limit", FieldCode::NotAnInteger)],
        ),
        (
            json!({"priority": 1}),
            vec![("priority", FieldCode::NotEditable)],
        ),
        (
            json!({"weight": 1}),
            vec![("weight", FieldCode::NotEditable)],
        ),
        (
            json!({"api_key": "sk-123"}),
            vec![("api_key", FieldCode::NotEditable)],
        ),
        (
            json!({"name": "renamed"}),
            vec![("name", FieldCode::NotEditable)],
        ),
        (
            json!({"monthly_used_usd": 0}),
            vec![("monthly_used_usd", FieldCode::NotEditable)],
        ),
        (
            json!({"rpm_limit": -1, "display_name": "Fine", "quota_reset_day": 0, "weight": 3, "is_active": "no"}),
            vec![
                ("is_active", FieldCode::NotABoolean),
                ("quota_reset_day", range(1.0, 31.0)),
                ("rpm_limit", range(0.0, I32_MAX)),
                ("weight", FieldCode::NotEditable),
            ],
        ),
        (
            json!([{"rpm_limit": 1}]),
            vec![("patch", FieldCode::NotAnObject)],
        ),
        (
            json!("rpm_limit=1"),
            vec![("patch", FieldCode::NotAnObject)],
        ),
        (json!(null), vec![("patch", FieldCode::NotAnObject)]),
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

/// Asserts `result` is a Validation error with exactly `expected`'s fields and codes, in order.
pub fn assert_rejected_on(
    result: Result<PatchOutcome, Error>,
    patch: &Value,
    expected: &[(&str, FieldCode)],
) {
    let err = match result {
        Err(err @ Error::Validation { .. }) => err,
        other => panic!("{patch} must be rejected, got {other:?}"),
    };
    let expected: Vec<(&str, &FieldCode)> = expected.iter().map(|(f, c)| (*f, c)).collect();
    assert_eq!(err.field_codes(), expected, "rejected for {patch}");
}
