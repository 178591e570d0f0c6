//! Random datasets of v0.3 and the Rust gateway, shaped by what each target's schema accepts and
//! leaning on the corners of `docs/generations.md`: keys whose `api_formats` is NULL, JSON null, not a list, empty,
//! repeats a format, lists formats no endpoint has, alias spellings, blanks and non-strings;
//! `health_by_format` without the format, with a null, missing or textual score; fixed provider
//! types with oauth / bearer / service_account keys, kiro bearer keys with and without an
//! `auth_config`; inactive keys and endpoints; two endpoints sharing a format; endpoints stored
//! under a non-canonical name; every status of the newer generations.

use aether_review_core::dataset::{
    Dataset, EndpointRow, GatewaySettings, KeyRow, ModelRow, ProviderRow, Target,
};
use aether_review_core::db::Dialect;
use aether_review_core::layout::{Generation, TimeEncoding};
use aether_review_core::model::{BillingType, Timestamp};
use chrono::DateTime;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

mod json_columns;

use super::{add_candidates, at, candidate_spec_with, event_time, id, CandidateSpec, HOUR_US};
use json_columns::{formats, formats_text, health, health_text, Formats, Health};

/// Statuses of v0.3 and the Rust gateway (`cancelled`, `unused` are new), weighted to the common.
const STATUSES: [&str; 12] = [
    "success",
    "success",
    "success",
    "failed",
    "failed",
    "skipped",
    "pending",
    "streaming",
    "available",
    "cancelled",
    "unused",
    "stream_interrupted",
];

/// Formats an endpoint may be stored under: the Rust gateway's canonical names, v0.3's older
/// ones, and spellings the gateway would normalise (an endpoint stored so is matched as stored).
const ENDPOINT_FORMATS: [&str; 10] = [
    "openai:chat",
    "claude:messages",
    "openai:responses",
    "gemini:generate_content",
    "openai:embedding",
    "claude:chat",
    "openai:cli",
    "OPENAI",
    "Custom:Thing",
    "openai:responses:compact",
];

const PROVIDER_TYPES: [&str; 13] = [
    "custom",
    "custom",
    "claude_code",
    "codex",
    "gemini_cli",
    "antigravity",
    "grok",
    "chatgpt_web",
    "windsurf",
    "vertex_ai",
    "kiro",
    " Kiro ",
    "openai",
];

const AUTH_TYPES: [&str; 8] = [
    "api_key",
    "api_key",
    "oauth",
    " OAuth ",
    "bearer",
    "BEARER ",
    "service_account",
    "vertex_ai",
];

/// `auth_config` as stored: absent, set, or blank in the ways a trim removes.
const AUTH_CONFIGS: [Option<&str>; 5] = [
    None,
    Some("enc:v1:Zm9vYmFy"),
    Some(""),
    Some("   "),
    Some("\t\n "),
];

/// `auth_config` as the gateway's MySQL layout stores it: its column is JSON there, so only
/// JSON can be planted (a blank JSON string still counts as set: its text is not blank).
const AUTH_CONFIGS_JSON: [Option<&str>; 4] = [
    None,
    Some(r#""enc:v1:Zm9vYmFy""#),
    Some(r#""""#),
    Some("{}"),
];

/// What the target's schema accepts, from Aether's schemas: NOT NULL columns, foreign keys, JSON
/// types, one endpoint per format on v0.3, and whole seconds / milliseconds in the gateway's
/// SQLite file and MySQL layout.
#[derive(Debug, Clone, Copy)]
struct Fit {
    generation: Generation,
    /// Aether's own schema: catalogue `created_at` / `updated_at` and candidates' `created_at`
    /// are NOT NULL.
    not_null_times: bool,
    /// PostgreSQL: candidates have foreign keys.
    checked: bool,
    /// PostgreSQL and MySQL: `json` columns hold only JSON.
    json_columns: bool,
    /// MySQL: `auth_config` is a JSON column too.
    json_auth_config: bool,
    /// v0.3's `api_formats` is `NOT NULL DEFAULT '[]'`.
    formats_not_null: bool,
    /// v0.3's `UNIQUE (provider_id, api_format)`.
    one_endpoint_per_format: bool,
    /// The gateway's SQLite file: seconds in the catalogue, milliseconds in request_candidates.
    unix: bool,
}

impl Fit {
    fn of(target: Target, dialect: Dialect) -> Self {
        let generation = target.layout.generation;
        let v03 = generation == Generation::V03;
        let aether_mysql = target.aether_schema && dialect == Dialect::Mysql;
        Self {
            generation,
            not_null_times: target.aether_schema,
            checked: target.layout.encoding == TimeEncoding::Timestamptz,
            json_columns: target.layout.encoding == TimeEncoding::Timestamptz || aether_mysql,
            json_auth_config: aether_mysql,
            formats_not_null: v03 && target.aether_schema,
            one_endpoint_per_format: v03,
            unix: target.layout.encoding == TimeEncoding::UnixEpoch,
        }
    }
}

#[derive(Debug, Clone)]
struct KeySpec {
    formats: Formats,
    health: Health,
    is_active: bool,
    auth_type: &'static str,
    auth_config: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct EndpointSpec {
    prefix: usize,
    format: usize,
    created_at: Option<Timestamp>,
    is_active: bool,
}

#[derive(Debug, Clone)]
struct ProviderSpec {
    prefix: usize,
    name: String,
    priority: i32,
    created_at: Option<Timestamp>,
    updated_at: Option<Timestamp>,
    billing_type: BillingType,
    description: Option<String>,
    website: Option<String>,
    quota: (Option<f64>, Option<f64>, Option<i32>),
    quota_times: (Option<Timestamp>, Option<Timestamp>),
    is_active: bool,
    settings: GatewaySettings,
    endpoints: Vec<EndpointSpec>,
    keys: Vec<KeySpec>,
    models: Vec<bool>,
}

fn key_spec(fit: Fit) -> impl Strategy<Value = KeySpec> {
    (
        formats(fit),
        health(fit),
        prop::bool::weighted(0.7),
        select(AUTH_TYPES.to_vec()),
        select(if fit.json_auth_config {
            AUTH_CONFIGS_JSON.to_vec()
        } else {
            AUTH_CONFIGS.to_vec()
        }),
    )
        .prop_map(
            |(formats, health, is_active, auth_type, auth_config)| KeySpec {
                formats,
                health,
                is_active,
                auth_type,
                auth_config,
            },
        )
}

/// A catalogue time: from a small set so that ties are common; NULL only where allowed.
fn catalogue_time(fit: Fit) -> BoxedStrategy<Option<Timestamp>> {
    let times = select(vec![-300 * HOUR_US, -200 * HOUR_US, -100 * HOUR_US]).prop_map(at);
    if fit.not_null_times {
        times.prop_map(Some).boxed()
    } else {
        option::weighted(0.8, times).boxed()
    }
}

fn endpoint_spec(fit: Fit) -> impl Strategy<Value = EndpointSpec> {
    (
        0..super::ID_PREFIXES.len(),
        prop_oneof![
            6 => 0..5usize,
            1 => 0..ENDPOINT_FORMATS.len(),
        ],
        catalogue_time(fit),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(prefix, format, created_at, is_active)| EndpointSpec {
            prefix,
            format,
            created_at,
            is_active,
        })
}

fn settings() -> impl Strategy<Value = GatewaySettings> {
    (
        select(PROVIDER_TYPES.to_vec()),
        option::of(0..10i32),
        option::of(select(vec![1.0, 30.5, 300.0, 600.0])),
        option::of(select(vec![1.0, 10.25, 30.0])),
        option::of(0..100i32),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(provider_type, max_retries, request, first_byte, concurrent, keep, convert)| {
                GatewaySettings {
                    provider_type: provider_type.to_owned(),
                    max_retries,
                    request_timeout: request,
                    stream_first_byte_timeout: first_byte,
                    concurrent_limit: concurrent,
                    keep_priority_on_conversion: keep,
                    enable_format_conversion: convert,
                }
            },
        )
}

/// Dollars in whole cents: the PostgreSQL schemas store quotas as numeric(20,8), which would
/// round a float with more digits.
fn usd() -> impl Strategy<Value = f64> {
    (0..100_000u32).prop_map(|cents| f64::from(cents) / 100.0)
}

fn provider_spec(fit: Fit) -> impl Strategy<Value = ProviderSpec> {
    (
        (
            0..super::ID_PREFIXES.len(),
            "[A-Za-z0-9 云]{0,12}",
            select(vec![-3, 0, 1, 1, 5, 100]),
            catalogue_time(fit),
            catalogue_time(fit),
            select(BillingType::ALL.to_vec()),
            option::of("[a-z ]{0,20}"),
            option::of("https://[a-z]{1,8}\\.example"),
        ),
        (
            (option::of(usd()), option::of(usd()), option::of(1..=31i32)),
            (option::of(event_time()), option::of(event_time())),
            prop::bool::weighted(0.8),
            settings(),
            vec(endpoint_spec(fit), 0..4),
            vec(key_spec(fit), 0..8),
            vec(any::<bool>(), 0..3),
        ),
    )
        .prop_map(
            |(
                (
                    prefix,
                    name,
                    priority,
                    created_at,
                    updated_at,
                    billing_type,
                    description,
                    website,
                ),
                (quota, quota_times, is_active, settings, endpoints, keys, models),
            )| ProviderSpec {
                prefix,
                name,
                priority,
                created_at,
                updated_at,
                billing_type,
                description,
                website,
                quota,
                quota_times,
                is_active,
                settings,
                endpoints,
                keys,
                models,
            },
        )
}

/// A random dataset of up to 5 providers and 160 candidates that `target` (a v0.3 or Rust
/// layout) can hold.
pub fn dataset(target: Target) -> impl Strategy<Value = Dataset> {
    let dialect = match target.layout.encoding {
        TimeEncoding::Timestamptz => Dialect::Postgres,
        _ => Dialect::Sqlite,
    };
    dataset_on(target, dialect)
}

/// A dataset of `generation` that every engine the gateway runs on holds as it is: JSON only in
/// JSON columns (`auth_config` too, for MySQL), no dangling references (PostgreSQL's foreign
/// keys), whole seconds / milliseconds (the unix layouts), times NOT NULL.
pub fn dataset_for_every_engine(generation: Generation) -> impl Strategy<Value = Dataset> {
    let fit = Fit {
        generation,
        not_null_times: true,
        checked: true,
        json_columns: true,
        json_auth_config: true,
        formats_not_null: generation == Generation::V03,
        one_endpoint_per_format: generation == Generation::V03,
        unix: true,
    };
    (
        vec(provider_spec(fit), 0..6),
        vec(candidate_spec_with(&STATUSES), 0..160),
    )
        .prop_map(move |(providers, candidates)| build(fit, providers, candidates))
}

/// [`dataset`] for a target on `dialect` (the encoding alone does not tell the gateway's SQLite
/// file from its MySQL layout).
pub fn dataset_on(target: Target, dialect: Dialect) -> impl Strategy<Value = Dataset> {
    let fit = Fit::of(target, dialect);
    assert!(
        fit.generation != Generation::Legacy,
        "legacy datasets come from strategies::dataset"
    );
    (
        vec(provider_spec(fit), 0..6),
        vec(candidate_spec_with(&STATUSES), 0..160),
    )
        .prop_map(move |(providers, candidates)| build(fit, providers, candidates))
}

fn build(fit: Fit, providers: Vec<ProviderSpec>, candidates: Vec<CandidateSpec>) -> Dataset {
    let mut ds = Dataset::default();
    for (pi, p) in providers.into_iter().enumerate() {
        let provider_id = id(p.prefix, "p", pi);
        let mut formats: Vec<String> = Vec::new();
        for (ei, e) in p.endpoints.into_iter().enumerate() {
            let mut format = e.format;
            if fit.one_endpoint_per_format {
                while formats.contains(&ENDPOINT_FORMATS[format].to_owned()) {
                    format = (format + 1) % ENDPOINT_FORMATS.len();
                }
            }
            formats.push(ENDPOINT_FORMATS[format].to_owned());
            ds.endpoints.push(EndpointRow {
                id: id(e.prefix, "e", ds.endpoints.len()),
                provider_id: provider_id.clone(),
                api_format: ENDPOINT_FORMATS[format].to_owned(),
                base_url: format!("https://api{ei}.example"),
                is_active: e.is_active,
                created_at: e.created_at,
            });
        }
        for k in p.keys {
            let n = ds.keys.len();
            ds.keys.push(KeyRow {
                name: None,
                is_active: k.is_active,
                api_formats: formats_text(&k.formats, &formats),
                health_by_format: health_text(&k.health, &formats),
                auth_type: k.auth_type.to_owned(),
                auth_config: k.auth_config.map(str::to_owned),
                ..KeyRow::new(&format!("k{n}"), "", &provider_id)
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
            // Unique, as Aether's schemas require.
            name: format!("{} {pi}", p.name),
            display_name: String::new(),
            description: p.description,
            website: p.website,
            billing_type: p.billing_type,
            monthly_quota_usd: p.quota.0,
            monthly_used_usd: p.quota.1,
            quota_reset_day: p.quota.2,
            quota_last_reset_at: p.quota_times.0,
            quota_expires_at: p.quota_times.1,
            rpm_limit: None,
            rpm_used: None,
            rpm_reset_at: None,
            provider_priority: p.priority,
            is_active: p.is_active,
            created_at: p.created_at,
            updated_at: p.updated_at,
            gateway: p.settings,
        });
    }
    add_candidates(&mut ds, candidates, !fit.checked, fit.not_null_times);
    if fit.unix {
        to_unix_precision(&mut ds);
    }
    ds
}

/// The gateway's SQLite file keeps whole seconds in the catalogue and whole milliseconds in
/// request_candidates: the dataset is truncated the same way before it is written, so the model
/// and the file hold the same times.
fn to_unix_precision(ds: &mut Dataset) {
    let seconds = |t: &mut Option<Timestamp>| {
        *t = t.and_then(|t| DateTime::from_timestamp(t.timestamp(), 0));
    };
    let millis = |t: &mut Option<Timestamp>| {
        *t = t.and_then(|t| DateTime::from_timestamp_millis(t.timestamp_millis()));
    };
    for p in &mut ds.providers {
        seconds(&mut p.created_at);
        seconds(&mut p.updated_at);
        seconds(&mut p.quota_last_reset_at);
        seconds(&mut p.quota_expires_at);
    }
    for e in &mut ds.endpoints {
        seconds(&mut e.created_at);
    }
    for c in &mut ds.candidates {
        millis(&mut c.created_at);
        millis(&mut c.started_at);
        millis(&mut c.finished_at);
    }
}
