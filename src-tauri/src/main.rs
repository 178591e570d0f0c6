// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    aether_review_desktop::memory::limit_arenas();
    use_a_real_locale();
    render_without_compositing();
    collect_garbage_for_a_desktop_app();
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

/// JavaScriptCore paces its garbage collector by the machine's RAM: on a machine with 24 GiB it
/// let the web process grow from 210 to 570 MB PSS while the fleet's 3,000 rows were scrolled
/// through (rows leaving the view are garbage, and so are their DOM nodes, which the collector
/// does not count). Paced as for 256 MiB, and letting its heap grow by a quarter at most (not
/// double) before the next collection, the web process holds about 7 MB less with the fleet open,
/// at no cost in scrolling we could measure. `docs/architecture.md`, "Memory". An admin's own
/// settings win. Runs before any thread exists; the web process inherits them.
fn collect_garbage_for_a_desktop_app() {
    #[cfg(target_os = "linux")]
    for (name, value) in [
        ("JSC_forceRAMSize", "268435456"),
        ("JSC_largeHeapSize", "4194304"),
        ("JSC_smallHeapGrowthFactor", "1.25"),
        ("JSC_mediumHeapGrowthFactor", "1.12"),
        ("JSC_largeHeapGrowthFactor", "1.05"),
    ] {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
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
