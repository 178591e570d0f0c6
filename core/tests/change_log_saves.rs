//! The change log as an admin reads it, on real snapshot files: one entry per save with the
//! `updated_at` it replaced, CSV a spreadsheet cannot run, the replay script's commands applied to
//! the database the snapshot stands for (and refused there once it changed), and the next quota
//! reset at the snapshot's own time.

mod update_support;

use aether_review_core::dataset::ProviderRow;
use aether_review_core::model::{BillingType, QuotaReset};
use aether_review_core::update::{group_saves, replay_script, to_csv};
use aether_review_core::{change_log, get_provider_summary, update_provider_settings, Error};
use serde_json::json;
use update_support::{at, bare_provider, dataset, open_db, provider, sqlite_snapshot};

/// The words of one shell command line as `replay_script` quotes them (`'…'`, `'\''` for a quote).
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => quoted = !quoted,
            '\\' if !quoted => word.extend(chars.next()),
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// (provider, patch, expected updated_at) of every command the script runs.
fn commands(script: &str) -> Vec<(String, serde_json::Value, Option<String>)> {
    script
        .lines()
        .filter(|l| l.starts_with("aether-review update"))
        .map(|line| {
            let w = words(line.trim_end_matches(" || status=1"));
            let arg = |name: &str| w.iter().position(|x| x == name).map(|i| w[i + 1].clone());
            (
                arg("--provider").unwrap(),
                serde_json::from_str(&arg("--patch").unwrap()).unwrap(),
                arg("--expected-updated-at"),
            )
        })
        .collect()
}

/// Runs one replay command as `aether-review update` would.
async fn replay(
    db: &aether_review_core::Database,
    (id, patch, expected): &(String, serde_json::Value, Option<String>),
) -> aether_review_core::Result<aether_review_core::model::ProviderSummary> {
    let expected = expected.as_deref().map(|t| t.parse().unwrap());
    update_provider_settings(db, id, patch, expected).await
}

#[tokio::test]
async fn saves_are_grouped_and_replay_on_the_database_the_snapshot_stands_for() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![provider("p1"), provider("p2")];
    let live_path = sqlite_snapshot(dir.path(), &dataset(rows)).await;
    let planned_path = dir.path().join("planned.sqlite");
    std::fs::copy(&live_path, &planned_path).unwrap();

    // Offline, on the copy: two saves of p1 (the second puts the description back), one of p2.
    let planned = open_db(&planned_path, false).await;
    let first = update_provider_settings(
        &planned,
        "p1",
        &json!({"rpm_limit": 30, "description": "it's \"new\"", "billing_type": "pay_as_you_go"}),
        None,
    )
    .await
    .unwrap();
    update_provider_settings(
        &planned,
        "p1",
        &json!({"description": "Primary upstream", "monthly_quota_usd": null}),
        None,
    )
    .await
    .unwrap();
    update_provider_settings(&planned, "p2", &json!({"provider_priority": 3}), None)
        .await
        .unwrap();

    let saves = group_saves(&change_log(&planned, None).await.unwrap());
    let shape: Vec<(&str, usize)> = saves
        .iter()
        .map(|s| (s.provider_id.as_str(), s.changes.len()))
        .collect();
    assert_eq!(shape, [("p1", 3), ("p1", 2), ("p2", 1)]);
    assert!(saves.iter().all(|s| s.save_id.is_some()));
    // Each save records the updated_at it replaced: the snapshot's, then the save before's.
    assert_eq!(saves[0].previous_updated_at, Some(at(10, 8)));
    assert_eq!(saves[1].previous_updated_at, first.updated_at);
    assert_eq!(saves[0].changed_at, first.updated_at.unwrap());
    assert_eq!(saves[2].previous_updated_at, Some(at(10, 8)));

    // The script: one command per provider, merged, expecting the snapshot's updated_at.
    let script = replay_script(&saves);
    let planned_commands = commands(&script);
    assert_eq!(planned_commands.len(), 2, "{script}");
    let (id, patch, expected) = &planned_commands[0];
    assert_eq!(id, "p1");
    assert_eq!(
        patch,
        &json!({"rpm_limit": 30, "billing_type": "pay_as_you_go", "monthly_quota_usd": null}),
        "the description came back to its value and is left out"
    );
    assert_eq!(expected.as_deref(), Some("2026-11-10T08:00:00Z"));

    // Replayed on the live file, every provider ends as planned (but for its own updated_at).
    let live = open_db(&live_path, false).await;
    for command in &planned_commands {
        replay(&live, command).await.unwrap();
    }
    for id in ["p1", "p2"] {
        let mut on_live = get_provider_summary(&live, id).await.unwrap();
        let mut as_planned = get_provider_summary(&planned, id).await.unwrap();
        on_live.updated_at = None;
        as_planned.updated_at = None;
        assert_eq!(on_live, as_planned, "{id}");
    }
    // Run again, each command is refused: the provider changed there since the snapshot.
    for command in &planned_commands {
        assert!(matches!(
            replay(&live, command).await,
            Err(Error::Conflict { .. })
        ));
    }
    planned.close().await;
    live.close().await;
}

#[tokio::test]
async fn csv_quotes_per_rfc_4180_and_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_snapshot(dir.path(), &dataset(vec![bare_provider("p1")])).await;
    let db = open_db(&path, false).await;
    update_provider_settings(
        &db,
        "p1",
        &json!({"description": "=HYPERLINK(\"http://x\",\"a, b\")\nline 2", "provider_priority": -5}),
        None,
    )
    .await
    .unwrap();
    let csv = to_csv(&change_log(&db, None).await.unwrap());
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "save_id,changed_at,provider_id,field,old_value,new_value,previous_updated_at"
    );
    // The description is JSON text: a quoted string, so its cell starts with `"` and is not a
    // formula; it holds a comma, quotes and a line break, so the cell is quoted and quotes doubled.
    assert!(
        csv.contains(
            ",description,,\"\"\"=HYPERLINK(\\\"\"http://x\\\"\",\\\"\"a, b\\\"\")\\nline 2\"\"\","
        ),
        "{csv}"
    );
    // A number that starts with `-` would be read as a formula: it is prefixed.
    assert!(csv.contains(",provider_priority,10,'-5,"), "{csv}");
    assert_eq!(
        lines.len(),
        4,
        "a header, two rows and the final line end: {csv}"
    );
    db.close().await;
}

#[tokio::test]
async fn the_next_quota_reset_is_seen_at_the_snapshot_time() {
    let dir = tempfile::tempdir().unwrap();
    let weekly = ProviderRow {
        billing_type: BillingType::MonthlyQuota,
        quota_reset_day: Some(7),
        quota_last_reset_at: Some(at(20, 0)),
        ..provider("weekly")
    };
    let overdue = ProviderRow {
        quota_reset_day: Some(3),
        quota_last_reset_at: Some(at(1, 0)),
        ..provider("overdue")
    };
    let path = sqlite_snapshot(
        dir.path(),
        &dataset(vec![weekly, overdue, bare_provider("payg")]),
    )
    .await;
    let pool = sqlx::SqlitePool::connect(path.to_str().unwrap())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO aether_review_snapshot (id, taken_at, source) \
         VALUES (1, '2026-11-23T12:00:00.000000Z', 'test')",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let db = open_db(&path, true).await;
    let reset = |id: &'static str| {
        let db = &db;
        async move { get_provider_summary(db, id).await.unwrap().next_quota_reset }
    };
    // 20th + 7 days = the 27th; 3.5 days after the snapshot's noon on the 23rd: 4 days started.
    assert_eq!(
        reset("weekly").await,
        Some(QuotaReset {
            at: at(27, 0),
            days_left: 4,
            overdue: false
        })
    );
    assert_eq!(
        reset("overdue").await,
        Some(QuotaReset {
            at: at(4, 0),
            days_left: 0,
            overdue: true
        })
    );
    assert_eq!(reset("payg").await, None);
    db.close().await;
}
