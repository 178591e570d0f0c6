//! Fleet health: every endpoint of every provider over one window, grouped by API format and
//! ranked worst first (`docs/rules.md`, "Fleet health").

pub mod types;
