//! Taking a snapshot from the desktop: the core's `take_snapshot` with progress as events and a
//! cancel flag the UI can set while the copy runs.

use std::sync::atomic::{AtomicBool, Ordering};

use aether_review_core::model::DatabaseInfo;
use aether_review_core::take_snapshot::{take_snapshot, SnapshotRequest};
use aether_review_core::Error;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

use crate::events::SnapshotProgressEvent;
use crate::session::Session;
use crate::window::announce;

/// The cancel flag of the running snapshot, in Tauri's managed state.
#[derive(Default)]
pub struct SnapshotCancel(AtomicBool);

impl SnapshotCancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Copies `request.from` into `request.out`, then opens the new file as `open_database` would.
///
/// The request (with its password) lives only for this call: it is neither logged nor stored,
/// and the recent list remembers the snapshot file, not the source URL.
pub async fn take_and_open<R: Runtime>(
    app: &AppHandle<R>,
    session: &Session,
    cancel: &SnapshotCancel,
    request: &SnapshotRequest,
    read_only: bool,
) -> Result<DatabaseInfo, Error> {
    // A Cancel pressed during an earlier run must not stop this one.
    cancel.0.store(false, Ordering::Relaxed);
    let progress = |p: &aether_review_core::take_snapshot::SnapshotProgress| {
        // A closed window only loses the bar; the copy goes on and its result still returns.
        let _ = SnapshotProgressEvent(p.clone()).emit(app);
    };
    let report = take_snapshot(request, &progress, &cancel.0).await;
    crate::memory::release_freed();
    let report = report?;
    let info = session.open(&report.path, read_only).await?;
    announce(app, &info);
    Ok(info)
}
