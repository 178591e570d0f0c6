//! Provider summaries on a real SQLite snapshot equal the reference model of `docs/rules.md`.

mod common;

use aether_review_core::dataset::Dataset;
use aether_review_core::{get_provider_summary, list_provider_summaries};
use proptest::prelude::*;

use common::fixtures::{endpoint, key, provider, runtime};
use common::sqlite::load_sqlite;
use common::strategies;

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn summaries_match_the_reference_model(ds in strategies::dataset()) {
        runtime().block_on(async {
            let (_dir, db) = load_sqlite(&ds).await;
            common::assert_summaries_match_reference(&db, &ds).await;
        });
    }
}

#[tokio::test]
async fn endpoint_health_averages_the_non_null_scores_of_all_keys_active_or_not() {
    let ds = Dataset {
        providers: vec![provider("p", 1)],
        endpoints: vec![
            endpoint("e1", "p", "CLAUDE", None),
            endpoint("e2", "p", "OPENAI", None),
            endpoint("e3", "p", "GEMINI", None),
        ],
        keys: vec![
            key("k1", "e1", Some(0.2), true),
            key("k2", "e1", Some(0.4), false),
            key("k3", "e1", None, true),
            key("k4", "e2", None, false),
        ],
        ..Dataset::default()
    };
    let (_dir, db) = load_sqlite(&ds).await;
    let s = get_provider_summary(&db, "p").await.unwrap();
    let health: Vec<_> = s
        .endpoint_health_details
        .iter()
        .map(|d| {
            (
                d.endpoint_id.as_str(),
                d.health_score,
                d.active_keys,
                d.total_keys,
            )
        })
        .collect();
    // e1: (0.2 + 0.4) / 2; e2 has only a NULL score and e3 no key: both count as healthy.
    assert_eq!(health[0].0, "e1");
    assert!((health[0].1 - 0.3).abs() < 1e-12);
    assert_eq!((health[0].2, health[0].3), (2, 3));
    assert_eq!(health[1], ("e2", 1.0, 0, 1));
    assert_eq!(health[2], ("e3", 1.0, 0, 0));
    assert!((s.avg_health_score - (0.3 + 1.0 + 1.0) / 3.0).abs() < 1e-12);
    assert_eq!(
        (s.unhealthy_endpoints, s.active_keys, s.total_keys),
        (1, 2, 4)
    );
}

#[tokio::test]
async fn summaries_take_the_same_statements_for_one_provider_or_many() {
    let few = Dataset {
        providers: vec![provider("p0", 0)],
        ..Dataset::default()
    };
    let mut many = Dataset::default();
    for i in 0..40 {
        let p = format!("p{i}");
        many.endpoints
            .push(endpoint(&format!("e{i}"), &p, "CLAUDE", None));
        many.keys
            .push(key(&format!("k{i}"), &format!("e{i}"), Some(0.5), true));
        many.providers.push(provider(&p, i % 3));
    }
    let mut statements = Vec::new();
    for ds in [few, many] {
        let (_dir, db) = load_sqlite(&ds).await;
        let before = db.statements_executed();
        let all = list_provider_summaries(&db).await.unwrap();
        assert_eq!(all.len(), ds.providers.len());
        let after_list = db.statements_executed();
        get_provider_summary(&db, "p0").await.unwrap();
        statements.push((after_list - before, db.statements_executed() - after_list));
    }
    assert_eq!(statements[0], statements[1]);
    assert!(
        statements[0].0 <= 4 && statements[0].1 <= 4,
        "{statements:?}"
    );
}
