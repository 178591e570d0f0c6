//! Proptest strategies for whole datasets that hit the rules' edge cases: providers without
//! endpoints, endpoints without keys, NULL scores, inactive rows, ties in priority / created_at /
//! event time, events outside the window and exactly on its edges, NULL timestamps, NULL or
//! unknown endpoint ids, provider ids that disagree with the endpoint, statuses beyond
//! success / failed / skipped, ids whose byte order differs from a locale's order.

pub mod gateway;

use aether_review_core::dataset::{
    CandidateRow, Dataset, EndpointRow, KeyRow, ModelRow, ProviderRow,
};
use aether_review_core::model::{BillingType, HealthQuery, Timestamp};
use chrono::{TimeDelta, TimeZone, Utc};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

/// The "now" the generated times are placed around.
pub fn as_of() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

const HOUR_US: i64 = 3_600_000_000;
use aether_review_core::demo::API_FORMATS;
/// Prefixes whose byte order (`B` < `Z` < `_` < `a`) differs from a locale's (`a` < `B`).
const ID_PREFIXES: [&str; 6] = ["a", "B", "b", "Z", "_x", "-y"];
const STATUSES: [&str; 10] = [
    "success",
    "success",
    "success",
    "failed",
    "failed",
    "skipped",
    "pending",
    "started",
    "streaming",
    "available",
];
const ERROR_TYPES: [&str; 7] = [
    "timeout",
    "rate_limit",
    "server_error",
    "auth_error",
    "connection_reset",
    "overloaded",
    "bad_gateway",
];

fn at(offset_us: i64) -> Timestamp {
    as_of() + TimeDelta::microseconds(offset_us)
}

/// A time near `as_of`: often exactly on (or one microsecond or millisecond off) an edge of the
/// 1 h / 6 h / 72 h windows or a bucket boundary, often on a coarse grid (ties), sometimes anywhere
/// in 80 h. (The millisecond steps survive the gateway SQLite file's millisecond columns.)
fn event_time() -> impl Strategy<Value = Timestamp> {
    let mut edges = vec![0, -1, 1, -1000, 6 * 60_000_000 - 6 * HOUR_US];
    for hours in [1, 6, 72] {
        let edge = -hours * HOUR_US;
        edges.extend([edge, edge - 1, edge + 1, edge - 1000, edge + 1000]);
    }
    prop_oneof![
        3 => select(edges),
        4 => (-80 * 4..=4i64).prop_map(|q| q * HOUR_US / 4),
        3 => -80 * HOUR_US..=HOUR_US,
    ]
    .prop_map(at)
}

/// A row's creation time from a small set, so that ties are common.
fn row_created_at() -> impl Strategy<Value = Option<Timestamp>> {
    option::weighted(
        0.8,
        select(vec![-300 * HOUR_US, -200 * HOUR_US, -100 * HOUR_US]).prop_map(at),
    )
}

fn health_score() -> impl Strategy<Value = Option<f64>> {
    option::weighted(
        0.8,
        prop_oneof![
            3 => select(vec![0.0, 0.25, 0.375, 0.5, 0.625, 0.75, 1.0]),
            1 => 0.0..=1.0f64,
        ],
    )
}

fn id(prefix_index: usize, kind: &str, n: usize) -> String {
    format!("{}{kind}{n}", ID_PREFIXES[prefix_index % ID_PREFIXES.len()])
}

#[derive(Debug, Clone)]
struct ProviderSpec {
    prefix: usize,
    priority: i32,
    created_at: Option<Timestamp>,
    billing_type: BillingType,
    display_name: String,
    description: Option<String>,
    website: Option<String>,
    quota: (Option<f64>, Option<f64>, Option<i32>),
    quota_times: (Option<Timestamp>, Option<Timestamp>, Option<Timestamp>),
    rpm: (Option<i32>, Option<i32>),
    is_active: bool,
    updated_at: Option<Timestamp>,
    endpoints: Vec<EndpointSpec>,
    models: Vec<bool>,
}

#[derive(Debug, Clone)]
struct EndpointSpec {
    prefix: usize,
    created_at: Option<Timestamp>,
    is_active: bool,
    keys: Vec<(Option<f64>, bool)>,
}

fn endpoint_spec() -> impl Strategy<Value = EndpointSpec> {
    (
        0..ID_PREFIXES.len(),
        row_created_at(),
        prop::bool::weighted(0.8),
        vec((health_score(), prop::bool::weighted(0.7)), 0..5),
    )
        .prop_map(|(prefix, created_at, is_active, keys)| EndpointSpec {
            prefix,
            created_at,
            is_active,
            keys,
        })
}

fn provider_spec() -> impl Strategy<Value = ProviderSpec> {
    (
        (
            0..ID_PREFIXES.len(),
            select(vec![-3, 0, 1, 1, 5, 100]),
            row_created_at(),
            select(BillingType::ALL.to_vec()),
            "[A-Za-z0-9 云]{1,12}",
            option::of("[a-z ]{0,20}"),
            option::of("https://[a-z]{1,8}\\.example"),
        ),
        (
            (
                option::of(0.0..1000.0f64),
                option::of(0.0..1000.0f64),
                option::of(1..=31i32),
            ),
            (
                option::of(event_time()),
                option::of(event_time()),
                option::of(event_time()),
            ),
            (
                option::of(prop_oneof![Just(0), 1..10_000i32]),
                option::of(0..10_000i32),
            ),
            prop::bool::weighted(0.8),
            option::of(event_time()),
            vec(endpoint_spec(), 0..4),
            vec(any::<bool>(), 0..4),
        ),
    )
        .prop_map(
            |(
                (prefix, priority, created_at, billing_type, display_name, description, website),
                (quota, quota_times, rpm, is_active, updated_at, endpoints, models),
            )| ProviderSpec {
                prefix,
                priority,
                created_at,
                billing_type,
                display_name,
                description,
                website,
                quota,
                quota_times,
                rpm,
                is_active,
                updated_at,
                endpoints,
                models,
            },
        )
}

#[derive(Debug, Clone)]
struct CandidateSpec {
    prefix: usize,
    /// `None` = NULL endpoint_id; `Some(usize::MAX)` = an endpoint that does not exist.
    endpoint: Option<usize>,
    /// 0 = the endpoint's provider, 1 = another provider, 2 = NULL.
    provider: u8,
    other_provider: usize,
    status: &'static str,
    status_code: Option<i32>,
    error_type: Option<&'static str>,
    error_message: Option<String>,
    latency_ms: Option<i32>,
    created_at: Option<Timestamp>,
    started_after_us: Option<i64>,
    finished_after_us: Option<i64>,
}

fn candidate_spec() -> impl Strategy<Value = CandidateSpec> {
    candidate_spec_with(&STATUSES)
}

/// A candidate whose status is drawn from `statuses`.
fn candidate_spec_with(statuses: &'static [&'static str]) -> impl Strategy<Value = CandidateSpec> {
    let endpoint = prop_oneof![
        4 => Just(Some(0usize)),
        12 => (0..64usize).prop_map(Some),
        1 => Just(None),
        1 => Just(Some(usize::MAX)),
    ];
    // Latency histogram boundaries (a bin's largest value and the next) and the zero bin.
    let boundaries: Vec<i32> = aether_review_core::health::histogram::upper_bounds()
        .iter()
        .filter(|&&u| u < 100_000)
        .flat_map(|&u| [u as i32, u as i32 + 1])
        .chain([-7, 0])
        .collect();
    let latency = option::weighted(
        0.8,
        prop_oneof![
            select(vec![0, 5, 100, 100, 250, 1000, 30_000]),
            0..60_000i32,
            select(boundaries),
        ],
    );
    (
        (0..ID_PREFIXES.len(), endpoint, 0..3u8, 0..64usize),
        (
            select(statuses.to_vec()),
            option::of(select(vec![200, 200, 400, 429, 500, 502, 503])),
            option::weighted(0.6, select(ERROR_TYPES.to_vec())),
            option::of("[a-z ]{0,16}"),
            latency,
        ),
        (
            option::weighted(0.92, event_time()),
            option::of(0..600_000_000i64),
            option::of(prop_oneof![0..600_000_000i64, Just(-HOUR_US)]),
        ),
    )
        .prop_map(
            |(
                (prefix, endpoint, provider, other_provider),
                (status, status_code, error_type, error_message, latency_ms),
                (created_at, started_after_us, finished_after_us),
            )| CandidateSpec {
                prefix,
                endpoint,
                provider,
                other_provider,
                status,
                status_code,
                error_type,
                error_message,
                latency_ms,
                created_at,
                started_after_us,
                finished_after_us,
            },
        )
}

/// A random dataset of up to 5 providers and 160 candidates, some of whose `endpoint_id` name an
/// endpoint that does not exist (a snapshot has no foreign key there).
pub fn dataset() -> impl Strategy<Value = Dataset> {
    (vec(provider_spec(), 0..6), vec(candidate_spec(), 0..160))
        .prop_map(|(providers, candidates)| build(providers, candidates, true))
}

/// As [`dataset`], but every id a candidate names exists: for a schema with Aether's foreign keys.
pub fn dataset_without_dangling_ids() -> impl Strategy<Value = Dataset> {
    (vec(provider_spec(), 0..6), vec(candidate_spec(), 0..160))
        .prop_map(|(providers, candidates)| build(providers, candidates, false))
}

fn build(providers: Vec<ProviderSpec>, candidates: Vec<CandidateSpec>, dangling: bool) -> Dataset {
    let mut ds = Dataset::default();
    for (pi, p) in providers.into_iter().enumerate() {
        let provider_id = id(p.prefix, "p", pi);
        for (ei, e) in p.endpoints.into_iter().enumerate() {
            let endpoint_id = id(e.prefix, "e", ds.endpoints.len());
            for (health_score, is_active) in e.keys {
                ds.keys.push(KeyRow {
                    id: format!("k{}", ds.keys.len()),
                    endpoint_id: endpoint_id.clone(),
                    name: None,
                    health_score,
                    is_active,
                    ..KeyRow::new("", "", "")
                });
            }
            ds.endpoints.push(EndpointRow {
                id: endpoint_id,
                provider_id: provider_id.clone(),
                api_format: API_FORMATS[(pi + ei) % API_FORMATS.len()].to_owned(),
                base_url: format!("https://api{ei}.example"),
                is_active: e.is_active,
                created_at: e.created_at,
            });
        }
        for is_active in p.models {
            ds.models.push(ModelRow {
                id: format!("m{}", ds.models.len()),
                provider_id: provider_id.clone(),
                provider_model_name: format!("model-{}", ds.models.len()),
                is_active,
            });
        }
        ds.providers.push(ProviderRow {
            id: provider_id,
            name: format!("provider-{pi}"),
            display_name: p.display_name,
            description: p.description,
            website: p.website,
            billing_type: p.billing_type,
            monthly_quota_usd: p.quota.0,
            monthly_used_usd: p.quota.1,
            quota_reset_day: p.quota.2,
            quota_last_reset_at: p.quota_times.0,
            quota_expires_at: p.quota_times.1,
            rpm_limit: p.rpm.0,
            rpm_used: p.rpm.1,
            rpm_reset_at: p.quota_times.2,
            provider_priority: p.priority,
            is_active: p.is_active,
            created_at: p.created_at,
            updated_at: p.updated_at,
            gateway: Default::default(),
        });
    }
    add_candidates(&mut ds, candidates, dangling, false);
    ds
}

/// Appends the candidates (ids `…c<n>`) to `ds`, whose providers and endpoints they point at.
/// `dangling`: an unknown endpoint id may appear (no foreign key); `created_at_required`: a NULL
/// `created_at` becomes `as_of()` (Aether's schemas declare it NOT NULL).
fn add_candidates(
    ds: &mut Dataset,
    candidates: Vec<CandidateSpec>,
    dangling: bool,
    created_at_required: bool,
) {
    for (ci, c) in candidates.into_iter().enumerate() {
        let endpoint = match c.endpoint {
            Some(usize::MAX) if dangling => Some(("ghost-endpoint".to_owned(), None)),
            Some(i) if !ds.endpoints.is_empty() => {
                let e = &ds.endpoints[i % ds.endpoints.len()];
                Some((e.id.clone(), Some(e.provider_id.clone())))
            }
            _ => None,
        };
        let provider_id = match (c.provider, &endpoint, ds.providers.is_empty()) {
            (0, Some((_, owner)), _) => owner.clone(),
            (2, _, _) | (_, _, true) => None,
            _ => Some(
                ds.providers[c.other_provider % ds.providers.len()]
                    .id
                    .clone(),
            ),
        };
        let created_at = match c.created_at {
            None if created_at_required => Some(as_of()),
            t => t,
        };
        let after =
            |us: Option<i64>| Some(created_at.unwrap_or(as_of()) + TimeDelta::microseconds(us?));
        ds.candidates.push(CandidateRow {
            skip_reason: None,
            id: id(c.prefix, "c", ci),
            request_id: format!("r{}", ci / 3),
            candidate_index: (ci % 3) as i32,
            retry_index: 0,
            provider_id,
            endpoint_id: endpoint.map(|(id, _)| id),
            key_id: None,
            status: c.status.to_owned(),
            status_code: c.status_code,
            error_type: c.error_type.map(str::to_owned),
            error_message: c.error_message,
            latency_ms: c.latency_ms,
            created_at,
            started_at: after(c.started_after_us),
            finished_at: after(c.finished_after_us),
        });
    }
}

/// Health-monitor arguments, valid ones, leaning on the bounds and the defaults; `as_of` is
/// `as_of()`, an earlier time, or left to the database.
pub fn health_query() -> impl Strategy<Value = HealthQuery> {
    (
        option::weighted(0.85, prop_oneof![select(vec![1u32, 6, 72]), 1..=72u32]),
        option::weighted(0.85, prop_oneof![select(vec![10u32, 200]), 10..=200u32]),
        option::weighted(0.85, prop_oneof![select(vec![10u32, 60, 240]), 10..=240u32]),
        prop_oneof![
            2 => Just(Some(as_of())),
            1 => Just(None),
            1 => (0..48 * 4i64).prop_map(|q| Some(at(-q * HOUR_US / 4))),
        ],
    )
        .prop_map(
            |(lookback_hours, per_endpoint_limit, buckets, as_of)| HealthQuery {
                lookback_hours,
                per_endpoint_limit,
                as_of,
                buckets,
            },
        )
}
