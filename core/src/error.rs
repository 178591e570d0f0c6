//! The one error type of Aether Review (`docs/architecture.md`), serialized with a `kind` tag so the UI gets a
//! discriminated union and the CLI prints `{"kind": …}`.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::layout::Generation;
use crate::model::ProviderSummary;

/// One rejected field of a patch or argument: a stable `code` (with its parameters) that the UI
/// translates, and an English `message` that the CLI prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FieldError {
    pub field: String,
    pub code: FieldCode,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: FieldCode, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// Why a field was rejected, as a machine-readable code: serialized as `{"id": "too_long",
/// "max": 100}`. New codes may be added; a code's meaning and parameters never change. The list
/// with the English and Chinese texts: `docs/rules.md` ("Field error codes").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "id", rename_all = "snake_case")]
pub enum FieldCode {
    /// Missing, empty, or `null` where a value is needed.
    Required,
    /// Longer than `max` characters.
    TooLong { max: u32 },
    /// A number outside `min..=max`.
    OutOfRange { min: f64, max: f64 },
    /// A number below `min`.
    AtLeast { min: f64 },
    /// Not text.
    NotText,
    /// Not a whole number.
    NotAnInteger,
    /// Not a (finite) number.
    NotANumber,
    /// Not `true` or `false`.
    NotABoolean,
    /// Not one of `choices`.
    NotAChoice { choices: Vec<String> },
    /// Not an http(s) URL with a host (a website).
    InvalidUrl,
    /// A `postgres://` URL that does not parse.
    InvalidDatabaseUrl,
    /// Not an RFC 3339 time with an offset, or outside the years 1–9999.
    InvalidTime,
    /// A date and time without a UTC offset: the moment is ambiguous.
    TimeWithoutOffset,
    /// Another provider already has this value.
    NotUnique,
    /// Not a setting this tool may change on this database's generation.
    NotEditable,
    /// A patch that is not a JSON object.
    NotAnObject,
    /// Text that is not JSON.
    InvalidJson,
    /// A snapshot window that is not `<n>h`, `<n>d` or `all` within the limits.
    InvalidWindow,
    /// A snapshot source that is neither a `postgres://` URL nor an existing gateway file (or
    /// is already a snapshot).
    InvalidSource,
    /// A path that names a folder, or whose folder does not exist.
    InvalidPath,
    /// The file exists and is not replaced.
    FileExists,
    /// The destination is the very file being read.
    SameFile,
    /// A combination this tool does not support (the message says which).
    Unsupported,
}

/// Why a database could not be opened or reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum UnreachableCause {
    /// No file at the path.
    NoFile,
    /// A file, but not a SQLite database.
    NotADatabase,
    /// The file (or the folder of a file to create) cannot be read or written.
    FileUnreadable,
    /// The PostgreSQL server did not answer, or refused the connection.
    Server,
    /// The PostgreSQL server refused the user or password.
    Auth,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize, Type)]
#[serde(tag = "kind")]
pub enum Error {
    #[error("{entity} {id} was not found; it may have been deleted, or the id is mistyped")]
    NotFound { entity: String, id: String },

    #[error("the input was rejected: {}", describe_fields(errors))]
    Validation { errors: Vec<FieldError> },

    #[error("the provider was changed by someone else since it was loaded; review the current values and apply your edit again")]
    Conflict { current: Box<ProviderSummary> },

    #[error("this database is open read-only; reopen it without read-only to edit")]
    ReadOnly,

    #[error("this is not an Aether database this version can read: {}missing {}", closest.map(|g| format!("closest to Aether {g}, ")).unwrap_or_default(), missing.join(", "))]
    SchemaMismatch {
        missing: Vec<String>,
        /// The generation whose columns it has most of (`None` when not even a table matched).
        closest: Option<Generation>,
    },

    #[error("cannot open the database: {message}")]
    Unreachable {
        message: String,
        /// Why, so a front end can say one cause-specific sentence and one action.
        cause: UnreachableCause,
    },

    #[error("database error: {message}")]
    Database { message: String },

    #[error("the operation was cancelled; nothing was written")]
    Cancelled,

    #[error("no database is open; open a snapshot file or a database URL, or the demo")]
    NoDatabase,
}

fn describe_fields(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    pub fn not_found(entity: &str, id: &str) -> Self {
        Self::NotFound {
            entity: entity.to_owned(),
            id: id.to_owned(),
        }
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self::Validation { errors }
    }

    pub fn unreachable(cause: UnreachableCause, message: impl Into<String>) -> Self {
        Self::Unreachable {
            message: message.into(),
            cause,
        }
    }

    /// A single-field validation error.
    pub fn invalid(field: &str, code: FieldCode, message: impl Into<String>) -> Self {
        Self::Validation {
            errors: vec![FieldError::new(field, code, message)],
        }
    }

    /// The codes of a validation error by field, in order (empty for any other kind): what tests
    /// match on.
    pub fn field_codes(&self) -> Vec<(&str, &FieldCode)> {
        match self {
            Self::Validation { errors } => {
                errors.iter().map(|e| (e.field.as_str(), &e.code)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The `kind` tag, as serialized.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "NotFound",
            Self::Validation { .. } => "Validation",
            Self::Conflict { .. } => "Conflict",
            Self::ReadOnly => "ReadOnly",
            Self::SchemaMismatch { .. } => "SchemaMismatch",
            Self::Unreachable { .. } => "Unreachable",
            Self::Database { .. } => "Database",
            Self::Cancelled => "Cancelled",
            Self::NoDatabase => "NoDatabase",
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            let message = db.message();
            // PostgreSQL's query_canceled; MariaDB's max_statement_time; MySQL's
            // max_execution_time.
            let engine =
                if db.code().as_deref() == Some("57014") && message.contains("statement timeout") {
                    Some("PostgreSQL")
                } else if message.contains("max_statement_time")
                    || message.contains("maximum statement execution time")
                {
                    Some("MySQL")
                } else {
                    None
                };
            if let Some(engine) = engine {
                return Self::Database {
                    message: format!(
                        "{engine} stopped a query that ran longer than this session's \
                         statement timeout; give it more time with --statement-timeout \
                         SECONDS (or AETHER_REVIEW_STATEMENT_TIMEOUT)"
                    ),
                };
            }
        }
        // sqlx messages name SQL and values, never a connection string, so they are safe to show.
        Self::Database {
            message: err.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_serialize_with_a_kind_tag() {
        assert_eq!(
            serde_json::to_value(Error::not_found("provider", "p1")).unwrap(),
            json!({"kind": "NotFound", "entity": "provider", "id": "p1"})
        );
        assert_eq!(
            serde_json::to_value(Error::ReadOnly).unwrap(),
            json!({"kind": "ReadOnly"})
        );
        assert_eq!(
            serde_json::to_value(Error::invalid(
                "rpm_limit",
                FieldCode::OutOfRange {
                    min: 0.0,
                    max: 10.0
                },
                "must be between 0 and 10"
            ))
            .unwrap(),
            json!({"kind": "Validation", "errors": [{
                "field": "rpm_limit",
                "code": {"id": "out_of_range", "min": 0.0, "max": 10.0},
                "message": "must be between 0 and 10"
            }]})
        );
        assert_eq!(
            serde_json::to_value(Error::SchemaMismatch {
                missing: vec!["providers.rpm_limit".into()],
                closest: Some(Generation::Legacy),
            })
            .unwrap(),
            json!({"kind": "SchemaMismatch", "missing": ["providers.rpm_limit"], "closest": "legacy"})
        );
    }

    #[test]
    fn kind_matches_the_serialized_tag() {
        for err in [
            Error::ReadOnly,
            Error::Cancelled,
            Error::NoDatabase,
            Error::unreachable(UnreachableCause::Server, "x"),
            Error::Database {
                message: "x".into(),
            },
        ] {
            let value = serde_json::to_value(&err).unwrap();
            assert_eq!(value["kind"], err.kind());
        }
    }
}
