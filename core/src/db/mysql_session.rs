//! A live MySQL (or MariaDB) session: where its password comes from, and how every connection is
//! set up (read-only, the statement timeout, room for the JSON aggregates).

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sqlx::{ConnectOptions, Connection, Executor};
use url::Url;

use super::open::{connect_failed, Location, OpenOptions, CONNECT_TIMEOUT};
use super::{Database, Pool};
use crate::error::{Error, Result, UnreachableCause};

/// `url` with its password: the URL's own, else `MYSQL_PWD`, else the `password` of the
/// `[client]` section of `~/.my.cnf` (as the mysql client looks for it). The password stays in
/// memory; the location shown and remembered never carries it.
pub(super) fn with_password(url: &Url) -> Url {
    if url.password().is_some_and(|p| !p.is_empty()) {
        return url.clone();
    }
    let from_env = std::env::var("MYSQL_PWD").ok().filter(|p| !p.is_empty());
    let from_file = || {
        let home = std::env::var_os("HOME")?;
        let text = std::fs::read_to_string(Path::new(&home).join(".my.cnf")).ok()?;
        client_password(&text)
    };
    let mut url = url.clone();
    if let Some(password) = from_env.or_else(from_file) {
        let _ = url.set_password(Some(&password));
    }
    url
}

/// The `password` of an option file's `[client]` section, unquoted.
fn client_password(text: &str) -> Option<String> {
    let mut in_client = false;
    let mut found = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_client = line.trim_end_matches(']').trim_start_matches('[').trim() == "client";
            continue;
        }
        if !in_client || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.trim().replace('-', "_") == "password" {
            let value = value.trim();
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
                .unwrap_or(value);
            found = Some(unquoted.to_owned());
        }
    }
    found.filter(|p| !p.is_empty())
}

/// Which server answered: they name the statement timeout differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    MariaDb,
    Mysql,
}

/// The statements every connection of a session runs first.
fn session_setup(server: Server, options: OpenOptions) -> Vec<String> {
    let timeout = match server {
        // MariaDB: seconds (fractions allowed), every statement.
        Server::MariaDb => format!(
            "max_statement_time = {:.3}",
            options.statement_timeout.as_secs_f64().max(0.001)
        ),
        // MySQL: milliseconds, SELECTs (the only long statements we run).
        Server::Mysql => format!(
            "max_execution_time = {}",
            options.statement_timeout.as_millis().max(1)
        ),
    };
    let mut setup = vec![format!(
        "SET SESSION {timeout}, SESSION group_concat_max_len = 4294967295, \
         SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"
    )];
    if options.read_only {
        setup.push("SET SESSION TRANSACTION READ ONLY".to_owned());
    }
    setup
}

/// The connect options of `location` (a `Location::Mysql` whose password is resolved).
pub(crate) fn connect_options(location: &Location) -> Result<MySqlConnectOptions> {
    let Location::Mysql(url) = location else {
        return Err(Error::invalid(
            "location",
            crate::error::FieldCode::InvalidDatabaseUrl,
            "not a MySQL URL",
        ));
    };
    MySqlConnectOptions::from_str(url.as_str()).map_err(|e| unreachable(location, e))
}

fn unreachable(location: &Location, e: sqlx::Error) -> Error {
    connect_failed(location, "MySQL", e)
}

/// One direct connection: a closed port or a wrong password fails at once with the server's
/// reason, where a pool would keep retrying until its acquire timeout.
pub(crate) async fn connect(
    location: &Location,
    options: &MySqlConnectOptions,
) -> Result<sqlx::MySqlConnection> {
    tokio::time::timeout(CONNECT_TIMEOUT, options.connect())
        .await
        .map_err(|_| {
            Error::unreachable(
                UnreachableCause::Server,
                format!(
                    "MySQL at {} did not answer within {} s; check the host and port",
                    location.display_name(),
                    CONNECT_TIMEOUT.as_secs()
                ),
            )
        })?
        .map_err(|e| unreachable(location, e))
}

/// A pool on `location` whose every connection is set up for the session.
pub(super) async fn open(location: &Location, open: OpenOptions) -> Result<Pool> {
    let options = connect_options(location)?;
    let mut probe = connect(location, &options).await?;
    let (version,): (String,) = sqlx::query_as("SELECT CAST(VERSION() AS CHAR)")
        .fetch_one(&mut probe)
        .await
        .map_err(|e| unreachable(location, e))?;
    probe.close().await.map_err(|e| unreachable(location, e))?;
    let server = if version.to_ascii_lowercase().contains("mariadb") {
        Server::MariaDb
    } else {
        Server::Mysql
    };
    let setup = session_setup(server, open);
    let pool = MySqlPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(CONNECT_TIMEOUT)
        .after_connect(move |conn, _| {
            let setup = setup.clone();
            Box::pin(async move {
                for sql in &setup {
                    conn.execute(sql.as_str()).await?;
                }
                Ok(())
            })
        })
        .connect_lazy_with(options);
    Ok(Pool::Mysql(pool))
}

#[derive(sqlx::FromRow)]
struct EstimateRow {
    table_name: String,
    n: Option<i64>,
}

/// InnoDB's row estimates (`information_schema.tables.table_rows`) of `tables`: free to read.
/// A table without one is counted exactly.
pub(super) async fn estimated_rows(
    db: &Database,
    tables: &[String],
) -> Result<BTreeMap<String, u64>> {
    let list = tables
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    // The names come from the generation's column list, never from user text.
    let rows = crate::fetch!(
        db,
        fetch_all,
        EstimateRow,
        format!(
            "SELECT CAST(table_name AS CHAR) AS table_name, CAST(table_rows AS SIGNED) AS n \
             FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_name IN ({list})"
        )
    )?;
    let mut counts = BTreeMap::new();
    for r in rows {
        let n = match r.n {
            Some(n) => n,
            None => {
                let sql = format!(
                    "SELECT CAST('{0}' AS CHAR) AS table_name, CAST(COUNT(*) AS SIGNED) AS n \
                     FROM {0}",
                    r.table_name
                );
                crate::fetch!(db, fetch_one, EstimateRow, sql)?
                    .n
                    .unwrap_or(0)
            }
        };
        let n = crate::read_sql::count(n, &r.table_name)?;
        counts.insert(r.table_name, n);
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_section_of_an_option_file_gives_the_password() {
        let text = "[mysqld]\npassword = server\n\n[client]\n# a comment\nuser = admin\n\
                    password = \"s3 cret\"\n[mysqldump]\npassword=other\n";
        assert_eq!(client_password(text).as_deref(), Some("s3 cret"));
        assert_eq!(
            client_password("[client]\npassword='x'").as_deref(),
            Some("x")
        );
        assert_eq!(client_password("[mysql]\npassword=x"), None);
        assert_eq!(client_password("[client]\npassword="), None);
    }

    #[test]
    fn a_mysql_location_is_shown_and_keyed_without_its_password() {
        let location = Location::parse(" mariadb://admin:s%40cret@db.internal/aether ").unwrap();
        assert!(matches!(location, Location::Mysql(_)));
        assert_eq!(location.redacted(), "mysql://admin@db.internal/aether");
        assert_eq!(location.display_name(), "db.internal:3306/aether");
        assert_eq!(location.identity(), "mysql://db.internal:3306/aether");
        let echoed = "denied for admin using s@cret (s%40cret)".to_owned();
        assert_eq!(location.scrub(echoed), "denied for admin using *** (***)");
    }

    #[test]
    fn a_password_in_the_url_wins() {
        let url = Url::parse("mysql://u:fromurl@h:3306/d").unwrap();
        assert_eq!(with_password(&url).password(), Some("fromurl"));
    }

    #[test]
    fn each_server_gets_its_own_timeout_and_read_only_sessions_say_so() {
        let options = OpenOptions {
            read_only: true,
            statement_timeout: std::time::Duration::from_millis(1500),
        };
        let maria = session_setup(Server::MariaDb, options);
        assert!(maria[0].contains("max_statement_time = 1.500"), "{maria:?}");
        assert_eq!(maria[1], "SET SESSION TRANSACTION READ ONLY");
        let mysql = session_setup(Server::Mysql, OpenOptions::new(false));
        assert!(mysql[0].contains("max_execution_time = 30000"), "{mysql:?}");
        assert_eq!(mysql.len(), 1);
    }
}
