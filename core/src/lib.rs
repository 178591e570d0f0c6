//! Aether Review's domain library: open an Aether database (a SQLite snapshot or a live
//! PostgreSQL), compute provider summaries and health timelines, and apply validated settings
//! updates. No Tauri here: the desktop shell and the `aether-review` CLI are thin layers on it.

pub mod dataset;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod files;
pub mod fleet;
pub mod health;
pub mod incident;
pub mod layout;
pub mod limits;
pub mod model;
pub mod outcome;
pub mod quota;
mod read_sql;
mod source;
pub mod summary;
pub mod take_snapshot;
pub mod update;
pub mod verdict;

pub use db::{open, Database};
pub use error::{Error, FieldCode, FieldError, Result, UnreachableCause};
pub use fleet::{get_fleet_health, get_fleet_health_cancellable, FleetStripShelf};
pub use health::{
    get_provider_health_monitor, get_provider_health_monitor_cancellable, HealthCancel,
};
pub use incident::{get_provider_keys, get_request_chain, list_events};
pub use limits::LIMITS;
pub use summary::{get_provider_summary, list_provider_summaries};
pub use update::{change_log, update_provider_settings};
