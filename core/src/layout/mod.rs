//! Which Aether a database is: the generation of Aether that wrote its schema and how it stores
//! time. Everything that differs between generations or encodings is answered from here and
//! from [`crate::source`]; the operations above stay generation-neutral (`docs/generations.md`).

mod columns;
mod detect;
mod time;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use columns::{
    columns, optional_columns, read_columns, OptionalColumn, TableColumns, AUTH_CONFIG_MARKER,
    AUTH_CONFIG_SET, OPTIONAL, PRESENCE_ONLY,
};
pub use detect::{detect, Detected};
pub(crate) use detect::{present_optional, table_columns};
pub use time::{DbTs, TsForm, TsParam, Unit};

/// The generation of Aether whose schema a database has.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
pub enum Generation {
    /// Aether up to v0.2 (Python): keys belong to an endpoint and carry one `health_score`.
    #[serde(rename = "legacy")]
    Legacy,
    /// Aether v0.3 (Python, alembic): keys belong to the provider and serve formats.
    #[serde(rename = "v0.3")]
    V03,
    /// The Rust gateway: v0.3's layout plus its own migrations.
    #[serde(rename = "rust")]
    Rust,
}

impl Generation {
    pub const ALL: [Generation; 3] = [Self::Legacy, Self::V03, Self::Rust];

    /// The name used on the command line, in JSON and in the header.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Legacy => "legacy",
            Self::V03 => "v0.3",
            Self::Rust => "rust",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == text)
    }

    /// v0.3 and the Rust gateway: keys per provider, matched to endpoints by format.
    pub fn keys_serve_formats(self) -> bool {
        !matches!(self, Self::Legacy)
    }
}

impl std::fmt::Display for Generation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a database stores timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TimeEncoding {
    /// PostgreSQL `timestamptz`.
    Timestamptz,
    /// A snapshot made by this project: canonical RFC 3339 UTC text.
    Rfc3339Text,
    /// The Rust gateway's SQLite file: unix seconds in the catalogue tables, unix milliseconds in
    /// `request_candidates`.
    UnixEpoch,
}

/// A database's generation and time encoding: what every reader and writer consults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub generation: Generation,
    pub encoding: TimeEncoding,
}

impl Layout {
    pub const fn new(generation: Generation, encoding: TimeEncoding) -> Self {
        Self {
            generation,
            encoding,
        }
    }

    /// A timestamp column as a select expression that [`DbTs`] decodes: integers are brought to
    /// milliseconds, every other form is left as stored.
    pub fn ts(&self, column: &str, unit: Unit) -> String {
        match (self.encoding, unit) {
            (TimeEncoding::UnixEpoch, Unit::Seconds) => {
                format!("(CAST({column} AS BIGINT) * 1000)")
            }
            (TimeEncoding::UnixEpoch, Unit::Millis) => format!("CAST({column} AS BIGINT)"),
            _ => column.to_owned(),
        }
    }

    /// The lower bound of a window (`column >= bound`) in a column stored in `unit`: rounded up
    /// to the column's precision, so no earlier time is let in.
    pub fn bind_lower(&self, at: crate::model::Timestamp, unit: Unit) -> TsParam {
        let step = match (self.encoding, unit) {
            (TimeEncoding::UnixEpoch, Unit::Seconds) => chrono::TimeDelta::seconds(1),
            (TimeEncoding::UnixEpoch, Unit::Millis) => chrono::TimeDelta::milliseconds(1),
            _ => return self.bind_ts(at, unit),
        };
        let floored = self.bind_ts(at, unit);
        let exact = match floored.form {
            TsForm::UnixSeconds => at.timestamp_subsec_nanos() == 0,
            _ => at.timestamp_subsec_nanos().is_multiple_of(1_000_000),
        };
        if exact {
            floored
        } else {
            self.bind_ts(at + step, unit)
        }
    }

    /// A timestamp to bind against a column stored in `unit` (finer parts are dropped, which is
    /// right for an upper bound `column <= bound` and for values written).
    pub fn bind_ts(&self, at: crate::model::Timestamp, unit: Unit) -> TsParam {
        let form = match (self.encoding, unit) {
            (TimeEncoding::UnixEpoch, Unit::Seconds) => TsForm::UnixSeconds,
            (TimeEncoding::UnixEpoch, Unit::Millis) => TsForm::UnixMillis,
            _ => TsForm::Text,
        };
        TsParam { at, form }
    }
}
