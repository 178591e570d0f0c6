//! The embedded demo snapshot: generated once in the app data directory, then reused.

use std::path::{Path, PathBuf};

use aether_review_core::demo::{generate, Scale};
use aether_review_core::Error;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::events::{DemoProgress, DemoStage};

/// Fixed so every installation shows the same demo.
pub const DEMO_SEED: u64 = 42;

const DEMO_FILE: &str = "demo.db";

/// The demo snapshot's path, created on first use.
pub async fn ensure_demo<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, Error> {
    let dir = app.path().app_data_dir().map_err(|e| Error::Unreachable {
        message: format!("no data directory for the demo snapshot: {e}"),
    })?;
    let path = dir.join(DEMO_FILE);
    if path.is_file() {
        return Ok(path);
    }
    let emit = |stage, message| {
        // Nobody may be listening yet (start-up); the open's result still reaches the UI.
        let _ = DemoProgress { stage, message }.emit(app);
    };
    emit(DemoStage::Generating, None);
    match generate_once(&dir, &path).await {
        Ok(()) => {
            emit(DemoStage::Ready, None);
            Ok(path)
        }
        Err(err) => {
            emit(DemoStage::Failed, Some(err.to_string()));
            Err(err)
        }
    }
}

/// Generates beside the target and renames, so an interrupted run never leaves a half demo.
async fn generate_once(dir: &Path, path: &Path) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Unreachable {
        message: format!("cannot write the demo snapshot in {}: {e}", dir.display()),
    };
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let partial = path.with_extension("db.partial");
    if partial.exists() {
        tokio::fs::remove_file(&partial).await.map_err(io)?;
    }
    generate(&partial, Scale::Demo, DEMO_SEED).await?;
    tokio::fs::rename(&partial, path).await.map_err(io)
}
