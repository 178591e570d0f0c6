//! Events the shell pushes to the UI (typed by tauri-specta as `events.*` in the bindings).

use aether_review_core::model::DatabaseInfo;
use aether_review_core::take_snapshot::SnapshotProgress;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri_specta::Event;

/// Where the one-time demo generation is; emitted as `demo-progress`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Event)]
pub struct DemoProgress {
    pub stage: DemoStage,
    /// What failed, for `failed`.
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DemoStage {
    Generating,
    Ready,
    Failed,
}

/// A database was opened (at start-up or by a command); emitted as `database-changed`.
///
/// Start-up opens in the background, so the UI should listen before asking `currentDatabase`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Event)]
pub struct DatabaseChanged(pub DatabaseInfo);

/// Where a running `take_snapshot` is, after every batch; emitted as `snapshot-progress`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Event)]
#[tauri_specta(event_name = "snapshot-progress")]
pub struct SnapshotProgressEvent(pub SnapshotProgress);
