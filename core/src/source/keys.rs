//! v0.3 and the Rust gateway: keys belong to the provider and serve endpoints by API format.
//! Which endpoints a key serves and what health it gives each one differ in the corners between
//! the two generations; both rules are here, stated in `docs/generations.md`.

use std::borrow::Cow;

use serde_json::Value as Json;

use super::formats::normalize;
use super::{EndpointKeys, EndpointRecord, KeyRecord};
use crate::layout::Generation;

/// One key, its JSON columns parsed once ([`ParsedKey::parse`]).
pub(crate) struct ParsedKey {
    record: KeyRecord,
    /// The strings of its `api_formats` list, as stored; empty when it is not a list.
    formats: Vec<String>,
    health: Health,
}

/// A key's `health_by_format`: the usual shape read straight into scores, anything else kept as
/// JSON for the rules' corner cases (both answer [`key_score`] the same way).
enum Health {
    /// Format → its entry's `health_score` (`None`: missing or null), in stored order; a key has a
    /// handful, so a list beats a map.
    Scores(Vec<(String, Option<f64>)>),
    Other(Option<Json>),
}

#[derive(serde::Deserialize)]
struct Entry {
    #[serde(default)]
    health_score: Option<f64>,
}

/// A JSON object of [`Entry`]s read into a list; a repeated format keeps its last entry, as a
/// JSON object read into a map does.
struct Scores(Vec<(String, Option<f64>)>);

impl<'de> serde::Deserialize<'de> for Scores {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Scores;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of health entries")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Scores, A::Error> {
                let mut scores: Vec<(String, Option<f64>)> = Vec::new();
                while let Some((format, entry)) = map.next_entry::<String, Entry>()? {
                    match scores.iter_mut().find(|(f, _)| *f == format) {
                        Some(slot) => slot.1 = entry.health_score,
                        None => scores.push((format, entry.health_score)),
                    }
                }
                Ok(Scores(scores))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

impl ParsedKey {
    pub(crate) fn parse(record: KeyRecord) -> Self {
        Self {
            formats: parse_formats(record.api_formats.as_deref()),
            health: parse_health(record.health_by_format.as_deref()),
            record,
        }
    }

    pub(crate) fn provider_id(&self) -> &str {
        &self.record.provider_id
    }

    pub(crate) fn is_active(&self) -> bool {
        self.record.is_active
    }
}

fn parse_formats(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else {
        return Vec::new();
    };
    // The common shape first (a list of strings): a typed read allocates far less than a tree.
    serde_json::from_str::<Vec<String>>(text).unwrap_or_else(|_| {
        match serde_json::from_str::<Json>(text) {
            Ok(Json::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    })
}

fn parse_health(text: Option<&str>) -> Health {
    let Some(text) = text else {
        return Health::Other(None);
    };
    match serde_json::from_str::<Scores>(text) {
        Ok(Scores(scores)) => Health::Scores(scores),
        Err(_) => Health::Other(serde_json::from_str(text).ok()),
    }
}

/// Key tallies of every endpoint of one provider. `endpoints` are the provider's, in any order.
pub(crate) fn endpoint_keys(
    generation: Generation,
    provider_type: Option<&str>,
    endpoints: &[&EndpointRecord],
    keys: &[&ParsedKey],
) -> Vec<EndpointKeys> {
    // Two endpoints with one format: the keys go to the last in (api_format, id) order, as a map
    // filled in that order keeps the last.
    let mut ordered: Vec<&EndpointRecord> = endpoints.to_vec();
    ordered.sort_by(|a, b| {
        a.api_format
            .cmp(&b.api_format)
            .then(a.id.as_bytes().cmp(b.id.as_bytes()))
    });
    // The last endpoint of a format takes its keys.
    let endpoint_of = |format: &str| ordered.iter().rposition(|e| e.api_format == format);
    let fixed_type = FixedType::of(provider_type);
    let active_formats = active_formats(&ordered);

    // Per endpoint: the serving keys (a v0.3 key listing a format twice is there twice).
    let mut serving: Vec<Vec<&ParsedKey>> = vec![Vec::new(); ordered.len()];
    for &key in keys {
        let mut serve = |format: &str| {
            if let Some(i) = endpoint_of(format) {
                serving[i].push(key);
            }
        };
        match generation {
            Generation::Rust if fixed_type.inherits(&key.record) => {
                active_formats.iter().for_each(|f| serve(f));
            }
            Generation::Rust => configured_formats(&key.formats)
                .iter()
                .for_each(|f| serve(f)),
            // v0.3: the list as stored, strings only, duplicates kept.
            _ => key.formats.iter().for_each(|f| serve(f)),
        }
    }
    ordered
        .iter()
        .zip(serving)
        .map(|(endpoint, keys)| {
            let scores: Vec<f64> = keys
                .iter()
                .filter_map(|k| key_score(generation, &k.health, &endpoint.api_format))
                .collect();
            EndpointKeys {
                endpoint_id: endpoint.id.clone(),
                total_keys: keys.len() as u64,
                active_keys: keys.iter().filter(|k| k.record.is_active).count() as u64,
                health: mean_or_one(&scores),
            }
        })
        .collect()
}

fn mean_or_one(scores: &[f64]) -> f64 {
    if scores.is_empty() {
        1.0
    } else {
        scores.iter().sum::<f64>() / scores.len() as f64
    }
}

/// The Rust gateway: strings trimmed, empty ones dropped, aliases normalised, duplicates removed.
fn configured_formats(formats: &[String]) -> Vec<Cow<'_, str>> {
    let mut seen = Vec::new();
    for item in formats {
        if item.trim().is_empty() {
            continue;
        }
        let format = normalize(item);
        if !seen.contains(&format) {
            seen.push(format);
        }
    }
    seen
}

/// The normalised formats of the provider's active endpoints, each once, in endpoint order.
fn active_formats<'a>(endpoints: &[&'a EndpointRecord]) -> Vec<Cow<'a, str>> {
    let mut formats = Vec::new();
    for e in endpoints.iter().filter(|e| e.is_active) {
        let format = normalize(&e.api_format);
        if !format.is_empty() && !formats.contains(&format) {
            formats.push(format);
        }
    }
    formats
}

/// A provider type whose keys may serve the provider's active endpoints' formats instead of their
/// own list (the Rust gateway), by the key's auth type.
#[derive(Clone, Copy)]
enum FixedType {
    /// claude_code, codex, gemini_cli, antigravity, grok: OAuth keys.
    OAuth,
    /// chatgpt_web, windsurf: OAuth or bearer keys.
    OAuthOrBearer,
    /// vertex_ai: OAuth, service-account or vertex_ai keys.
    Vertex,
    /// kiro: OAuth keys, and bearer keys with an auth config.
    Kiro,
    /// Any other type: keys serve their own list.
    None,
}

impl FixedType {
    fn of(provider_type: Option<&str>) -> Self {
        let t = provider_type.unwrap_or("").trim().to_ascii_lowercase();
        match t.as_str() {
            "claude_code" | "codex" | "gemini_cli" | "antigravity" | "grok" => Self::OAuth,
            "chatgpt_web" | "windsurf" => Self::OAuthOrBearer,
            "vertex_ai" => Self::Vertex,
            "kiro" => Self::Kiro,
            _ => Self::None,
        }
    }

    /// Whether `key` serves the active endpoints' formats.
    fn inherits(self, key: &KeyRecord) -> bool {
        let auth = key.auth_type.as_deref().unwrap_or("").trim();
        let is = |name: &str| auth.eq_ignore_ascii_case(name);
        match self {
            Self::OAuth => is("oauth"),
            Self::OAuthOrBearer => is("oauth") || is("bearer"),
            Self::Vertex => is("oauth") || is("service_account") || is("vertex_ai"),
            Self::Kiro => is("oauth") || (is("bearer") && key.has_auth_config),
            Self::None => false,
        }
    }
}

/// The health a key gives an endpoint of `format`, or `None` when it does not count.
///
/// Rust gateway: `health_by_format[format].health_score` when it is a number, else 1.0.
/// v0.3: a missing entry counts 1.0; an entry whose score is null or not a number is skipped.
fn key_score(generation: Generation, health: &Health, format: &str) -> Option<f64> {
    let health = match health {
        Health::Scores(scores) => {
            let score = scores.iter().find(|(f, _)| f == format).map(|(_, s)| s);
            return match (generation, score) {
                (_, None) => Some(1.0),
                (Generation::Rust, Some(score)) => Some(score.unwrap_or(1.0)),
                (_, Some(score)) => *score,
            };
        }
        Health::Other(json) => json.as_ref(),
    };
    let entry = health
        .and_then(|h| h.as_object())
        .and_then(|h| h.get(format));
    let score = entry.and_then(|e| e.get("health_score"));
    match generation {
        Generation::Rust => Some(score.and_then(Json::as_f64).unwrap_or(1.0)),
        _ => match entry {
            None => Some(1.0),
            Some(_) => score.and_then(python_float).filter(|s| s.is_finite()),
        },
    }
}

/// `float(score)` as v0.3 computes it: numbers, booleans and numeric text.
fn python_float(value: &Json) -> Option<f64> {
    match value {
        Json::Number(n) => n.as_f64(),
        Json::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(id: &str, format: &str, active: bool) -> EndpointRecord {
        EndpointRecord {
            id: id.into(),
            provider_id: "p".into(),
            api_format: format.into(),
            is_active: active,
        }
    }

    fn key(formats: &str, health: &str, active: bool) -> KeyRecord {
        KeyRecord {
            provider_id: "p".into(),
            is_active: active,
            api_formats: Some(formats.into()),
            health_by_format: Some(health.into()),
            auth_type: Some("api_key".into()),
            has_auth_config: false,
        }
    }

    fn tallies(
        generation: Generation,
        endpoints: &[EndpointRecord],
        keys: &[KeyRecord],
    ) -> Vec<(String, u64, u64, f64)> {
        let e: Vec<&EndpointRecord> = endpoints.iter().collect();
        let parsed: Vec<ParsedKey> = keys.iter().cloned().map(ParsedKey::parse).collect();
        let k: Vec<&ParsedKey> = parsed.iter().collect();
        endpoint_keys(generation, Some("custom"), &e, &k)
            .into_iter()
            .map(|t| (t.endpoint_id, t.total_keys, t.active_keys, t.health))
            .collect()
    }

    #[test]
    fn a_format_listed_twice_counts_twice_on_v03_and_once_on_rust() {
        let endpoints = [endpoint("e1", "claude:messages", true)];
        let keys = [key(
            r#"["claude:messages", "claude:messages"]"#,
            r#"{"claude:messages": {"health_score": 0.4}}"#,
            true,
        )];
        assert_eq!(
            tallies(Generation::V03, &endpoints, &keys),
            [("e1".into(), 2, 2, 0.4)]
        );
        assert_eq!(
            tallies(Generation::Rust, &endpoints, &keys),
            [("e1".into(), 1, 1, 0.4)]
        );
    }

    #[test]
    fn a_null_score_is_skipped_on_v03_and_counts_one_on_rust() {
        let endpoints = [endpoint("e1", "openai:chat", true)];
        let keys = [
            key(
                r#"["openai:chat"]"#,
                r#"{"openai:chat": {"health_score": null}}"#,
                true,
            ),
            key(
                r#"["openai:chat"]"#,
                r#"{"openai:chat": {"health_score": 0.2}}"#,
                false,
            ),
            key(r#"["openai:chat"]"#, r#"{}"#, true),
        ];
        assert_eq!(
            tallies(Generation::V03, &endpoints, &keys),
            [("e1".into(), 3, 2, 0.6)]
        );
        let rust = tallies(Generation::Rust, &endpoints, &keys);
        assert!((rust[0].3 - 2.2 / 3.0).abs() < 1e-12, "{rust:?}");
    }

    #[test]
    fn rust_normalises_aliases_of_the_key_but_matches_the_endpoint_as_stored() {
        let endpoints = [
            endpoint("e1", "claude:messages", true),
            endpoint("e2", "OPENAI", true),
        ];
        let keys = [key(r#"[" /v1/messages", "openai"]"#, "null", true)];
        assert_eq!(
            tallies(Generation::Rust, &endpoints, &keys),
            [("e2".into(), 0, 0, 1.0), ("e1".into(), 1, 1, 1.0)]
        );
    }

    #[test]
    fn keys_of_a_shared_format_go_to_the_last_endpoint_in_format_then_id_order() {
        let endpoints = [
            endpoint("b", "openai:chat", true),
            endpoint("a", "openai:chat", true),
        ];
        let keys = [key(r#"["openai:chat"]"#, "{}", true)];
        assert_eq!(
            tallies(Generation::V03, &endpoints, &keys),
            [("a".into(), 0, 0, 1.0), ("b".into(), 1, 1, 1.0)]
        );
    }

    #[test]
    fn fixed_provider_oauth_keys_serve_the_active_endpoints_formats() {
        let endpoints = [
            endpoint("e1", "openai:responses", true),
            endpoint("e2", "openai:chat", false),
        ];
        let mut k = key(r#"["openai:chat"]"#, "{}", true);
        k.auth_type = Some(" OAuth ".into());
        let e: Vec<&EndpointRecord> = endpoints.iter().collect();
        let k = ParsedKey::parse(k);
        let t = endpoint_keys(Generation::Rust, Some("codex"), &e, &[&k]);
        assert_eq!((t[0].endpoint_id.as_str(), t[0].total_keys), ("e2", 0));
        assert_eq!((t[1].endpoint_id.as_str(), t[1].total_keys), ("e1", 1));
        // v0.3 has no such rule.
        let t = endpoint_keys(Generation::V03, Some("codex"), &e, &[&k]);
        assert_eq!((t[0].total_keys, t[1].total_keys), (1, 0));
    }

    #[test]
    fn kiro_bearer_keys_inherit_only_with_an_auth_config() {
        let mut k = key("null", "{}", true);
        k.auth_type = Some("bearer".into());
        assert!(!FixedType::of(Some("kiro")).inherits(&k));
        k.has_auth_config = true;
        assert!(FixedType::of(Some(" Kiro ")).inherits(&k));
        assert!(!FixedType::of(Some("custom")).inherits(&k));
    }

    #[test]
    fn a_format_repeated_in_health_by_format_keeps_its_last_entry() {
        let endpoints = [endpoint("e1", "openai:chat", true)];
        let keys = [key(
            r#"["openai:chat"]"#,
            r#"{"openai:chat": {"health_score": 0.1}, "openai:chat": {"health_score": 0.7}}"#,
            true,
        )];
        for g in [Generation::V03, Generation::Rust] {
            assert_eq!(tallies(g, &endpoints, &keys)[0].3, 0.7, "{g}");
        }
    }

    #[test]
    fn formats_that_are_not_a_list_serve_nothing() {
        let endpoints = [endpoint("e1", "openai:chat", true)];
        for formats in [
            "null",
            r#""openai:chat""#,
            r#"{"openai:chat": true}"#,
            "not json",
        ] {
            let keys = [key(formats, "{}", true)];
            for g in [Generation::V03, Generation::Rust] {
                assert_eq!(tallies(g, &endpoints, &keys)[0].1, 0, "{formats} on {g}");
            }
        }
    }
}
