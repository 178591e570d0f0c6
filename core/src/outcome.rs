//! Outcome classes: what one request candidate says about its provider, the newest gateway's rule
//! applied on every generation (`docs/rules.md`, "Outcome classes"). The rule is written twice,
//! once in Rust ([`OutcomeClass::classify`]) and once in SQL ([`OUTCOME_SQL`]); a test holds the
//! two equal on every engine.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::Count;
use crate::verdict::{rate_level, Level};

/// The class of one request candidate.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeClass {
    /// Answered, with no error.
    Success,
    /// The provider failed it.
    ServiceError,
    /// The client's own bad request (HTTP 400): not held against the provider.
    UserError,
    /// Never sent to the provider (skipped, cancelled, only a candidate).
    NotAttempted,
    /// Still running when the data was read.
    InFlight,
}

impl OutcomeClass {
    pub const ALL: [OutcomeClass; 5] = [
        Self::Success,
        Self::ServiceError,
        Self::UserError,
        Self::NotAttempted,
        Self::InFlight,
    ];

    /// The value [`OUTCOME_SQL`] yields and JSON carries.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::ServiceError => "service_error",
            Self::UserError => "user_error",
            Self::NotAttempted => "not_attempted",
            Self::InFlight => "in_flight",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }

    /// The rule: a 400 is the client's whatever the status; `pending` / `streaming` are in
    /// flight; `cancelled`, `skipped`, `available`, `unused` never reached the provider; a
    /// `success` with no code or one below 400 and no error message is a success; anything else
    /// is the provider's error.
    pub fn classify(status: &str, status_code: Option<i64>, error_message: Option<&str>) -> Self {
        if status_code == Some(400) {
            return Self::UserError;
        }
        match status {
            "pending" | "streaming" => Self::InFlight,
            "cancelled" | "skipped" | "available" | "unused" => Self::NotAttempted,
            "success"
                if status_code.is_none_or(|c| c < 400)
                    && error_message.is_none_or(str::is_empty) =>
            {
                Self::Success
            }
            _ => Self::ServiceError,
        }
    }
}

/// How many events of a set fell in each outcome class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OutcomeCounts {
    #[specta(type = Count)]
    pub success: u64,
    #[specta(type = Count)]
    pub service_error: u64,
    #[specta(type = Count)]
    pub user_error: u64,
    #[specta(type = Count)]
    pub not_attempted: u64,
    #[specta(type = Count)]
    pub in_flight: u64,
}

impl OutcomeCounts {
    pub fn add(&mut self, class: OutcomeClass, n: u64) {
        let slot = match class {
            OutcomeClass::Success => &mut self.success,
            OutcomeClass::ServiceError => &mut self.service_error,
            OutcomeClass::UserError => &mut self.user_error,
            OutcomeClass::NotAttempted => &mut self.not_attempted,
            OutcomeClass::InFlight => &mut self.in_flight,
        };
        *slot = slot.saturating_add(n);
    }

    pub fn merge(&mut self, other: &OutcomeCounts) {
        self.add(OutcomeClass::Success, other.success);
        self.add(OutcomeClass::ServiceError, other.service_error);
        self.add(OutcomeClass::UserError, other.user_error);
        self.add(OutcomeClass::NotAttempted, other.not_attempted);
        self.add(OutcomeClass::InFlight, other.in_flight);
    }

    pub fn total(&self) -> u64 {
        [
            self.success,
            self.service_error,
            self.user_error,
            self.not_attempted,
            self.in_flight,
        ]
        .iter()
        .fold(0u64, |a, &b| a.saturating_add(b))
    }

    /// Attempts the provider answered for: success + service_error. A client's bad request,
    /// an attempt never sent and one still running say nothing about the provider.
    pub fn finished(&self) -> u64 {
        self.success.saturating_add(self.service_error)
    }

    /// success / (success + service_error); `None` when neither occurred.
    pub fn success_rate(&self) -> Option<f64> {
        let finished = self.finished();
        // Exact below 2^53 events; beyond, the ratio is still right to 15 digits.
        (finished > 0).then(|| self.success as f64 / finished as f64)
    }

    /// The colour of these outcomes (`docs/rules.md`, "Verdicts and colours"): grey without
    /// events, neutral when none finished, else by the success rate.
    pub fn level(&self) -> Level {
        if self.total() == 0 {
            return Level::Empty;
        }
        self.success_rate().map_or(Level::Neutral, rate_level)
    }
}

/// [`OutcomeClass::classify`] as one SQL expression over a `request_candidates` row, the same
/// text on SQLite, PostgreSQL and MySQL. Every query that needs a row's class uses this.
///
/// "Empty message" is `LENGTH(…) = 0`, not `= ''`: MySQL's PAD SPACE collations find `'  '`
/// equal to `''`.
pub const OUTCOME_SQL: &str = "(CASE WHEN status_code = 400 THEN 'user_error' \
     WHEN status IN ('pending', 'streaming') THEN 'in_flight' \
     WHEN status IN ('cancelled', 'skipped', 'available', 'unused') THEN 'not_attempted' \
     WHEN status = 'success' AND (status_code IS NULL OR status_code < 400) \
          AND (error_message IS NULL OR LENGTH(error_message) = 0) THEN 'success' \
     ELSE 'service_error' END)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_by_example() {
        use OutcomeClass::*;
        let cases = [
            ("failed", Some(400), Some("bad"), UserError),
            ("success", Some(400), None, UserError),
            ("skipped", Some(400), None, UserError),
            ("pending", None, None, InFlight),
            ("streaming", Some(200), None, InFlight),
            ("cancelled", Some(500), None, NotAttempted),
            ("skipped", None, Some("no key"), NotAttempted),
            ("available", None, None, NotAttempted),
            ("unused", None, None, NotAttempted),
            ("success", None, None, Success),
            ("success", Some(399), Some(""), Success),
            ("success", Some(401), None, ServiceError),
            ("success", Some(200), Some("partial"), ServiceError),
            ("failed", Some(200), None, ServiceError),
            ("stream_interrupted", None, None, ServiceError),
            ("", None, None, ServiceError),
        ];
        for (status, code, message, class) in cases {
            assert_eq!(
                OutcomeClass::classify(status, code, message),
                class,
                "{status} {code:?} {message:?}"
            );
        }
    }

    #[test]
    fn names_round_trip() {
        for class in OutcomeClass::ALL {
            assert_eq!(OutcomeClass::parse(class.as_str()), Some(class));
            assert_eq!(
                serde_json::to_string(&class).unwrap(),
                format!("\"{}\"", class.as_str())
            );
        }
    }
}
