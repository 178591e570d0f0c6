//! The embedded demo snapshot: generated once in the app data directory, then reused.

use std::path::{Path, PathBuf};

use aether_review_core::demo::{generate_as, DemoEngine, DemoTarget, Scale};
use aether_review_core::files::PartialFile;
use aether_review_core::layout::Generation;
use aether_review_core::{Error, UnreachableCause};
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use tokio::sync::Mutex;

use crate::events::{DemoProgress, DemoStage};

/// Fixed so every installation shows the same demo.
pub const DEMO_SEED: u64 = 42;

/// Named for its generation: a demo of an older release stays beside it, unused.
const DEMO_FILE: &str = "demo-rust.db";

/// What the embedded demo is: a snapshot of the current generation, the Rust gateway.
const DEMO_TARGET: DemoTarget = DemoTarget {
    generation: Generation::Rust,
    engine: DemoEngine::Snapshot,
};

/// One generation at a time: start-up and the "open demo" command can both ask for the demo on
/// a first launch; the second waits and then finds the file.
static GENERATING: Mutex<()> = Mutex::const_new(());

/// The demo snapshot's path, created on first use.
pub async fn ensure_demo<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, Error> {
    let dir = app.path().app_data_dir().map_err(|e| {
        Error::unreachable(
            UnreachableCause::FileUnreadable,
            format!("no data directory for the demo snapshot: {e}"),
        )
    })?;
    ensure_demo_in(&dir, |stage, message| {
        // Nobody may be listening yet (start-up); the open's result still reaches the UI.
        let _ = DemoProgress { stage, message }.emit(app);
    })
    .await
}

/// [`ensure_demo`] in `dir`, reporting through `emit`.
async fn ensure_demo_in(
    dir: &Path,
    emit: impl Fn(DemoStage, Option<String>),
) -> Result<PathBuf, Error> {
    let path = dir.join(DEMO_FILE);
    let _one_at_a_time = GENERATING.lock().await;
    if path.is_file() {
        return Ok(path);
    }
    emit(DemoStage::Generating, None);
    match generate_once(dir, &path).await {
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

/// Generates beside the target and moves it into place, so an interrupted run never leaves a
/// half demo.
async fn generate_once(dir: &Path, path: &Path) -> Result<(), Error> {
    tokio::fs::create_dir_all(dir).await.map_err(|e| {
        Error::unreachable(
            UnreachableCause::FileUnreadable,
            format!("cannot write the demo snapshot in {}: {e}", dir.display()),
        )
    })?;
    let partial = PartialFile::beside(path)?;
    let generated = generate_as(partial.path(), Scale::Demo, DEMO_SEED, DEMO_TARGET, |_| {}).await;
    crate::memory::release_freed();
    generated?;
    partial.commit_blocking(path.to_owned(), false).await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_first_launch_requests_generate_the_demo_once() {
        let dir = tempfile::tempdir().unwrap();
        let generated = AtomicU32::new(0);
        let count = |stage, _| {
            if stage == DemoStage::Generating {
                generated.fetch_add(1, Ordering::Relaxed);
            }
        };
        let (a, b) = tokio::join!(
            ensure_demo_in(dir.path(), count),
            ensure_demo_in(dir.path(), count)
        );
        assert_eq!(a.unwrap(), b.unwrap());
        assert_eq!(generated.load(Ordering::Relaxed), 1);
        // Only the demo: no partial file left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [DEMO_FILE]);
        aether_review_core::open(dir.path().join(DEMO_FILE).to_str().unwrap(), true)
            .await
            .unwrap()
            .close()
            .await;
    }
}
