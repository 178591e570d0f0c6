//! Telling the window and the UI which database is open.

use aether_review_core::model::DatabaseInfo;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::events::DatabaseChanged;

pub const MAIN_WINDOW: &str = "main";

/// "Aether Review — demo.db (read-only)".
pub fn title_for(info: Option<&DatabaseInfo>) -> String {
    match info {
        None => "Aether Review".to_owned(),
        Some(info) if info.read_only => {
            format!("Aether Review — {} (read-only)", info.display_name)
        }
        Some(info) => format!("Aether Review — {}", info.display_name),
    }
}

/// Sets the title and emits `database-changed`.
pub fn announce<R: Runtime>(app: &AppHandle<R>, info: &DatabaseInfo) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.set_title(&title_for(Some(info)));
    }
    let _ = DatabaseChanged(info.clone()).emit(app);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use aether_review_core::model::DatabaseKind;

    use super::*;

    #[test]
    fn the_title_names_the_database_and_read_only_mode() {
        let mut info = DatabaseInfo {
            kind: DatabaseKind::Sqlite,
            display_name: "demo.db".into(),
            location: "/x/demo.db".into(),
            read_only: false,
            snapshot: None,
            as_of: None,
            row_counts: BTreeMap::new(),
            row_counts_exact: true,
            read_only_reason: None,
            can_reopen_writable: false,
            generation: aether_review_core::layout::Generation::Rust,
            schema_version: None,
            time_encoding: aether_review_core::layout::TimeEncoding::Rfc3339Text,
            editable_fields: Vec::new(),
            field_rules: Vec::new(),
        };
        assert_eq!(title_for(Some(&info)), "Aether Review — demo.db");
        info.read_only = true;
        assert_eq!(
            title_for(Some(&info)),
            "Aether Review — demo.db (read-only)"
        );
        assert_eq!(title_for(None), "Aether Review");
    }
}
