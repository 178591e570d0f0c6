//! The update's validation matrix on a real SQLite snapshot: every field's bounds just inside and
//! just outside, null where allowed and not, wrong JSON types, unknown fields, several errors at
//! once — and after every rejected patch the file is byte-for-byte unchanged.

mod update_support;

use aether_review_core::update::apply_patch;
use serde_json::json;
use update_support::patches::{
    assert_every_accepted_value_is_stored, assert_rejected_on, range, rejected_patches,
};
use update_support::{bare_provider, dataset, dump, open_db, provider, sqlite_snapshot, stored};

#[tokio::test]
async fn rejected_patch_reports_every_bad_field_and_leaves_the_file_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_snapshot(
        dir.path(),
        &dataset(vec![provider("p-full"), bare_provider("p-bare")]),
    )
    .await;
    let db = open_db(&path, false).await;
    let bytes_before = std::fs::read(&path).unwrap();
    let dump_before = dump(&db).await;
    for id in ["p-full", "p-bare"] {
        for (patch, expected) in rejected_patches() {
            let result = apply_patch(&db, id, &patch, None).await;
            assert_rejected_on(result, &patch, &expected);
            assert_eq!(
                dump(&db).await,
                dump_before,
                "{patch} on {id} changed a row"
            );
            assert!(
                std::fs::read(&path).unwrap() == bytes_before,
                "{patch} on {id} changed the file"
            );
        }
    }
}

#[tokio::test]
async fn a_valid_field_beside_a_rejected_one_is_not_written_either() {
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_snapshot(dir.path(), &dataset(vec![provider("p1")])).await;
    let db = open_db(&path, false).await;
    let before = dump(&db).await;
    let patch = json!({"display_name": "New name", "rpm_limit": -1});
    assert_rejected_on(
        apply_patch(&db, "p1", &patch, None).await,
        &patch,
        &[("rpm_limit", range(0.0, f64::from(i32::MAX)))],
    );
    assert_eq!(dump(&db).await, before);
    assert_eq!(
        stored(&db, "p1", "display_name").await.as_deref(),
        Some("Provider p1")
    );
}

#[tokio::test]
async fn values_just_inside_every_bound_are_stored_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_snapshot(dir.path(), &dataset(vec![provider("p1")])).await;
    let db = open_db(&path, false).await;
    assert_every_accepted_value_is_stored(&db, "p1").await;
}
