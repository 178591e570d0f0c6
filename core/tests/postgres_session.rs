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
