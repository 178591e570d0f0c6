//! Aether Review's desktop shell: the Tauri app around `aether_review_core`.
//!
//! The commands are declared once in [`specta_builder`], which both registers them with Tauri
//! and generates the UI's TypeScript bindings (`ui/src/bindings.ts`).

pub mod commands;
pub mod demo;
pub mod events;
pub mod memory;
pub mod patch;
pub mod recent;
pub mod session;
pub mod snapshot;
pub mod startup;
pub mod window;

use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::recent::RecentStore;
use crate::session::Session;
use crate::snapshot::SnapshotCancel;

/// Where the generated bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/bindings.ts";

/// Every command and event the UI can use.
pub fn specta_builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            commands::list_provider_summaries,
            commands::get_provider_summary,
            commands::get_provider_health_monitor,
            commands::cancel_health_monitor,
            commands::get_fleet_health,
            commands::get_fleet_strips,
            commands::update_provider_settings,
            commands::change_log,
            commands::change_log_saves,
            commands::export_change_log_file,
            commands::reopen_writable::<tauri::Wry>,
            // The runtime parameter only serves specta's type collection (it cannot name `R`);
            // Tauri's handler infers `R` itself.
            commands::open_database::<tauri::Wry>,
            commands::open_demo::<tauri::Wry>,
            commands::current_database,
            commands::startup_error,
            commands::recent_databases,
            commands::take_snapshot::<tauri::Wry>,
            commands::cancel_snapshot,
            commands::list_events,
            commands::get_request_chain,
            commands::get_provider_keys,
            commands::export_events_file,
            commands::export_provider_summaries_file,
            commands::export_fleet_file,
        ])
        .events(collect_events![
            events::DemoProgress,
            events::DatabaseChanged,
            events::SnapshotProgressEvent
        ])
        // Core's one table of argument bounds and defaults, for the UI's forms and queries.
        .typ::<aether_review_core::limits::Limits>()
        .constant("LIMITS", aether_review_core::LIMITS)
        // The health legend states these; the UI never decides a colour itself.
        .typ::<aether_review_core::verdict::HealthThresholds>()
        .constant(
            "HEALTH_THRESHOLDS",
            aether_review_core::verdict::HealthThresholds::CURRENT,
        )
        // The fleet's ranking rule, which the fleet view states.
        .typ::<aether_review_core::model::FleetRules>()
        .constant("FLEET_RULES", aether_review_core::fleet::FLEET_RULES)
        // How close latency percentiles are to the exact values, which the latency note states.
        .typ::<aether_review_core::health::histogram::PercentileAccuracy>()
        .constant(
            "PERCENTILE_ACCURACY",
            aether_review_core::health::histogram::PERCENTILE_ACCURACY,
        )
        // One TypeScript type per Rust type: ours serialize and deserialize to the same shape.
        .disable_serde_phases()
}

/// The TypeScript exporter settings of the checked-in bindings.
pub fn typescript() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default()
}

/// The recent-databases list in the app's config directory.
pub fn recent_store<R: Runtime>(app: &impl Manager<R>) -> RecentStore {
    RecentStore::new(
        app.path()
            .app_config_dir()
            .ok()
            .map(|dir| dir.join("recent-databases.json")),
    )
}

/// The local change log in the app's data directory (next to the demo snapshot).
pub fn change_log_file<R: Runtime>(app: &impl Manager<R>) -> Option<std::path::PathBuf> {
    app.path()
        .app_data_dir()
        .ok()
        .map(|dir| dir.join(aether_review_core::update::LOCAL_CHANGE_LOG_FILE))
}

/// Starts the app: parses the command line, shows the window, then opens the start-up database
/// in the background.
pub fn run() {
    let args = startup::parse_args();
    let builder = specta_builder::<tauri::Wry>();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let session = Session::new(recent_store(app)).with_change_log(change_log_file(app));
            let start = startup::choose(&args, &session);
            app.manage(session);
            app.manage(SnapshotCancel::default());
            tauri::async_runtime::spawn(startup::open_at_startup(app.handle().clone(), start));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
