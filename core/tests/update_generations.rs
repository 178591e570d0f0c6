//! The update on every generation and engine, on Aether's own schemas (`generations`): each
//! field's bounds as `docs/generations.md` states them (written out here, not read from core's table), null
//! rules, name uniqueness, the value as the generation stores it, `updated_at` moving, and a
//! stale edit refused — a rejected patch leaving the SQLite file's bytes and the PostgreSQL row
//! as they were.

mod generations;
mod mysql_support;
mod pg_support;
mod update_support;

use aether_review_core::dataset::ProviderRow;
use aether_review_core::layout::{read_columns, Generation};
use aether_review_core::model::FieldKind;
use aether_review_core::update::{apply_patch, PatchOutcome};
use aether_review_core::{update_provider_settings, Database, Error, FieldCode};
use generations::{open_fixture, with_catalog, Engine, Guard, ALL};
use serde_json::{json, Value};
use update_support::{at, bare_provider, provider};

/// (field, accepted values, rejected values): the bounds of `docs/rules-update.md` of each generation.
fn bounds(generation: Generation) -> Vec<(&'static str, Vec<Value>, Vec<Value>)> {
    let name_100 = json!("é".repeat(100));
    let name_101 = json!("é".repeat(101));
    let bools = || {
        (
            vec![json!(true), json!(false)],
            vec![json!(0), json!("true")],
        )
    };
    match generation {
        Generation::Legacy => vec![
            (
                "provider_priority",
                vec![json!(i32::MIN), json!(i32::MAX)],
                vec![json!(i64::from(i32::MAX) + 1)],
            ),
            (
                "quota_reset_day",
                vec![json!(1), json!(31)],
                vec![json!(0), json!(32)],
            ),
            (
                "rpm_limit",
                vec![json!(0), json!(i32::MAX)],
                vec![json!(-1)],
            ),
        ],
        Generation::V03 => vec![
            (
                "name",
                vec![json!("x"), name_100],
                vec![json!(""), name_101],
            ),
            (
                "provider_priority",
                vec![json!(0), json!(10_000)],
                vec![json!(-1), json!(10_001)],
            ),
            (
                "quota_reset_day",
                vec![json!(1), json!(31)],
                vec![json!(0), json!(32)],
            ),
            (
                "max_retries",
                vec![json!(0), json!(10)],
                vec![json!(-1), json!(11), json!(2.5)],
            ),
            (
                "request_timeout",
                vec![json!(1), json!(600), json!(42.5)],
                vec![json!(0.99), json!(600.01), json!("30")],
            ),
            (
                "stream_first_byte_timeout",
                vec![json!(1), json!(300)],
                vec![json!(0.5), json!(300.5)],
            ),
            ("keep_priority_on_conversion", bools().0, bools().1),
            ("enable_format_conversion", bools().0, bools().1),
        ],
        Generation::Rust => vec![
            (
                "name",
                vec![json!("x"), name_100],
                vec![json!(" "), name_101],
            ),
            (
                "provider_priority",
                vec![json!(0), json!(10_000)],
                vec![json!(-1), json!(10_001)],
            ),
            (
                "quota_reset_day",
                vec![json!(1), json!(365)],
                vec![json!(0), json!(366)],
            ),
            (
                "max_retries",
                vec![json!(0), json!(999)],
                vec![json!(-1), json!(1000)],
            ),
            (
                "request_timeout",
                vec![json!(1), json!(1200), json!(0.5 + 1.0)],
                vec![json!(0.5), json!(1200.5)],
            ),
            (
                "stream_first_byte_timeout",
                vec![json!(1), json!(300)],
                vec![json!(0), json!(301)],
            ),
            (
                "concurrent_limit",
                vec![json!(0), json!(i32::MAX)],
                vec![json!(-1), json!(1.5)],
            ),
            ("keep_priority_on_conversion", bools().0, bools().1),
            ("enable_format_conversion", bools().0, bools().1),
        ],
    }
}

/// The fields each generation's edit dialog shows, in order.
fn dialog(generation: Generation) -> Vec<&'static str> {
    let head = |shown| {
        vec![
            shown,
            "description",
            "website",
            "provider_priority",
            "is_active",
            "billing_type",
            "monthly_quota_usd",
            "quota_reset_day",
        ]
    };
    let gateway = [
        "max_retries",
        "request_timeout",
        "stream_first_byte_timeout",
    ];
    let conversion = ["keep_priority_on_conversion", "enable_format_conversion"];
    match generation {
        Generation::Legacy => [
            head("display_name"),
            vec!["quota_last_reset_at", "quota_expires_at", "rpm_limit"],
        ]
        .concat(),
        Generation::V03 => [
            head("name"),
            vec!["quota_expires_at"],
            gateway.to_vec(),
            conversion.to_vec(),
        ]
        .concat(),
        Generation::Rust => [
            head("name"),
            vec!["quota_last_reset_at", "quota_expires_at"],
            gateway.to_vec(),
            vec!["concurrent_limit"],
            conversion.to_vec(),
        ]
        .concat(),
    }
}

/// Every column of the provider the project reads, as one line: compared before and after.
async fn row(db: &Database, id: &str) -> String {
    #[derive(sqlx::FromRow)]
    struct Line {
        line: String,
    }
    let parts: Vec<String> = read_columns(db.generation(), "providers")
        .iter()
        .map(|c| format!("COALESCE(CAST({c} AS TEXT), '∅')"))
        .collect();
    let sql = format!(
        "SELECT {} AS line FROM providers WHERE id = $1",
        parts.join(" || '|' || ")
    );
    aether_review_core::fetch!(db, fetch_one, Line, sql, id)
        .expect("read the row")
        .line
}

/// What must not change when a patch is rejected: the file's bytes, or the PostgreSQL row.
async fn state(db: &Database, guard: &Guard) -> (Option<Vec<u8>>, Vec<String>) {
    let bytes = guard
        .file()
        .map(|f| std::fs::read(f).expect("read the file"));
    (bytes, vec![row(db, "p1").await, row(db, "p2").await])
}

/// Numbers compare by value (a timeout given as `1` reads back as `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

async fn fixture(test: &str, generation: Generation, engine: Engine) -> Option<(Database, Guard)> {
    // Every setting NULL that can be; `updated_at` is NOT NULL after legacy.
    let p2 = ProviderRow {
        updated_at: Some(at(10, 9)),
        ..bare_provider("p2")
    };
    let data = with_catalog(vec![provider("p1"), p2]);
    open_fixture(test, generation, engine, &data).await
}

#[tokio::test]
async fn each_generation_offers_its_own_fields_with_their_bounds() {
    for (generation, engine) in ALL {
        let Some((db, guard)) = fixture("update_gen_fields", generation, engine).await else {
            continue;
        };
        let info = db.info();
        assert_eq!(info.editable_fields, dialog(generation), "{generation}");
        let names: Vec<&str> = info.field_rules.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, dialog(generation));
        for (field, accepted, _) in bounds(generation) {
            let rule = info.field_rules.iter().find(|r| r.name == field).unwrap();
            let numbers: Vec<f64> = accepted.iter().filter_map(Value::as_f64).collect();
            if matches!(rule.kind, FieldKind::Integer | FieldKind::Number) {
                let lowest = numbers.iter().cloned().fold(f64::INFINITY, f64::min);
                let highest = numbers.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                assert_eq!(
                    (rule.min, rule.max),
                    (Some(lowest), Some(highest)),
                    "{generation} {field}"
                );
            }
        }
        guard.finish(db).await;
    }
}

#[tokio::test]
async fn every_field_is_accepted_at_its_bounds_and_rejected_just_outside() {
    for (generation, engine) in ALL {
        let Some((db, guard)) = fixture("update_gen_bounds", generation, engine).await else {
            continue;
        };
        let case = format!("{generation} on {engine:?}");
        for (field, _, rejected) in bounds(generation) {
            let before = state(&db, &guard).await;
            for value in rejected {
                let patch = json!({ field: value, "description": "beside a rejected field" });
                match apply_patch(&db, "p1", &patch, None).await {
                    Err(Error::Validation { errors }) => {
                        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                        assert_eq!(fields, [field], "{case}: {patch}");
                    }
                    other => panic!("{case}: {patch} must be rejected, got {other:?}"),
                }
            }
            assert!(state(&db, &guard).await == before, "{case}: {field} wrote");
        }
        for (field, accepted, _) in bounds(generation) {
            for value in accepted {
                let patch = json!({ field: value });
                let summary = update_provider_settings(&db, "p1", &patch, None)
                    .await
                    .unwrap_or_else(|e| panic!("{case}: {patch} must be accepted: {e:?}"));
                let shown = serde_json::to_value(&summary).unwrap();
                let expected = match value.as_str() {
                    Some(text) => json!(text.trim()),
                    None => value.clone(),
                };
                assert!(
                    same(&shown[field], &expected),
                    "{case}: {patch} shows {}",
                    shown[field]
                );
            }
        }
        guard.finish(db).await;
    }
}

#[tokio::test]
async fn null_clears_the_nullable_settings_and_is_refused_for_the_others() {
    for (generation, engine) in ALL {
        let Some((db, guard)) = fixture("update_gen_nulls", generation, engine).await else {
            continue;
        };
        let case = format!("{generation} on {engine:?}");
        let rules = db.info().field_rules.clone();
        let (nullable, required): (Vec<_>, Vec<_>) = rules.iter().partition(|r| r.nullable);
        let required: Vec<&str> = required.iter().map(|r| r.name.as_str()).collect();
        let mut expected_required = vec!["provider_priority", "is_active", "billing_type"];
        expected_required.insert(
            0,
            if generation == Generation::Legacy {
                "display_name"
            } else {
                "name"
            },
        );
        if generation != Generation::Legacy {
            expected_required.extend(["keep_priority_on_conversion", "enable_format_conversion"]);
        }
        assert_eq!(required, expected_required, "{case}");

        let before = state(&db, &guard).await;
        let all_null: serde_json::Map<String, Value> = required
            .iter()
            .map(|f| (f.to_string(), Value::Null))
            .collect();
        match apply_patch(&db, "p1", &all_null.into(), None).await {
            Err(Error::Validation { errors }) => assert_eq!(errors.len(), required.len()),
            other => panic!("{case}: expected Validation, got {other:?}"),
        }
        assert!(state(&db, &guard).await == before, "{case}");

        let clear: serde_json::Map<String, Value> = nullable
            .iter()
            .map(|r| (r.name.clone(), Value::Null))
            .collect();
        let summary = update_provider_settings(&db, "p1", &clear.into(), None)
            .await
            .unwrap_or_else(|e| panic!("{case}: {e:?}"));
        let shown = serde_json::to_value(&summary).unwrap();
        for rule in nullable {
            assert_eq!(shown[&rule.name], Value::Null, "{case}: {}", rule.name);
        }
        guard.finish(db).await;
    }
}

#[tokio::test]
async fn a_name_another_provider_has_is_a_field_error_and_nothing_is_written() {
    for (generation, engine) in ALL {
        if generation == Generation::Legacy {
            continue;
        }
        let Some((db, guard)) = fixture("update_gen_names", generation, engine).await else {
            continue;
        };
        let case = format!("{generation} on {engine:?}");
        let before = state(&db, &guard).await;
        for taken in ["p2-name", "  p2-name "] {
            let patch = json!({"name": taken, "max_retries": 3});
            match apply_patch(&db, "p1", &patch, None).await {
                Err(err) => assert_eq!(
                    err.field_codes(),
                    [("name", &FieldCode::NotUnique)],
                    "{case}"
                ),
                other => panic!("{case}: expected a name error, got {other:?}"),
            }
        }
        assert!(state(&db, &guard).await == before, "{case}");
        // Its own name is no clash, and a free one is taken.
        assert_eq!(
            apply_patch(&db, "p1", &json!({"name": "p1-name"}), None).await,
            Ok(PatchOutcome::Unchanged),
            "{case}"
        );
        let renamed = update_provider_settings(&db, "p1", &json!({"name": "p3-name"}), None)
            .await
            .unwrap();
        assert_eq!(renamed.name, "p3-name");
        guard.finish(db).await;
    }
}

#[derive(sqlx::FromRow, Debug, PartialEq)]
struct Raw {
    kind: String,
    value: Option<String>,
}

/// The stored value of `column` and its SQLite storage class (`typeof`).
async fn raw_sqlite(db: &Database, column: &str) -> Raw {
    let sql = format!(
        "SELECT typeof({column}) AS kind, CAST({column} AS TEXT) AS value FROM providers WHERE id = 'p1'"
    );
    aether_review_core::fetch!(db, fetch_one, Raw, sql).unwrap()
}

#[tokio::test]
async fn the_gateway_sqlite_file_gets_integer_seconds_and_zero_or_one() {
    let Some((db, guard)) = fixture("update_gen_unix", Generation::Rust, Engine::Sqlite).await
    else {
        unreachable!("SQLite needs no server")
    };
    let patch = json!({
        "quota_expires_at": "2027-01-01T08:00:00.750+08:00",
        "quota_last_reset_at": "2026-11-01T00:00:00Z",
        "is_active": false,
        "keep_priority_on_conversion": true,
        "request_timeout": 90.5,
        "billing_type": "free_tier"
    });
    let summary = update_provider_settings(&db, "p1", &patch, Some(at(10, 8)))
        .await
        .unwrap();
    let int = |v: &str| Raw {
        kind: "integer".to_owned(),
        value: Some(v.to_owned()),
    };
    // 2027-01-01T00:00:00Z: the fraction is dropped, as the column holds whole seconds.
    assert_eq!(raw_sqlite(&db, "quota_expires_at").await, int("1798761600"));
    assert_eq!(
        raw_sqlite(&db, "quota_last_reset_at").await,
        int("1793491200")
    );
    assert_eq!(raw_sqlite(&db, "is_active").await, int("0"));
    assert_eq!(
        raw_sqlite(&db, "keep_priority_on_conversion").await,
        int("1")
    );
    assert_eq!(raw_sqlite(&db, "request_timeout").await.kind, "real");
    assert_eq!(raw_sqlite(&db, "billing_type").await.kind, "text");
    let updated = raw_sqlite(&db, "updated_at").await;
    assert_eq!(updated.kind, "integer");
    let secs: i64 = updated.value.unwrap().parse().unwrap();
    assert_eq!(Some(secs), summary.updated_at.map(|t| t.timestamp()));
    assert!((chrono::Utc::now().timestamp() - secs).abs() <= 2);

    // The same time again, in any precision, is no change.
    let same_time = json!({"quota_expires_at": "2027-01-01T00:00:00.999Z"});
    assert_eq!(
        apply_patch(&db, "p1", &same_time, None).await,
        Ok(PatchOutcome::Unchanged)
    );
    guard.finish(db).await;
}

#[tokio::test]
async fn postgres_gets_timestamptz_and_the_enum_on_every_generation() {
    for generation in Generation::ALL {
        let Some((db, guard)) = fixture("update_gen_pg_types", generation, Engine::Postgres).await
        else {
            return;
        };
        let patch = json!({
            "quota_expires_at": "2027-01-01T08:00:00.123456+08:00",
            "billing_type": "free_tier",
            "is_active": false
        });
        update_provider_settings(&db, "p1", &patch, None)
            .await
            .unwrap_or_else(|e| panic!("{generation}: {e:?}"));
        #[derive(sqlx::FromRow)]
        struct Stored {
            expires: f64,
            billing: String,
            active: bool,
        }
        let stored = aether_review_core::fetch!(
            &db,
            fetch_one,
            Stored,
            "SELECT CAST(EXTRACT(EPOCH FROM quota_expires_at) AS DOUBLE PRECISION) AS expires, \
             CAST(pg_typeof(billing_type) AS TEXT) || ':' || CAST(billing_type AS TEXT) AS billing, \
             is_active AS active FROM providers WHERE id = 'p1'"
        )
        .unwrap();
        // Microseconds kept: a 0.5 µs tolerance is the double's rounding, not a lost digit.
        assert!(
            (stored.expires - 1_798_761_600.123_456).abs() < 5e-7,
            "{generation}: {}",
            stored.expires
        );
        assert_eq!(stored.billing, "providerbillingtype:free_tier");
        assert!(!stored.active);
        guard.finish(db).await;
    }
}

#[tokio::test]
async fn updated_at_moves_with_every_save_even_within_one_second() {
    for (generation, engine) in ALL {
        let Some((db, guard)) = fixture("update_gen_moves", generation, engine).await else {
            continue;
        };
        let case = format!("{generation} on {engine:?}");
        let mut previous = Some(at(10, 8));
        for priority in [1, 2, 3] {
            let summary = update_provider_settings(
                &db,
                "p1",
                &json!({"provider_priority": priority}),
                previous,
            )
            .await
            .unwrap_or_else(|e| panic!("{case}: save {priority}: {e:?}"));
            assert_ne!(summary.updated_at, previous, "{case}");
            previous = summary.updated_at;
        }
        guard.finish(db).await;
    }
}

#[tokio::test]
async fn a_stale_expected_updated_at_is_a_conflict_and_writes_nothing() {
    for (generation, engine) in ALL {
        let Some((db, guard)) = fixture("update_gen_stale", generation, engine).await else {
            continue;
        };
        let case = format!("{generation} on {engine:?}");
        // The first editor changes a setting of this generation.
        let first_patch = match generation {
            Generation::Legacy => json!({"rpm_limit": 4}),
            _ => json!({"max_retries": 4}),
        };
        let first = update_provider_settings(&db, "p1", &first_patch, Some(at(10, 8)))
            .await
            .unwrap_or_else(|e| panic!("{case}: {e:?}"));
        let before = state(&db, &guard).await;
        let late = json!({"provider_priority": 77, "description": "late"});
        match update_provider_settings(&db, "p1", &late, Some(at(10, 8))).await {
            Err(Error::Conflict { current }) => assert_eq!(*current, first, "{case}"),
            other => panic!("{case}: expected a Conflict, got {other:?}"),
        }
        assert!(state(&db, &guard).await == before, "{case}");
        let retried = update_provider_settings(&db, "p1", &late, first.updated_at)
            .await
            .unwrap_or_else(|e| panic!("{case}: {e:?}"));
        assert_eq!(retried.provider_priority, Some(77));
        guard.finish(db).await;
    }
}
