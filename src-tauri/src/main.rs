// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    use_a_real_locale();
    aether_review_desktop::run();
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
