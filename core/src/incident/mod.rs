//! After an incident: a timeline bucket's events, a request's chain across providers, a
//! provider's keys, and their exports (`docs/rules.md`, "Event lists", "Request chains",
//! "Keys", "Exports"). Generation- and engine-neutral like the health monitor.

mod bind;
mod candidates;
mod chain;
mod events;
pub(crate) mod keys;
pub(crate) mod range;
pub mod types;

pub use chain::get_request_chain;
pub use events::list_events;
pub use keys::get_provider_keys;
