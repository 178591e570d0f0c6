//! Parsing and validating a settings patch (SPEC §2.3).
//!
//! JSON types are strict (`"7"` is not a number, `"yes"` is not a boolean), absent differs from
//! `null`, and every violation is collected so the admin sees all of them at once.

use chrono::{Datelike, NaiveDateTime, SubsecRound};
use serde_json::Value as Json;

use crate::db::{parse_ts, ts_text};
use crate::error::{Error, FieldError, Result};
use crate::model::{BillingType, Timestamp};

/// An editable column of `providers`. [`Field::name`] is both the JSON key and the column name,
/// and these names are the only column names the update's SQL is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    DisplayName,
    Description,
    Website,
    ProviderPriority,
    IsActive,
    BillingType,
    MonthlyQuotaUsd,
    QuotaResetDay,
    QuotaLastResetAt,
    QuotaExpiresAt,
    RpmLimit,
}

impl Field {
    /// Every editable field.
    pub const ALL: [Field; 11] = [
        Field::DisplayName,
        Field::Description,
        Field::Website,
        Field::ProviderPriority,
        Field::IsActive,
        Field::BillingType,
        Field::MonthlyQuotaUsd,
        Field::QuotaResetDay,
        Field::QuotaLastResetAt,
        Field::QuotaExpiresAt,
        Field::RpmLimit,
    ];

    /// The JSON key and the column name.
    pub fn name(self) -> &'static str {
        match self {
            Field::DisplayName => "display_name",
            Field::Description => "description",
            Field::Website => "website",
            Field::ProviderPriority => "provider_priority",
            Field::IsActive => "is_active",
            Field::BillingType => "billing_type",
            Field::MonthlyQuotaUsd => "monthly_quota_usd",
            Field::QuotaResetDay => "quota_reset_day",
            Field::QuotaLastResetAt => "quota_last_reset_at",
            Field::QuotaExpiresAt => "quota_expires_at",
            Field::RpmLimit => "rpm_limit",
        }
    }

    /// The field a JSON key names, if it is editable.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether `null` (SQL NULL) is an allowed value.
    pub fn nullable(self) -> bool {
        !matches!(
            self,
            Field::DisplayName | Field::ProviderPriority | Field::IsActive | Field::BillingType
        )
    }

    /// The NULL of this field's kind, so the engine is told the column's type even for NULL.
    fn null(self) -> FieldValue {
        match self {
            Field::DisplayName | Field::Description | Field::Website | Field::BillingType => {
                FieldValue::Text(None)
            }
            Field::ProviderPriority | Field::QuotaResetDay | Field::RpmLimit => {
                FieldValue::Int(None)
            }
            Field::IsActive => FieldValue::Bool(None),
            Field::MonthlyQuotaUsd => FieldValue::Real(None),
            Field::QuotaLastResetAt | Field::QuotaExpiresAt => FieldValue::Time(None),
        }
    }

    /// Validates one present value; the error is the message for this field.
    fn parse(self, value: &Json) -> Result<FieldValue, String> {
        if value.is_null() {
            return if self.nullable() {
                Ok(self.null())
            } else {
                Err("cannot be null: this setting always needs a value".to_owned())
            };
        }
        match self {
            Field::DisplayName => display_name(value),
            Field::Description => match value.as_str() {
                Some(text) => Ok(FieldValue::Text(Some(text.to_owned()))),
                None => Err(format!("must be text or null, not {}", describe(value))),
            },
            Field::Website => website(value),
            Field::ProviderPriority => integer(
                value,
                i32::MIN.into(),
                i32::MAX.into(),
                "must be between -2147483648 and 2147483647 (lower numbers are tried first)",
            ),
            Field::IsActive => match value.as_bool() {
                Some(b) => Ok(FieldValue::Bool(Some(b))),
                None => Err(format!("must be true or false, not {}", describe(value))),
            },
            Field::BillingType => billing_type(value),
            Field::MonthlyQuotaUsd => money(value),
            Field::QuotaResetDay => integer(value, 1, 31, "must be between 1 and 31"),
            Field::QuotaLastResetAt | Field::QuotaExpiresAt => time(value),
            Field::RpmLimit => integer(
                value,
                0,
                i32::MAX.into(),
                "must be between 0 and 2147483647 (0 blocks every request; null means unlimited)",
            ),
        }
    }
}

/// A value of an editable column, typed by the column's kind; `None` is SQL NULL.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Text columns, and `billing_type` (bound through the enum type on PostgreSQL).
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Real(Option<f64>),
    /// Always whole microseconds: what both engines store.
    Time(Option<Timestamp>),
}

impl FieldValue {
    /// The value as JSON text for the change log; NULL stays `None`.
    pub fn to_json_text(&self) -> Option<String> {
        let json = match self {
            FieldValue::Text(v) => Json::from(v.clone()?),
            FieldValue::Int(v) => Json::from((*v)?),
            FieldValue::Bool(v) => Json::from((*v)?),
            FieldValue::Real(v) => Json::from((*v)?),
            FieldValue::Time(v) => Json::from(ts_text((*v)?)),
        };
        Some(json.to_string())
    }
}

/// A validated patch: the fields it sets, ordered by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Patch {
    pub sets: Vec<(Field, FieldValue)>,
}

/// Validates a JSON patch: an object of editable fields. All violations are reported together,
/// one [`FieldError`] per field, sorted by field name.
pub fn parse_patch(patch: &Json) -> Result<Patch> {
    let Some(object) = patch.as_object() else {
        return Err(Error::invalid(
            "patch",
            format!(
                "must be a JSON object of the settings to change, such as {{\"rpm_limit\": 600}}, not {}",
                describe(patch)
            ),
        ));
    };
    let mut errors = Vec::new();
    let mut sets = Vec::new();
    for (name, value) in object {
        let parsed = match Field::from_name(name) {
            Some(field) => field.parse(value).map(|v| (field, v)),
            None => Err(unknown_field_message(name)),
        };
        match parsed {
            Ok(set) => sets.push(set),
            Err(message) => errors.push(FieldError::new(name.as_str(), message)),
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        return Err(Error::validation(errors));
    }
    sets.sort_by_key(|(field, _)| *field);
    Ok(Patch { sets })
}

fn unknown_field_message(name: &str) -> String {
    let hint = match name {
        "priority" | "weight" => " (did you mean provider_priority?)".to_owned(),
        "name" => " (the name identifies the provider and cannot be changed; edit display_name)"
            .to_owned(),
        "api_key" | "monthly_used_usd" | "rpm_used" | "rpm_reset_at" | "id" | "created_at"
        | "updated_at" => " (it is kept by the gateway, not edited here)".to_owned(),
        _ => {
            let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
            format!("; the editable settings are {}", names.join(", "))
        }
    };
    format!("is not an editable provider setting{hint}")
}

/// How a JSON value reads in a message: "must be …, not a string".
fn describe(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(_) => "true/false".to_owned(),
        Json::Number(n) => format!("the number {n}"),
        Json::String(_) => "a string".to_owned(),
        Json::Array(_) => "a list".to_owned(),
        Json::Object(_) => "an object".to_owned(),
    }
}

fn display_name(value: &Json) -> Result<FieldValue, String> {
    let Some(text) = value.as_str() else {
        return Err(format!("must be text, not {}", describe(value)));
    };
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars == 0 {
        return Err("must not be empty".to_owned());
    }
    if chars > 100 {
        return Err(format!(
            "must be at most 100 characters (this one has {chars})"
        ));
    }
    Ok(FieldValue::Text(Some(trimmed.to_owned())))
}

/// Surrounding spaces are dropped (a pasted URL often has them); the rest is stored as typed.
fn website(value: &Json) -> Result<FieldValue, String> {
    const EXPECTED: &str = "must be an http or https URL with a host, such as https://example.com, or null to clear it";
    let Some(text) = value.as_str() else {
        return Err(format!("{EXPECTED}; got {}", describe(value)));
    };
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars > 500 {
        return Err(format!(
            "must be at most 500 characters (this one has {chars})"
        ));
    }
    let valid = url::Url::parse(trimmed)
        .map(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        })
        .unwrap_or(false);
    if !valid {
        return Err(EXPECTED.to_owned());
    }
    Ok(FieldValue::Text(Some(trimmed.to_owned())))
}

fn integer(value: &Json, min: i64, max: i64, range: &str) -> Result<FieldValue, String> {
    let Json::Number(n) = value else {
        return Err(format!("must be a whole number, not {}", describe(value)));
    };
    if n.is_f64() {
        return Err(format!("must be a whole number, not {n}"));
    }
    match n.as_i64() {
        Some(i) if (min..=max).contains(&i) => Ok(FieldValue::Int(Some(i))),
        // Beyond i64 (a huge u64) is out of range too.
        _ => Err(range.to_owned()),
    }
}

fn billing_type(value: &Json) -> Result<FieldValue, String> {
    let names: Vec<&str> = BillingType::ALL.iter().map(|b| b.as_str()).collect();
    let expected = format!("must be one of {}", names.join(", "));
    match value.as_str() {
        Some(text) => match BillingType::parse(text) {
            Some(billing) => Ok(FieldValue::Text(Some(billing.as_str().to_owned()))),
            None => Err(format!("{expected}; {text:?} is not one of them")),
        },
        None => Err(format!("{expected}, not {}", describe(value))),
    }
}

fn money(value: &Json) -> Result<FieldValue, String> {
    let Some(amount) = value.as_f64() else {
        return Err(format!(
            "must be an amount in US dollars (a number) or null, not {}",
            describe(value)
        ));
    };
    if !amount.is_finite() {
        return Err("must be a finite amount".to_owned());
    }
    if amount < 0.0 {
        return Err("must be 0 or more".to_owned());
    }
    // -0.0 would be logged as "-0.0"; it is the same amount as 0.
    Ok(FieldValue::Real(Some(amount.abs())))
}

fn time(value: &Json) -> Result<FieldValue, String> {
    const EXAMPLE: &str = "such as 2026-11-20T10:00:00Z or 2026-11-20T18:00:00+08:00";
    let Some(text) = value.as_str() else {
        return Err(format!(
            "must be an RFC 3339 time text {EXAMPLE}, or null; not {}",
            describe(value)
        ));
    };
    let Some(parsed) = parse_ts(text) else {
        return Err(if lacks_offset(text) {
            format!("has no UTC offset, so the moment is ambiguous; add Z or ±HH:MM, {EXAMPLE}")
        } else {
            format!("must be an RFC 3339 time with an offset, {EXAMPLE}")
        });
    };
    if !(1..=9999).contains(&parsed.year()) {
        return Err("must be between the years 0001 and 9999 (UTC)".to_owned());
    }
    // Both engines keep microseconds; truncating here makes an unchanged value compare equal.
    Ok(FieldValue::Time(Some(parsed.trunc_subsecs(6))))
}

/// A local date-time without an offset, the mistake worth naming in the message.
fn lacks_offset(text: &str) -> bool {
    let text = text.trim();
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .any(|format| NaiveDateTime::parse_from_str(text, format).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    fn errors(patch: Json) -> Vec<FieldError> {
        match parse_patch(&patch) {
            Err(Error::Validation { errors }) => errors,
            other => panic!("expected a validation error for {patch}, got {other:?}"),
        }
    }

    fn only_error(patch: Json) -> FieldError {
        let mut errors = errors(patch);
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.remove(0)
    }

    fn value_of(patch: Json) -> FieldValue {
        let parsed = parse_patch(&patch).expect("valid patch");
        assert_eq!(parsed.sets.len(), 1);
        parsed.sets[0].1.clone()
    }

    #[test]
    fn every_field_name_round_trips() {
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
    }

    #[test]
    fn a_patch_that_is_not_an_object_is_rejected_on_field_patch() {
        for patch in [json!([]), json!("x"), json!(null), json!(3)] {
            assert_eq!(only_error(patch).field, "patch");
        }
    }

    #[test]
    fn empty_object_is_an_empty_patch() {
        assert_eq!(parse_patch(&json!({})).unwrap(), Patch::default());
    }

    #[test]
    fn null_clears_nullable_fields_with_a_typed_null() {
        let patch = parse_patch(&json!({
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
        assert!(errs.iter().all(|e| e.message.contains("cannot be null")));
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
        let long = only_error(json!({ "display_name": format!("{hundred}x") }));
        assert_eq!(
            long.message,
            "must be at most 100 characters (this one has 101)"
        );
        assert_eq!(
            only_error(json!({"display_name": "   "})).message,
            "must not be empty"
        );
        assert_eq!(
            only_error(json!({"display_name": 5})).message,
            "must be text, not the number 5"
        );
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
            let err = only_error(json!({ "website": bad }));
            assert!(
                err.message.starts_with("must be an http or https URL"),
                "{bad}: {err:?}"
            );
        }
        let at_limit = format!("https://example.com/{}", "a".repeat(500 - 20));
        assert_eq!(at_limit.len(), 500);
        assert!(parse_patch(&json!({ "website": at_limit })).is_ok());
        let over = only_error(json!({ "website": format!("{at_limit}a") }));
        assert_eq!(
            over.message,
            "must be at most 500 characters (this one has 501)"
        );
    }

    #[test]
    fn integers_are_strict_json_integers() {
        assert_eq!(
            only_error(json!({"provider_priority": "7"})).message,
            "must be a whole number, not a string"
        );
        assert_eq!(
            only_error(json!({"provider_priority": 1.5})).message,
            "must be a whole number, not 1.5"
        );
        assert_eq!(
            value_of(json!({"provider_priority": -2147483648_i64})),
            FieldValue::Int(Some(-2147483648))
        );
        assert!(only_error(json!({"provider_priority": 2147483648_i64}))
            .message
            .starts_with("must be between"));
        assert!(only_error(json!({"provider_priority": u64::MAX}))
            .message
            .starts_with("must be between"));
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
            assert_eq!(
                only_error(json!({ "quota_reset_day": bad })).message,
                "must be between 1 and 31"
            );
        }
    }

    #[test]
    fn rpm_limit_zero_blocks_and_negative_is_rejected() {
        assert_eq!(value_of(json!({"rpm_limit": 0})), FieldValue::Int(Some(0)));
        assert!(only_error(json!({"rpm_limit": -1}))
            .message
            .contains("0 blocks every request"));
    }

    #[test]
    fn booleans_are_strict() {
        assert_eq!(
            value_of(json!({"is_active": false})),
            FieldValue::Bool(Some(false))
        );
        assert_eq!(
            only_error(json!({"is_active": "yes"})).message,
            "must be true or false, not a string"
        );
        assert_eq!(
            only_error(json!({"is_active": 1})).message,
            "must be true or false, not the number 1"
        );
    }

    #[test]
    fn billing_type_is_one_of_three() {
        for b in BillingType::ALL {
            assert_eq!(
                value_of(json!({ "billing_type": b.as_str() })),
                FieldValue::Text(Some(b.as_str().into()))
            );
        }
        assert!(only_error(json!({"billing_type": "MONTHLY_QUOTA"}))
            .message
            .contains("\"MONTHLY_QUOTA\" is not one of them"));
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
            only_error(json!({"monthly_quota_usd": -0.01})).message,
            "must be 0 or more"
        );
        assert!(only_error(json!({"monthly_quota_usd": "10"}))
            .message
            .ends_with("not a string"));
    }

    #[test]
    fn times_need_an_offset_and_are_stored_as_utc_microseconds() {
        let expected = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()
            + chrono::Duration::microseconds(123_456);
        assert_eq!(
            value_of(json!({"quota_expires_at": "2026-11-20T18:00:00.123456789+08:00"})),
            FieldValue::Time(Some(expected))
        );
        assert!(
            only_error(json!({"quota_expires_at": "2026-11-20T10:00:00"}))
                .message
                .starts_with("has no UTC offset")
        );
        assert!(only_error(json!({"quota_last_reset_at": "next tuesday"}))
            .message
            .starts_with("must be an RFC 3339 time with an offset"));
        assert!(only_error(json!({"quota_last_reset_at": 1700000000}))
            .message
            .ends_with("not the number 1700000000"));
        assert!(
            only_error(json!({"quota_expires_at": "9999-12-31T23:00:00-05:00"}))
                .message
                .contains("9999")
        );
    }

    #[test]
    fn unknown_fields_are_rejected_by_name() {
        let errs =
            errors(json!({"priority": 1, "weight": 2, "api_key": "sk", "name": "x", "color": 1}));
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["api_key", "color", "name", "priority", "weight"]);
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
}
