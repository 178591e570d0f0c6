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
/// Fields that cannot be cleared are optional but not nullable.
#[allow(dead_code)] // only its specta type is used
#[derive(Type)]
pub struct ProviderPatchFields {
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
    #[specta(optional)]
    rpm_limit: Option<i32>,
}
