//! The benchmark's scales. Large: 1,000 providers × 3 endpoints × 5 keys, 20 models each, exactly
//! 2,000,000 request candidates over 72 h. Busy: the shape of a busy gateway — one provider whose
//! 3 endpoints carry 6,000,000 request candidates over 72 h, and 200 quiet providers. Short ids
//! keep the file and the indexes small.

use chrono::Duration;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::sample::latency_ms;
use super::{API_FORMATS, TRAFFIC_MINUTES};
use crate::dataset::{
    CandidateRow, Dataset, EndpointRow, GatewaySettings, KeyRow, ModelRow, ProviderRow,
};
use crate::model::{BillingType, Timestamp};

pub const PROVIDERS: usize = 1_000;
pub const ENDPOINTS_PER_PROVIDER: usize = 3;
pub const KEYS_PER_ENDPOINT: usize = 5;
pub const MODELS_PER_PROVIDER: usize = 20;
pub const CANDIDATES: u64 = 2_000_000;

/// The busy scale: providers besides the busy one, and the candidates of each part.
pub const QUIET_PROVIDERS: usize = 200;
pub const BUSY_CANDIDATES: u64 = 6_000_000;
pub const QUIET_CANDIDATES: u64 = 200_000;
/// The busy scale's busy provider (the first).
pub const BUSY_PROVIDER_ID: &str = "p0001";

fn provider_id(p: usize) -> String {
    format!("p{:04}", p + 1)
}

/// The large catalog.
pub fn catalog(rng: &mut ChaCha8Rng, anchor: Timestamp) -> Dataset {
    catalog_of(PROVIDERS, rng, anchor)
}

/// The busy catalog: the busy provider first, then the quiet ones, shaped as the large ones.
pub fn busy_catalog(rng: &mut ChaCha8Rng, anchor: Timestamp) -> Dataset {
    catalog_of(1 + QUIET_PROVIDERS, rng, anchor)
}

fn catalog_of(providers: usize, rng: &mut ChaCha8Rng, anchor: Timestamp) -> Dataset {
    let mut rows = Dataset::default();
    for p in 0..providers {
        let id = provider_id(p);
        let billing = BillingType::ALL[p % 3];
        let monthly = billing == BillingType::MonthlyQuota;
        let quota = rng.gen_range(100.0..5_000.0_f64).round();
        let created = anchor - Duration::days(500) + Duration::minutes(p as i64 * 97);
        rows.providers.push(ProviderRow {
            id: id.clone(),
            name: format!("provider-{:04}", p + 1),
            display_name: format!("Provider {:04}", p + 1),
            description: (p % 4 != 0)
                .then(|| format!("Synthetic provider {} for benchmarks", p + 1)),
            website: (p % 5 != 0).then(|| format!("https://provider-{:04}.example.com", p + 1)),
            billing_type: billing,
            monthly_quota_usd: monthly.then_some(quota),
            monthly_used_usd: Some((quota * rng.gen_range(0.0..1.0_f64)).round()),
            quota_reset_day: monthly.then_some((p % 28) as i32 + 1),
            quota_last_reset_at: monthly.then(|| anchor - Duration::days(10)),
            quota_expires_at: (p % 7 == 0).then(|| anchor + Duration::days(p as i64 % 60 - 10)),
            rpm_limit: match p % 4 {
                0 => None,
                1 => Some(0),
                _ => Some(rng.gen_range(60..5_000)),
            },
            rpm_used: Some(rng.gen_range(0..60)),
            rpm_reset_at: None,
            provider_priority: rng.gen_range(1..200),
            is_active: p % 10 != 9,
            created_at: Some(created),
            updated_at: Some(created + Duration::days(30)),
            gateway: GatewaySettings::default(),
        });
        for m in 0..MODELS_PER_PROVIDER {
            rows.models.push(ModelRow {
                id: format!("{id}m{:02}", m + 1),
                provider_id: id.clone(),
                provider_model_name: format!("model-{:02}", m + 1),
                is_active: m % 8 != 7,
            });
        }
        for e in 0..ENDPOINTS_PER_PROVIDER {
            let endpoint_id = format!("{id}e{}", e + 1);
            let endpoint = EndpointRow {
                id: endpoint_id.clone(),
                provider_id: id.clone(),
                api_format: API_FORMATS[(p + e * 2) % API_FORMATS.len()].to_owned(),
                base_url: format!("https://provider-{:04}.example.com/v{}", p + 1, e + 1),
                is_active: (p + e) % 11 != 0,
                created_at: Some(created + Duration::hours(e as i64)),
            };
            for k in 0..KEYS_PER_ENDPOINT {
                rows.keys.push(KeyRow::serving(
                    format!("{endpoint_id}k{}", k + 1),
                    &endpoint,
                    Some(format!("key {}", k + 1)),
                    (rng.gen_range(0..10) != 0).then(|| rng.gen_range(0.2..1.0)),
                    k != 4,
                ));
            }
            rows.endpoints.push(endpoint);
        }
    }
    rows
}

struct Target {
    provider_id: String,
    endpoint_id: String,
    keys: Vec<String>,
    failure: f64,
}

/// Endpoints `targets` share `candidates` rows, uniformly.
struct Share {
    targets: std::ops::Range<usize>,
    candidates: u64,
    written: u64,
}

/// Exactly the shares' rows, spread evenly over the window's minutes, uniformly over each
/// share's endpoints; a failed attempt is sometimes retried on another endpoint of the same
/// provider.
pub struct LargeTraffic {
    targets: Vec<Target>,
    shares: Vec<Share>,
    since: Timestamp,
    anchor: Timestamp,
    written: u64,
    requests: u64,
}

impl LargeTraffic {
    /// [`CANDIDATES`] over every endpoint of the large catalog.
    pub fn new(catalog: &Dataset, anchor: Timestamp) -> Self {
        let endpoints = catalog.endpoints.len();
        Self::with_shares(catalog, anchor, vec![(0..endpoints, CANDIDATES)])
    }

    /// [`BUSY_CANDIDATES`] on the busy provider's endpoints, [`QUIET_CANDIDATES`] over the others.
    pub fn busy(catalog: &Dataset, anchor: Timestamp) -> Self {
        let endpoints = catalog.endpoints.len();
        Self::with_shares(
            catalog,
            anchor,
            vec![
                (0..ENDPOINTS_PER_PROVIDER, BUSY_CANDIDATES),
                (ENDPOINTS_PER_PROVIDER..endpoints, QUIET_CANDIDATES),
            ],
        )
    }

    fn with_shares(
        catalog: &Dataset,
        anchor: Timestamp,
        shares: Vec<(std::ops::Range<usize>, u64)>,
    ) -> Self {
        let targets = catalog
            .endpoints
            .iter()
            .enumerate()
            .map(|(i, e)| Target {
                provider_id: e.provider_id.clone(),
                endpoint_id: e.id.clone(),
                keys: (1..=KEYS_PER_ENDPOINT)
                    .map(|k| format!("{}k{k}", e.id))
                    .collect(),
                failure: 0.02 + (i % 7) as f64 * 0.01,
            })
            .collect();
        Self {
            targets,
            shares: shares
                .into_iter()
                .map(|(targets, candidates)| Share {
                    targets,
                    candidates,
                    written: 0,
                })
                .collect(),
            since: anchor - Duration::minutes(i64::from(TRAFFIC_MINUTES)),
            anchor,
            written: 0,
            requests: 0,
        }
    }

    pub fn minute(&mut self, minute: u32, rng: &mut ChaCha8Rng, out: &mut Vec<CandidateRow>) {
        let start = self.since + Duration::minutes(i64::from(minute));
        for s in 0..self.shares.len() {
            let share = &self.shares[s];
            let due = share.candidates * (u64::from(minute) + 1) / u64::from(TRAFFIC_MINUTES);
            let targets = share.targets.clone();
            while self.shares[s].written < due {
                self.requests += 1;
                let request_id = format!("r{:07}", self.requests);
                let at = start + Duration::milliseconds(rng.gen_range(0..60_000));
                let target = rng.gen_range(targets.clone());
                self.shares[s].written += 1;
                let failed = self.candidate(&request_id, 0, target, at, rng, out);
                if failed && self.shares[s].written < due && rng.gen_bool(0.5) {
                    // The next endpoint of the same provider.
                    let next = target - target % ENDPOINTS_PER_PROVIDER
                        + (target + 1) % ENDPOINTS_PER_PROVIDER;
                    let retry_at = at + Duration::milliseconds(rng.gen_range(50..3_000));
                    self.shares[s].written += 1;
                    self.candidate(&request_id, 1, next, retry_at, rng, out);
                }
            }
        }
    }

    /// Writes one candidate; returns whether it failed.
    fn candidate(
        &mut self,
        request_id: &str,
        candidate_index: i32,
        target: usize,
        at: Timestamp,
        rng: &mut ChaCha8Rng,
        out: &mut Vec<CandidateRow>,
    ) -> bool {
        self.written += 1;
        let t = &self.targets[target];
        let mut row = CandidateRow {
            skip_reason: None,
            id: format!("c{:07}", self.written),
            request_id: request_id.to_owned(),
            candidate_index,
            retry_index: 0,
            provider_id: Some(t.provider_id.clone()),
            endpoint_id: Some(t.endpoint_id.clone()),
            key_id: Some(t.keys[rng.gen_range(0..t.keys.len())].clone()),
            status: "success".into(),
            status_code: Some(200),
            error_type: None,
            error_message: None,
            latency_ms: None,
            created_at: Some(at.min(self.anchor)),
            started_at: None,
            finished_at: None,
        };
        let roll: f64 = rng.gen();
        if roll < 0.03 {
            row.status = "skipped".into();
            row.status_code = None;
            row.key_id = None;
            row.error_message = Some("circuit breaker open".into());
            out.push(row);
            return false;
        }
        let failed = roll < 0.03 + t.failure;
        let latency = if failed {
            let (code, kind, ms) = match rng.gen_range(0..4) {
                0 => (Some(429), "rate_limit_error", 120),
                1 => (Some(502), "upstream_error", 900),
                2 => (Some(500), "server_error", 1_500),
                _ => (None, "timeout", 60_000),
            };
            row.status = "failed".into();
            row.status_code = code;
            row.error_type = Some(kind.into());
            row.error_message = Some(format!("{kind} from upstream"));
            ms + rng.gen_range(0..100)
        } else {
            latency_ms(rng, 1_500.0)
        };
        let started = row.created_at.unwrap_or(at) + Duration::milliseconds(10);
        let finished = started + Duration::milliseconds(i64::from(latency));
        row.started_at = Some(started.min(self.anchor));
        if finished > self.anchor {
            row.status = "streaming".into();
        } else {
            row.finished_at = Some(finished);
            row.latency_ms = Some(latency);
        }
        out.push(row);
        failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn the_busy_provider_carries_its_share_and_the_quiet_ones_theirs() {
        let anchor = crate::demo::taken_at();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let catalog = busy_catalog(&mut rng, anchor);
        assert_eq!(catalog.providers.len(), 1 + QUIET_PROVIDERS);
        assert_eq!(catalog.providers[0].id, BUSY_PROVIDER_ID);
        let mut traffic = LargeTraffic::busy(&catalog, anchor);
        let mut rows = Vec::new();
        let minutes = 3;
        for minute in 0..minutes {
            traffic.minute(minute, &mut rng, &mut rows);
        }
        let busy = rows
            .iter()
            .filter(|r| r.provider_id.as_deref() == Some(BUSY_PROVIDER_ID))
            .count() as u64;
        let per_minute = |n: u64| n * u64::from(minutes) / u64::from(TRAFFIC_MINUTES);
        assert_eq!(busy, per_minute(BUSY_CANDIDATES));
        assert_eq!(rows.len() as u64 - busy, per_minute(QUIET_CANDIDATES));
        // Every candidate has its own id.
        let ids: std::collections::BTreeSet<_> = rows.iter().map(|r| &r.id).collect();
        assert_eq!(ids.len(), rows.len());
    }
}
