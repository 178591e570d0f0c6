//! Parsing and validation of patches, field by field.

use super::*;
use chrono::{TimeZone, Utc};
use serde_json::json;

/// The tests below are of legacy's rules unless they say otherwise.
fn parse_legacy(patch: &Json) -> Result<Patch> {
    parse_patch(patch, Generation::Legacy)
}

fn errors(patch: Json) -> Vec<FieldError> {
    errors_on(Generation::Legacy, patch)
}

fn errors_on(generation: Generation, patch: Json) -> Vec<FieldError> {
    match parse_patch(&patch, generation) {
        Err(Error::Validation { errors }) => errors,
        other => panic!("expected a validation error for {patch}, got {other:?}"),
    }
}

fn only_error(patch: Json) -> FieldError {
    let mut errors = errors(patch);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

/// The code of the one error of a legacy patch (tests match codes, never message text).
fn code(patch: Json) -> FieldCode {
    only_error(patch).code
}

fn range(min: f64, max: f64) -> FieldCode {
    FieldCode::OutOfRange { min, max }
}

fn value_of(patch: Json) -> FieldValue {
    let parsed = parse_legacy(&patch).expect("valid patch");
    assert_eq!(parsed.sets.len(), 1);
    parsed.sets[0].1.clone()
}

#[test]
fn a_patch_that_is_not_an_object_is_rejected_on_field_patch() {
    for patch in [json!([]), json!("x"), json!(null), json!(3)] {
        let error = only_error(patch);
        assert_eq!(
            (error.field.as_str(), error.code),
            ("patch", FieldCode::NotAnObject)
        );
    }
}

#[test]
fn empty_object_is_an_empty_patch() {
    assert_eq!(parse_legacy(&json!({})).unwrap(), Patch::default());
}

#[test]
fn null_clears_nullable_fields_with_a_typed_null() {
    let patch = parse_legacy(&json!({
        "description": null, "website": null, "monthly_quota_usd": null,
        "quota_reset_day": null, "quota_last_reset_at": null, "quota_expires_at": null,
        "rpm_limit": null
    }))
    .unwrap();
    let values: Vec<FieldValue> = patch.sets.into_iter().map(|(_, v)| v).collect();
    assert_eq!(
        values,
        vec![
            FieldValue::Text(None),
            FieldValue::Text(None),
            FieldValue::Real(None),
            FieldValue::Int(None),
            FieldValue::Time(None),
            FieldValue::Time(None),
            FieldValue::Int(None),
        ]
    );
}

#[test]
fn null_on_a_required_field_is_an_error_on_that_field() {
    let errs = errors(json!({
        "display_name": null, "provider_priority": null, "is_active": null, "billing_type": null
    }));
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "billing_type",
            "display_name",
            "is_active",
            "provider_priority"
        ]
    );
    assert!(errs.iter().all(|e| e.code == FieldCode::Required));
}

#[test]
fn display_name_is_trimmed_and_bounded_after_trimming() {
    assert_eq!(
        value_of(json!({"display_name": "  OpenAI main  "})),
        FieldValue::Text(Some("OpenAI main".into()))
    );
    let hundred = "é".repeat(100);
    assert_eq!(
        value_of(json!({ "display_name": format!(" {hundred} ") })),
        FieldValue::Text(Some(hundred.clone()))
    );
    assert_eq!(
        code(json!({ "display_name": format!("{hundred}x") })),
        FieldCode::TooLong { max: 100 }
    );
    assert_eq!(code(json!({"display_name": "   "})), FieldCode::Required);
    assert_eq!(code(json!({"display_name": 5})), FieldCode::NotText);
}

#[test]
fn website_must_be_http_or_https_with_a_host() {
    assert_eq!(
        value_of(json!({"website": " https://api.example.com/v1 "})),
        FieldValue::Text(Some("https://api.example.com/v1".into()))
    );
    for bad in [
        "example.com",
        "ftp://example.com",
        "https://",
        "mailto:a@example.com",
        "",
    ] {
        assert_eq!(
            code(json!({ "website": bad })),
            FieldCode::InvalidUrl,
            "{bad}"
        );
    }
    let at_limit = format!("https://example.com/{}", "a".repeat(500 - 20));
    assert_eq!(at_limit.len(), 500);
    assert!(parse_legacy(&json!({ "website": at_limit })).is_ok());
    assert_eq!(
        code(json!({ "website": format!("{at_limit}a") })),
        FieldCode::TooLong { max: 500 }
    );
}

#[test]
fn integers_are_strict_json_integers() {
    assert_eq!(
        code(json!({"provider_priority": "7"})),
        FieldCode::NotAnInteger
    );
    assert_eq!(
        code(json!({"provider_priority": 1.5})),
        FieldCode::NotAnInteger
    );
    assert_eq!(
        value_of(json!({"provider_priority": -2147483648_i64})),
        FieldValue::Int(Some(-2147483648))
    );
    let i32_range = range(f64::from(i32::MIN), f64::from(i32::MAX));
    assert_eq!(
        code(json!({"provider_priority": 2147483648_i64})),
        i32_range
    );
    assert_eq!(code(json!({"provider_priority": u64::MAX})), i32_range);
}

#[test]
fn quota_reset_day_is_one_to_thirty_one() {
    assert_eq!(
        value_of(json!({"quota_reset_day": 1})),
        FieldValue::Int(Some(1))
    );
    assert_eq!(
        value_of(json!({"quota_reset_day": 31})),
        FieldValue::Int(Some(31))
    );
    for bad in [0, 32, -1] {
        assert_eq!(code(json!({ "quota_reset_day": bad })), range(1.0, 31.0));
    }
}

#[test]
fn rpm_limit_zero_blocks_and_negative_is_rejected() {
    assert_eq!(value_of(json!({"rpm_limit": 0})), FieldValue::Int(Some(0)));
    assert_eq!(
        code(json!({"rpm_limit": -1})),
        range(0.0, f64::from(i32::MAX))
    );
}

#[test]
fn booleans_are_strict() {
    assert_eq!(
        value_of(json!({"is_active": false})),
        FieldValue::Bool(Some(false))
    );
    assert_eq!(code(json!({"is_active": "yes"})), FieldCode::NotABoolean);
    assert_eq!(code(json!({"is_active": 1})), FieldCode::NotABoolean);
}

#[test]
fn billing_type_is_one_of_three() {
    for b in BillingType::ALL {
        assert_eq!(
            value_of(json!({ "billing_type": b.as_str() })),
            FieldValue::Text(Some(b.as_str().into()))
        );
    }
    let choices = BillingType::ALL
        .iter()
        .map(|b| b.as_str().to_owned())
        .collect();
    assert_eq!(
        code(json!({"billing_type": "MONTHLY_QUOTA"})),
        FieldCode::NotAChoice { choices }
    );
}

#[test]
fn money_is_a_finite_non_negative_number() {
    assert_eq!(
        value_of(json!({"monthly_quota_usd": 0})),
        FieldValue::Real(Some(0.0))
    );
    assert_eq!(
        value_of(json!({"monthly_quota_usd": 12.5})),
        FieldValue::Real(Some(12.5))
    );
    assert_eq!(
        code(json!({"monthly_quota_usd": -0.01})),
        FieldCode::AtLeast { min: 0.0 }
    );
    assert_eq!(
        code(json!({"monthly_quota_usd": "10"})),
        FieldCode::NotANumber
    );
}

#[test]
fn times_need_an_offset_and_are_stored_as_utc_microseconds() {
    let expected = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()
        + chrono::Duration::microseconds(123_456);
    assert_eq!(
        value_of(json!({"quota_expires_at": "2026-11-20T18:00:00.123456789+08:00"})),
        FieldValue::Time(Some(expected))
    );
    assert_eq!(
        code(json!({"quota_expires_at": "2026-11-20T10:00:00"})),
        FieldCode::TimeWithoutOffset
    );
    for bad in [
        json!("next tuesday"),
        json!(1700000000),
        json!("9999-12-31T23:00:00-05:00"),
    ] {
        assert_eq!(
            code(json!({ "quota_last_reset_at": bad })),
            FieldCode::InvalidTime,
            "{bad}"
        );
    }
}

#[test]
fn unknown_fields_are_rejected_by_name() {
    let errs =
        errors(json!({"priority": 1, "weight": 2, "api_key": "sk", "name": "x", "color": 1}));
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["api_key", "color", "name", "priority", "weight"]);
    assert!(errs.iter().all(|e| e.code == FieldCode::NotEditable));
    // The English message also points at the setting meant, or lists the editable ones.
    assert!(errs[3].message.contains("provider_priority"));
    assert!(errs[1].message.contains("rpm_limit"));
}

#[test]
fn several_errors_are_reported_together_and_valid_fields_do_not_hide_them() {
    let errs = errors(json!({
        "rpm_limit": -5, "display_name": "ok", "quota_reset_day": 40, "is_active": "yes"
    }));
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["is_active", "quota_reset_day", "rpm_limit"]);
}

#[test]
fn change_log_text_is_json() {
    assert_eq!(
        FieldValue::Text(Some("a\"b".into()))
            .to_json_text()
            .as_deref(),
        Some("\"a\\\"b\"")
    );
    assert_eq!(
        FieldValue::Int(Some(7)).to_json_text().as_deref(),
        Some("7")
    );
    assert_eq!(
        FieldValue::Real(Some(10.0)).to_json_text().as_deref(),
        Some("10.0")
    );
    assert_eq!(
        FieldValue::Bool(Some(true)).to_json_text().as_deref(),
        Some("true")
    );
    assert_eq!(
        FieldValue::Time(Some(Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()))
            .to_json_text()
            .as_deref(),
        Some("\"2026-01-02T03:04:05.000000Z\"")
    );
    assert_eq!(FieldValue::Int(None).to_json_text(), None);
}

fn value_on(generation: Generation, patch: Json) -> FieldValue {
    let parsed = parse_patch(&patch, generation).expect("valid patch");
    assert_eq!(parsed.sets.len(), 1);
    parsed.sets[0].1.clone()
}

fn only_error_on(generation: Generation, patch: Json) -> FieldError {
    let mut errors = errors_on(generation, patch);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

#[test]
fn newer_generations_edit_name_and_refuse_legacy_fields_with_a_hint() {
    for g in [Generation::V03, Generation::Rust] {
        assert_eq!(
            value_on(g, json!({"name": "  Acme  "})),
            FieldValue::Text(Some("Acme".into()))
        );
        assert!(only_error_on(g, json!({"display_name": "x"}))
            .message
            .contains("edit name"));
        assert!(only_error_on(g, json!({"rpm_limit": 5}))
            .message
            .contains("keys"));
        assert_eq!(
            only_error_on(g, json!({"name": " "})).code,
            FieldCode::Required
        );
    }
    assert!(only_error(json!({"max_retries": 2}))
        .message
        .contains("no such setting"));
    assert!(
        only_error_on(Generation::V03, json!({"concurrent_limit": 2}))
            .message
            .contains("does not change it")
    );
}

#[test]
fn provider_type_proxy_and_config_are_never_editable_with_a_reason() {
    for g in Generation::ALL {
        let errs = errors_on(
            g,
            json!({"provider_type": "custom", "proxy": null, "config": {}}),
        );
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["config", "provider_type", "proxy"], "{g}");
        assert!(errs.iter().all(|e| e.code == FieldCode::NotEditable));
        assert!(errs[0].message.contains("credentials"));
        assert!(errs[1].message.contains("template endpoints"));
        assert!(errs[2].message.contains("credentials"));
    }
}

#[test]
fn bounds_follow_the_generation() {
    let cases: [(&str, Json, Json, Json); 6] = [
        ("provider_priority", json!(0), json!(10_000), json!(10_001)),
        ("quota_reset_day", json!(1), json!(31), json!(32)),
        ("max_retries", json!(0), json!(10), json!(11)),
        ("request_timeout", json!(1), json!(600), json!(600.5)),
        (
            "stream_first_byte_timeout",
            json!(1),
            json!(300),
            json!(0.5),
        ),
        ("provider_priority", json!(5), json!(5), json!(-1)),
    ];
    for (field, low, high, out) in cases {
        for ok in [low, high] {
            assert!(
                parse_patch(&json!({ field: ok }), Generation::V03).is_ok(),
                "{field} {ok}"
            );
        }
        assert_eq!(
            only_error_on(Generation::V03, json!({ field: out })).field,
            field
        );
    }
    let rust = Generation::Rust;
    assert_eq!(
        value_on(rust, json!({"quota_reset_day": 365})),
        FieldValue::Int(Some(365))
    );
    assert_eq!(
        only_error_on(rust, json!({"quota_reset_day": 366})).code,
        range(1.0, 365.0)
    );
    assert_eq!(
        value_on(rust, json!({"request_timeout": 1199.5})),
        FieldValue::Real(Some(1199.5))
    );
    assert_eq!(
        only_error_on(rust, json!({"request_timeout": 1200.01})).code,
        range(1.0, 1200.0)
    );
    assert_eq!(
        only_error_on(rust, json!({"request_timeout": "30"})).code,
        FieldCode::NotANumber
    );
    assert_eq!(
        value_on(rust, json!({"concurrent_limit": null})),
        FieldValue::Int(None)
    );
    assert_eq!(
        only_error_on(rust, json!({"concurrent_limit": -1})).code,
        range(0.0, f64::from(i32::MAX))
    );
    for field in ["keep_priority_on_conversion", "enable_format_conversion"] {
        let code = |value| only_error_on(rust, json!({ field: value })).code;
        assert_eq!(code(json!(null)), FieldCode::Required);
        assert_eq!(code(json!(0)), FieldCode::NotABoolean);
    }
}

#[test]
fn times_are_kept_to_the_second_where_the_column_holds_seconds() {
    let t = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
    let value = FieldValue::Time(Some(t + chrono::Duration::microseconds(999_999)));
    let unix = Layout::new(Generation::Rust, TimeEncoding::UnixEpoch);
    assert_eq!(value.as_stored(unix), FieldValue::Time(Some(t)));
    let pg = Layout::new(Generation::Rust, TimeEncoding::Timestamptz);
    assert_eq!(value.as_stored(pg), value);
}
