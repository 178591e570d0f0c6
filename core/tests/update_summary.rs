//! `update_provider_settings` end to end on a real SQLite snapshot: the summary it returns is the
//! fresh one, and a Conflict carries the values another editor saved.

mod update_support;

use aether_review_core::model::BillingType;
use aether_review_core::update::change_log;
use aether_review_core::{get_provider_summary, update_provider_settings, Error};
use serde_json::json;
use update_support::{at, dataset, dump, open_db, provider, sqlite_snapshot};

async fn snapshot() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_snapshot(dir.path(), &dataset(vec![provider("p1"), provider("p2")])).await;
    (dir, path)
}

#[tokio::test]
async fn update_returns_the_fresh_summary_with_the_new_values() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let before = get_provider_summary(&db, "p1").await.unwrap();
    let patch = json!({"display_name": " Acme ", "billing_type": "free_tier", "rpm_limit": null});
    let summary = update_provider_settings(&db, "p1", &patch, before.updated_at)
        .await
        .unwrap();

    assert_eq!(summary, get_provider_summary(&db, "p1").await.unwrap());
    assert_eq!(summary.shown_name(), "Acme");
    assert_eq!(summary.billing_type, Some(BillingType::FreeTier));
    assert_eq!(summary.rpm_limit, Some(None));
    let log = change_log(&db, Some("p1")).await.unwrap();
    assert_eq!(summary.updated_at, Some(log[0].changed_at));
    assert!(summary.updated_at > before.updated_at);
    // Everything the patch did not name is as before, counts included.
    let unchanged = aether_review_core::model::ProviderSummary {
        display_name: before.display_name.clone(),
        billing_type: before.billing_type,
        // Follows the billing type: a free tier has no quota reset.
        next_quota_reset: before.next_quota_reset,
        rpm_limit: before.rpm_limit,
        updated_at: before.updated_at,
        ..summary.clone()
    };
    assert_eq!(unchanged, before);
}

#[tokio::test]
async fn no_op_update_returns_the_summary_with_updated_at_unchanged() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let bytes = std::fs::read(&path).unwrap();
    let summary = update_provider_settings(&db, "p1", &json!({"rpm_limit": 600}), Some(at(10, 8)))
        .await
        .unwrap();
    assert_eq!(summary.updated_at, Some(at(10, 8)));
    assert_eq!(summary, get_provider_summary(&db, "p1").await.unwrap());
    assert!(std::fs::read(&path).unwrap() == bytes);
}

#[tokio::test]
async fn stale_edit_is_a_conflict_carrying_what_the_other_editor_saved() {
    let (_dir, path) = snapshot().await;
    let alice = open_db(&path, false).await;
    let bob = open_db(&path, false).await;
    let loaded = get_provider_summary(&bob, "p1").await.unwrap();

    let saved =
        update_provider_settings(&alice, "p1", &json!({"rpm_limit": 100}), loaded.updated_at)
            .await
            .unwrap();
    let after_alice = dump(&bob).await;

    let result =
        update_provider_settings(&bob, "p1", &json!({"rpm_limit": 200}), loaded.updated_at).await;
    match result {
        Err(Error::Conflict { current }) => {
            assert_eq!(*current, saved);
            assert_eq!(current.rpm_limit, Some(Some(100)));
        }
        other => panic!("expected a Conflict, got {other:?}"),
    }
    assert_eq!(
        dump(&bob).await,
        after_alice,
        "the stale edit wrote something"
    );
}

#[tokio::test]
async fn conflict_serializes_with_the_current_summary_for_the_ui() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let err = update_provider_settings(&db, "p2", &json!({"rpm_limit": 1}), Some(at(1, 1)))
        .await
        .unwrap_err();
    let value = serde_json::to_value(&err).unwrap();
    assert_eq!(value["kind"], "Conflict");
    assert_eq!(value["current"]["id"], "p2");
    assert_eq!(value["current"]["rpm_limit"], 600);
    assert_eq!(value["current"]["updated_at"], json!(at(10, 8)));
}

#[tokio::test]
async fn read_only_and_unknown_provider_are_refused_in_that_order() {
    let (_dir, path) = snapshot().await;
    let read_only = open_db(&path, true).await;
    assert_eq!(
        update_provider_settings(&read_only, "nope", &json!({"x": 1}), None).await,
        Err(Error::ReadOnly)
    );
    let db = open_db(&path, false).await;
    assert_eq!(
        update_provider_settings(&db, "nope", &json!({"x": 1}), None).await,
        Err(Error::not_found("provider", "nope"))
    );
}
