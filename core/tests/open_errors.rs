//! Opening what is not a readable Aether database: every case is a typed error that says what is
//! wrong, and no error or displayed location ever contains a password.

mod pg_support;

use std::path::{Path, PathBuf};

use aether_review_core::db::{create_snapshot_file, Location};
use aether_review_core::layout::{columns, Generation, TableColumns};

/// What a legacy snapshot must have: the columns the schema check asks of the generation.
fn legacy() -> &'static [TableColumns] {
    columns(Generation::Legacy)
}
use aether_review_core::{open, Error, FieldCode, UnreachableCause};
use pg_support::{PgTestDb, PASSWORD_ROLE};

/// Every `table.column` Aether Review reads in `tables`, in the order the schema check reports them.
fn required_columns_of(tables: &[&str]) -> Vec<String> {
    legacy()
        .iter()
        .filter(|(table, _)| tables.contains(table))
        .flat_map(|(table, columns)| columns.iter().map(move |c| format!("{table}.{c}")))
        .collect()
}

fn all_required_columns() -> Vec<String> {
    let tables: Vec<&str> = legacy().iter().map(|(t, _)| *t).collect();
    required_columns_of(&tables)
}

/// A new snapshot file in `dir`, then `sql` run on it (to break it in a chosen way).
async fn snapshot_altered_by(dir: &Path, sql: &str) -> PathBuf {
    let path = dir.join("snapshot.db");
    let pool = create_snapshot_file(&path, Generation::Legacy)
        .await
        .expect("create a snapshot");
    sqlx::raw_sql(sql)
        .execute(&pool)
        .await
        .expect("alter the snapshot");
    pool.close().await;
    path
}

fn missing_of(result: Result<aether_review_core::Database, Error>) -> Vec<String> {
    match result {
        Err(Error::SchemaMismatch { missing, .. }) => missing,
        Err(other) => panic!("expected SchemaMismatch, got {other:?}"),
        Ok(_) => panic!("expected SchemaMismatch, the database opened"),
    }
}

/// The message of an `Unreachable` error, whose cause must be `expected`.
fn unreachable_message(
    result: Result<aether_review_core::Database, Error>,
    expected: UnreachableCause,
) -> String {
    match result {
        Err(Error::Unreachable { message, cause }) => {
            assert_eq!(cause, expected, "{message}");
            message
        }
        Err(other) => panic!("expected Unreachable, got {other:?}"),
        Ok(_) => panic!("expected Unreachable, the database opened"),
    }
}

#[tokio::test]
async fn snapshot_missing_columns_names_each_missing_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot_altered_by(
        dir.path(),
        "ALTER TABLE providers DROP COLUMN rpm_limit; \
         ALTER TABLE provider_api_keys DROP COLUMN health_score;",
    )
    .await;

    let missing = missing_of(open(path.to_str().unwrap(), true).await);

    assert_eq!(
        missing,
        vec!["providers.rpm_limit", "provider_api_keys.health_score"]
    );
}

#[tokio::test]
async fn snapshot_missing_a_table_names_every_column_of_that_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot_altered_by(dir.path(), "DROP TABLE models;").await;

    let missing = missing_of(open(path.to_str().unwrap(), false).await);

    assert_eq!(missing, required_columns_of(&["models"]));
    assert_eq!(missing.len(), 4);
}

#[tokio::test]
async fn empty_file_is_reported_as_missing_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();

    let missing = missing_of(open(path.to_str().unwrap(), true).await);

    assert_eq!(missing, all_required_columns());
}

#[tokio::test]
async fn text_file_is_unreachable_not_a_panic_or_bare_sql_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "these are my notes, not a database\n".repeat(200)).unwrap();

    let message = unreachable_message(
        open(path.to_str().unwrap(), true).await,
        UnreachableCause::NotADatabase,
    );

    assert!(message.contains("notes.db"), "{message}");
}

#[tokio::test]
async fn snapshot_with_garbage_pages_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot_altered_by(dir.path(), "SELECT 1;").await;
    // Keep SQLite's 100-byte header so the file still claims to be a database, then wreck the
    // schema page and everything after it.
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 4096, "a snapshot has more than one page");
    for (i, b) in bytes.iter_mut().enumerate().skip(100) {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&path, bytes).unwrap();

    let message = unreachable_message(
        open(path.to_str().unwrap(), true).await,
        UnreachableCause::NotADatabase,
    );

    assert!(message.contains("snapshot.db"), "{message}");
}

#[tokio::test]
async fn missing_file_is_unreachable_and_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere").join("aether.db");

    let message = unreachable_message(
        open(path.to_str().unwrap(), true).await,
        UnreachableCause::NoFile,
    );

    assert!(message.contains(path.to_str().unwrap()), "{message}");
    assert!(!path.exists(), "opening must not create the file");
}

#[tokio::test]
async fn closed_port_is_unreachable_without_the_password() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let password = "Closed-Port-Secret-91x";
    let url = format!("postgres://admin:{password}@127.0.0.1:{port}/aether");

    let result = open(&url, true).await;
    let shown = format!("{result:?}");
    let message = unreachable_message(result, UnreachableCause::Server);

    assert!(message.contains(&port.to_string()), "{message}");
    assert!(!message.contains(password), "{message}");
    assert!(!shown.contains(password), "{shown}");
}

#[tokio::test]
async fn wrong_password_is_unreachable_without_the_password() {
    let Some(pg) = PgTestDb::with_aether_schema("wrong_password").await else {
        return;
    };
    // Characters that URLs escape, so neither the raw nor the escaped form may leak.
    let password = "Wr0ng:p@ss/Zq81";
    let url = pg.url_as(PASSWORD_ROLE, password);
    let escaped = url
        .split('@')
        .next()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(
        escaped, password,
        "the test wants a password the URL escapes"
    );

    let result = open(&url, true).await;
    let shown = format!("{result:?}");
    let message = unreachable_message(result, UnreachableCause::Auth);

    assert!(
        message.contains("password authentication failed"),
        "{message}"
    );
    for secret in [password, escaped.as_str()] {
        assert!(!message.contains(secret), "{message}");
        assert!(!shown.contains(secret), "{shown}");
    }
    pg.drop_now().await;
}

#[tokio::test]
async fn right_password_opens_and_the_location_shown_has_no_password() {
    let Some(pg) = PgTestDb::with_aether_schema("right_password").await else {
        return;
    };
    pg.execute(&format!(
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {PASSWORD_ROLE}"
    ))
    .await;
    let password = "aether-pw-correct"; // set by scripts/pg-test-server.sh

    let db = open(&pg.url_as(PASSWORD_ROLE, password), true)
        .await
        .expect("the password role opens a database it may read");

    let info = serde_json::to_string(db.info()).unwrap();
    assert!(!info.contains(password), "{info}");
    assert!(
        info.contains(PASSWORD_ROLE),
        "the user stays, only the password goes: {info}"
    );
    db.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn postgres_without_aether_tables_names_every_missing_column() {
    let Some(pg) = PgTestDb::empty("no_aether_tables").await else {
        return;
    };

    let missing = missing_of(pg.open(true).await);

    assert_eq!(missing, all_required_columns());
    pg.drop_now().await;
}

#[tokio::test]
async fn postgres_missing_a_column_names_it() {
    let Some(pg) = PgTestDb::with_aether_schema("pg_missing_column").await else {
        return;
    };
    pg.execute("ALTER TABLE request_candidates DROP COLUMN latency_ms")
        .await;

    let missing = missing_of(pg.open(true).await);

    assert_eq!(missing, vec!["request_candidates.latency_ms"]);
    pg.drop_now().await;
}

#[tokio::test]
async fn aether_schema_fixture_passes_the_schema_check() {
    let Some(pg) = PgTestDb::with_aether_schema("fixture_schema_ok").await else {
        return;
    };

    let db = pg.open(true).await.expect("Aether's schema is accepted");

    assert!(db.info().row_counts.values().all(|n| *n == 0));
    assert_eq!(db.info().row_counts.len(), legacy().len());
    db.close().await;
    pg.drop_now().await;
}

#[test]
fn location_debug_and_display_forms_never_show_the_password() {
    let password = "Hunter2-Location-Secret";
    let location = Location::parse(&format!(
        "postgresql://admin:{password}@db.internal:6543/aether"
    ))
    .unwrap();

    let forms = [
        format!("{location:?}"),
        location.redacted(),
        location.display_name(),
    ];

    for form in &forms {
        assert!(!form.contains(password), "{form}");
    }
    assert_eq!(
        location.redacted(),
        "postgresql://admin@db.internal:6543/aether"
    );
    assert_eq!(location.display_name(), "db.internal:6543/aether");
}

#[tokio::test]
async fn a_malformed_database_url_is_a_validation_error_not_an_unreachable_server() {
    for url in [
        "postgres://user@[::1",
        "postgresql://:@:99999/db",
        "postgres://ho st/db",
    ] {
        let err = open(url, true).await.expect_err(url);
        assert_eq!(
            err.field_codes(),
            [("location", &FieldCode::InvalidDatabaseUrl)],
            "{url}"
        );
    }
}
