//! Aether Review's domain library: open an Aether database (a SQLite snapshot or a live
//! PostgreSQL), compute provider summaries and health timelines, and apply validated settings
//! updates. No Tauri here: the desktop shell and the `aether-review` CLI are thin layers on it.

pub mod db;
pub mod error;
pub mod model;

pub use db::{open, Database};
pub use error::{Error, FieldError, Result};
