//! Where the change log of a save goes on every generation and engine: one save id shared by the
//! entries of a save; our own snapshot keeps it in its table; a database Aether Review did not
//! create keeps it in the local file (keyed by the database, never in the database) unless the
//! admin created `aether_review_change_log` there.

mod generations;
mod mysql_support;
mod pg_support;
mod update_support;

use std::collections::BTreeSet;
use std::path::Path;

use aether_review_core::dataset::ProviderRow;
use aether_review_core::layout::Generation;
use aether_review_core::model::ChangeLogEntry;
use aether_review_core::update::{apply_patch, change_log, PatchOutcome};
use aether_review_core::{update_provider_settings, Database, Error};
use generations::{open_fixture, with_catalog, Engine, Guard, ALL};
use pg_support::CHANGE_LOG_TABLE;
use serde_json::json;
use update_support::{at, bare_provider, provider};

async fn fixture(test: &str, generation: Generation, engine: Engine) -> Option<(Database, Guard)> {
    // Every setting NULL that can be; `updated_at` is NOT NULL after legacy.
    let p2 = ProviderRow {
        updated_at: Some(at(10, 9)),
        ..bare_provider("p2")
    };
    let data = with_catalog(vec![provider("p1"), p2]);
    open_fixture(test, generation, engine, &data).await
}

/// Two fields this generation has, and new values for them (the `n`th save).
fn two_fields(generation: Generation, n: i64) -> serde_json::Value {
    match generation {
        Generation::Legacy => json!({"rpm_limit": 100 + n, "description": format!("save {n}")}),
        _ => json!({"max_retries": n, "description": format!("save {n}")}),
    }
}

/// Whether the database has a table named `aether_review_change_log`.
async fn has_log_table(db: &Database) -> bool {
    #[derive(sqlx::FromRow)]
    struct Count {
        n: i64,
    }
    let sql = match db.kind() {
        aether_review_core::model::DatabaseKind::Sqlite => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'aether_review_change_log'"
        }
        aether_review_core::model::DatabaseKind::Postgres => {
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_name = 'aether_review_change_log'"
        }
        aether_review_core::model::DatabaseKind::Mysql => {
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_name = 'aether_review_change_log'"
        }
    };
    aether_review_core::fetch!(db, fetch_one, Count, sql)
        .unwrap()
        .n
        > 0
}

fn save_ids(log: &[ChangeLogEntry]) -> Vec<String> {
    log.iter()
        .map(|e| e.save_id.clone().expect("a save id"))
        .collect()
}

/// Two saves of two fields each: one id per save, shared by its two entries.
async fn assert_one_save_id_per_save(db: &Database, case: &str) -> Vec<ChangeLogEntry> {
    let mut returned = Vec::new();
    for n in [1, 2] {
        match apply_patch(db, "p1", &two_fields(db.generation(), n), None).await {
            Ok(PatchOutcome::Applied(log)) => returned.extend(log),
            other => panic!("{case}: save {n}: {other:?}"),
        }
    }
    let log = change_log(db, Some("p1")).await.unwrap();
    assert_eq!(
        log, returned,
        "{case}: the log reads back what the saves wrote"
    );
    let ids = save_ids(&log);
    assert_eq!(ids.len(), 4, "{case}");
    assert_eq!(ids[0], ids[1], "{case}");
    assert_eq!(ids[2], ids[3], "{case}");
    assert_ne!(ids[0], ids[2], "{case}");
    log
}

#[tokio::test]
async fn each_save_has_one_save_id_and_the_log_lives_where_the_database_allows() {
    for (generation, engine) in ALL {
        let Some((mut db, guard)) = fixture("log_where", generation, engine).await else {
            continue;
        };
        let case = format!("{generation} on {engine:?}");
        let ours = guard.file().is_some() && generation == Generation::Legacy;
        let local_dir = tempfile::tempdir().unwrap();
        let local = local_dir.path().join("nested").join("change-log.sqlite");
        db.set_local_change_log(&local);
        let schema_before = match guard.postgres() {
            Some(pg) => pg.schema_fingerprint().await,
            None => Vec::new(),
        };

        assert_one_save_id_per_save(&db, &case).await;

        // Our snapshot keeps its log inside; anyone else's database is left as it was.
        assert_eq!(has_log_table(&db).await, ours, "{case}");
        assert_eq!(local.exists(), !ours, "{case}: the local file");
        if let Some(pg) = guard.postgres() {
            assert_eq!(pg.schema_fingerprint().await, schema_before, "{case}");
        }
        guard.finish(db).await;
    }
}

#[tokio::test]
async fn the_local_file_keeps_each_database_apart_and_survives_the_session() {
    let local_dir = tempfile::tempdir().unwrap();
    let local = local_dir.path().join("change-log.sqlite");
    let Some((mut first, first_guard)) =
        fixture("log_keyed_a", Generation::Rust, Engine::Sqlite).await
    else {
        unreachable!("SQLite needs no server")
    };
    let (mut second, second_guard) = fixture("log_keyed_b", Generation::Rust, Engine::Sqlite)
        .await
        .unwrap();
    first.set_local_change_log(&local);
    second.set_local_change_log(&local);
    let written = assert_one_save_id_per_save(&first, "first").await;
    assert!(change_log(&second, None).await.unwrap().is_empty());
    update_provider_settings(&second, "p2", &json!({"max_retries": 9}), None)
        .await
        .unwrap();
    assert_eq!(change_log(&second, None).await.unwrap().len(), 1);

    // A new session on the same file, reached by another spelling of its path, reads it back.
    let path = first_guard.file().unwrap().to_owned();
    first.close().await;
    let dotted = path
        .parent()
        .unwrap()
        .join(".")
        .join(path.file_name().unwrap());
    let mut again = aether_review_core::open(dotted.to_str().unwrap(), false)
        .await
        .unwrap();
    again.set_local_change_log(&local);
    assert_eq!(again.identity(), first_identity(&path));
    assert_eq!(change_log(&again, Some("p1")).await.unwrap(), written);
    // Without the local file set, a foreign database's log is nowhere to be read.
    let bare = aether_review_core::open(path.to_str().unwrap(), true)
        .await
        .unwrap();
    assert!(change_log(&bare, None).await.unwrap().is_empty());
    bare.close().await;
    first_guard.finish(again).await;
    second_guard.finish(second).await;
}

fn first_identity(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap().display().to_string()
}

#[tokio::test]
async fn postgres_identity_is_host_port_and_database_without_credentials() {
    let Some((db, guard)) = fixture("log_identity", Generation::V03, Engine::Postgres).await else {
        return;
    };
    let pg = guard.postgres().unwrap();
    let url = url::Url::parse(&pg.url).unwrap();
    let expected = format!(
        "postgres://{}:{}{}",
        url.host_str().unwrap(),
        url.port().unwrap_or(5432),
        url.path()
    );
    assert_eq!(db.identity(), expected);
    assert!(pg.url.contains("postgres@"), "the fixture URL names a user");
    assert!(!db.identity().contains('@'), "no user in {}", db.identity());
    guard.finish(db).await;
}

#[tokio::test]
async fn a_change_log_table_the_admin_created_is_used_instead_of_the_local_file() {
    let Some((mut db, guard)) = fixture("log_admin_table", Generation::V03, Engine::Postgres).await
    else {
        return;
    };
    let pg = guard.postgres().unwrap();
    pg.execute(CHANGE_LOG_TABLE).await;
    let local_dir = tempfile::tempdir().unwrap();
    let local = local_dir.path().join("change-log.sqlite");
    db.set_local_change_log(&local);

    // A table without a save_id column records the changes, without their save id.
    update_provider_settings(&db, "p1", &two_fields(Generation::V03, 1), None)
        .await
        .unwrap();
    let log = change_log(&db, None).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.save_id.is_none()));
    assert!(!local.exists(), "nothing goes to the local file");

    // With the column, save ids are recorded too.
    pg.execute("ALTER TABLE aether_review_change_log ADD COLUMN save_id text")
        .await;
    update_provider_settings(&db, "p1", &two_fields(Generation::V03, 2), None)
        .await
        .unwrap();
    let log = change_log(&db, None).await.unwrap();
    let ids: BTreeSet<Option<String>> = log[2..].iter().map(|e| e.save_id.clone()).collect();
    assert_eq!(ids.len(), 1);
    assert!(ids.iter().all(Option::is_some));
    assert!(!local.exists());
    guard.finish(db).await;
}

#[tokio::test]
async fn a_snapshot_made_before_save_ids_still_logs_its_saves() {
    let Some((db, guard)) = fixture("log_old_snapshot", Generation::Legacy, Engine::Sqlite).await
    else {
        unreachable!("SQLite needs no server")
    };
    aether_review_core::fetch!(
        &db,
        fetch_optional,
        (i64,),
        "ALTER TABLE aether_review_change_log DROP COLUMN save_id"
    )
    .unwrap();
    update_provider_settings(&db, "p1", &json!({"rpm_limit": 5}), None)
        .await
        .unwrap();
    let log = change_log(&db, None).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].save_id, None);
    guard.finish(db).await;
}

#[tokio::test]
async fn a_local_log_that_cannot_be_written_is_reported_and_the_save_stands() {
    let Some((mut db, guard)) = fixture("log_unwritable", Generation::Rust, Engine::Sqlite).await
    else {
        unreachable!("SQLite needs no server")
    };
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the folder should be").unwrap();
    let local = blocker.join("change-log.sqlite");
    db.set_local_change_log(&local);
    match update_provider_settings(&db, "p1", &json!({"max_retries": 7}), None).await {
        Err(Error::Database { message }) => {
            assert!(message.contains(&local.display().to_string()), "{message}");
            assert!(message.contains("the settings were saved"), "{message}");
        }
        other => panic!("expected a Database error, got {other:?}"),
    }
    let summary = aether_review_core::get_provider_summary(&db, "p1")
        .await
        .unwrap();
    assert_eq!(summary.max_retries, Some(Some(7)));
    guard.finish(db).await;
}
