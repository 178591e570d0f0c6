//! Timestamps on both engines: `timestamptz` in PostgreSQL, canonical RFC 3339 text in SQLite.

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::mysql::MySqlTypeInfo;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo};
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo};
use sqlx::{Encode, MySql, Postgres, Sqlite, Type};

/// The one text form a snapshot stores: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. Fixed width, so comparing
/// the text compares the times, and SQLite's indexes on timestamp columns work.
pub fn ts_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// [`ts_text`] into a reused buffer: the snapshot copy formats millions of timestamps, and this
/// skips the allocation and the formatting machinery. Calendar arithmetic stays chrono's.
#[derive(Debug, Default)]
pub struct TsFormatter {
    buf: [u8; 27],
    /// Years outside 0000–9999 (never seen in practice) take the general path.
    other: String,
}

impl TsFormatter {
    pub fn format(&mut self, t: DateTime<Utc>) -> &str {
        let year = t.year();
        if !(0..=9999).contains(&year) || t.nanosecond() >= 1_000_000_000 {
            self.other = ts_text(t);
            return &self.other;
        }
        let buf = &mut self.buf;
        *buf = *b"0000-00-00T00:00:00.000000Z";
        let fields = [
            (0, 4, year.unsigned_abs()),
            (5, 2, t.month()),
            (8, 2, t.day()),
            (11, 2, t.hour()),
            (14, 2, t.minute()),
            (17, 2, t.second()),
            (20, 6, t.nanosecond() / 1_000),
        ];
        for (start, width, mut value) in fields {
            for digit in buf[start..start + width].iter_mut().rev() {
                *digit = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        std::str::from_utf8(buf).expect("ASCII digits and separators")
    }
}

/// Parses RFC 3339 with an explicit offset (`Z` or `±HH:MM`); a time without one is rejected.
pub fn parse_ts(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A timestamp to bind: PostgreSQL gets a `timestamptz`, SQLite (and MySQL) the canonical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ts(pub DateTime<Utc>);

impl Type<Sqlite> for Ts {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for Ts {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(ts_text(self.0), buf)
    }
}

impl Type<Postgres> for Ts {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Ts {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl Type<MySql> for Ts {
    fn type_info() -> MySqlTypeInfo {
        <String as Type<MySql>>::type_info()
    }
}

impl Encode<'_, MySql> for Ts {
    fn encode_by_ref(&self, buf: &mut Vec<u8>) -> Result<IsNull, BoxDynError> {
        <String as Encode<MySql>>::encode(ts_text(self.0), buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn canonical_text_is_fixed_width_utc() {
        let t = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
        assert_eq!(ts_text(t), "2026-11-20T10:00:00.000000Z");
    }

    proptest::proptest! {
        #[test]
        fn the_formatter_writes_the_canonical_text(micros in -62_000_000_000_000_000i64..260_000_000_000_000_000) {
            let t = DateTime::from_timestamp_micros(micros).unwrap();
            let mut formatter = TsFormatter::default();
            proptest::prop_assert_eq!(formatter.format(t), ts_text(t));
        }
    }

    #[test]
    fn a_time_without_offset_is_rejected() {
        assert!(parse_ts("2026-11-20T10:00:00").is_none());
        assert_eq!(
            parse_ts("2026-11-20T12:00:00+02:00")
                .map(ts_text)
                .as_deref(),
            Some("2026-11-20T10:00:00.000000Z")
        );
    }
}
