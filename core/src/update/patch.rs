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
mod tests;
