//! A small real snapshot and a mock-runtime app that runs the real command handlers.

#![allow(dead_code)] // each test binary uses part of it

use std::path::{Path, PathBuf};

use aether_review_core::dataset::{
    CandidateRow, Dataset, EndpointRow, KeyRow, ModelRow, ProviderRow,
};
use aether_review_core::db::{create_snapshot_file, Pool};
use aether_review_core::layout::Generation;
use aether_review_core::model::{BillingType, Timestamp};
use aether_review_core::update::LOCAL_CHANGE_LOG_FILE;
use aether_review_desktop::recent::RecentStore;
use aether_review_desktop::session::Session;
use aether_review_desktop::snapshot::SnapshotCancel;
use aether_review_desktop::specta_builder;
use chrono::{Duration, TimeZone, Utc};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

pub fn t0() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

fn provider(id: &str, priority: i32, billing_type: BillingType) -> ProviderRow {
    ProviderRow {
        id: id.into(),
        name: format!("{id}-name"),
        display_name: format!("Provider {id}"),
        description: Some(format!("{id} description")),
        website: None,
        billing_type,
        monthly_quota_usd: (billing_type == BillingType::MonthlyQuota).then_some(100.0),
        monthly_used_usd: Some(12.5),
        quota_reset_day: Some(1),
        quota_last_reset_at: Some(t0() - Duration::days(19)),
        quota_expires_at: None,
        rpm_limit: Some(60),
        rpm_used: Some(3),
        rpm_reset_at: None,
        provider_priority: priority,
        is_active: true,
        created_at: Some(t0() - Duration::days(30)),
        updated_at: Some(t0() - Duration::days(2)),
        gateway: Default::default(),
    }
}

/// Two providers, three endpoints, keys, models and a few hours of attempts ending at `t0()`.
pub fn dataset() -> Dataset {
    let providers = vec![
        provider("p1", 10, BillingType::MonthlyQuota),
        provider("p2", 20, BillingType::PayAsYouGo),
    ];
    let endpoints = vec![
        endpoint("e1", "p1", "openai"),
        endpoint("e2", "p1", "claude"),
        endpoint("e3", "p2", "openai"),
    ];
    let keys = vec![
        key("k1", "e1", Some(0.9), true),
        key("k2", "e1", Some(0.4), true),
        key("k3", "e2", None, false),
        key("k4", "e3", Some(1.0), true),
    ];
    let models = vec![
        model("m1", "p1", true),
        model("m2", "p1", false),
        model("m3", "p2", true),
    ];
    let statuses = [
        "success", "failed", "success", "skipped", "success", "pending",
    ];
    let candidates = (0..60)
        .map(|i| {
            let endpoint = ["e1", "e2", "e3"][i % 3];
            let status = statuses[i % statuses.len()];
            let created = t0() - Duration::minutes(5 * i as i64);
            CandidateRow {
                skip_reason: None,
                id: format!("c{i:03}"),
                request_id: format!("r{i:03}"),
                candidate_index: 0,
                retry_index: 0,
                provider_id: Some(if endpoint == "e3" { "p2" } else { "p1" }.into()),
                endpoint_id: Some(endpoint.into()),
                key_id: None,
                status: status.into(),
                status_code: match status {
                    "success" => Some(200),
                    "failed" => Some(if i % 4 == 0 { 429 } else { 502 }),
                    _ => None,
                },
                error_type: (status == "failed").then(|| "upstream_error".into()),
                error_message: (status == "failed").then(|| "bad gateway".into()),
                latency_ms: (status == "success").then_some(100 + 10 * i as i32),
                created_at: Some(created),
                started_at: Some(created),
                finished_at: Some(created + Duration::milliseconds(100 + 10 * i as i64)),
            }
        })
        .collect();
    Dataset {
        providers,
        endpoints,
        keys,
        models,
        candidates,
    }
}

fn endpoint(id: &str, provider_id: &str, api_format: &str) -> EndpointRow {
    EndpointRow {
        id: id.into(),
        provider_id: provider_id.into(),
        api_format: api_format.into(),
        base_url: format!("https://{id}.example.com"),
        is_active: true,
        created_at: Some(t0() - Duration::days(10)),
    }
}

fn key(id: &str, endpoint_id: &str, health_score: Option<f64>, is_active: bool) -> KeyRow {
    KeyRow {
        id: id.into(),
        endpoint_id: endpoint_id.into(),
        name: Some(format!("key {id}")),
        health_score,
        is_active,
        ..KeyRow::new("", "", "")
    }
}

fn model(id: &str, provider_id: &str, is_active: bool) -> ModelRow {
    ModelRow {
        id: id.into(),
        provider_id: provider_id.into(),
        provider_model_name: format!("{id}-model"),
        is_active,
    }
}

/// Writes the fixture snapshot into `dir`.
pub fn snapshot(dir: &Path) -> PathBuf {
    let path = dir.join("fixture.db");
    tauri::async_runtime::block_on(async {
        let pool = create_snapshot_file(&path, Generation::Legacy)
            .await
            .unwrap();
        let pool = Pool::Sqlite(pool);
        dataset().insert_into(&pool).await.unwrap();
        if let Pool::Sqlite(p) = pool {
            p.close().await;
        }
    });
    path
}

/// A mock-runtime app with the real commands, managed session and a "main" window.
pub struct TestApp {
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    pub config_dir: tempfile::TempDir,
    /// Stands in for the app data directory: the local change log goes here.
    pub data_dir: tempfile::TempDir,
}

impl TestApp {
    pub fn new() -> Self {
        let config_dir = tempfile::tempdir().unwrap();
        let data_dir = tempfile::tempdir().unwrap();
        let builder = specta_builder::<MockRuntime>();
        let app = mock_builder()
            .invoke_handler(builder.invoke_handler())
            .build(mock_context(noop_assets()))
            .unwrap();
        builder.mount_events(&app);
        app.manage(
            Session::new(RecentStore::new(Some(
                config_dir.path().join("recent.json"),
            )))
            .with_change_log(Some(data_dir.path().join(LOCAL_CHANGE_LOG_FILE))),
        );
        app.manage(SnapshotCancel::default());
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self {
            app,
            window,
            config_dir,
            data_dir,
        }
    }

    /// Invokes a command as the UI would (camelCase argument names); `Err` is the error value.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        tauri::test::get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    pub fn open(&self, path: &Path, read_only: bool) -> Value {
        self.invoke(
            "open_database",
            serde_json::json!({"location": path.to_str().unwrap(), "readOnly": read_only}),
        )
        .expect("the fixture opens")
    }
}

/// The core's own answer on a separate handle, as JSON.
pub fn core<T, F, Fut>(path: &Path, f: F) -> Value
where
    T: serde::Serialize,
    F: FnOnce(aether_review_core::Database) -> Fut,
    Fut: std::future::Future<Output = aether_review_core::Result<T>>,
{
    tauri::async_runtime::block_on(async {
        let db = aether_review_core::open(path.to_str().unwrap(), false)
            .await
            .unwrap();
        match f(db).await {
            Ok(v) => serde_json::to_value(v).unwrap(),
            Err(e) => serde_json::to_value(e).unwrap(),
        }
    })
}
