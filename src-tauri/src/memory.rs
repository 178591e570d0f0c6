//! Keeping our process's heap small. glibc keeps freed heap pages for reuse, so without this the
//! app would hold a burst's peak for the rest of the session: about 110 MB after generating the
//! demo, about 50 MB after showing the fleet of 3,000 endpoints. `docs/architecture.md`, "Memory".

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long after a large answer its memory is given back: time for Tauri to serialize the
/// answer and hand it to the web view, whose buffers are freed only then.
const AFTER_ANSWER: Duration = Duration::from_secs(1);

/// glibc gives each thread that allocates its own arena (up to eight per core); the async
/// workers' arenas each kept their own free pages, which `malloc_trim` cannot give back while
/// a live allocation sits among them. Two arenas held the app at 105 MB PSS with the fleet of
/// 3,000 endpoints open, against 126 MB with one per thread. Runs before any thread exists.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a glibc tunable; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Returns our heap's free pages to the system now.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists; any thread may call it at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Whether a release is already scheduled (a burst of commands schedules one).
static SCHEDULED: AtomicBool = AtomicBool::new(false);

/// Returns our heap's free pages to the system shortly after the current command has answered
/// (commands whose answers are large: opening, summaries, health, fleet, events, exports).
pub fn release_after_answer() {
    if SCHEDULED.swap(true, Ordering::AcqRel) {
        return;
    }
    tauri::async_runtime::spawn(async {
        tokio::time::sleep(AFTER_ANSWER).await;
        SCHEDULED.store(false, Ordering::Release);
        // Trimming walks every arena: off the async workers.
        let _ = tauri::async_runtime::spawn_blocking(release_freed).await;
    });
}
