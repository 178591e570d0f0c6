//! The deterministic demo snapshot generator (SPEC §3, §4).

use std::path::Path;

use crate::error::Result;

/// How big a snapshot to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About a dozen providers, three days of realistic traffic.
    Demo,
    /// SPEC §4: 1,000 providers, 3 endpoints each, 5 keys per endpoint, 20 models per provider,
    /// 2,000,000 request candidates over 72 h.
    Large,
}

/// Writes a new snapshot file at `path`; the same `seed` gives byte-identical content.
pub async fn generate(path: &Path, scale: Scale, seed: u64) -> Result<()> {
    let _ = (path, scale, seed);
    todo!("issue 2: demo generator")
}
