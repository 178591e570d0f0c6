//! A snapshot made before snapshots copied the optional columns and recorded the provider
//! filter still opens and lists keys and events, saying what it does not record.

use super::*;
use aether_review_core::db::{create_snapshot_file, write_snapshot_meta};
use aether_review_core::model::{EventRange, EventsQuery, SnapshotMeta};
use aether_review_core::{get_provider_keys, get_request_chain, list_events};

#[tokio::test]
async fn an_older_snapshot_lists_keys_and_events_as_not_recorded() {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
    let dir = TempDir::new().unwrap();
    for generation in Generation::ALL {
        let path = dir.path().join(format!("older-{generation}.db"));
        let pool = create_snapshot_file(&path, generation).await.unwrap();
        let mut ds = dataset(now, generation);
        for key in &mut ds.keys {
            key.state = KeyState::default();
            if generation == Generation::Legacy {
                key.endpoint_id = format!("ep-{}-0", key.provider_id);
            }
        }
        for candidate in &mut ds.candidates {
            candidate.skip_reason = None;
        }
        ds.insert_as(&Pool::Sqlite(pool.clone()), Target::snapshot(generation))
            .await
            .unwrap();
        let meta = SnapshotMeta {
            taken_at: now,
            source: "db.example:5432/aether".into(),
            aether_schema_version: None,
            since_window: Some("7d".into()),
            providers: None,
            row_counts: Default::default(),
            generation,
        };
        write_snapshot_meta(&pool, &meta).await.unwrap();
        // What files of that time lack.
        sqlx::raw_sql("ALTER TABLE aether_review_snapshot DROP COLUMN providers")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;

        let snap = open(path.to_str().unwrap(), true).await.unwrap();
        assert_eq!(snap.generation(), generation);
        assert_eq!(snap.info().snapshot.as_ref(), Some(&meta));
        let keys = get_provider_keys(&snap, "a").await.unwrap();
        assert_eq!(keys.total, 3, "{generation}");
        assert!(keys.columns_recorded.is_empty(), "{generation}: {keys:?}");
        assert!(keys
            .keys
            .iter()
            .all(|k| k.rpm_limit.is_none() && k.expires_at.is_none() && !k.expired));
        let page = list_events(
            &snap,
            &EventsQuery {
                provider_id: "a".into(),
                endpoint_id: None,
                range: EventRange::Between {
                    from: now - Duration::days(3),
                    to: now,
                },
                filters: Default::default(),
                cursor: None,
                page_size: None,
            },
        )
        .await
        .unwrap();
        assert!(!page.events.is_empty(), "{generation}");
        assert!(!page.skip_reason_recorded);
        assert!(page.events.iter().all(|e| e.skip_reason.is_none()));
        let chain = get_request_chain(&snap, "req-1").await.unwrap();
        assert!(!chain.skip_reason_recorded);
        assert!(!chain.incomplete, "{chain:?}");
        snap.close().await;
    }
}
