//! Giving memory back after a one-off burst (generating the demo, taking a snapshot): glibc keeps
//! freed heap pages for reuse, so without this the app would hold the burst's peak for the rest
//! of the session (about 110 MB after generating the demo). `docs/architecture.md`, "Memory".

/// Returns the heap's free pages to the system.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists; any thread may call it at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
