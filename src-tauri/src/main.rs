// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    use_a_real_locale();
    render_without_compositing();
    aether_review_desktop::run();
}

/// WebKitGTK composites layers through OpenGL by default; where there is no GPU (a VM, a remote
/// desktop, Xvfb) that is software GL, whose layer buffers doubled the web process's memory (with
/// 1,000 providers shown: 247 MB PSS with compositing, 125 MB without) for no visible gain in an
/// app of tables and strips. `docs/architecture.md`, "Memory". An admin's own setting wins.
/// Runs before any thread exists.
fn render_without_compositing() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// Under the C/POSIX locale (fresh servers, containers, CI) WebKitGTK reports the language "C",
/// which `Intl` rejects as a tag, and the chart library throws on load. Such a session gets
/// English; a real locale is left alone. Runs before any thread exists.
fn use_a_real_locale() {
    let effective = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default();
    let language = effective.split(['.', '@']).next().unwrap_or_default();
    if matches!(language, "" | "C" | "POSIX") {
        std::env::remove_var("LC_ALL");
        std::env::remove_var("LC_MESSAGES");
        std::env::set_var("LANG", "en_US.UTF-8");
    }
}
