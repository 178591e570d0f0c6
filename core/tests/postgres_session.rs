//! A live PostgreSQL session is gentle with a production database: opening it reads the planner's
//! row estimates instead of counting millions of rows, and every statement runs under a timeout
//! that names itself when it fires.

mod pg_support;

use std::time::Duration;

use aether_review_core::db::{count_rows, open_with, OpenOptions};
use aether_review_core::Error;
use pg_support::PgTestDb;

const ANALYZED_ROWS: &str = "
    INSERT INTO providers (id, name, display_name) SELECT 'p' || i, 'p' || i, 'P' || i
        FROM generate_series(1, 40) AS i;
    ANALYZE providers;";

#[tokio::test]
async fn opening_reads_row_estimates_and_exact_counts_only_when_asked() {
    let Some(pg) = PgTestDb::with_aether_schema("estimates").await else {
        return;
    };
    pg.execute(ANALYZED_ROWS).await;
    let db = open_with(&pg.url, OpenOptions::new(true)).await.unwrap();

    assert!(!db.info().row_counts_exact);
    // Analysed: the estimate; never analysed (-1): counted, which is cheap for a new table.
    assert_eq!(db.info().row_counts["providers"], 40);
    assert_eq!(db.info().row_counts["request_candidates"], 0);
    let exact = count_rows(&db).await.unwrap();
    assert_eq!(exact["providers"], 40);
    assert_eq!(exact.len(), db.info().row_counts.len());
    db.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn a_statement_longer_than_the_session_timeout_is_stopped_and_says_so() {
    let Some(pg) = PgTestDb::with_aether_schema("statement_timeout").await else {
        return;
    };
    let options = OpenOptions {
        read_only: true,
        statement_timeout: Duration::from_millis(300),
    };
    let db = open_with(&pg.url, options).await.unwrap();

    let slow: Result<(i32,), _> =
        aether_review_core::fetch!(&db, fetch_one, (i32,), "SELECT 1 FROM pg_sleep(2)");
    match slow.map_err(Error::from) {
        Err(Error::Database { message }) => {
            assert!(message.contains("--statement-timeout"), "{message}")
        }
        other => panic!("expected the timeout to fire, got {other:?}"),
    }
    db.close().await;
    pg.drop_now().await;
}

/// A cancelled health request stops its statement on the server: here the statement waits for a
/// lock another session holds, so only a server-side cancel can end it before the timeout.
#[tokio::test]
async fn a_cancelled_health_request_stops_its_statement_on_the_server() {
    use aether_review_core::model::HealthQuery;
    use aether_review_core::{get_provider_health_monitor_cancellable, HealthCancel};
    use sqlx::Connection;

    let Some(pg) = PgTestDb::with_aether_schema("health_cancel").await else {
        return;
    };
    pg.execute(
        "INSERT INTO providers (id, name, display_name) VALUES ('p', 'p', 'P');
         INSERT INTO provider_endpoints (id, provider_id, api_format, base_url)
             VALUES ('e', 'p', 'CLAUDE', 'https://example.com');",
    )
    .await;
    let options = OpenOptions {
        read_only: true,
        statement_timeout: Duration::from_secs(60),
    };
    let db = std::sync::Arc::new(open_with(&pg.url, options).await.unwrap());
    let mut locker = sqlx::PgConnection::connect(&pg.url).await.unwrap();
    sqlx::raw_sql("BEGIN; LOCK TABLE request_candidates IN ACCESS EXCLUSIVE MODE;")
        .execute(&mut locker)
        .await
        .unwrap();

    let cancel = HealthCancel::new();
    let started = std::time::Instant::now();
    let request = tokio::spawn({
        let (db, cancel) = (std::sync::Arc::clone(&db), cancel.clone());
        async move {
            let query = HealthQuery::default();
            get_provider_health_monitor_cancellable(&db, "p", &query, &cancel).await
        }
    });
    // Wait until the request's statement is waiting for the lock on the server.
    let waiting = "SELECT COUNT(*) FROM pg_stat_activity \
                   WHERE wait_event_type = 'Lock' AND query LIKE '%request_candidates%'";
    for _ in 0..100 {
        let (n,): (i64,) = sqlx::query_as(waiting)
            .fetch_one(&mut locker)
            .await
            .unwrap();
        if n > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    cancel.cancel(&db).await.unwrap();
    let result = tokio::time::timeout(Duration::from_secs(20), request)
        .await
        .expect("the request ended while the lock is still held")
        .unwrap();
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(20));
    let (still,): (i64,) = sqlx::query_as(waiting)
        .fetch_one(&mut locker)
        .await
        .unwrap();
    assert_eq!(
        still, 0,
        "no statement of the request is left waiting on the server"
    );
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut locker)
        .await
        .unwrap();
    locker.close().await.unwrap();
    // The pool is still usable afterwards.
    let ok = aether_review_core::get_provider_health_monitor(&db, "p", &HealthQuery::default())
        .await
        .unwrap();
    assert_eq!(ok.endpoints.len(), 1);
    std::sync::Arc::try_unwrap(db).unwrap().close().await;
    pg.drop_now().await;
}

/// Whether the database `name` exists on the test server.
async fn database_exists(name: &str) -> bool {
    let admin_url = pg_support::admin_url("database_exists").expect("the server is configured");
    let admin = pg_support::connect_admin(admin_url).await.unwrap();
    let found: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&admin)
        .await
        .unwrap();
    admin.close().await;
    found.is_some()
}

#[test]
fn a_test_database_is_dropped_when_its_test_fails() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let Some(pg) = runtime.block_on(PgTestDb::empty("dropped_on_failure")) else {
        return;
    };
    let name = pg.name().to_owned();
    assert!(runtime.block_on(database_exists(&name)));
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let _held = pg;
        panic!("a failing test");
    }));
    assert!(failed.is_err());
    assert!(
        !runtime.block_on(database_exists(&name)),
        "{name} is left behind"
    );
}

#[test]
fn a_server_that_does_not_answer_is_reported_within_seconds() {
    // Port 1 on the loopback: nothing listens there.
    let down = Some("postgres://postgres@127.0.0.1:1/postgres".to_owned());
    let started = std::time::Instant::now();
    let required =
        pg_support::decide(&pg_support::POSTGRES, down, true).expect_err("required: a failure");
    assert!(required.contains("127.0.0.1:1"), "{required}");
    assert!(started.elapsed() < 2 * pg_support::CONNECT_TIMEOUT);
    // Not configured: a failure when required, a skip otherwise (as for a server that is down).
    assert!(pg_support::decide(&pg_support::POSTGRES, None, true).is_err());
    assert_eq!(
        pg_support::decide(&pg_support::POSTGRES, Some(" ".into()), false),
        Ok(None)
    );
}

#[tokio::test]
async fn a_table_of_more_than_four_billion_rows_is_counted_as_such() {
    let Some(pg) = PgTestDb::with_aether_schema("billions").await else {
        return;
    };
    // The planner's estimate of a very large table (as after ANALYZE on a real one); beyond
    // u32::MAX, where counts used to be clamped.
    pg.execute(
        "UPDATE pg_class SET reltuples = 5000000000 WHERE relname = 'request_candidates' \
         AND relnamespace = 'public'::regnamespace",
    )
    .await;
    let db = open_with(&pg.url, OpenOptions::new(true)).await.unwrap();
    assert_eq!(db.info().row_counts["request_candidates"], 5_000_000_000);
    let json = serde_json::to_value(db.info()).unwrap();
    assert_eq!(json["row_counts"]["request_candidates"], 5_000_000_000_u64);
    db.close().await;
}
