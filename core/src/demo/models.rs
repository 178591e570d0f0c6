//! Model names the demo providers offer, by family. A trailing `!` marks a retired model (written
//! inactive).

pub const CLAUDE: &[&str] = &[
    "claude-opus-4-1-20250805",
    "claude-opus-4-20250514",
    "claude-sonnet-4-5-20250929",
    "claude-sonnet-4-20250514",
    "claude-haiku-4-5-20251001",
    "claude-3-7-sonnet-20250219",
    "claude-3-5-sonnet-20241022",
    "claude-3-5-haiku-20241022",
    "claude-3-opus-20240229!",
    "claude-3-haiku-20240307",
];

pub const OPENAI: &[&str] = &[
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "gpt-5-codex",
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4.1-nano",
    "gpt-4o",
    "gpt-4o-mini",
    "o3",
    "o3-mini",
    "o4-mini",
    "o1",
    "gpt-4-turbo!",
    "gpt-3.5-turbo!",
    "text-embedding-3-large",
    "text-embedding-3-small",
    "gpt-image-1",
    "whisper-1",
    "tts-1",
];

pub const GEMINI: &[&str] = &[
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "gemini-2.5-flash-lite",
    "gemini-2.5-flash-image",
    "gemini-2.0-flash",
    "gemini-2.0-flash-lite",
    "gemini-1.5-pro!",
    "gemini-1.5-flash!",
    "gemini-embedding-001",
    "imagen-4.0-generate-001",
];

pub const DEEPSEEK: &[&str] = &[
    "deepseek-chat",
    "deepseek-reasoner",
    "deepseek-v3.1",
    "deepseek-v3.1-terminus",
    "deepseek-v3.2-exp",
    "deepseek-r1-0528",
    "deepseek-v3-0324",
    "deepseek-coder!",
];

pub const MOONSHOT: &[&str] = &[
    "kimi-k2-0905-preview",
    "kimi-k2-turbo-preview",
    "kimi-k2-0711-preview",
    "kimi-latest",
    "kimi-thinking-preview",
    "moonshot-v1-8k",
    "moonshot-v1-32k",
    "moonshot-v1-128k",
    "moonshot-v1-8k-vision-preview",
    "moonshot-v1-auto!",
];

pub const GLM: &[&str] = &[
    "glm-4.6",
    "glm-4.5",
    "glm-4.5-air",
    "glm-4.5-airx",
    "glm-4.5-flash",
    "glm-4.5v",
    "glm-4-plus",
    "glm-4-long",
    "glm-4-flash-250414",
    "glm-z1-air",
    "embedding-3",
    "cogview-4",
    "glm-4-0520!",
];

pub const OPEN_WEIGHTS: &[&str] = &[
    "Qwen/Qwen3-235B-A22B-Instruct-2507",
    "Qwen/Qwen3-Coder-480B-A35B-Instruct",
    "Qwen/Qwen3-30B-A3B-Instruct-2507",
    "Qwen/Qwen2.5-72B-Instruct",
    "Qwen/Qwen2.5-Coder-32B-Instruct",
    "deepseek-ai/DeepSeek-V3.1",
    "deepseek-ai/DeepSeek-R1",
    "moonshotai/Kimi-K2-Instruct-0905",
    "zai-org/GLM-4.5",
    "meta-llama/Llama-3.3-70B-Instruct",
    "BAAI/bge-m3",
    "BAAI/bge-reranker-v2-m3",
    "THUDM/glm-4-9b-chat!",
];

/// `names` of every family, each optionally prefixed (a relay's `vendor/model` style), cut at
/// `limit`. Returns (name, active).
pub fn offer(families: &[(&str, &[&str])], limit: usize) -> Vec<(String, bool)> {
    // Interleave the families so a cut keeps a bit of each.
    let longest = families.iter().map(|(_, f)| f.len()).max().unwrap_or(0);
    let mut out = Vec::new();
    for i in 0..longest {
        for (prefix, family) in families {
            if let Some(name) = family.get(i) {
                let (name, active) = match name.strip_suffix('!') {
                    Some(retired) => (retired, false),
                    None => (*name, true),
                };
                out.push((format!("{prefix}{name}"), active));
            }
        }
    }
    out.truncate(limit);
    out
}
