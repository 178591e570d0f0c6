//! Timestamps in every encoding: decoding what a select returns and binding a time in the form
//! the column stores.

use chrono::{DateTime, Utc};
use sqlx::decode::Decode;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::mysql::{MySqlTypeInfo, MySqlValueRef};
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Encode, MySql, Postgres, Sqlite, Type, TypeInfo, ValueRef};

use crate::db::ts_text;

/// The unit an integer timestamp column holds in the Rust gateway's SQLite file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// `providers`, `provider_endpoints`, `provider_api_keys`, `models`.
    Seconds,
    /// `request_candidates`.
    Millis,
}

/// A decoded timestamp: PostgreSQL `timestamptz`, RFC 3339 text, or integer unix milliseconds
/// (the select brings second columns to milliseconds, see [`super::Layout::ts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbTs(pub DateTime<Utc>);

impl From<DbTs> for DateTime<Utc> {
    fn from(value: DbTs) -> Self {
        value.0
    }
}

impl Type<Sqlite> for DbTs {
    fn type_info() -> SqliteTypeInfo {
        <DateTime<Utc> as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <DateTime<Utc> as Type<Sqlite>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Sqlite> for DbTs {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        if value.type_info().name() == "INTEGER" {
            let millis = <i64 as Decode<Sqlite>>::decode(value)?;
            return DateTime::from_timestamp_millis(millis)
                .map(DbTs)
                .ok_or_else(|| format!("{millis} ms is not a representable time").into());
        }
        <DateTime<Utc> as Decode<Sqlite>>::decode(value).map(DbTs)
    }
}

impl Type<Postgres> for DbTs {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

impl<'r> Decode<'r, Postgres> for DbTs {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        <DateTime<Utc> as Decode<Postgres>>::decode(value).map(DbTs)
    }
}

/// MySQL: the Rust gateway's integer columns, brought to milliseconds by the select (a
/// `DATETIME` is read as UTC).
impl Type<MySql> for DbTs {
    fn type_info() -> MySqlTypeInfo {
        <i64 as Type<MySql>>::type_info()
    }

    fn compatible(ty: &MySqlTypeInfo) -> bool {
        <i64 as Type<MySql>>::compatible(ty) || <DateTime<Utc> as Type<MySql>>::compatible(ty)
    }
}

impl<'r> Decode<'r, MySql> for DbTs {
    fn decode(value: MySqlValueRef<'r>) -> Result<Self, BoxDynError> {
        if <i64 as Type<MySql>>::compatible(&value.type_info()) {
            let millis = <i64 as Decode<MySql>>::decode(value)?;
            return DateTime::from_timestamp_millis(millis)
                .map(DbTs)
                .ok_or_else(|| format!("{millis} ms is not a representable time").into());
        }
        <DateTime<Utc> as Decode<MySql>>::decode(value).map(DbTs)
    }
}

/// How a bound time reaches a SQLite or MySQL column (PostgreSQL always gets a `timestamptz`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsForm {
    Text,
    UnixSeconds,
    UnixMillis,
}

/// A time to bind, in the form its column stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TsParam {
    pub at: DateTime<Utc>,
    pub form: TsForm,
}

impl Type<Sqlite> for TsParam {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for TsParam {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        match self.form {
            TsForm::Text => <String as Encode<'q, Sqlite>>::encode(ts_text(self.at), buf),
            TsForm::UnixSeconds => <i64 as Encode<'q, Sqlite>>::encode(self.at.timestamp(), buf),
            TsForm::UnixMillis => {
                <i64 as Encode<'q, Sqlite>>::encode(self.at.timestamp_millis(), buf)
            }
        }
    }
}

impl Type<Postgres> for TsParam {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for TsParam {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<Postgres>>::encode_by_ref(&self.at, buf)
    }
}

impl Type<MySql> for TsParam {
    fn type_info() -> MySqlTypeInfo {
        <i64 as Type<MySql>>::type_info()
    }
}

impl Encode<'_, MySql> for TsParam {
    fn encode_by_ref(&self, buf: &mut Vec<u8>) -> Result<IsNull, BoxDynError> {
        match self.form {
            TsForm::Text => <String as Encode<MySql>>::encode(ts_text(self.at), buf),
            TsForm::UnixSeconds => <i64 as Encode<MySql>>::encode(self.at.timestamp(), buf),
            TsForm::UnixMillis => <i64 as Encode<MySql>>::encode(self.at.timestamp_millis(), buf),
        }
    }

    fn produces(&self) -> Option<MySqlTypeInfo> {
        Some(match self.form {
            TsForm::Text => <String as Type<MySql>>::type_info(),
            TsForm::UnixSeconds | TsForm::UnixMillis => <i64 as Type<MySql>>::type_info(),
        })
    }
}
