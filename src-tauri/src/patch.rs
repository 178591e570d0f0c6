//! The settings patch as the UI sends it.
//!
//! The core validates the raw JSON object itself, so that it can report every bad field at once
//! and tell "absent" (unchanged) from `null` (clear). Rust therefore receives the untouched
//! `serde_json::Value`; TypeScript still gets a precise shape, [`ProviderPatchFields`].

use serde::{Deserialize, Serialize};
use specta::Type;

/// A JSON object of the fields to change: absent = unchanged, `null` = clear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct ProviderPatch(#[specta(type = ProviderPatchFields)] pub serde_json::Value);

/// The TypeScript shape of [`ProviderPatch`]; never built in Rust.
///
/// Fields that cannot be cleared are optional but not nullable. Which of them the open database
/// accepts, and their bounds, are in `DatabaseInfo.editable_fields` and `field_rules`.
#[allow(dead_code)] // only its specta type is used
#[derive(Type)]
pub struct ProviderPatchFields {
    /// v0.3 / rust: the name shown.
    #[specta(optional, type = String)]
    name: Option<String>,
    /// Legacy: the name shown.
    #[specta(optional, type = String)]
    display_name: Option<String>,
    #[specta(optional)]
    description: Option<String>,
    #[specta(optional)]
    website: Option<String>,
    #[specta(optional, type = i32)]
    provider_priority: Option<i32>,
    #[specta(optional, type = bool)]
    is_active: Option<bool>,
    #[specta(optional, type = aether_review_core::model::BillingType)]
    billing_type: Option<aether_review_core::model::BillingType>,
    #[specta(optional)]
    monthly_quota_usd: Option<f64>,
    #[specta(optional)]
    quota_reset_day: Option<i32>,
    #[specta(optional)]
    quota_last_reset_at: Option<aether_review_core::model::Timestamp>,
    #[specta(optional)]
    quota_expires_at: Option<aether_review_core::model::Timestamp>,
    /// Legacy only.
    #[specta(optional)]
    rpm_limit: Option<i32>,
    /// v0.3 / rust.
    #[specta(optional)]
    max_retries: Option<i32>,
    /// v0.3 / rust: seconds.
    #[specta(optional)]
    request_timeout: Option<f64>,
    /// v0.3 / rust: seconds.
    #[specta(optional)]
    stream_first_byte_timeout: Option<f64>,
    /// Rust gateway only; `null` = unlimited.
    #[specta(optional)]
    concurrent_limit: Option<i32>,
    /// v0.3 / rust.
    #[specta(optional, type = bool)]
    keep_priority_on_conversion: Option<bool>,
    /// v0.3 / rust.
    #[specta(optional, type = bool)]
    enable_format_conversion: Option<bool>,
}
