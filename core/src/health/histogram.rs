//! The latency histogram every percentile comes from (`docs/rules.md`, "Latency percentiles"):
//! fixed logarithmic bins, so that bins counted by SQL over raw rows, read from a snapshot's
//! rollups or counted here add up the same way, and p50 / p95 come out of one function.
//!
//! A latency `v ≥ 1` ms falls in bin `k = ⌈log_γ v⌉` with `γ = (1 + α) / (1 − α)`, `α = 0.01`;
//! a latency `≤ 0` in a bin of its own ([`ZERO_BIN`], value 0). For whole milliseconds, bin `k`
//! holds exactly the integers `⌊γ^(k−1)⌋ < v ≤ ⌊γ^k⌋`, so the bin is found by comparing with
//! integer boundaries — in Rust and in SQL alike, with no floating point on either side. The
//! boundaries are computed exactly (big integers: `99^k · u ≤ 101^k`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The histogram's relative accuracy: a bin's value is within `ALPHA` of every latency in it
/// (before rounding to whole milliseconds).
pub const ALPHA: f64 = 0.01;
/// How close every latency percentile is to the exact nearest-rank latency: within
/// `relative_error` of it, plus at most `rounding_ms` from rounding to whole milliseconds.
/// Exported to the UI (its latency note states it) through the bindings as
/// `PERCENTILE_ACCURACY`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct PercentileAccuracy {
    #[specta(type = crate::model::FiniteNumber)]
    pub relative_error: f64,
    #[specta(type = crate::model::FiniteNumber)]
    pub rounding_ms: f64,
}

pub const PERCENTILE_ACCURACY: PercentileAccuracy = PercentileAccuracy {
    relative_error: ALPHA,
    rounding_ms: 0.5,
};

/// `γ = (1 + α) / (1 − α) = 101 / 99`.
const GAMMA_NUM: u64 = 101;
const GAMMA_DEN: u64 = 99;
/// Latencies of 0 ms and below (not a real duration, but counted).
pub const ZERO_BIN: i32 = -1;

fn gamma() -> f64 {
    GAMMA_NUM as f64 / GAMMA_DEN as f64
}

/// `⌊γ^k⌋` for `k = 0, 1, …` up to the first boundary at or above `i32::MAX` (the largest
/// latency a row holds): bin `k`'s largest latency.
pub fn upper_bounds() -> &'static [i64] {
    static BOUNDS: OnceLock<Vec<i64>> = OnceLock::new();
    BOUNDS.get_or_init(|| {
        let mut bounds = Vec::new();
        let mut num = Big::one();
        let mut den = Big::one();
        let mut k = 0i32;
        loop {
            // A floating-point guess, then corrected to the exact floor of num / den.
            let mut u = gamma().powi(k).floor() as i64;
            while den.times(u as u64).gt(&num) {
                u -= 1;
            }
            while !den.times(u as u64 + 1).gt(&num) {
                u += 1;
            }
            bounds.push(u);
            if u >= i64::from(i32::MAX) {
                return bounds;
            }
            num = num.times(GAMMA_NUM);
            den = den.times(GAMMA_DEN);
            k += 1;
        }
    })
}

/// The bin of a latency in milliseconds.
pub fn bin_of(latency_ms: i64) -> i32 {
    if latency_ms < 1 {
        return ZERO_BIN;
    }
    let bounds = upper_bounds();
    // The first k with latency ≤ ⌊γ^k⌋; beyond the last boundary, the last bin.
    let k = bounds.partition_point(|&upper| upper < latency_ms);
    k.min(bounds.len() - 1) as i32
}

/// The value a bin stands for: `2γ^k / (γ + 1)` (within `α` of every latency of the bin),
/// rounded to whole milliseconds and kept inside the bin's integers; 0 for [`ZERO_BIN`].
pub fn bin_value(bin: i32) -> i64 {
    let Ok(k) = usize::try_from(bin) else {
        return 0;
    };
    let bounds = upper_bounds();
    let k = k.min(bounds.len() - 1);
    let upper = bounds[k];
    let lower = if k == 0 { 1 } else { bounds[k - 1] + 1 };
    let g = gamma();
    let value = (2.0 * g.powi(k as i32) / (g + 1.0)).round() as i64;
    value.clamp(lower.min(upper), upper)
}

/// A SQL expression giving [`bin_of`] of the integer expression `latency` (NULL for NULL): a
/// binary search over the boundaries as integer literals, the same text on every engine.
pub fn sql_bin(latency: &str) -> String {
    // Distinct lower bounds (the smallest latency of each non-empty bin) with their bin.
    let bounds = upper_bounds();
    let mut steps: Vec<(i64, i32)> = Vec::new();
    let mut lower = 1;
    for (k, &upper) in bounds.iter().enumerate() {
        if upper >= lower {
            steps.push((lower, k as i32));
            lower = upper + 1;
        }
    }
    format!(
        "CASE WHEN {latency} IS NULL THEN NULL WHEN {latency} < 1 THEN {ZERO_BIN} ELSE {} END",
        search(latency, &steps)
    )
}

/// `CASE` tree giving the value of the last step whose threshold `value` reaches (`steps`
/// ascending, `value` at least the first threshold).
pub(crate) fn search<V: std::fmt::Display>(
    value: &str,
    steps: &[(impl std::fmt::Display, V)],
) -> String {
    match steps {
        [] => unreachable!("a search over no steps"),
        [(_, v)] => v.to_string(),
        _ => {
            let mid = steps.len() / 2;
            format!(
                "CASE WHEN {value} >= {} THEN {} ELSE {} END",
                steps[mid].0,
                search(value, &steps[mid..]),
                search(value, &steps[..mid])
            )
        }
    }
}

/// Counts latencies one by one into a flat array of bins, then hands them to a [`Histogram`]:
/// for reading millions of single latencies (a map insert each would cost more than the rest).
#[derive(Debug, Default)]
pub struct BinCounter {
    /// Count per bin, at index `bin + 1` (the zero bin is −1).
    counts: Vec<u64>,
    /// The bins counted since the last flush.
    touched: Vec<usize>,
    max: Option<i64>,
}

impl BinCounter {
    pub fn record(&mut self, latency_ms: i64) {
        if self.counts.is_empty() {
            self.counts = vec![0; upper_bounds().len() + 1];
        }
        let slot = usize::try_from(bin_of(latency_ms) + 1).unwrap_or(0);
        if self.counts[slot] == 0 {
            self.touched.push(slot);
        }
        self.counts[slot] += 1;
        self.max = Some(self.max.map_or(latency_ms, |m| m.max(latency_ms)));
    }

    /// Adds the counted latencies to `into` and starts again from nothing.
    pub fn flush(&mut self, into: &mut Histogram) {
        let Some(max) = self.max.take() else { return };
        for slot in self.touched.drain(..) {
            let count = std::mem::take(&mut self.counts[slot]);
            // `slot` < the number of bins + 1, far inside i32.
            *into.bins.entry(slot as i32 - 1).or_default() += count;
        }
        into.raise_max(max);
    }
}

/// Counts per bin and the exact largest latency: what window statistics and timeline buckets
/// keep of their latencies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram {
    bins: BTreeMap<i32, u64>,
    max: Option<i64>,
}

impl Histogram {
    /// Adds `count` latencies of `bin`, the largest being `max`.
    pub fn add(&mut self, bin: i32, count: u64, max: i64) {
        if count == 0 {
            return;
        }
        *self.bins.entry(bin).or_default() += count;
        self.max = Some(self.max.map_or(max, |m| m.max(max)));
    }

    /// Adds one latency.
    pub fn record(&mut self, latency_ms: i64) {
        self.add(bin_of(latency_ms), 1, latency_ms);
    }

    pub fn merge(&mut self, other: &Histogram) {
        for (&bin, &count) in &other.bins {
            *self.bins.entry(bin).or_default() += count;
        }
        if let Some(max) = other.max {
            self.max = Some(self.max.map_or(max, |m| m.max(max)));
        }
    }

    /// Raises the largest latency (a maximum known apart from the bins).
    pub fn raise_max(&mut self, max: i64) {
        self.max = Some(self.max.map_or(max, |m| m.max(max)));
    }

    pub fn count(&self) -> u64 {
        self.bins.values().sum()
    }

    pub fn max(&self) -> Option<i64> {
        self.max
    }

    /// Nearest-rank percentile: the value of the bin holding the latency of rank `⌈p·n⌉`, never
    /// above the largest latency; `None` without latencies.
    pub fn percentile(&self, percent: u64) -> Option<i64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let rank = (percent * n).div_ceil(100).max(1);
        let mut seen = 0;
        for (&bin, &count) in &self.bins {
            seen += count;
            if seen >= rank {
                let value = bin_value(bin);
                return Some(self.max.map_or(value, |max| value.min(max)));
            }
        }
        self.max
    }
}

/// A non-negative big integer (little-endian 32-bit limbs), only as much as the boundaries need.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn one() -> Self {
        Self(vec![1])
    }

    fn times(&self, factor: u64) -> Self {
        let mut out = Vec::with_capacity(self.0.len() + 2);
        let mut carry: u128 = 0;
        for &limb in &self.0 {
            let product = u128::from(limb) * u128::from(factor) + carry;
            out.push(product as u32);
            carry = product >> 32;
        }
        while carry > 0 {
            out.push(carry as u32);
            carry >>= 32;
        }
        while out.len() > 1 && out.last() == Some(&0) {
            out.pop();
        }
        Self(out)
    }

    fn gt(&self, other: &Big) -> bool {
        if self.0.len() != other.0.len() {
            return self.0.len() > other.0.len();
        }
        for (a, b) in self.0.iter().rev().zip(other.0.iter().rev()) {
            if a != b {
                return a > b;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boundaries_are_the_floors_of_the_powers_of_gamma() {
        let bounds = upper_bounds();
        assert_eq!(bounds[0], 1);
        assert_eq!(bounds[1], 1); // γ = 1.0202…
        assert_eq!(bounds[35], 2); // γ^35 = 2.0138…, γ^34 = 1.9739…
        assert_eq!(bounds[34], 1);
        assert!(*bounds.last().unwrap() >= i64::from(i32::MAX));
        assert!(bounds[bounds.len() - 2] < i64::from(i32::MAX));
        // Against floating point where it is far from an integer.
        for (k, &u) in bounds.iter().enumerate() {
            let exact = gamma().powi(k as i32);
            if (exact - exact.round()).abs() > 1e-6 {
                assert_eq!(u, exact.floor() as i64, "k = {k}");
            }
        }
    }

    #[test]
    fn a_bin_holds_the_integers_between_two_boundaries() {
        let bounds = upper_bounds();
        for k in 1..bounds.len() {
            let (below, upper) = (bounds[k - 1], bounds[k]);
            if upper > below {
                assert_eq!(bin_of(upper), k as i32, "k = {k}");
                assert_eq!(bin_of(below + 1), k as i32, "k = {k}");
                assert!(bin_of(below) < k as i32, "k = {k}");
            }
        }
        assert_eq!(bin_of(1), 0);
        assert_eq!(bin_of(0), ZERO_BIN);
        assert_eq!(bin_of(-5), ZERO_BIN);
        assert_eq!(bin_of(i64::from(i32::MAX)), bounds.len() as i32 - 1);
        assert_eq!(bin_of(i64::MAX), bounds.len() as i32 - 1);
    }

    #[test]
    fn a_bins_value_is_within_alpha_plus_rounding_and_exact_below_fifty() {
        for v in (1..200_000).chain((0..2_000).map(|i| 200_000 + i * 1_000_003)) {
            let value = bin_value(bin_of(v));
            let error = (value - v).abs() as f64;
            assert!(
                error <= ALPHA * v as f64 + PERCENTILE_ACCURACY.rounding_ms,
                "{v} → {value}"
            );
            if v < 50 {
                assert_eq!(value, v);
            }
        }
        assert_eq!(bin_value(ZERO_BIN), 0);
    }

    #[test]
    fn percentiles_take_the_nearest_rank_bin_and_never_pass_the_max() {
        let mut h = Histogram::default();
        assert_eq!(h.percentile(50), None);
        for v in [10, 20, 30, 1_000] {
            h.record(v);
        }
        assert_eq!(h.percentile(50), Some(20));
        assert_eq!(h.percentile(95), Some(1_000.min(bin_value(bin_of(1_000)))));
        assert_eq!(h.max(), Some(1_000));
        let mut one = Histogram::default();
        one.record(12_345);
        assert_eq!(
            one.percentile(95),
            Some(bin_value(bin_of(12_345)).min(12_345))
        );
    }
}
