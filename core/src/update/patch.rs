//! Parsing and validating a settings patch against a generation's rules (`docs/rules-update.md`).
//!
//! JSON types are strict (`"7"` is not a number, `"yes"` is not a boolean), absent differs from
//! `null`, and every violation is collected so the admin sees all of them at once.

use chrono::{Datelike, NaiveDateTime, SubsecRound};
use serde_json::Value as Json;

use super::fields::{rule_of, rules, Check, Field, Rule, Storage, WEBSITE_MAX_CHARS};
use crate::db::{parse_ts, ts_text};
use crate::error::{Error, FieldCode, FieldError, Result};
use crate::layout::{Generation, Layout, TimeEncoding};
use crate::model::{BillingType, Timestamp};

impl Rule {
    /// Validates one present value; the error is this field's code and message.
    fn parse(&self, value: &Json) -> Checked {
        if value.is_null() {
            return if self.nullable {
                Ok(FieldValue::null(self.field))
            } else {
                Err((
                    FieldCode::Required,
                    "cannot be null: this setting always needs a value".to_owned(),
                ))
            };
        }
        match self.check {
            Check::ShownName { max_chars } => shown_name(value, max_chars),
            Check::Text => match value.as_str() {
                Some(text) => Ok(FieldValue::Text(Some(text.to_owned()))),
                None => Err((
                    FieldCode::NotText,
                    format!("must be text or null, not {}", describe(value)),
                )),
            },
            Check::Website => website(value),
            Check::Integer { min, max, hint } => integer(value, min, max, hint),
            Check::Money => money(value),
            Check::Seconds { min, max } => seconds(value, min, max),
            Check::Bool => match value.as_bool() {
                Some(b) => Ok(FieldValue::Bool(Some(b))),
                None => Err((
                    FieldCode::NotABoolean,
                    format!("must be true or false, not {}", describe(value)),
                )),
            },
            Check::Billing => billing_type(value),
            Check::Time => time(value),
        }
    }
}

/// A checked value, or why it was rejected.
type Checked = std::result::Result<FieldValue, (FieldCode, String)>;

/// A value of an editable column, typed by the column's kind; `None` is SQL NULL.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Text columns, and `billing_type` (bound through the enum type on PostgreSQL).
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Real(Option<f64>),
    /// Whole microseconds as parsed; [`FieldValue::as_stored`] brings it to the column's
    /// precision.
    Time(Option<Timestamp>),
}

impl FieldValue {
    /// The NULL of `field`'s kind, so the engine is told the column's type even for NULL.
    fn null(field: Field) -> Self {
        match field.storage() {
            Storage::Text => FieldValue::Text(None),
            Storage::Int => FieldValue::Int(None),
            Storage::Real => FieldValue::Real(None),
            Storage::Bool => FieldValue::Bool(None),
            Storage::Time => FieldValue::Time(None),
        }
    }

    /// The value as `layout` stores it: the Rust gateway's SQLite file keeps whole seconds, so a
    /// time is truncated there (and then compares equal to an unchanged stored value).
    pub fn as_stored(&self, layout: Layout) -> FieldValue {
        match (self, layout.encoding) {
            (FieldValue::Time(Some(t)), TimeEncoding::UnixEpoch) => {
                FieldValue::Time(Some(t.trunc_subsecs(0)))
            }
            _ => self.clone(),
        }
    }

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

/// Validates a JSON patch: an object of the fields `generation` lets this tool edit. All
/// violations are reported together, one [`FieldError`] per field, sorted by field name.
pub fn parse_patch(patch: &Json, generation: Generation) -> Result<Patch> {
    let Some(object) = patch.as_object() else {
        let example = match generation {
            Generation::Legacy => "{\"rpm_limit\": 600}",
            Generation::V03 | Generation::Rust => "{\"max_retries\": 2}",
        };
        return Err(Error::invalid(
            "patch",
            FieldCode::NotAnObject,
            format!(
                "must be a JSON object of the settings to change, such as {example}, not {}",
                describe(patch)
            ),
        ));
    };
    let mut errors = Vec::new();
    let mut sets = Vec::new();
    for (name, value) in object {
        let rule = Field::from_name(name).and_then(|f| rule_of(generation, f));
        let parsed = match rule {
            Some(rule) => rule.parse(value).map(|v| (rule.field, v)),
            None => Err((
                FieldCode::NotEditable,
                not_editable_message(name, generation),
            )),
        };
        match parsed {
            Ok(set) => sets.push(set),
            Err((code, message)) => errors.push(FieldError::new(name.as_str(), code, message)),
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        return Err(Error::validation(errors));
    }
    sets.sort_by_key(|(field, _)| *field);
    Ok(Patch { sets })
}

/// Why `name` is refused on `generation`, with a hint where one helps.
fn not_editable_message(name: &str, generation: Generation) -> String {
    let newer = generation != Generation::Legacy;
    let hint = match name {
        "priority" | "weight" => " (did you mean provider_priority?)".to_owned(),
        "enabled" => " (did you mean is_active?)".to_owned(),
        "name" => " (the name identifies the provider and cannot be changed; edit display_name)"
            .to_owned(),
        "display_name" if newer => format!(
            " on Aether {generation}: it has no display_name; its name is the name shown, edit name"
        ),
        "rpm_limit" if newer => {
            format!(" on Aether {generation}: request limits belong to its keys, not to providers")
        }
        "provider_type" => " here: changing it makes Aether re-create the provider's template \
             endpoints; change it in Aether's own admin"
            .to_owned(),
        "proxy" => {
            " here: it holds the proxy's credentials; edit it in Aether's own admin".to_owned()
        }
        "config" => {
            " here: it holds encrypted connector credentials; edit it in Aether's own admin"
                .to_owned()
        }
        "api_key" | "monthly_used_usd" | "rpm_used" | "rpm_reset_at" | "id" | "created_at"
        | "updated_at" => " (it is kept by the gateway, not edited here)".to_owned(),
        _ if Field::from_name(name).is_some() => format!(
            " on Aether {generation}: {}",
            match generation {
                Generation::Legacy => "this generation has no such setting",
                _ => "Aether's own settings update there does not change it",
            }
        ),
        _ => {
            let names: Vec<&str> = rules(generation).iter().map(|r| r.field.name()).collect();
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

/// Trimmed, then 1..=`max_chars` characters.
fn shown_name(value: &Json, max_chars: u32) -> Checked {
    let Some(text) = value.as_str() else {
        return Err((
            FieldCode::NotText,
            format!("must be text, not {}", describe(value)),
        ));
    };
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars == 0 {
        return Err((FieldCode::Required, "must not be empty".to_owned()));
    }
    if chars > max_chars as usize {
        return Err(too_long(max_chars, chars));
    }
    Ok(FieldValue::Text(Some(trimmed.to_owned())))
}

/// Surrounding spaces are dropped (a pasted URL often has them); the rest is stored as typed.
/// More than `max` characters.
fn too_long(max: u32, chars: usize) -> (FieldCode, String) {
    (
        FieldCode::TooLong { max },
        format!("must be at most {max} characters (this one has {chars})"),
    )
}

fn website(value: &Json) -> Checked {
    const EXPECTED: &str = "must be an http or https URL with a host, such as https://example.com, or null to clear it";
    let Some(text) = value.as_str() else {
        return Err((
            FieldCode::InvalidUrl,
            format!("{EXPECTED}; got {}", describe(value)),
        ));
    };
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars > WEBSITE_MAX_CHARS as usize {
        return Err(too_long(WEBSITE_MAX_CHARS, chars));
    }
    let valid = url::Url::parse(trimmed)
        .map(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        })
        .unwrap_or(false);
    if !valid {
        return Err((FieldCode::InvalidUrl, EXPECTED.to_owned()));
    }
    Ok(FieldValue::Text(Some(trimmed.to_owned())))
}

fn integer(value: &Json, min: i64, max: i64, hint: &str) -> Checked {
    let not_whole = |what: String| {
        (
            FieldCode::NotAnInteger,
            format!("must be a whole number, not {what}"),
        )
    };
    let Json::Number(n) = value else {
        return Err(not_whole(describe(value)));
    };
    if n.is_f64() {
        return Err(not_whole(n.to_string()));
    }
    match n.as_i64() {
        Some(i) if (min..=max).contains(&i) => Ok(FieldValue::Int(Some(i))),
        // Beyond i64 (a huge u64) is out of range too.
        _ => Err((
            // The bounds are i32 or narrower: exact in an f64.
            FieldCode::OutOfRange {
                min: min as f64,
                max: max as f64,
            },
            format!("must be between {min} and {max}{hint}"),
        )),
    }
}

/// A number of seconds; a fraction is kept as given (the columns are floating point).
fn seconds(value: &Json, min: f64, max: f64) -> Checked {
    let Some(secs) = value.as_f64() else {
        return Err((
            FieldCode::NotANumber,
            format!(
                "must be a number of seconds or null, not {}",
                describe(value)
            ),
        ));
    };
    if !(min..=max).contains(&secs) {
        return Err((
            FieldCode::OutOfRange { min, max },
            format!("must be between {min} and {max} seconds"),
        ));
    }
    Ok(FieldValue::Real(Some(secs)))
}

fn billing_type(value: &Json) -> Checked {
    let names: Vec<&str> = BillingType::ALL.iter().map(|b| b.as_str()).collect();
    let expected = format!("must be one of {}", names.join(", "));
    let not_a_choice = |message: String| {
        let choices = names.iter().map(|n| (*n).to_owned()).collect();
        (FieldCode::NotAChoice { choices }, message)
    };
    match value.as_str() {
        Some(text) => match BillingType::parse(text) {
            Some(billing) => Ok(FieldValue::Text(Some(billing.as_str().to_owned()))),
            None => Err(not_a_choice(format!(
                "{expected}; {text:?} is not one of them"
            ))),
        },
        None => Err(not_a_choice(format!("{expected}, not {}", describe(value)))),
    }
}

fn money(value: &Json) -> Checked {
    let Some(amount) = value.as_f64() else {
        return Err((
            FieldCode::NotANumber,
            format!(
                "must be an amount in US dollars (a number) or null, not {}",
                describe(value)
            ),
        ));
    };
    if !amount.is_finite() {
        return Err((FieldCode::NotANumber, "must be a finite amount".to_owned()));
    }
    if amount < 0.0 {
        return Err((
            FieldCode::AtLeast { min: 0.0 },
            "must be 0 or more".to_owned(),
        ));
    }
    // -0.0 would be logged as "-0.0"; it is the same amount as 0.
    Ok(FieldValue::Real(Some(amount.abs())))
}

fn time(value: &Json) -> Checked {
    const EXAMPLE: &str = "such as 2026-11-20T10:00:00Z or 2026-11-20T18:00:00+08:00";
    let Some(text) = value.as_str() else {
        return Err((
            FieldCode::InvalidTime,
            format!(
                "must be an RFC 3339 time text {EXAMPLE}, or null; not {}",
                describe(value)
            ),
        ));
    };
    let Some(parsed) = parse_ts(text) else {
        return Err(if lacks_offset(text) {
            (
                FieldCode::TimeWithoutOffset,
                format!(
                    "has no UTC offset, so the moment is ambiguous; add Z or ±HH:MM, {EXAMPLE}"
                ),
            )
        } else {
            (
                FieldCode::InvalidTime,
                format!("must be an RFC 3339 time with an offset, {EXAMPLE}"),
            )
        });
    };
    if !(1..=9999).contains(&parsed.year()) {
        return Err((
            FieldCode::InvalidTime,
            "must be between the years 0001 and 9999 (UTC)".to_owned(),
        ));
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
