//! The open database: one shared handle in Tauri's managed state.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use aether_review_core::model::{DatabaseInfo, FleetQuery};
use aether_review_core::{Database, Error, FleetStripShelf, HealthCancel};
use tokio::sync::RwLock;

use crate::recent::{RecentDatabase, RecentStore};

/// What the commands share: the open database (if any), the recent list, and the error of a
/// start-up open that failed (shown once the UI asks).
pub struct Session {
    db: RwLock<Option<Arc<Database>>>,
    recent: RecentStore,
    startup_error: Mutex<Option<Error>>,
    /// The local change-log file every opened database is given (see
    /// `Database::set_local_change_log`).
    change_log: Option<PathBuf>,
    /// The health request running now, on the database it reads: the next one cancels it.
    health: Mutex<Option<(Arc<Database>, HealthCancel)>>,
    /// The last fleet answer's strips, on the database it read (the list asks for them by rank).
    fleet_strips: Mutex<Option<(Arc<Database>, Arc<FleetStripShelf>)>>,
}

/// The error every data command returns before a database is open.
pub fn no_database() -> Error {
    Error::NoDatabase
}

impl Session {
    pub fn new(recent: RecentStore) -> Self {
        Self {
            db: RwLock::new(None),
            recent,
            startup_error: Mutex::new(None),
            change_log: None,
            health: Mutex::new(None),
            fleet_strips: Mutex::new(None),
        }
    }

    /// Records the change log of databases Aether Review did not create in `path`.
    pub fn with_change_log(mut self, path: Option<PathBuf>) -> Self {
        self.change_log = path;
        self
    }

    /// The open database; the handle stays valid for the caller even if another is opened.
    pub async fn database(&self) -> Result<Arc<Database>, Error> {
        self.db.read().await.clone().ok_or_else(no_database)
    }

    pub async fn current(&self) -> Option<DatabaseInfo> {
        self.db.read().await.as_ref().map(|db| db.info().clone())
    }

    /// Opens `location`, makes it the current database, closes the previous one and remembers
    /// it in the recent list. On failure the previous database stays open.
    pub async fn open(&self, location: &str, read_only: bool) -> Result<DatabaseInfo, Error> {
        let mut db = aether_review_core::open(location, read_only).await?;
        if let Some(path) = &self.change_log {
            db.set_local_change_log(path.clone());
        }
        let db = Arc::new(db);
        let info = db.info().clone();
        let previous = self.db.write().await.replace(db);
        self.fleet_strips.lock().expect("fleet strips lock").take();
        if let Some(previous) = previous {
            // Waits for queries still running on the old pool, then drops its connections.
            previous.close().await;
        }
        crate::memory::release_after_answer();
        if let Err(err) = self.recent.remember(&info, chrono::Utc::now()) {
            eprintln!("aether-review: could not save the recent databases list: {err}");
        }
        Ok(info)
    }

    /// Registers a new health request on `db`, cancelling the one running before it (its
    /// statement stops in the database); returns the new request's cancel handle.
    pub async fn start_health(&self, db: &Arc<Database>) -> HealthCancel {
        let cancel = HealthCancel::new();
        let previous = self
            .health
            .lock()
            .expect("health request lock")
            .replace((Arc::clone(db), cancel.clone()));
        if let Some((previous_db, previous)) = previous {
            cancel_quietly(&previous_db, &previous).await;
        }
        cancel
    }

    /// Forgets `cancel`'s request once it has ended (unless a newer one replaced it).
    pub fn end_health(&self, cancel: &HealthCancel) {
        let mut slot = self.health.lock().expect("health request lock");
        if slot.as_ref().is_some_and(|(_, c)| c.same_request(cancel)) {
            *slot = None;
        }
    }

    /// Keeps `shelf`, the strips of the fleet answer just read from `db`, in place of the last.
    pub fn keep_fleet_strips(
        &self,
        db: &Arc<Database>,
        shelf: FleetStripShelf,
    ) -> Arc<FleetStripShelf> {
        let shelf = Arc::new(shelf);
        *self.fleet_strips.lock().expect("fleet strips lock") =
            Some((Arc::clone(db), Arc::clone(&shelf)));
        shelf
    }

    /// The kept strips of the fleet answer to `query` on `db`, if they are the last ones read.
    pub fn fleet_strips(
        &self,
        db: &Arc<Database>,
        query: &FleetQuery,
    ) -> Option<Arc<FleetStripShelf>> {
        let kept = self.fleet_strips.lock().expect("fleet strips lock");
        kept.as_ref()
            .filter(|(on, shelf)| Arc::ptr_eq(on, db) && shelf.answers(query))
            .map(|(_, shelf)| Arc::clone(shelf))
    }

    /// Cancels the running health request, if any.
    pub async fn cancel_health(&self) {
        let running = self.health.lock().expect("health request lock").take();
        if let Some((db, cancel)) = running {
            cancel_quietly(&db, &cancel).await;
        }
    }

    /// Opens the current database's location again, writable, when its info says that can work.
    pub async fn reopen_writable(&self) -> Result<DatabaseInfo, Error> {
        let current = self.current().await.ok_or_else(no_database)?;
        if !current.can_reopen_writable {
            return Err(Error::ReadOnly);
        }
        self.open(&current.location, false).await
    }

    pub fn recent(&self) -> Vec<RecentDatabase> {
        self.recent.load()
    }

    pub fn set_startup_error(&self, error: Option<Error>) {
        *self.startup_error.lock().expect("startup error lock") = error;
    }

    pub fn startup_error(&self) -> Option<Error> {
        self.startup_error
            .lock()
            .expect("startup error lock")
            .clone()
    }
}

/// A cancel that cannot reach the server (it went away) leaves the request to its statement
/// timeout; the request itself already returns `Cancelled`.
async fn cancel_quietly(db: &Database, cancel: &HealthCancel) {
    if let Err(err) = cancel.cancel(db).await {
        eprintln!("aether-review: cancelling the previous health request: {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_health_request_cancels_the_running_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        aether_review_core::db::create_snapshot_file(
            &path,
            aether_review_core::layout::Generation::Legacy,
        )
        .await
        .unwrap()
        .close()
        .await;
        let session = Session::new(RecentStore::new(None));
        session.open(path.to_str().unwrap(), true).await.unwrap();
        let db = session.database().await.unwrap();

        let first = session.start_health(&db).await;
        let second = session.start_health(&db).await;
        assert!(first.is_cancelled());
        assert!(!second.is_cancelled());
        // The first ending late does not forget the second.
        session.end_health(&first);
        session.cancel_health().await;
        assert!(second.is_cancelled());

        let third = session.start_health(&db).await;
        session.end_health(&third);
        session.cancel_health().await;
        assert!(!third.is_cancelled(), "an ended request is not cancelled");
    }
}
