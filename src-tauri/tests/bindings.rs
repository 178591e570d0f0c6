//! The checked-in `ui/src/bindings.ts` is exactly what the commands generate.
//!
//! `UPDATE_BINDINGS=1 cargo test -p aether-review-desktop --test bindings` rewrites it.

use std::path::PathBuf;

use aether_review_desktop::{specta_builder, typescript, BINDINGS_PATH};

fn checked_in() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH)
}

#[test]
fn checked_in_bindings_match_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    specta_builder::<tauri::Wry>()
        .export(typescript(), &fresh)
        .expect("bindings export");
    let generated = std::fs::read_to_string(&fresh).unwrap();
    if std::env::var_os("UPDATE_BINDINGS").is_some_and(|v| v == "1") {
        std::fs::write(checked_in(), &generated).unwrap();
    }
    let current = std::fs::read_to_string(checked_in()).unwrap_or_default();
    assert!(
        current == generated,
        "ui/src/bindings.ts is stale; regenerate with \
         UPDATE_BINDINGS=1 cargo test -p aether-review-desktop --test bindings"
    );
}
