//! The provider settings each generation lets this tool edit, with their bounds: the one table
//! that patch validation, the write and the UI's field rules (`DatabaseInfo.field_rules`) are all
//! read from. Why each bound is what it is: `docs/rules-update.md`.

use crate::layout::Generation;
use crate::model::{BillingType, FieldKind, FieldRule};

/// A settings column of `providers`. [`Field::name`] is both the JSON key and the column name,
/// and these names are the only column names the update's SQL is built from. The order is the
/// edit dialog's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// v0.3 / rust: the name shown (unique among providers).
    Name,
    /// Legacy: the name shown (legacy's `name` is a machine name, not editable).
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
    MaxRetries,
    RequestTimeout,
    StreamFirstByteTimeout,
    ConcurrentLimit,
    KeepPriorityOnConversion,
    EnableFormatConversion,
}

/// How a column stores a value (decides how it is read, bound and logged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Storage {
    Text,
    Int,
    Real,
    Bool,
    Time,
}

impl Field {
    /// Every field of any generation.
    pub const ALL: [Field; 18] = [
        Field::Name,
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
        Field::MaxRetries,
        Field::RequestTimeout,
        Field::StreamFirstByteTimeout,
        Field::ConcurrentLimit,
        Field::KeepPriorityOnConversion,
        Field::EnableFormatConversion,
    ];

    /// The JSON key and the column name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Name => "name",
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
            Field::MaxRetries => "max_retries",
            Field::RequestTimeout => "request_timeout",
            Field::StreamFirstByteTimeout => "stream_first_byte_timeout",
            Field::ConcurrentLimit => "concurrent_limit",
            Field::KeepPriorityOnConversion => "keep_priority_on_conversion",
            Field::EnableFormatConversion => "enable_format_conversion",
        }
    }

    /// The field a JSON key names, in any generation.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    pub(crate) fn storage(self) -> Storage {
        match self {
            Field::Name
            | Field::DisplayName
            | Field::Description
            | Field::Website
            | Field::BillingType => Storage::Text,
            Field::ProviderPriority
            | Field::QuotaResetDay
            | Field::RpmLimit
            | Field::MaxRetries
            | Field::ConcurrentLimit => Storage::Int,
            Field::MonthlyQuotaUsd | Field::RequestTimeout | Field::StreamFirstByteTimeout => {
                Storage::Real
            }
            Field::IsActive | Field::KeepPriorityOnConversion | Field::EnableFormatConversion => {
                Storage::Bool
            }
            Field::QuotaLastResetAt | Field::QuotaExpiresAt => Storage::Time,
        }
    }
}

/// How a present, non-null value is checked. Bounds are inclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Check {
    /// Text, trimmed, then 1..=`max_chars` characters.
    ShownName {
        max_chars: u32,
    },
    /// Any text.
    Text,
    /// An http or https URL with a host, at most 500 characters.
    Website,
    /// A JSON integer; `hint` follows the range in the message.
    Integer {
        min: i64,
        max: i64,
        hint: &'static str,
    },
    /// US dollars: a finite number, 0 or more.
    Money,
    /// Seconds: a JSON number, fractional allowed.
    Seconds {
        min: f64,
        max: f64,
    },
    Bool,
    Billing,
    /// RFC 3339 with an offset.
    Time,
}

/// One editable field of one generation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub field: Field,
    /// Whether `null` (SQL NULL) is an allowed value.
    pub nullable: bool,
    pub(crate) check: Check,
}

const fn rule(field: Field, nullable: bool, check: Check) -> Rule {
    Rule {
        field,
        nullable,
        check,
    }
}

/// The longest website any generation's column holds.
pub(crate) const WEBSITE_MAX_CHARS: u32 = 500;
const I32_MIN: i64 = i32::MIN as i64;
const I32_MAX: i64 = i32::MAX as i64;
const PRIORITY_HINT: &str = " (lower numbers are tried first)";
const RPM_HINT: &str = " (0 blocks every request; null means unlimited)";
const CONCURRENCY_HINT: &str = " (null means unlimited)";

/// Aether ≤ v0.2: the original rules.
const LEGACY: &[Rule] = &[
    rule(
        Field::DisplayName,
        false,
        Check::ShownName { max_chars: 100 },
    ),
    rule(Field::Description, true, Check::Text),
    rule(Field::Website, true, Check::Website),
    rule(
        Field::ProviderPriority,
        false,
        Check::Integer {
            min: I32_MIN,
            max: I32_MAX,
            hint: PRIORITY_HINT,
        },
    ),
    rule(Field::IsActive, false, Check::Bool),
    rule(Field::BillingType, false, Check::Billing),
    rule(Field::MonthlyQuotaUsd, true, Check::Money),
    rule(
        Field::QuotaResetDay,
        true,
        Check::Integer {
            min: 1,
            max: 31,
            hint: "",
        },
    ),
    rule(Field::QuotaLastResetAt, true, Check::Time),
    rule(Field::QuotaExpiresAt, true, Check::Time),
    rule(
        Field::RpmLimit,
        true,
        Check::Integer {
            min: 0,
            max: I32_MAX,
            hint: RPM_HINT,
        },
    ),
];

// The rules v0.3 and the Rust gateway share; each table below lists them with its own bounds.
const NAME: Rule = rule(Field::Name, false, Check::ShownName { max_chars: 100 });
const DESCRIPTION: Rule = rule(Field::Description, true, Check::Text);
const WEBSITE: Rule = rule(Field::Website, true, Check::Website);
const PRIORITY: Rule = rule(
    Field::ProviderPriority,
    false,
    Check::Integer {
        min: 0,
        max: 10_000,
        hint: PRIORITY_HINT,
    },
);
const IS_ACTIVE: Rule = rule(Field::IsActive, false, Check::Bool);
const BILLING: Rule = rule(Field::BillingType, false, Check::Billing);
const QUOTA: Rule = rule(Field::MonthlyQuotaUsd, true, Check::Money);
const QUOTA_EXPIRES: Rule = rule(Field::QuotaExpiresAt, true, Check::Time);
const FIRST_BYTE_TIMEOUT: Rule = rule(
    Field::StreamFirstByteTimeout,
    true,
    Check::Seconds {
        min: 1.0,
        max: 300.0,
    },
);
const KEEP_PRIORITY: Rule = rule(Field::KeepPriorityOnConversion, false, Check::Bool);
const FORMAT_CONVERSION: Rule = rule(Field::EnableFormatConversion, false, Check::Bool);

const fn reset_days(max: i64) -> Rule {
    rule(
        Field::QuotaResetDay,
        true,
        Check::Integer {
            min: 1,
            max,
            hint: "",
        },
    )
}

const fn retries(max: i64) -> Rule {
    rule(
        Field::MaxRetries,
        true,
        Check::Integer {
            min: 0,
            max,
            hint: "",
        },
    )
}

const fn request_timeout(max: f64) -> Rule {
    rule(
        Field::RequestTimeout,
        true,
        Check::Seconds { min: 1.0, max },
    )
}

/// Aether v0.3 (Python): its settings update's bounds; `provider_priority` has none there, so the
/// Rust gateway's 0..=10000 applies.
const V03: &[Rule] = &[
    NAME,
    DESCRIPTION,
    WEBSITE,
    PRIORITY,
    IS_ACTIVE,
    BILLING,
    QUOTA,
    reset_days(31),
    QUOTA_EXPIRES,
    retries(10),
    request_timeout(600.0),
    FIRST_BYTE_TIMEOUT,
    KEEP_PRIORITY,
    FORMAT_CONVERSION,
];

/// The Rust gateway's admin update.
const RUST: &[Rule] = &[
    NAME,
    DESCRIPTION,
    WEBSITE,
    PRIORITY,
    IS_ACTIVE,
    BILLING,
    QUOTA,
    reset_days(365),
    rule(Field::QuotaLastResetAt, true, Check::Time),
    QUOTA_EXPIRES,
    retries(999),
    request_timeout(1200.0),
    FIRST_BYTE_TIMEOUT,
    rule(
        Field::ConcurrentLimit,
        true,
        Check::Integer {
            min: 0,
            max: I32_MAX,
            hint: CONCURRENCY_HINT,
        },
    ),
    KEEP_PRIORITY,
    FORMAT_CONVERSION,
];

/// The editable fields of `generation` with their rules, in dialog order.
pub fn rules(generation: Generation) -> &'static [Rule] {
    match generation {
        Generation::Legacy => LEGACY,
        Generation::V03 => V03,
        Generation::Rust => RUST,
    }
}

/// The rule of `field` on `generation`, if that generation lets it be edited.
pub(crate) fn rule_of(generation: Generation, field: Field) -> Option<&'static Rule> {
    rules(generation).iter().find(|r| r.field == field)
}

impl Rule {
    /// What the UI needs to check a value before sending it.
    pub fn describe(&self) -> FieldRule {
        let mut out = FieldRule {
            name: self.field.name().to_owned(),
            kind: FieldKind::Text,
            nullable: self.nullable,
            unique: self.field == Field::Name,
            min: None,
            max: None,
            min_chars: None,
            max_chars: None,
            choices: Vec::new(),
        };
        match self.check {
            Check::ShownName { max_chars } => {
                out.min_chars = Some(1);
                out.max_chars = Some(max_chars);
            }
            Check::Text => {}
            Check::Website => {
                out.kind = FieldKind::Url;
                out.max_chars = Some(WEBSITE_MAX_CHARS);
            }
            Check::Integer { min, max, .. } => {
                out.kind = FieldKind::Integer;
                // i32 bounds and below: exact in an f64.
                out.min = Some(min as f64);
                out.max = Some(max as f64);
            }
            Check::Money => {
                out.kind = FieldKind::Number;
                out.min = Some(0.0);
            }
            Check::Seconds { min, max } => {
                out.kind = FieldKind::Number;
                out.min = Some(min);
                out.max = Some(max);
            }
            Check::Bool => out.kind = FieldKind::Boolean,
            Check::Billing => {
                out.kind = FieldKind::Choice;
                out.choices = BillingType::ALL
                    .iter()
                    .map(|b| b.as_str().to_owned())
                    .collect();
            }
            Check::Time => out.kind = FieldKind::Time,
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_name_round_trips() {
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
    }

    #[test]
    fn each_generation_lists_its_fields_in_dialog_order_once() {
        for generation in Generation::ALL {
            let fields: Vec<Field> = rules(generation).iter().map(|r| r.field).collect();
            let mut sorted = fields.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(fields, sorted, "{generation}");
        }
        let names = |g| -> Vec<&str> { rules(g).iter().map(|r| r.field.name()).collect() };
        assert_eq!(names(Generation::Legacy).len(), 11);
        assert!(!names(Generation::V03).contains(&"concurrent_limit"));
        assert!(!names(Generation::V03).contains(&"quota_last_reset_at"));
        for g in [Generation::V03, Generation::Rust] {
            for absent in ["display_name", "rpm_limit"] {
                assert!(!names(g).contains(&absent), "{g} {absent}");
            }
        }
    }

    #[test]
    fn field_rules_carry_the_bounds() {
        let rule = |g, f| rule_of(g, f).unwrap().describe();
        let retries = rule(Generation::V03, Field::MaxRetries);
        assert_eq!(
            (retries.kind, retries.min, retries.max, retries.nullable),
            (FieldKind::Integer, Some(0.0), Some(10.0), true)
        );
        let timeout = rule(Generation::Rust, Field::RequestTimeout);
        assert_eq!(
            (timeout.kind, timeout.min, timeout.max),
            (FieldKind::Number, Some(1.0), Some(1200.0))
        );
        let name = rule(Generation::Rust, Field::Name);
        assert_eq!(
            (name.unique, name.min_chars, name.max_chars, name.nullable),
            (true, Some(1), Some(100), false)
        );
        assert_eq!(
            rule(Generation::Legacy, Field::BillingType).choices,
            ["monthly_quota", "pay_as_you_go", "free_tier"]
        );
    }
}
