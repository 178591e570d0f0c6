//! What an accepted update writes on a real SQLite snapshot: exactly the given fields, a new
//! `updated_at`, one change-log row per changed field — and what it refuses to write: no-op
//! patches, stale edits, read-only sessions, unknown providers.

mod update_support;

use aether_review_core::update::{apply_patch, change_log, PatchOutcome};
use aether_review_core::Error;
use chrono::{DateTime, Utc};
use serde_json::json;
use update_support::{
    at, bare_provider, dataset, dump, open_db, provider, sqlite_snapshot, stored,
};

async fn snapshot() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_snapshot(
        dir.path(),
        &dataset(vec![provider("p1"), bare_provider("p2"), provider("p3")]),
    )
    .await;
    (dir, path)
}

fn stored_time(text: Option<String>) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&text.expect("a time"))
        .unwrap()
        .with_timezone(&Utc)
}

/// The dump's lines of every provider but `id`.
fn others(lines: &[String], id: &str) -> Vec<String> {
    let prefix = format!("{id}|");
    lines
        .iter()
        .filter(|l| !l.starts_with(&prefix))
        .cloned()
        .collect()
}

#[tokio::test]
async fn patch_changes_exactly_the_given_fields_and_logs_each_old_to_new() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let before = dump(&db).await;
    let started = Utc::now();
    let patch = json!({
        "display_name": "  Acme EU  ",
        "rpm_limit": 1200,
        "billing_type": "pay_as_you_go",
        "quota_expires_at": "2027-01-01T00:00:00+01:00",
        "is_active": false
    });
    let outcome = apply_patch(&db, "p1", &patch, Some(at(10, 8)))
        .await
        .unwrap();

    let after = dump(&db).await;
    assert_eq!(
        others(&after.providers, "p1"),
        others(&before.providers, "p1")
    );
    assert_eq!(
        stored(&db, "p1", "display_name").await.as_deref(),
        Some("Acme EU")
    );
    assert_eq!(
        stored(&db, "p1", "rpm_limit").await.as_deref(),
        Some("1200")
    );
    assert_eq!(
        stored(&db, "p1", "billing_type").await.as_deref(),
        Some("pay_as_you_go")
    );
    assert_eq!(
        stored(&db, "p1", "quota_expires_at").await.as_deref(),
        Some("2026-12-31T23:00:00.000000Z")
    );
    assert_eq!(stored(&db, "p1", "is_active").await.as_deref(), Some("0"));
    // Everything not in the patch keeps its value.
    for (column, value) in [
        ("description", "Primary upstream"),
        ("website", "https://api.example.com"),
        ("monthly_quota_usd", "100.0"),
        ("monthly_used_usd", "42.5"),
        ("quota_reset_day", "1"),
        ("provider_priority", "10"),
        ("name", "p1-name"),
        ("rpm_used", "12"),
    ] {
        assert_eq!(
            stored(&db, "p1", column).await.as_deref(),
            Some(value),
            "{column}"
        );
    }
    let updated_at = stored_time(stored(&db, "p1", "updated_at").await);
    assert!(updated_at >= started - chrono::Duration::microseconds(1) && updated_at <= Utc::now());
    assert_eq!(
        updated_at.timestamp_subsec_nanos() % 1000,
        0,
        "whole microseconds"
    );

    let log = change_log(&db, Some("p1")).await.unwrap();
    let rows: Vec<(&str, Option<&str>, Option<&str>)> = log
        .iter()
        .map(|e| {
            (
                e.field.as_str(),
                e.old_value.as_deref(),
                e.new_value.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("display_name", Some("\"Provider p1\""), Some("\"Acme EU\"")),
            ("is_active", Some("true"), Some("false")),
            (
                "billing_type",
                Some("\"monthly_quota\""),
                Some("\"pay_as_you_go\"")
            ),
            (
                "quota_expires_at",
                Some("\"2026-11-30T00:00:00.000000Z\""),
                Some("\"2026-12-31T23:00:00.000000Z\"")
            ),
            ("rpm_limit", Some("600"), Some("1200")),
        ]
    );
    assert!(log
        .iter()
        .all(|e| e.changed_at == updated_at && e.provider_id == "p1"));
    assert_eq!(outcome, PatchOutcome::Applied(log));
}

#[tokio::test]
async fn null_clears_nullable_fields_and_is_logged_as_null() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let nullable = [
        "description",
        "website",
        "monthly_quota_usd",
        "quota_reset_day",
        "quota_last_reset_at",
        "quota_expires_at",
        "rpm_limit",
    ];
    let patch: serde_json::Map<String, serde_json::Value> = nullable
        .iter()
        .map(|f| (f.to_string(), serde_json::Value::Null))
        .collect();
    let outcome = apply_patch(&db, "p1", &patch.into(), None).await.unwrap();
    assert!(matches!(outcome, PatchOutcome::Applied(ref log) if log.len() == nullable.len()));
    for column in nullable {
        assert_eq!(stored(&db, "p1", column).await, None, "{column}");
    }
    let log = change_log(&db, Some("p1")).await.unwrap();
    assert!(log
        .iter()
        .all(|e| e.old_value.is_some() && e.new_value.is_none()));
}

#[tokio::test]
async fn patch_equal_to_the_stored_values_writes_nothing() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let bytes = std::fs::read(&path).unwrap();
    for (id, patch) in [
        ("p1", json!({})),
        (
            "p1",
            json!({
                "display_name": "  Provider p1 ",
                "rpm_limit": 600,
                "monthly_quota_usd": 100,
                "billing_type": "monthly_quota",
                "is_active": true,
                "provider_priority": 10,
                "quota_reset_day": 1,
                "website": "https://api.example.com",
                "description": "Primary upstream",
                "quota_expires_at": "2026-11-30T08:00:00+08:00",
                "quota_last_reset_at": "2026-11-01T00:00:00.000000Z"
            }),
        ),
        (
            "p2",
            json!({"description": null, "website": null, "rpm_limit": null, "quota_expires_at": null}),
        ),
    ] {
        let outcome = apply_patch(&db, id, &patch, None).await.unwrap();
        assert_eq!(outcome, PatchOutcome::Unchanged, "{patch}");
    }
    assert!(
        std::fs::read(&path).unwrap() == bytes,
        "a no-op patch changed the file"
    );
    assert_eq!(stored(&db, "p2", "updated_at").await, None);
    assert!(change_log(&db, None).await.unwrap().is_empty());
}

#[tokio::test]
async fn only_the_fields_that_differ_are_written_and_logged() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let patch = json!({"rpm_limit": 600, "quota_reset_day": 15, "display_name": "Provider p1"});
    apply_patch(&db, "p1", &patch, None).await.unwrap();
    let log = change_log(&db, None).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].field, "quota_reset_day");
    assert_eq!(log[0].old_value.as_deref(), Some("1"));
    assert_eq!(log[0].new_value.as_deref(), Some("15"));
}

#[tokio::test]
async fn stale_expected_updated_at_writes_nothing() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let before = dump(&db).await;
    let bytes = std::fs::read(&path).unwrap();
    for (id, stale) in [
        ("p1", at(10, 7)),
        ("p1", at(10, 8) + chrono::Duration::microseconds(1)),
        // A row never updated has no updated_at: any expected value is stale.
        ("p2", at(10, 8)),
    ] {
        let outcome = apply_patch(&db, id, &json!({"rpm_limit": 5}), Some(stale))
            .await
            .unwrap();
        assert_eq!(outcome, PatchOutcome::Stale, "{id} expected {stale}");
    }
    assert_eq!(dump(&db).await, before);
    assert!(std::fs::read(&path).unwrap() == bytes);
}

#[tokio::test]
async fn second_editor_with_the_same_expected_updated_at_is_stale() {
    let (_dir, path) = snapshot().await;
    let first = open_db(&path, false).await;
    let second = open_db(&path, false).await;
    let loaded = at(10, 8);
    let applied = apply_patch(&first, "p1", &json!({"rpm_limit": 100}), Some(loaded))
        .await
        .unwrap();
    assert!(matches!(applied, PatchOutcome::Applied(_)));
    let late = apply_patch(&second, "p1", &json!({"rpm_limit": 200}), Some(loaded))
        .await
        .unwrap();
    assert_eq!(late, PatchOutcome::Stale);
    assert_eq!(
        stored(&first, "p1", "rpm_limit").await.as_deref(),
        Some("100")
    );
    assert_eq!(change_log(&first, None).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_provider_never_updated_can_be_updated_and_gets_an_updated_at() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let outcome = apply_patch(
        &db,
        "p2",
        &json!({"rpm_limit": 0, "website": "https://x.example"}),
        None,
    )
    .await
    .unwrap();
    assert!(matches!(outcome, PatchOutcome::Applied(ref log) if log.len() == 2));
    assert_eq!(stored(&db, "p2", "rpm_limit").await.as_deref(), Some("0"));
    assert!(stored(&db, "p2", "updated_at").await.is_some());
    let log = change_log(&db, Some("p2")).await.unwrap();
    assert_eq!(log[0].field, "website");
    assert_eq!(log[0].old_value, None);
}

#[tokio::test]
async fn read_only_session_is_refused_before_anything_else() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, true).await;
    let bytes = std::fs::read(&path).unwrap();
    for (id, patch) in [
        ("p1", json!({"rpm_limit": 5})),
        ("no-such-provider", json!({"rpm_limit": 5})),
        ("p1", json!({"rpm_limit": -5})),
    ] {
        let result = apply_patch(&db, id, &patch, Some(at(1, 1))).await;
        assert_eq!(result, Err(Error::ReadOnly), "{id} {patch}");
    }
    assert!(std::fs::read(&path).unwrap() == bytes);
}

#[tokio::test]
async fn unknown_provider_is_not_found_even_with_an_invalid_patch() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let before = dump(&db).await;
    for patch in [
        json!({"rpm_limit": 5}),
        json!({"rpm_limit": "x"}),
        json!([]),
    ] {
        assert_eq!(
            apply_patch(&db, "p-missing", &patch, None).await,
            Err(Error::not_found("provider", "p-missing"))
        );
    }
    assert_eq!(dump(&db).await, before);
}

#[tokio::test]
async fn validation_is_reported_before_a_conflict() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let result = apply_patch(&db, "p1", &json!({"rpm_limit": -1}), Some(at(1, 1))).await;
    assert!(
        matches!(result, Err(Error::Validation { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn change_log_lists_one_provider_or_all_oldest_first() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    apply_patch(&db, "p3", &json!({"rpm_limit": 1}), None)
        .await
        .unwrap();
    apply_patch(&db, "p1", &json!({"rpm_limit": 2}), None)
        .await
        .unwrap();
    apply_patch(&db, "p3", &json!({"rpm_limit": 3}), None)
        .await
        .unwrap();

    let all = change_log(&db, None).await.unwrap();
    let order: Vec<(&str, Option<&str>)> = all
        .iter()
        .map(|e| (e.provider_id.as_str(), e.new_value.as_deref()))
        .collect();
    assert_eq!(
        order,
        [("p3", Some("1")), ("p1", Some("2")), ("p3", Some("3"))]
    );
    assert!(all.windows(2).all(|w| w[0].changed_at <= w[1].changed_at));

    let p3 = change_log(&db, Some("p3")).await.unwrap();
    assert_eq!(p3.len(), 2);
    assert_eq!(p3[1].old_value.as_deref(), Some("1"));
    assert!(change_log(&db, Some("p2")).await.unwrap().is_empty());
}

#[tokio::test]
async fn without_a_change_log_table_the_update_writes_and_logs_nowhere() {
    // What a user's PostgreSQL without the table sees, reproduced on a SQLite file made elsewhere.
    let (_dir, path) = snapshot().await;
    {
        let db = open_db(&path, false).await;
        let aether_review_core::db::Pool::Sqlite(pool) = db.pool() else {
            unreachable!("a snapshot is SQLite")
        };
        sqlx::query("DROP TABLE aether_review_change_log")
            .execute(pool)
            .await
            .unwrap();
        db.close().await;
    }
    let db = open_db(&path, false).await;
    let outcome = apply_patch(&db, "p1", &json!({"rpm_limit": 7}), None)
        .await
        .unwrap();
    assert!(matches!(outcome, PatchOutcome::Applied(ref log) if log.len() == 1));
    assert_eq!(stored(&db, "p1", "rpm_limit").await.as_deref(), Some("7"));
    assert!(change_log(&db, None).await.unwrap().is_empty());
    assert_eq!(dump(&db).await.change_log, None);
}

#[tokio::test]
async fn an_update_runs_a_fixed_few_statements() {
    let (_dir, path) = snapshot().await;
    let db = open_db(&path, false).await;
    let count = |db: &aether_review_core::Database| db.statements_executed();

    let before = count(&db);
    apply_patch(
        &db,
        "p1",
        &json!({"rpm_limit": 1, "description": "x", "quota_reset_day": 3}),
        None,
    )
    .await
    .unwrap();
    assert_eq!(count(&db) - before, 3, "read, update, one log insert");

    let before = count(&db);
    apply_patch(&db, "p1", &json!({"rpm_limit": 1}), None)
        .await
        .unwrap();
    assert_eq!(count(&db) - before, 1, "a no-op only reads");

    let before = count(&db);
    let _ = apply_patch(&db, "p1", &json!({"rpm_limit": -1}), None).await;
    assert_eq!(count(&db) - before, 1, "a rejected patch only reads");
}

#[tokio::test]
async fn closing_a_writable_session_leaves_one_self_contained_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = update_support::dataset(vec![update_support::provider("p1")]);
    let path = update_support::sqlite_snapshot(dir.path(), &data).await;
    let db = update_support::open_db(&path, false).await;
    aether_review_core::update_provider_settings(&db, "p1", &json!({"rpm_limit": 77}), None)
        .await
        .unwrap();
    db.close().await;
    let wal = path.with_extension("sqlite-wal");
    assert!(
        !wal.exists(),
        "the write-ahead log is folded back into the file"
    );
    let reopened = update_support::open_db(&path, true).await;
    let summary = aether_review_core::get_provider_summary(&reopened, "p1")
        .await
        .unwrap();
    assert_eq!(summary.rpm_limit, Some(Some(77)));
}
