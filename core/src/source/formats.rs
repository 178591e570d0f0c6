//! API-format names as the Rust gateway normalises them: trimmed, lower-cased, and old or
//! path-style aliases mapped to one canonical name (`docs/generations.md`). An unknown name
//! stays itself, lower-cased: the list of formats is open.

use std::borrow::Cow;

/// Alias → canonical name, as the Rust gateway's format table defines them (2026-09).
const ALIASES: &[(&str, &str)] = &[
    ("openai", "openai:chat"),
    ("/v1/chat/completions", "openai:chat"),
    ("/v1/responses", "openai:responses"),
    ("/v1/responses/compact", "openai:responses:compact"),
    ("openai_search", "openai:search"),
    ("search", "openai:search"),
    ("/v1/alpha/search", "openai:search"),
    ("/v1/embeddings", "openai:embedding"),
    ("/v1/rerank", "openai:rerank"),
    ("/v1/messages", "claude:messages"),
    ("gemini:interaction", "gemini:interactions"),
    ("gemini_interactions", "gemini:interactions"),
    ("gemini_interaction", "gemini:interactions"),
    ("/v1/interactions", "gemini:interactions"),
    ("/v1beta/interactions", "gemini:interactions"),
    ("/jina/v1/embeddings", "jina:embedding"),
    ("/jina/v1/rerank", "jina:rerank"),
    ("aliyun_embedding", "aliyun:multimodal_embedding"),
    ("aliyun_multimodal_embedding", "aliyun:multimodal_embedding"),
    (
        "dashscope:multimodal_embedding",
        "aliyun:multimodal_embedding",
    ),
    ("dashscope_embedding", "aliyun:multimodal_embedding"),
    (
        "dashscope_multimodal_embedding",
        "aliyun:multimodal_embedding",
    ),
];

/// The Rust gateway's canonical form of a format name (borrowed when it already is one).
pub(crate) fn normalize(value: &str) -> Cow<'_, str> {
    let trimmed = value.trim();
    let lower: Cow<str> = if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(trimmed.to_ascii_lowercase())
    } else {
        Cow::Borrowed(trimmed)
    };
    match ALIASES.iter().find(|(alias, _)| *alias == lower) {
        Some((_, canonical)) => Cow::Borrowed(canonical),
        None => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn aliases_map_to_one_name_and_unknown_names_stay() {
        assert_eq!(normalize(" /v1/messages "), "claude:messages");
        assert_eq!(normalize("OPENAI"), "openai:chat");
        assert_eq!(
            normalize("DashScope_Embedding"),
            "aliyun:multimodal_embedding"
        );
        assert_eq!(normalize("claude:chat"), "claude:chat");
        assert_eq!(normalize("Custom:Thing"), "custom:thing");
    }
}
