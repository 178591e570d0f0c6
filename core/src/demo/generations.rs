//! The demo written as each generation of Aether stores it. The catalogue and the traffic are
//! generated once, in legacy terms; [`Conversion`] then rewrites the rows the way Aether's own
//! migrations moved a database forward: v0.3 renamed the API formats (`CLAUDE` → `claude:chat`)
//! and made the shown name the provider's `name`; the Rust gateway merged the CLI formats into the
//! plain ones (`claude:cli` → `claude:messages`), so a provider's two Claude endpoints become one.

use std::collections::HashMap;

use serde_json::json;

use crate::dataset::{CandidateRow, Dataset};
use crate::layout::Generation;

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

/// How the rows of a legacy demo become another generation's.
pub struct Conversion {
    /// Endpoints merged into another of their provider (Rust gateway): old id → kept id.
    merged: HashMap<String, String>,
}

impl Conversion {
    /// Rewrites `catalog` (providers, endpoints, keys) for `generation`.
    pub fn apply(generation: Generation, catalog: &mut Dataset) -> Self {
        let mut merged = HashMap::new();
        if generation == Generation::Legacy {
            return Self { merged };
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
        for k in &mut catalog.keys {
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
        }
        Self { merged }
    }

    /// Points candidates of a merged endpoint at the endpoint it became.
    pub fn candidates(&self, rows: &mut [CandidateRow]) {
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
