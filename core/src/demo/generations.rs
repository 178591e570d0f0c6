//! The demo written as each generation of Aether stores it. The catalogue and the traffic are
//! generated once, in legacy terms; [`Conversion`] then rewrites the rows the way Aether's own
//! migrations moved a database forward: v0.3 renamed the API formats (`CLAUDE` → `claude:chat`)
//! and made the shown name the provider's `name`; the Rust gateway merged the CLI formats into the
//! plain ones (`claude:cli` → `claude:messages`), so a provider's two Claude endpoints become one.

use std::collections::HashMap;

use chrono::Duration;
use serde_json::json;

use crate::dataset::{CandidateRow, Dataset, KeyRow, KeyState};
use crate::layout::{Generation, OptionalColumn, OPTIONAL};
use crate::model::Timestamp;

/// Legacy format → v0.3's name, and the Rust gateway's.
const FORMATS: &[(&str, &str, &str)] = &[
    ("CLAUDE", "claude:chat", "claude:messages"),
    ("CLAUDE_CLI", "claude:cli", "claude:messages"),
    ("OPENAI", "openai:chat", "openai:chat"),
    ("OPENAI_CLI", "openai:cli", "openai:responses"),
    ("GEMINI", "gemini:chat", "gemini:generate_content"),
    ("GEMINI_CLI", "gemini:cli", "gemini:generate_content"),
];

/// Providers whose keys are OAuth sessions of a fixed provider type on the Rust gateway (their
/// keys serve the provider's active endpoints' formats, whatever their own list says).
const FIXED_TYPES: &[(&str, &str)] = &[("anthropic", "claude_code")];

/// The format `legacy` has in `generation`.
pub fn format_in(generation: Generation, legacy: &str) -> String {
    let row = FORMATS.iter().find(|(l, _, _)| *l == legacy);
    match (generation, row) {
        (Generation::V03, Some((_, v03, _))) => (*v03).to_owned(),
        (Generation::Rust, Some((_, _, rust))) => (*rust).to_owned(),
        _ => legacy.to_owned(),
    }
}

/// The optional key columns ([`OPTIONAL`]) Aether v0.3 has; the Rust gateway also has
/// `concurrent_limit`. Both have `request_candidates.skip_reason`.
const V03_OPTIONAL: &[&str] = &[
    "rpm_limit",
    "learned_rpm_limit",
    "last_error_at",
    "last_error_msg",
    "expires_at",
    "oauth_invalid_at",
    "circuit_breaker_by_format",
    "skip_reason",
];

/// The optional columns a demo snapshot of `generation` has, as that generation's own schema
/// does; none on legacy, whose demo stays as it always was.
pub fn optional_columns(generation: Generation) -> Vec<OptionalColumn> {
    let has = |column: &str| match generation {
        Generation::Legacy => false,
        Generation::V03 => V03_OPTIONAL.contains(&column),
        Generation::Rust => V03_OPTIONAL.contains(&column) || column == "concurrent_limit",
    };
    OPTIONAL
        .iter()
        .filter(|(_, c, _)| has(c))
        .copied()
        .collect()
}

/// What a newer generation records on a key besides its health, decided by the key's place in
/// the catalogue and its health, never drawn from the demo's random stream (every other row stays
/// as it was): RPM limits on most keys (and a concurrency limit on the Rust gateway), the learned
/// RPM, last error and when on unhealthy keys, an open circuit for its format on the unhealthiest,
/// and an expiry on some keys, every seventh already past at `anchor`.
fn key_state(
    generation: Generation,
    n: usize,
    key: &KeyRow,
    format: &str,
    anchor: Timestamp,
) -> KeyState {
    let health = key.health_score.unwrap_or(1.0);
    let unhealthy = health < 0.5;
    let minutes = |m: usize| anchor - Duration::minutes(m as i64);
    KeyState {
        rpm_limit: (n % 4 != 3).then_some([60, 120, 300][n % 4 % 3]),
        concurrent_limit: (generation == Generation::Rust && n.is_multiple_of(3)).then_some(8),
        learned_rpm_limit: unhealthy.then_some(40),
        last_error_at: unhealthy.then(|| minutes(3 + n % 40)),
        last_error_msg: unhealthy
            .then(|| "upstream returned 503: the model is overloaded, retry later".to_owned()),
        expires_at: match n % 7 {
            3 => Some(anchor - Duration::days(2 + (n % 5) as i64)),
            5 => Some(anchor + Duration::days(20 + (n % 40) as i64)),
            _ => None,
        },
        circuit_breaker_by_format: (health < 0.2).then(|| {
            let opened = minutes(12 + n % 20);
            json!({ format: {
                "open": true,
                "open_at": opened.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "next_probe_at": (opened + Duration::minutes(15))
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            } })
            .to_string()
        }),
        ..KeyState::default()
    }
}

/// How the rows of a legacy demo become another generation's.
pub struct Conversion {
    /// Endpoints merged into another of their provider (Rust gateway): old id → kept id.
    merged: HashMap<String, String>,
    /// A newer generation records why a candidate was skipped in `skip_reason`.
    skip_reasons: bool,
}

impl Conversion {
    /// Rewrites `catalog` (providers, endpoints, keys) for `generation`, its key states as of
    /// `anchor`.
    pub fn apply(generation: Generation, catalog: &mut Dataset, anchor: Timestamp) -> Self {
        let mut merged = HashMap::new();
        if generation == Generation::Legacy {
            return Self {
                merged,
                skip_reasons: false,
            };
        }
        for p in &mut catalog.providers {
            // v0.3 renamed `display_name` to `name`; the old machine name is gone.
            p.name = std::mem::take(&mut p.display_name);
            p.rpm_limit = None;
            p.rpm_used = None;
            p.rpm_reset_at = None;
            if generation == Generation::Rust {
                if let Some((_, kind)) = FIXED_TYPES.iter().find(|(id, _)| *id == p.id) {
                    p.gateway.provider_type = (*kind).to_owned();
                }
            }
        }
        // Endpoints in order; the first of a provider's format keeps it, later ones merge in.
        let mut kept: HashMap<(String, String), String> = HashMap::new();
        let mut endpoints = Vec::with_capacity(catalog.endpoints.len());
        for mut e in std::mem::take(&mut catalog.endpoints) {
            e.api_format = format_in(generation, &e.api_format);
            match kept.get(&(e.provider_id.clone(), e.api_format.clone())) {
                Some(into) => {
                    merged.insert(e.id.clone(), into.clone());
                }
                None => {
                    kept.insert((e.provider_id.clone(), e.api_format.clone()), e.id.clone());
                    endpoints.push(e);
                }
            }
        }
        catalog.endpoints = endpoints;
        let format_of: HashMap<&str, &str> = catalog
            .endpoints
            .iter()
            .map(|e| (e.id.as_str(), e.api_format.as_str()))
            .collect();
        let fixed: Vec<&str> = catalog
            .providers
            .iter()
            .filter(|p| p.gateway.provider_type != "custom")
            .map(|p| p.id.as_str())
            .collect();
        for (n, k) in catalog.keys.iter_mut().enumerate() {
            if let Some(into) = merged.get(&k.endpoint_id) {
                k.endpoint_id = into.clone();
            }
            let format = format_of.get(k.endpoint_id.as_str()).copied().unwrap_or("");
            k.api_formats = Some(json!([format]).to_string());
            k.health_by_format =
                Some(json!({ format: { "health_score": k.health_score } }).to_string());
            if fixed.contains(&k.provider_id.as_str()) {
                k.auth_type = "oauth".to_owned();
            }
            k.state = key_state(generation, n, k, format, anchor);
        }
        // One OAuth session the gateway marked invalid: the last key of the first fixed-type
        // provider (its tokens were revoked five hours before the as-of time).
        let oauth = FIXED_TYPES.first().map(|(id, _)| *id);
        if let Some(k) = catalog
            .keys
            .iter_mut()
            .rev()
            .find(|k| Some(k.provider_id.as_str()) == oauth)
        {
            k.state.oauth_invalid_at = Some(anchor - Duration::hours(5));
        }
        Self {
            merged,
            skip_reasons: true,
        }
    }

    /// Points candidates of a merged endpoint at the endpoint it became; on a newer generation a
    /// skipped candidate's reason is in `skip_reason` too.
    pub fn candidates(&self, rows: &mut [CandidateRow]) {
        if self.skip_reasons {
            for c in rows.iter_mut().filter(|c| c.status == "skipped") {
                c.skip_reason = c.error_message.clone();
            }
        }
        if self.merged.is_empty() {
            return;
        }
        for c in rows {
            if let Some(into) = c.endpoint_id.as_ref().and_then(|id| self.merged.get(id)) {
                c.endpoint_id = Some(into.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_each_generations_renames() {
        assert_eq!(format_in(Generation::Legacy, "CLAUDE_CLI"), "CLAUDE_CLI");
        assert_eq!(format_in(Generation::V03, "CLAUDE_CLI"), "claude:cli");
        assert_eq!(format_in(Generation::Rust, "CLAUDE_CLI"), "claude:messages");
        assert_eq!(
            format_in(Generation::Rust, "OPENAI_CLI"),
            "openai:responses"
        );
    }
}
