//! Keys that cannot serve a format at the as-of time (`docs/rules.md`, "Fleet health"): inactive,
//! expired, marked invalid by OAuth, or with an open circuit for that format as the gateway
//! records it.

use std::collections::{BTreeSet, HashMap};

use super::types::{CannotServeReason, KeysCannotServe};
use crate::db::Database;
use crate::error::Result;
use crate::model::{KeyDetail, Timestamp};
use crate::source::{normalize_format, EndpointRecord, ProviderRecord};

/// Every key at the as-of time, and the optional columns this database records.
pub(super) struct AllKeys {
    keys: Vec<(String, KeyDetail)>,
    recorded: Vec<String>,
}

pub(super) async fn all_keys(db: &Database, as_of: Timestamp) -> Result<AllKeys> {
    let (keys, recorded) = crate::incident::keys::all_keys(db, as_of).await?;
    Ok(AllKeys { keys, recorded })
}

/// Per format (as the fleet's endpoints name it): the keys of the listed endpoints' providers
/// that serve it and cannot.
pub(super) fn cannot_serve(
    all: AllKeys,
    rows: &[(&ProviderRecord, &EndpointRecord)],
) -> HashMap<String, KeysCannotServe> {
    let AllKeys { keys, recorded } = all;
    // Per provider, the formats its listed endpoints have.
    let mut formats: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (provider, endpoint) in rows {
        formats
            .entry(provider.id.as_str())
            .or_default()
            .insert(endpoint.api_format.as_str());
    }
    let mut out: HashMap<String, KeysCannotServe> = HashMap::new();
    let not_recorded: Vec<CannotServeReason> = [
        ("expires_at", CannotServeReason::Expired),
        ("oauth_invalid_at", CannotServeReason::OauthInvalid),
        ("circuit_breaker_by_format", CannotServeReason::CircuitOpen),
    ]
    .into_iter()
    .filter(|(column, _)| !recorded.iter().any(|c| c == column))
    .map(|(_, reason)| reason)
    .collect();
    for (provider_id, key) in &keys {
        let Some(provider_formats) = formats.get(provider_id.as_str()) else {
            continue;
        };
        for &format in provider_formats {
            if !serves(key, format) {
                continue;
            }
            let reasons = reasons(key, format);
            let entry = out
                .entry(format.to_owned())
                .or_insert_with(|| KeysCannotServe {
                    not_recorded: not_recorded.clone(),
                    ..KeysCannotServe::default()
                });
            if !reasons.is_empty() {
                entry.total += 1;
            }
            for reason in reasons {
                *match reason {
                    CannotServeReason::Inactive => &mut entry.inactive,
                    CannotServeReason::Expired => &mut entry.expired,
                    CannotServeReason::OauthInvalid => &mut entry.oauth_invalid,
                    CannotServeReason::CircuitOpen => &mut entry.circuit_open,
                } += 1;
            }
        }
    }
    out
}

fn same_format(a: &str, b: &str) -> bool {
    normalize_format(a) == normalize_format(b)
}

/// Whether `key` serves `format`: its listed formats (none listed: every format of its
/// provider); a legacy key its endpoint's.
fn serves(key: &KeyDetail, format: &str) -> bool {
    key.api_formats
        .as_ref()
        .is_none_or(|list| list.iter().any(|f| same_format(f, format)))
}

/// Why `key` cannot serve `format`; empty when it can.
fn reasons(key: &KeyDetail, format: &str) -> Vec<CannotServeReason> {
    let circuit_open = key
        .formats
        .iter()
        .any(|f| same_format(&f.api_format, format) && f.circuit_open == Some(true));
    [
        (!key.is_active, CannotServeReason::Inactive),
        (key.expired, CannotServeReason::Expired),
        (
            key.oauth_invalid_at.is_some(),
            CannotServeReason::OauthInvalid,
        ),
        (circuit_open, CannotServeReason::CircuitOpen),
    ]
    .into_iter()
    .filter_map(|(holds, reason)| holds.then_some(reason))
    .collect()
}
