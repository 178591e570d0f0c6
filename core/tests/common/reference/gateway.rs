//! Aether v0.3 and the Rust gateway as `docs/generations.md` states them: a key belongs to the provider and
//! serves the endpoints whose format it offers; endpoints by (api_format, id); the admin sees
//! `name`. The two generations differ in which formats a key offers and in the health corners.

use crate::common::verdicts;
use std::cmp::Ordering;

use aether_review_core::dataset::{CandidateRow, Dataset, EndpointRow, KeyRow, ProviderRow};
use aether_review_core::layout::Generation;
use aether_review_core::model::{EndpointHealthDetail, ProviderSummary};
use serde_json::Value;

use super::{event_time, newest_first};

/// `api_format` then id, both as bytes.
pub fn endpoint_order(a: &EndpointRow, b: &EndpointRow) -> Ordering {
    a.api_format
        .as_bytes()
        .cmp(b.api_format.as_bytes())
        .then(a.id.as_bytes().cmp(b.id.as_bytes()))
}

/// The Rust gateway's canonical spelling of a format: trimmed, ASCII lower case, and each known
/// alias replaced by the name it stands for (Aether's format table, 2026-09). Unknown names stay.
pub fn canonical(format: &str) -> String {
    let lower = format.trim().to_ascii_lowercase();
    const NAMES: &[(&str, &[&str])] = &[
        ("openai:chat", &["openai", "/v1/chat/completions"]),
        ("openai:responses", &["/v1/responses"]),
        ("openai:responses:compact", &["/v1/responses/compact"]),
        (
            "openai:search",
            &["openai_search", "search", "/v1/alpha/search"],
        ),
        ("openai:embedding", &["/v1/embeddings"]),
        ("openai:rerank", &["/v1/rerank"]),
        ("claude:messages", &["/v1/messages"]),
        (
            "gemini:interactions",
            &[
                "gemini:interaction",
                "gemini_interactions",
                "gemini_interaction",
                "/v1/interactions",
                "/v1beta/interactions",
            ],
        ),
        ("jina:embedding", &["/jina/v1/embeddings"]),
        ("jina:rerank", &["/jina/v1/rerank"]),
        (
            "aliyun:multimodal_embedding",
            &[
                "aliyun_embedding",
                "aliyun_multimodal_embedding",
                "dashscope:multimodal_embedding",
                "dashscope_embedding",
                "dashscope_multimodal_embedding",
            ],
        ),
    ];
    for (name, aliases) in NAMES {
        if aliases.contains(&lower.as_str()) {
            return (*name).to_owned();
        }
    }
    lower
}

fn json(text: Option<&str>) -> Option<Value> {
    serde_json::from_str(text?).ok()
}

/// The Rust gateway: whether a key of this provider type serves the formats of the provider's
/// active endpoints instead of its own list. Both names compare trimmed and in lower case.
pub fn inherits_formats(provider_type: &str, key: &KeyRow) -> bool {
    let auth = key.auth_type.trim().to_ascii_lowercase();
    let oauth = auth == "oauth";
    match provider_type.trim().to_ascii_lowercase().as_str() {
        "claude_code" | "codex" | "gemini_cli" | "antigravity" | "grok" => oauth,
        "chatgpt_web" | "windsurf" => oauth || auth == "bearer",
        "vertex_ai" => oauth || auth == "service_account" || auth == "vertex_ai",
        "kiro" => {
            let configured = key
                .auth_config
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty());
            oauth || (auth == "bearer" && configured)
        }
        _ => false,
    }
}

/// How many times `key` offers `format` (an endpoint's stored `api_format`).
///
/// v0.3: the strings of its `api_formats` list as stored; a string listed twice offers twice.
/// Rust: each format once, trimmed and canonical, or inherited from the active endpoints.
fn times_offered(
    generation: Generation,
    provider: &ProviderRow,
    endpoints: &[&EndpointRow],
    key: &KeyRow,
    format: &str,
) -> usize {
    let listed: Vec<String> = match json(key.api_formats.as_deref()) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    match generation {
        Generation::V03 => listed.iter().filter(|f| *f == format).count(),
        _ => {
            let offered: Vec<String> = if inherits_formats(&provider.gateway.provider_type, key) {
                endpoints
                    .iter()
                    .filter(|e| e.is_active)
                    .map(|e| canonical(&e.api_format))
                    .filter(|f| !f.is_empty())
                    .collect()
            } else {
                listed
                    .iter()
                    .filter(|f| !f.trim().is_empty())
                    .map(|f| canonical(f))
                    .collect()
            };
            usize::from(offered.iter().any(|f| f == format))
        }
    }
}

/// The score a key gives an endpoint of `format`; `None` when it does not count (v0.3 only).
///
/// Rust: `health_by_format[format].health_score` when it is a JSON number, else 1.0.
/// v0.3: no entry for the format → 1.0; an entry without a score or with a null one is left out;
/// a number, a boolean (0 / 1) or numeric text is taken as the number; other text is left out.
fn score(generation: Generation, key: &KeyRow, format: &str) -> Option<f64> {
    let health = json(key.health_by_format.as_deref());
    let entry = match &health {
        Some(Value::Object(formats)) => formats.get(format),
        _ => None,
    };
    let value = entry.and_then(|e| e.get("health_score"));
    if generation == Generation::Rust {
        return Some(value.and_then(Value::as_f64).unwrap_or(1.0));
    }
    if entry.is_none() {
        return Some(1.0);
    }
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|x| x.is_finite()),
        _ => None,
    }
}

/// Per endpoint: the provider's keys serving it (a key offering its format twice counts twice
/// on v0.3) and their mean score. Of endpoints sharing a format only the last in
/// (api_format, id) order is served.
pub fn details(
    ds: &Dataset,
    generation: Generation,
    provider: &ProviderRow,
    endpoints: &[&EndpointRow],
) -> Vec<EndpointHealthDetail> {
    let keys: Vec<&KeyRow> = ds
        .keys
        .iter()
        .filter(|k| k.provider_id == provider.id)
        .collect();
    endpoints
        .iter()
        .map(|e| {
            let served_here = !endpoints.iter().any(|other| {
                other.api_format == e.api_format && other.id.as_bytes() > e.id.as_bytes()
            });
            let mut serving: Vec<&KeyRow> = Vec::new();
            if served_here {
                for k in &keys {
                    let times = times_offered(generation, provider, endpoints, k, &e.api_format);
                    serving.extend(std::iter::repeat_n(*k, times));
                }
            }
            let scores: Vec<f64> = serving
                .iter()
                .filter_map(|k| score(generation, k, &e.api_format))
                .collect();
            let health_score = super::mean_or_one(&scores);
            let active_keys = serving.iter().filter(|k| k.is_active).count() as u64;
            let (verdict, level) = verdicts::endpoint(e.is_active, active_keys, health_score);
            EndpointHealthDetail {
                endpoint_id: e.id.clone(),
                api_format: e.api_format.clone(),
                health_score,
                is_active: e.is_active,
                active_keys,
                total_keys: serving.len() as u64,
                verdict,
                level,
            }
        })
        .collect()
}

/// (total, active) of every key of the provider, serving or not.
pub fn provider_keys(ds: &Dataset, provider: &ProviderRow) -> (u64, u64) {
    let keys: Vec<&KeyRow> = ds
        .keys
        .iter()
        .filter(|k| k.provider_id == provider.id)
        .collect();
    (
        keys.len() as u64,
        keys.iter().filter(|k| k.is_active).count() as u64,
    )
}

/// The v0.3 / Rust settings; the legacy-only columns stay absent.
pub fn fill(s: &mut ProviderSummary, p: &ProviderRow) {
    let g = &p.gateway;
    s.provider_type = Some(Some(g.provider_type.clone()));
    s.max_retries = Some(g.max_retries);
    s.request_timeout = Some(g.request_timeout);
    s.stream_first_byte_timeout = Some(g.stream_first_byte_timeout);
    s.concurrent_limit = Some(g.concurrent_limit);
    s.keep_priority_on_conversion = Some(Some(g.keep_priority_on_conversion));
    s.enable_format_conversion = Some(Some(g.enable_format_conversion));
}

/// The statuses the Rust gateway's monitor shows; v0.3 shows every status.
fn sampled(generation: Generation, c: &CandidateRow) -> bool {
    generation != Generation::Rust || matches!(c.status.as_str(), "success" | "failed" | "skipped")
}

/// The newest `limit` sampled events of the window, ordered by the event's own time, then id.
pub fn sample<'a>(
    generation: Generation,
    window: &[&'a CandidateRow],
    limit: u32,
) -> Vec<&'a CandidateRow> {
    let eligible: Vec<&CandidateRow> = window
        .iter()
        .copied()
        .filter(|c| sampled(generation, c))
        .collect();
    let mut sample = newest_first(eligible, limit);
    sample.sort_by(|a, b| {
        event_time(a)
            .cmp(&event_time(b))
            .then(a.id.as_bytes().cmp(b.id.as_bytes()))
    });
    sample
}
