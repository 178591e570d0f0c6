//! Small random draws the generators share (rand 0.8 has no distributions beyond uniform).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A UUID-shaped id (version 4 layout), as Aether's ids look.
pub fn uuid(rng: &mut ChaCha8Rng) -> String {
    let v: u128 = rng.gen();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (v >> 96) as u32,
        (v >> 80) as u16,
        ((v >> 64) as u16) & 0x0fff,
        (((v >> 48) as u16) & 0x3fff) | 0x8000,
        (v as u64) & 0xffff_ffff_ffff
    )
}

/// A standard normal draw (Box–Muller).
pub fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A latency around `median_ms` with a log-normal spread and an occasional slow tail.
pub fn latency_ms(rng: &mut ChaCha8Rng, median_ms: f64) -> i32 {
    let mut ms = median_ms * (0.5 * normal(rng)).exp();
    if rng.gen_bool(0.02) {
        ms *= rng.gen_range(4.0..15.0);
    }
    ms.clamp(15.0, 170_000.0) as i32
}

/// An index into `weights`, each chosen in proportion to its weight; `None` when all are zero.
pub fn weighted(rng: &mut ChaCha8Rng, weights: impl Iterator<Item = f64> + Clone) -> Option<usize> {
    let sum: f64 = weights.clone().sum();
    if sum <= 0.0 {
        return None;
    }
    let mut point = rng.gen_range(0.0..sum);
    let mut last = None;
    for (i, w) in weights.enumerate() {
        if w <= 0.0 {
            continue;
        }
        if point < w {
            return Some(i);
        }
        point -= w;
        last = Some(i);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn uuids_have_the_version_4_layout() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let id = uuid(&mut rng);
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let weights = [0.0, 3.0, 0.0, 1.0];
        for _ in 0..1_000 {
            let i = weighted(&mut rng, weights.iter().copied()).unwrap();
            assert!(i == 1 || i == 3);
        }
        assert_eq!(weighted(&mut rng, [0.0, 0.0].into_iter()), None);
    }
}
