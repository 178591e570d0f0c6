//! A live MySQL session on a real server (Debian's MariaDB): where its password comes from and
//! that it is never shown, read-only sessions that the server itself holds to, the statement
//! timeout, the schema check, and what opening tells about the database.

mod mysql_support;
mod pg_support;

use std::time::Duration;

use aether_review_core::db::{open_with, OpenOptions};
use aether_review_core::layout::{Generation, TimeEncoding};
use aether_review_core::model::DatabaseKind;
use aether_review_core::{Error, UnreachableCause};
use mysql_support::{MysqlTestDb, PASSWORD, PASSWORD_USER};

const ONE_PROVIDER: &str =
    "INSERT INTO providers (id, name, provider_type, created_at, updated_at) \
     VALUES ('p1', 'One', 'custom', 1763600000, 1763600000)";

#[tokio::test]
async fn opening_recognises_the_gateway_and_shows_no_password() {
    let Some(my) = MysqlTestDb::with_rust_schema("my_open").await else {
        return;
    };
    my.execute(ONE_PROVIDER).await;
    let url = my.url_as(PASSWORD_USER, Some(PASSWORD));
    let db = open_with(&url, OpenOptions::new(true)).await.unwrap();
    let info = db.info();
    assert_eq!(info.kind, DatabaseKind::Mysql);
    assert_eq!(info.generation, Generation::Rust);
    assert_eq!(info.time_encoding, TimeEncoding::UnixEpoch);
    assert_eq!(
        info.schema_version.as_deref(),
        Some("20260813000000 add request outcome metrics")
    );
    assert!(!info.row_counts_exact);
    assert!(info.row_counts.contains_key("request_candidates"));
    assert!(
        db.identity().starts_with("mysql://127.0.0.1:"),
        "{}",
        db.identity()
    );
    let shown = serde_json::to_string(info).unwrap();
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert!(!db.identity().contains(PASSWORD));
    db.close().await;
    my.drop_now().await;
}

#[tokio::test]
async fn a_wrong_password_is_unreachable_and_never_echoed() {
    let Some(my) = MysqlTestDb::with_rust_schema("my_wrong_pw").await else {
        return;
    };
    let wrong = "Wr0ng-Pa55word";
    let url = my.url_as(PASSWORD_USER, Some(wrong));
    match open_with(&url, OpenOptions::new(true)).await {
        Err(Error::Unreachable { message, cause }) => {
            assert_eq!(cause, UnreachableCause::Auth, "{message}");
            assert!(!message.contains(wrong), "{message}");
            assert!(message.contains("MySQL"), "{message}");
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    my.drop_now().await;
}

/// MYSQL_PWD and `~/.my.cnf` stand in for a password the URL does not carry (one test: the
/// environment is the process's).
#[tokio::test]
async fn the_password_comes_from_mysql_pwd_or_the_option_file() {
    let Some(my) = MysqlTestDb::with_rust_schema("my_pw_sources").await else {
        return;
    };
    let url = my.url_as(PASSWORD_USER, None);
    let home = tempfile::tempdir().unwrap();
    std::env::set_var("HOME", home.path());
    std::env::remove_var("MYSQL_PWD");
    assert!(matches!(
        open_with(&url, OpenOptions::new(true)).await,
        Err(Error::Unreachable { .. })
    ));

    std::env::set_var("MYSQL_PWD", PASSWORD);
    let db = open_with(&url, OpenOptions::new(true)).await.unwrap();
    assert_eq!(db.generation(), Generation::Rust);
    db.close().await;
    std::env::remove_var("MYSQL_PWD");

    std::fs::write(
        home.path().join(".my.cnf"),
        format!("[mysqld]\npassword = nope\n[client]\nuser = {PASSWORD_USER}\npassword = \"{PASSWORD}\"\n"),
    )
    .unwrap();
    let db = open_with(&url, OpenOptions::new(true)).await.unwrap();
    assert!(!db.info().location.contains(PASSWORD));
    db.close().await;
    my.drop_now().await;
}

#[tokio::test]
async fn a_read_only_session_is_refused_writes_by_the_server() {
    let Some(my) = MysqlTestDb::with_rust_schema("my_read_only").await else {
        return;
    };
    let db = open_with(&my.url, OpenOptions::new(true)).await.unwrap();
    // Past Aether Review's own read-only check: the session itself refuses.
    let write: Result<Option<(i64,)>, _> =
        aether_review_core::fetch!(&db, fetch_optional, (i64,), ONE_PROVIDER);
    let message = write
        .expect_err("a read-only session cannot insert")
        .to_string();
    assert!(
        message.to_ascii_uppercase().contains("READ ONLY"),
        "{message}"
    );
    db.close().await;

    let pool = my.pool().await;
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM providers")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    pool.close().await;
    my.drop_now().await;
}

#[tokio::test]
async fn a_statement_longer_than_the_session_timeout_is_stopped_and_says_so() {
    let Some(my) = MysqlTestDb::with_rust_schema("my_timeout").await else {
        return;
    };
    let options = OpenOptions {
        read_only: true,
        statement_timeout: Duration::from_millis(300),
    };
    let db = open_with(&my.url, options).await.unwrap();
    let slow: Result<(i64,), _> =
        aether_review_core::fetch!(&db, fetch_one, (i64,), "SELECT CAST(SLEEP(2) AS BIGINT)");
    match slow.map_err(Error::from) {
        Err(Error::Database { message }) => {
            assert!(message.contains("--statement-timeout"), "{message}")
        }
        other => panic!("expected the timeout to fire, got {other:?}"),
    }
    db.close().await;
    my.drop_now().await;
}

#[tokio::test]
async fn a_missing_column_is_named() {
    let Some(my) = MysqlTestDb::with_rust_schema("my_schema_check").await else {
        return;
    };
    my.execute("ALTER TABLE provider_api_keys DROP COLUMN health_by_format")
        .await;
    match open_with(&my.url, OpenOptions::new(true)).await {
        Err(Error::SchemaMismatch { missing, .. }) => {
            assert!(
                missing.contains(&"provider_api_keys.health_by_format".to_owned()),
                "{missing:?}"
            );
        }
        other => panic!("expected SchemaMismatch, got {other:?}"),
    }
    my.drop_now().await;
}

/// A cancelled health request stops its statement on the server (`KILL QUERY` of its
/// connection): here the statement waits for a table lock another session holds, so only a
/// server-side cancel can end it before the timeout.
#[tokio::test]
async fn a_cancelled_health_request_stops_its_statement_on_the_server() {
    use aether_review_core::model::HealthQuery;
    use aether_review_core::{get_provider_health_monitor_cancellable, HealthCancel};
    use sqlx::Connection;

    let Some(my) = MysqlTestDb::with_rust_schema("my_health_cancel").await else {
        return;
    };
    my.execute(&format!(
        "{ONE_PROVIDER}; INSERT INTO provider_endpoints \
         (id, provider_id, name, base_url, api_format, created_at, updated_at) \
         VALUES ('e1', 'p1', 'e1', 'https://example.com', 'CLAUDE', 1763600000, 1763600000)"
    ))
    .await;
    let options = OpenOptions {
        read_only: true,
        statement_timeout: Duration::from_secs(60),
    };
    let db = std::sync::Arc::new(open_with(&my.url, options).await.unwrap());
    let mut locker = sqlx::MySqlConnection::connect(&my.url).await.unwrap();
    sqlx::raw_sql("LOCK TABLES request_candidates WRITE")
        .execute(&mut locker)
        .await
        .unwrap();

    let cancel = HealthCancel::new();
    let request = tokio::spawn({
        let (db, cancel) = (std::sync::Arc::clone(&db), cancel.clone());
        async move {
            get_provider_health_monitor_cancellable(&db, "p1", &HealthQuery::default(), &cancel)
                .await
        }
    });
    // Wait until the request's statement waits for the lock on the server.
    let waiting = "SELECT COUNT(*) FROM information_schema.PROCESSLIST \
                   WHERE STATE LIKE 'Waiting for table%' AND INFO LIKE '%request_candidates%'";
    let mut seen = false;
    for _ in 0..100 {
        let (n,): (i64,) = sqlx::query_as(waiting)
            .fetch_one(&mut locker)
            .await
            .unwrap();
        if n > 0 {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen, "the request's statement waits for the lock");
    cancel.cancel(&db).await.unwrap();
    let result = tokio::time::timeout(Duration::from_secs(20), request)
        .await
        .expect("the request ended while the lock is still held")
        .unwrap();
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    let (still,): (i64,) = sqlx::query_as(waiting)
        .fetch_one(&mut locker)
        .await
        .unwrap();
    assert_eq!(still, 0, "no statement of the request is left waiting");
    sqlx::raw_sql("UNLOCK TABLES")
        .execute(&mut locker)
        .await
        .unwrap();
    locker.close().await.unwrap();
    std::sync::Arc::try_unwrap(db).unwrap().close().await;
    my.drop_now().await;
}
