//! Opening a location: a SQLite file (path or `sqlite:` URL), a PostgreSQL URL or a MySQL URL.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};
use url::Url;

use super::snapshot::read_snapshot_meta;
use super::sqlite_file::{open_sqlite, Access};
use super::{Database, Pool};
use crate::error::{Error, FieldCode, Result, UnreachableCause};
use crate::layout::{columns, detect, DbTs, Generation, Layout, TimeEncoding, Unit};
use crate::model::{DatabaseInfo, DatabaseKind, ReadOnlyReason, Timestamp};

/// A parsed location. A server URL keeps its password only in memory, to connect.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(Url),
    Mysql(Url),
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Location {
    /// `postgres://` / `postgresql://` → PostgreSQL; `mysql://` / `mariadb://` → MySQL; `sqlite:`
    /// URL or anything else → a file path.
    pub fn parse(location: &str) -> Result<Self> {
        let trimmed = location.trim();
        if trimmed.is_empty() {
            return Err(Error::invalid(
                "location",
                FieldCode::Required,
                "give a snapshot file, a postgres:// URL or a mysql:// URL",
            ));
        }
        let lower = trimmed.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            let url = Url::parse(trimmed).map_err(|e| {
                Error::invalid(
                    "location",
                    FieldCode::InvalidDatabaseUrl,
                    format!("the PostgreSQL URL is not valid ({e}); expected postgres://user@host:port/database"),
                )
            })?;
            return Ok(Self::Postgres(url));
        }
        if lower.starts_with("mysql://") || lower.starts_with("mariadb://") {
            let mut url = Url::parse(trimmed).map_err(|e| {
                Error::invalid(
                    "location",
                    FieldCode::InvalidDatabaseUrl,
                    format!("the MySQL URL is not valid ({e}); expected mysql://user@host:port/database"),
                )
            })?;
            let _ = url.set_scheme("mysql");
            return Ok(Self::Mysql(url));
        }
        let path = match trimmed
            .get(.."sqlite:".len())
            .filter(|scheme| scheme.eq_ignore_ascii_case("sqlite:"))
        {
            Some(scheme) => {
                let rest = &trimmed[scheme.len()..];
                let rest = rest.strip_prefix("//").unwrap_or(rest);
                rest.split('?').next().unwrap_or(rest).to_owned()
            }
            None => trimmed.to_owned(),
        };
        Ok(Self::Sqlite(PathBuf::from(path)))
    }

    /// The location as it can be shown and reopened: a path, or the URL without its password.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => path.display().to_string(),
            Self::Postgres(url) | Self::Mysql(url) => {
                let mut url = url.clone();
                let _ = url.set_password(None);
                url.to_string()
            }
        }
    }

    /// The server URL's scheme and default port.
    fn server(&self) -> Option<(&Url, &'static str, u16)> {
        match self {
            Self::Postgres(url) => Some((url, "postgres", 5432)),
            Self::Mysql(url) => Some((url, "mysql", 3306)),
            Self::Sqlite(_) => None,
        }
    }

    /// A short name for the header: the file name, or `host:port/database`.
    pub fn display_name(&self) -> String {
        match self {
            Self::Sqlite(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            Self::Postgres(url) | Self::Mysql(url) => format!(
                "{}:{}{}",
                url.host_str().unwrap_or("localhost"),
                url.port()
                    .unwrap_or(self.server().map_or(0, |(_, _, port)| port)),
                url.path()
            ),
        }
    }

    /// The database's identity (see `Database::identity`): the file's absolute path (symbolic
    /// links resolved), or `postgres://host:port/database` (`mysql://…`) without user, password
    /// or options.
    pub fn identity(&self) -> String {
        match self {
            Self::Sqlite(path) => std::fs::canonicalize(path)
                .or_else(|_| std::path::absolute(path))
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
            Self::Postgres(url) | Self::Mysql(url) => {
                let (_, scheme, port) = self.server().expect("a server location");
                format!(
                    "{scheme}://{}:{}{}",
                    url.host_str().unwrap_or("localhost"),
                    url.port().unwrap_or(port),
                    url.path()
                )
            }
        }
    }

    /// Removes the password (as written in the URL and decoded) from any text that might echo it
    /// (driver messages).
    pub(super) fn scrub(&self, message: String) -> String {
        let Some((url, _, _)) = self.server() else {
            return message;
        };
        match url.password() {
            Some(pw) if !pw.is_empty() => {
                let decoded = url::form_urlencoded::parse(format!("p={pw}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                let message = message.replace(pw, "***");
                if decoded.is_empty() {
                    message
                } else {
                    message.replace(&decoded, "***")
                }
            }
            _ => message,
        }
    }
}

/// How to open a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenOptions {
    pub read_only: bool,
    /// The longest a single statement may run on a live PostgreSQL before the server cancels it,
    /// so a review never holds a production database hostage.
    pub statement_timeout: Duration,
}

/// The statement timeout of a live session unless the caller sets another.
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

impl OpenOptions {
    pub fn new(read_only: bool) -> Self {
        Self {
            read_only,
            statement_timeout: DEFAULT_STATEMENT_TIMEOUT,
        }
    }
}

/// Opens a database, recognises its generation and reads what the header shows.
///
/// Opening never writes: a read-only session cannot, and a writable one leaves a file's journal
/// mode as it found it unless the file is a snapshot this project made (`docs/generations.md`).
pub async fn open(location: &str, read_only: bool) -> Result<Database> {
    open_with(location, OpenOptions::new(read_only)).await
}

/// [`open`] with every option.
pub async fn open_with(location: &str, options: OpenOptions) -> Result<Database> {
    let read_only = options.read_only;
    let mut location = Location::parse(location)?;
    let (pool, access) = match &location {
        Location::Sqlite(path) => open_sqlite(path, read_only).await?,
        Location::Postgres(url) => (
            open_postgres(&location, url, options).await?,
            Access::requested(read_only),
        ),
        Location::Mysql(url) => {
            // The password may come from MYSQL_PWD or ~/.my.cnf: the location learns it so the
            // messages below scrub it too.
            location = Location::Mysql(super::mysql_session::with_password(url));
            (
                super::mysql_session::open(&location, options).await?,
                Access::requested(read_only),
            )
        }
    };
    let kind = match pool {
        Pool::Sqlite(_) => DatabaseKind::Sqlite,
        Pool::Postgres(_) => DatabaseKind::Postgres,
        Pool::Mysql(_) => DatabaseKind::Mysql,
    };
    // A password is never kept: a session it opened cannot be opened again from `location`.
    let had_password = matches!(&location, Location::Postgres(url) if url.password().is_some());
    let info = DatabaseInfo {
        kind,
        display_name: location.display_name(),
        location: location.redacted(),
        read_only: access.read_only_reason.is_some(),
        read_only_reason: access.read_only_reason,
        can_reopen_writable: access.read_only_reason == Some(ReadOnlyReason::Requested)
            && !had_password,
        generation: Generation::Legacy,
        schema_version: None,
        time_encoding: TimeEncoding::Timestamptz,
        editable_fields: Vec::new(),
        field_rules: Vec::new(),
        snapshot: None,
        as_of: None,
        row_counts: BTreeMap::new(),
        row_counts_exact: true,
    };
    let provisional = Layout::new(Generation::Legacy, TimeEncoding::Rfc3339Text);
    let mut db = Database::new(pool, info, provisional);
    db.restore_journal_on_close = access.restore_journal_on_close;
    db.identity = location.identity();
    let detected = match detect(&db).await {
        Ok(detected) => detected,
        // A file that is not SQLite at all fails on its first query.
        Err(Error::Database { message }) => {
            db.close().await;
            return Err(Error::unreachable(
                UnreachableCause::NotADatabase,
                location.scrub(format!(
                    "{} is not a readable SQLite database ({message}); choose an Aether snapshot file",
                    location.display_name()
                )),
            ));
        }
        Err(other) => {
            db.close().await;
            return Err(other);
        }
    };
    db.layout = detected.layout;
    db.info.generation = detected.layout.generation;
    db.info.time_encoding = detected.layout.encoding;
    db.info.schema_version = detected.schema_version;
    db.info.editable_fields = crate::update::editable_fields(detected.layout.generation)
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    db.info.field_rules = crate::update::field_rules(detected.layout.generation);
    if kind == DatabaseKind::Sqlite {
        db.info.snapshot = read_snapshot_meta(&db).await?;
        if let Some(meta) = &db.info.snapshot {
            db.info.schema_version = meta.aether_schema_version.clone();
        }
        db.info.as_of = match &db.info.snapshot {
            Some(meta) => Some(meta.taken_at),
            None => newest_event(&db).await?,
        };
    }
    db.info.row_counts = match (db.info.snapshot.as_ref(), kind) {
        (Some(meta), _) if !meta.row_counts.is_empty() => meta.row_counts.clone(),
        // Counting millions of rows of a production table on every open is not ours to do.
        (_, DatabaseKind::Postgres | DatabaseKind::Mysql) => {
            db.info.row_counts_exact = false;
            estimated_rows(&db).await?
        }
        _ => count_rows(&db).await?,
    };
    Ok(db)
}

/// How long a database server may take to accept a connection.
pub(super) const CONNECT_TIMEOUT: Duration = Duration::from_secs(8);

/// A server that could not be reached or refused the login, its message scrubbed of the password.
pub(super) fn connect_failed(location: &Location, engine: &str, e: sqlx::Error) -> Error {
    // SQLSTATE 28P01 invalid password (PostgreSQL), 28000 invalid authorization (PostgreSQL: no
    // such role, pg_hba refusal; MySQL: access denied).
    let auth = matches!(&e, sqlx::Error::Database(db)
        if matches!(db.code().as_deref(), Some("28P01" | "28000")));
    Error::unreachable(
        if auth {
            UnreachableCause::Auth
        } else {
            UnreachableCause::Server
        },
        location.scrub(format!(
            "cannot connect to {engine} at {}: {e}; check the host, port, user and password",
            location.display_name()
        )),
    )
}

async fn open_postgres(location: &Location, url: &Url, open: OpenOptions) -> Result<Pool> {
    let unreachable = |e: sqlx::Error| connect_failed(location, "PostgreSQL", e);
    let mut options = PgConnectOptions::from_str(url.as_str()).map_err(unreachable)?;
    options = options.application_name("aether-review").options([(
        "statement_timeout",
        format!("{}ms", open.statement_timeout.as_millis().max(1)),
    )]);
    if open.read_only {
        options = options.options([("default_transaction_read_only", "on")]);
    }
    // One direct attempt first: a closed port or a wrong password fails at once with the
    // server's reason, where the pool would keep retrying until its acquire timeout.
    let probe = tokio::time::timeout(CONNECT_TIMEOUT, options.connect())
        .await
        .map_err(|_| {
            Error::unreachable(
                UnreachableCause::Server,
                format!(
                    "PostgreSQL at {} did not answer within {} s; check the host and port",
                    location.display_name(),
                    CONNECT_TIMEOUT.as_secs()
                ),
            )
        })?
        .map_err(unreachable)?;
    probe.close().await.map_err(unreachable)?;
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect_lazy_with(options);
    Ok(Pool::Postgres(pool))
}

#[derive(sqlx::FromRow)]
struct NewestRow {
    newest: Option<DbTs>,
}

/// The newest `request_candidates.created_at`: "now" for a file without snapshot metadata.
async fn newest_event(db: &Database) -> Result<Option<Timestamp>> {
    let newest = db.layout().ts("MAX(created_at)", Unit::Millis);
    let row = crate::fetch!(
        db,
        fetch_one,
        NewestRow,
        format!("SELECT {newest} AS newest FROM request_candidates")
    )?;
    Ok(row.newest.map(Timestamp::from))
}

#[derive(sqlx::FromRow)]
struct CountRow {
    table_name: String,
    n: i64,
}

/// Exact row counts of the tables read (`check --exact`; a file's counts on open).
pub async fn count_rows(db: &Database) -> Result<BTreeMap<String, u64>> {
    let sql = columns(db.generation())
        .iter()
        .map(|(table, _)| {
            format!("SELECT CAST('{table}' AS TEXT) AS table_name, CAST(COUNT(*) AS BIGINT) AS n FROM {table}")
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows = crate::fetch!(db, fetch_all, CountRow, sql)?;
    rows.into_iter()
        .map(|r| Ok((crate::read_sql::count(r.n, &r.table_name)?, r.table_name)))
        .map(|r| r.map(|(n, table)| (table, n)))
        .collect()
}

#[derive(sqlx::FromRow)]
struct EstimateRow {
    table_name: String,
    n: i64,
}

/// The planner's row estimates (`pg_class.reltuples`) of the tables read: free to read, and kept
/// current by autovacuum. A table never analysed (-1) is counted exactly: such a table is new or
/// small.
async fn estimated_rows(db: &Database) -> Result<BTreeMap<String, u64>> {
    let tables: Vec<String> = columns(db.generation())
        .iter()
        .map(|(t, _)| (*t).to_owned())
        .collect();
    let pool = match db.pool() {
        Pool::Postgres(pool) => pool,
        Pool::Mysql(_) => return super::mysql_session::estimated_rows(db, &tables).await,
        Pool::Sqlite(_) => return count_rows(db).await,
    };
    db.count_statement();
    let rows: Vec<EstimateRow> = sqlx::query_as(
        "SELECT CAST(c.relname AS TEXT) AS table_name, CAST(c.reltuples AS BIGINT) AS n \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') \
         AND c.relname = ANY($1)",
    )
    .bind(&tables)
    .fetch_all(pool)
    .await?;
    let mut counts = BTreeMap::new();
    for r in rows {
        let n = if r.n >= 0 {
            r.n
        } else {
            // The name comes from the generation's column list, never from user text.
            let sql = format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST('{0}' AS TEXT) AS table_name FROM {0}",
                r.table_name
            );
            crate::fetch!(db, fetch_one, EstimateRow, sql)?.n
        };
        let n = crate::read_sql::count(n, &r.table_name)?;
        counts.insert(r.table_name, n);
    }
    Ok(counts)
}
