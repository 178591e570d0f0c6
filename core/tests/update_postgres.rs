//! The update on a real PostgreSQL created like Aether's: the same validation matrix as on
//! SQLite, values stored through PostgreSQL's types, stale edits refused, and nothing in the
//! user's schema ever created or altered.

mod pg_support;
mod update_support;

use aether_review_core::update::apply_patch;
use aether_review_core::{change_log, update_provider_settings, Error};
use pg_support::{PgTestDb, CHANGE_LOG_TABLE};
use serde_json::json;
use update_support::patches::{
    assert_every_accepted_value_is_stored, assert_rejected_on, rejected_patches,
};
use update_support::{at, bare_provider, dataset, dump, provider};

/// Aether's schema with two providers (one with every setting, one bare) and a change-log table.
async fn pg_with_providers(test: &str) -> Option<PgTestDb> {
    let data = dataset(vec![provider("p-full"), bare_provider("p-bare")]);
    let pg = PgTestDb::with_dataset(test, &data).await?;
    pg.execute(CHANGE_LOG_TABLE).await;
    Some(pg)
}

#[tokio::test]
async fn rejected_patches_on_postgres_report_every_bad_field_and_write_nothing() {
    let Some(pg) = pg_with_providers("pg_rejected_patches").await else {
        return;
    };
    let db = pg.open(false).await.unwrap();
    let before = dump(&db).await;
    assert_eq!(before.change_log, Some(vec![]), "the log table is there");

    for id in ["p-full", "p-bare"] {
        for (patch, expected) in rejected_patches() {
            assert_rejected_on(apply_patch(&db, id, &patch, None).await, &patch, &expected);
            assert_eq!(dump(&db).await, before, "{patch} on {id} changed a row");
        }
    }
    db.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn every_accepted_value_is_stored_and_logged_on_postgres() {
    let Some(pg) = pg_with_providers("pg_accepted_values").await else {
        return;
    };
    let db = pg.open(false).await.unwrap();

    assert_every_accepted_value_is_stored(&db, "p-bare").await;

    db.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn stale_expected_updated_at_on_postgres_is_a_conflict_and_writes_nothing() {
    let Some(pg) = pg_with_providers("pg_conflict").await else {
        return;
    };
    let db = pg.open(false).await.unwrap();
    let before = dump(&db).await;
    let stale = at(1, 0);

    let result =
        update_provider_settings(&db, "p-full", &json!({"rpm_limit": 5}), Some(stale)).await;

    match result {
        Err(Error::Conflict { current }) => {
            assert_eq!(current.id, "p-full");
            assert_ne!(current.updated_at, Some(stale));
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(dump(&db).await, before);
    db.close().await;
    pg.drop_now().await;
}

#[tokio::test]
async fn update_on_postgres_without_a_log_table_creates_and_alters_nothing() {
    let data = dataset(vec![provider("p-full")]);
    let Some(pg) = PgTestDb::with_dataset("pg_no_log_table", &data).await else {
        return;
    };
    let schema_before = pg.schema_fingerprint().await;
    let db = pg.open(false).await.unwrap();

    let summary = update_provider_settings(
        &db,
        "p-full",
        &json!({"billing_type": "pay_as_you_go", "rpm_limit": null}),
        None,
    )
    .await
    .unwrap();

    assert_eq!(summary.rpm_limit, None);
    assert_eq!(change_log(&db, None).await.unwrap(), vec![]);
    db.close().await;
    assert_eq!(pg.schema_fingerprint().await, schema_before);
    pg.drop_now().await;
}
