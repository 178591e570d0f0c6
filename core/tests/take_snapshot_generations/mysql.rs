//! Snapshots of the Rust gateway on MySQL.

use super::*;

/// The gateway's MySQL layout holding [`dataset`] timed against the server's clock, with a
/// secret planted in every secret column; `None` when MySQL tests are skipped.
async fn live_mysql(test: &str) -> Option<MysqlTestDb> {
    let my = MysqlTestDb::with_rust_schema(test).await?;
    let pool = my.pool().await;
    let (millis,): (i64,) = sqlx::query_as("SELECT CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)")
        .fetch_one(&pool)
        .await
        .unwrap();
    let now = Timestamp::from_timestamp_millis(millis).unwrap();
    dataset(now, Generation::Rust)
        .insert_as(
            &Pool::Mysql(pool.clone()),
            Target::aether(Generation::Rust, Dialect::Mysql),
        )
        .await
        .unwrap();
    let mut present = Vec::new();
    for (table, column) in SECRETS {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM information_schema.columns \
             WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?",
        )
        .bind(table)
        .bind(column)
        .fetch_one(&pool)
        .await
        .unwrap();
        if n > 0 {
            present.push((table, column));
        }
    }
    pool.close().await;
    assert_eq!(
        present.len(),
        SECRETS.len(),
        "secret columns of the MySQL layout"
    );
    my.execute(&plant_secrets(&present).join(";\n")).await;
    Some(my)
}

#[tokio::test]
async fn rust_mysql_snapshot_reads_as_the_live_database_and_holds_no_secret() {
    let Some(my) = live_mysql("snapshot_rust_my").await else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("snap.db");
    let report = snapshot(&request(&my.url, &out)).await;
    assert_eq!(report.taken_at_basis, TakenAtBasis::ServerClock);
    assert_eq!(report.row_counts["request_candidates"], 240);
    assert_eq!(report.row_counts["provider_api_keys"], 6);

    let live = open(&my.url, true).await.unwrap();
    assert_eq!(live.generation(), Generation::Rust);
    assert_snapshot_matches(&out, &live, Generation::Rust, &report, report.taken_at).await;
    live.close().await;

    // Keys follow their provider when providers are chosen.
    let one = dir.path().join("kiro.db");
    let mut chosen = request(&my.url, &one);
    chosen.providers = Some(vec!["kiro".into()]);
    let report = snapshot(&chosen).await;
    assert_eq!(report.row_counts["providers"], 1);
    assert_eq!(report.row_counts["provider_api_keys"], 2);
    assert_eq!(report.row_counts["request_candidates"], 80);
    assert_no_planted_bytes(&one);
    my.drop_now().await;
}

#[tokio::test]
async fn cancelled_copy_of_mysql_leaves_no_file() {
    let Some(my) = live_mysql("snapshot_my_cancel").await else {
        return;
    };
    let out_dir = TempDir::new().unwrap();
    let cancel = AtomicBool::new(false);
    let on_progress = |p: &SnapshotProgress| {
        if p.table == "request_candidates" {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let out = out_dir.path().join("cancelled.db");
    let err = take_snapshot(&request(&my.url, &out), &on_progress, &cancel)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err:?}");
    assert_eq!(listing(out_dir.path()), Vec::<String>::new());
    my.drop_now().await;
}

#[tokio::test]
async fn a_wrong_mysql_password_is_unreachable_without_echo_and_leaves_no_file() {
    let Some(my) = MysqlTestDb::with_rust_schema("snapshot_my_wrong_pw").await else {
        return;
    };
    let out_dir = TempDir::new().unwrap();
    let wrong = "N0t-The-Passw0rd";
    let url = my.url_as(mysql_support::PASSWORD_USER, Some(wrong));
    let err = take_snapshot(
        &request(&url, &out_dir.path().join("snap.db")),
        &|_| {},
        &AtomicBool::new(false),
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), "Unreachable", "{err:?}");
    assert!(!err.to_string().contains(wrong), "{err}");
    assert!(!format!("{err:?}").contains(wrong), "{err:?}");
    assert_eq!(listing(out_dir.path()), Vec::<String>::new());
    my.drop_now().await;
}
