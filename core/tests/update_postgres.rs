//! The update on a real PostgreSQL with Aether's schema (`providerbillingtype` enum,
//! `timestamptz`, `integer`, `double precision`): the same validation matrix and the same writes
//! as on SQLite, the change log only where the table already exists, and a read-only session.
//!
//! Needs the test server (`scripts/pg-test-server.sh`, `AETHER_REVIEW_TEST_PG`); see `pg_support`.

mod pg_support;
mod update_support;

use aether_review_core::update::{apply_patch, change_log, PatchOutcome};
use aether_review_core::{get_provider_summary, update_provider_settings, Error};
use pg_support::{PgTestDb, CHANGE_LOG_TABLE};
use serde_json::json;
use update_support::patches::{
    assert_every_accepted_value_is_stored, assert_rejected_on, rejected_patches,
};
use update_support::{at, bare_provider, dataset, dump, provider};

async fn server(test: &str) -> Option<PgTestDb> {
    PgTestDb::with_dataset(test, &dataset(vec![provider("p1"), bare_provider("p2")])).await
}

#[tokio::test]
async fn postgres_rejected_patches_report_every_bad_field_and_write_nothing() {
    let Some(pg) = server("update_pg_rejected").await else {
        return;
    };
    let db = pg.open(false).await.unwrap();
    let before = dump(&db).await;
    for id in ["p1", "p2"] {
        for (patch, expected) in rejected_patches() {
            assert_rejected_on(apply_patch(&db, id, &patch, None).await, &patch, &expected);
        }
    }
    assert_eq!(dump(&db).await, before);
    db.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn postgres_stores_every_accepted_value_through_its_column_type() {
    let Some(pg) = server("update_pg_accepted").await else {
        return;
    };
    pg.execute(CHANGE_LOG_TABLE).await;
    let db = pg.open(false).await.unwrap();
    assert_every_accepted_value_is_stored(&db, "p1").await;
    assert_every_accepted_value_is_stored(&db, "p2").await;
    db.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn postgres_without_a_change_log_table_is_updated_and_its_schema_left_alone() {
    let Some(pg) = server("update_pg_no_log").await else {
        return;
    };
    let db = pg.open(false).await.unwrap();
    let patch = json!({
        "billing_type": "free_tier", "quota_expires_at": "2027-01-01T00:00:00+02:00",
        "rpm_limit": null, "monthly_quota_usd": 2.5, "is_active": false
    });
    let summary = update_provider_settings(&db, "p1", &patch, Some(at(10, 8)))
        .await
        .unwrap();
    assert_eq!(summary, get_provider_summary(&db, "p1").await.unwrap());
    assert_eq!(
        serde_json::to_value(&summary).unwrap()["quota_expires_at"],
        json!("2026-12-31T22:00:00Z")
    );
    assert_eq!(summary.rpm_limit, Some(None));
    assert_eq!(summary.monthly_quota_usd, Some(2.5));
    assert!(summary.updated_at > Some(at(10, 8)));
    assert!(change_log(&db, None).await.unwrap().is_empty());
    assert_eq!(dump(&db).await.change_log, None, "no table was created");
    db.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn postgres_no_op_stale_and_logged_writes() {
    let Some(pg) = server("update_pg_concurrency").await else {
        return;
    };
    pg.execute(CHANGE_LOG_TABLE).await;
    let db = pg.open(false).await.unwrap();
    let before = dump(&db).await;

    let same = json!({"rpm_limit": 600, "quota_expires_at": "2026-11-30T08:00:00+08:00"});
    assert_eq!(
        apply_patch(&db, "p1", &same, Some(at(10, 8))).await,
        Ok(PatchOutcome::Unchanged)
    );
    assert_eq!(dump(&db).await, before);

    let first = update_provider_settings(&db, "p1", &json!({"rpm_limit": 1}), Some(at(10, 8)))
        .await
        .unwrap();
    let after_first = dump(&db).await;
    match update_provider_settings(&db, "p1", &json!({"rpm_limit": 2}), Some(at(10, 8))).await {
        Err(Error::Conflict { current }) => assert_eq!(*current, first),
        other => panic!("expected a Conflict, got {other:?}"),
    }
    assert_eq!(dump(&db).await, after_first);

    let log = change_log(&db, Some("p1")).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].old_value.as_deref(), log[0].new_value.as_deref()),
        (Some("600"), Some("1"))
    );
    assert_eq!(Some(log[0].changed_at), first.updated_at);
    db.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn postgres_read_only_session_is_refused() {
    let Some(pg) = server("update_pg_read_only").await else {
        return;
    };
    let db = pg.open(true).await.unwrap();
    let before = dump(&db).await;
    assert_eq!(
        apply_patch(&db, "p1", &json!({"rpm_limit": 1}), None).await,
        Err(Error::ReadOnly)
    );
    assert_eq!(dump(&db).await, before);
    db.close().await;
    pg.drop_now().await;
}
