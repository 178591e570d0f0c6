//! The Tauri commands: argument in, one call into `aether_review_core`, typed result or the
//! core's `Error` out.

use aether_review_core::model::{
    ChangeLogEntry, DatabaseInfo, EventPage, EventsQuery, ExportFormat, FleetHealth, FleetQuery,
    FleetStripPage, HealthQuery, ProviderHealthMonitor, ProviderKeys, ProviderSummary,
    RequestChain, Timestamp,
};
use aether_review_core::take_snapshot::SnapshotRequest;
use aether_review_core::update::{export_change_log, group_saves, ChangeLogFormat, Save};
use aether_review_core::{Error, FleetStripShelf};
use tauri::{AppHandle, Runtime, State};

use crate::demo::ensure_demo;
use crate::patch::ProviderPatch;
use crate::recent::RecentDatabase;
use crate::session::Session;
use crate::snapshot::{take_and_open, SnapshotCancel};
use crate::window::announce;

#[tauri::command]
#[specta::specta]
pub async fn list_provider_summaries(
    session: State<'_, Session>,
) -> Result<Vec<ProviderSummary>, Error> {
    let summaries = aether_review_core::list_provider_summaries(&*session.database().await?).await;
    crate::memory::release_after_answer();
    summaries
}

#[tauri::command]
#[specta::specta]
pub async fn get_provider_summary(
    session: State<'_, Session>,
    provider_id: String,
) -> Result<ProviderSummary, Error> {
    aether_review_core::get_provider_summary(&*session.database().await?, &provider_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_provider_health_monitor(
    session: State<'_, Session>,
    provider_id: String,
    query: HealthQuery,
) -> Result<ProviderHealthMonitor, Error> {
    let db = session.database().await?;
    // A newer request (the admin clicking through providers) cancels this one.
    let cancel = session.start_health(&db).await;
    let result = aether_review_core::get_provider_health_monitor_cancellable(
        &db,
        &provider_id,
        &query,
        &cancel,
    )
    .await;
    session.end_health(&cancel);
    crate::memory::release_after_answer();
    result
}

/// Fleet health: every endpoint of every provider over one window. It shares the health
/// monitor's cancel: a newer health or fleet request, or Cancel, stops it. The rows come without
/// their strips, which the list asks for as it shows them (`get_fleet_strips`).
#[tauri::command]
#[specta::specta]
pub async fn get_fleet_health(
    session: State<'_, Session>,
    query: FleetQuery,
) -> Result<FleetHealth, Error> {
    let db = session.database().await?;
    let cancel = session.start_health(&db).await;
    let result = aether_review_core::get_fleet_health_cancellable(&db, &query, &cancel).await;
    session.end_health(&cancel);
    crate::memory::release_after_answer();
    let mut fleet = result?;
    session.keep_fleet_strips(&db, FleetStripShelf::take(&mut fleet, &query)?);
    Ok(fleet)
}

/// The strips of the fleet rows ranked `first_rank` onwards, from the answer to `query` (its
/// as-of pinned to the answer's). They come from the last answer read; another query is read
/// again first.
#[tauri::command]
#[specta::specta]
pub async fn get_fleet_strips(
    session: State<'_, Session>,
    query: FleetQuery,
    first_rank: u32,
    count: u32,
) -> Result<FleetStripPage, Error> {
    let db = session.database().await?;
    let shelf = match session.fleet_strips(&db, &query) {
        Some(shelf) => shelf,
        None => {
            let mut fleet = aether_review_core::get_fleet_health(&db, &query).await?;
            crate::memory::release_after_answer();
            session.keep_fleet_strips(&db, FleetStripShelf::take(&mut fleet, &query)?)
        }
    };
    shelf.page(first_rank, count)
}

/// Cancels the running health request: it returns `Cancelled` and its statement stops in the
/// database.
#[tauri::command]
#[specta::specta]
pub async fn cancel_health_monitor(session: State<'_, Session>) -> Result<(), Error> {
    session.cancel_health().await;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn update_provider_settings(
    session: State<'_, Session>,
    provider_id: String,
    patch: ProviderPatch,
    expected_updated_at: Option<Timestamp>,
) -> Result<ProviderSummary, Error> {
    let db = session.database().await?;
    aether_review_core::update_provider_settings(&db, &provider_id, &patch.0, expected_updated_at)
        .await
}

/// The change log, oldest first; one provider's, or all when `provider_id` is null.
#[tauri::command]
#[specta::specta]
pub async fn change_log(
    session: State<'_, Session>,
    provider_id: Option<String>,
) -> Result<Vec<ChangeLogEntry>, Error> {
    aether_review_core::change_log(&*session.database().await?, provider_id.as_deref()).await
}

/// The change log as saves (one entry per save), oldest first; one provider's, or all.
#[tauri::command]
#[specta::specta]
pub async fn change_log_saves(
    session: State<'_, Session>,
    provider_id: Option<String>,
) -> Result<Vec<Save>, Error> {
    let entries =
        aether_review_core::change_log(&*session.database().await?, provider_id.as_deref()).await?;
    Ok(group_saves(&entries))
}

/// Writes the change log (one provider's, or all) to `path` as CSV, JSON or a replay script.
#[tauri::command]
#[specta::specta]
pub async fn export_change_log_file(
    session: State<'_, Session>,
    provider_id: Option<String>,
    format: ChangeLogFormat,
    path: String,
) -> Result<(), Error> {
    let entries =
        aether_review_core::change_log(&*session.database().await?, provider_id.as_deref()).await?;
    let text = export_change_log(&entries, format);
    aether_review_core::files::write_replacing(std::path::Path::new(&path), text.as_bytes())
}

/// One page of a bucket's (or a range's) events, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_events(
    session: State<'_, Session>,
    query: EventsQuery,
) -> Result<EventPage, Error> {
    let page = aether_review_core::list_events(&*session.database().await?, &query).await;
    crate::memory::release_after_answer();
    page
}

/// Every candidate of one request across providers.
#[tauri::command]
#[specta::specta]
pub async fn get_request_chain(
    session: State<'_, Session>,
    request_id: String,
) -> Result<RequestChain, Error> {
    aether_review_core::get_request_chain(&*session.database().await?, &request_id).await
}

/// A provider's keys (never a secret column).
#[tauri::command]
#[specta::specta]
pub async fn get_provider_keys(
    session: State<'_, Session>,
    provider_id: String,
) -> Result<ProviderKeys, Error> {
    aether_review_core::get_provider_keys(&*session.database().await?, &provider_id).await
}

/// Writes every event of `query` (from its cursor on) to `path` as CSV or JSON; the save dialog
/// has asked before `path` is replaced.
#[tauri::command]
#[specta::specta]
pub async fn export_events_file(
    session: State<'_, Session>,
    query: EventsQuery,
    format: ExportFormat,
    path: String,
) -> Result<(), Error> {
    let text =
        aether_review_core::export::export_events(&*session.database().await?, &query, format)
            .await?;
    crate::memory::release_after_answer();
    aether_review_core::export::write_export(std::path::Path::new(&path), &text, true)
}

/// Writes the providers list to `path` as CSV or JSON; the save dialog has asked before `path`
/// is replaced.
#[tauri::command]
#[specta::specta]
pub async fn export_provider_summaries_file(
    session: State<'_, Session>,
    format: ExportFormat,
    path: String,
) -> Result<(), Error> {
    let summaries =
        aether_review_core::list_provider_summaries(&*session.database().await?).await?;
    let text = aether_review_core::export::export_summaries(&summaries, format);
    crate::memory::release_after_answer();
    aether_review_core::export::write_export(std::path::Path::new(&path), &text, true)
}

/// Writes the fleet view of `query` (filters included) to `path` as CSV or JSON.
#[tauri::command]
#[specta::specta]
pub async fn export_fleet_file(
    session: State<'_, Session>,
    query: FleetQuery,
    format: ExportFormat,
    path: String,
) -> Result<(), Error> {
    let fleet = aether_review_core::get_fleet_health(&*session.database().await?, &query).await?;
    let text = aether_review_core::export::export_fleet(&fleet, format);
    crate::memory::release_after_answer();
    aether_review_core::export::write_export(std::path::Path::new(&path), &text, true)
}

/// Opens the current database again, writable; refused (`ReadOnly`) when its
/// `can_reopen_writable` is false.
#[tauri::command]
#[specta::specta]
pub async fn reopen_writable<R: Runtime>(
    app: AppHandle<R>,
    session: State<'_, Session>,
) -> Result<DatabaseInfo, Error> {
    let info = session.reopen_writable().await?;
    announce(&app, &info);
    Ok(info)
}

/// Opens a snapshot file or a PostgreSQL URL; the previous database is closed on success and
/// stays open on failure.
#[tauri::command]
#[specta::specta]
pub async fn open_database<R: Runtime>(
    app: AppHandle<R>,
    session: State<'_, Session>,
    location: String,
    read_only: bool,
) -> Result<DatabaseInfo, Error> {
    let info = session.open(&location, read_only).await?;
    announce(&app, &info);
    Ok(info)
}

/// Opens the built-in demo snapshot, generating it on first use (`demo-progress` events).
#[tauri::command]
#[specta::specta]
pub async fn open_demo<R: Runtime>(
    app: AppHandle<R>,
    session: State<'_, Session>,
    read_only: bool,
) -> Result<DatabaseInfo, Error> {
    let path = ensure_demo(&app).await?;
    let info = session.open(&path.to_string_lossy(), read_only).await?;
    announce(&app, &info);
    Ok(info)
}

/// What is open, or null while nothing is (start-up still opening, or it failed).
#[tauri::command]
#[specta::specta]
pub async fn current_database(session: State<'_, Session>) -> Result<Option<DatabaseInfo>, Error> {
    Ok(session.current().await)
}

/// Why the database chosen at start-up (`--db`, `AETHER_REVIEW_DB` or the last one) did not
/// open; the app then shows the demo instead.
#[tauri::command]
#[specta::specta]
pub async fn startup_error(session: State<'_, Session>) -> Result<Option<Error>, Error> {
    Ok(session.startup_error())
}

/// Databases opened before, newest first, without passwords.
#[tauri::command]
#[specta::specta]
pub async fn recent_databases(session: State<'_, Session>) -> Result<Vec<RecentDatabase>, Error> {
    Ok(session.recent())
}

/// Copies a live Aether PostgreSQL into a new snapshot file (`snapshot-progress` events while it
/// runs), then opens that file as `open_database` does.
#[tauri::command]
#[specta::specta]
pub async fn take_snapshot<R: Runtime>(
    app: AppHandle<R>,
    session: State<'_, Session>,
    cancel: State<'_, SnapshotCancel>,
    request: SnapshotRequest,
    read_only: bool,
) -> Result<DatabaseInfo, Error> {
    take_and_open(&app, &session, &cancel, &request, read_only).await
}

/// Stops the running `take_snapshot` at its next batch; it then fails and leaves no file.
#[tauri::command]
#[specta::specta]
pub async fn cancel_snapshot(cancel: State<'_, SnapshotCancel>) -> Result<(), Error> {
    cancel.cancel();
    Ok(())
}
