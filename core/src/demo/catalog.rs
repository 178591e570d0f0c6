//! The demo catalog: a dozen providers an Aether admin would recognise, each with a story the
//! traffic then tells (an outage, a 429 burst, an expired quota, a blocked account…).

use chrono::Duration;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::models::{self, offer};
use super::TRAFFIC_MINUTES;
use crate::dataset::{Dataset, EndpointRow, GatewaySettings, KeyRow, ModelRow, ProviderRow};
use crate::model::{BillingType, Timestamp};

/// The relay whose Claude endpoint is down for part of the last six hours.
pub const OUTAGE_PROVIDER_ID: &str = "nimbus-relay";
/// The endpoint with the outage (5xx and timeouts; its keys' health is low: a red chip).
pub const OUTAGE_ENDPOINT_ID: &str = "nimbus-relay-claude";
/// The endpoint with a burst of 429s.
pub const RATE_LIMIT_ENDPOINT_ID: &str = "openrouter-claude";
/// An endpoint without any key.
pub const NO_KEY_ENDPOINT_ID: &str = "harbour-ai-gemini";
/// A provider still being set up: no endpoints.
pub const NO_ENDPOINT_PROVIDER_ID: &str = "lattice-labs";

const END: u32 = TRAFFIC_MINUTES;

/// What happens to an endpoint's traffic, in minutes since the start of the traffic window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Story {
    Normal,
    /// 5xx, timeouts and refused connections in `[from, to)`.
    Outage {
        from: u32,
        to: u32,
    },
    /// 429s in `[from, to)`.
    RateLimited {
        from: u32,
        to: u32,
    },
    /// Still routed from `from` on, but every candidate is skipped for `reason`.
    Refused {
        from: u32,
        reason: &'static str,
    },
    /// Serves traffic only before `until` (deactivated then).
    Retired {
        until: u32,
    },
}

/// One endpoint as the traffic simulator sees it.
#[derive(Debug, Clone)]
pub struct EndpointProfile {
    pub endpoint_id: String,
    pub provider_id: String,
    pub api_format: &'static str,
    pub active_keys: Vec<String>,
    /// Relative share of its API format's requests.
    pub share: f64,
    pub latency_ms: f64,
    /// Chance an ordinary attempt fails.
    pub failure: f64,
    pub story: Story,
}

/// The demo's rows and the endpoints' traffic profiles.
pub struct DemoCatalog {
    pub rows: Dataset,
    pub profiles: Vec<EndpointProfile>,
}

type Key = (Option<f64>, bool);

struct EndpointSpec {
    format: &'static str,
    base_url: &'static str,
    active: bool,
    keys: &'static [Key],
    share: f64,
    latency_ms: f64,
    failure: f64,
    story: Story,
}

struct ProviderSpec {
    slug: &'static str,
    display: &'static str,
    description: Option<&'static str>,
    website: Option<&'static str>,
    billing: BillingType,
    /// `monthly_quota_usd`, `monthly_used_usd`.
    quota: (Option<f64>, f64),
    /// Hours from the anchor (negative: already expired).
    quota_expires_in_h: Option<i64>,
    rpm: (Option<i32>, i32),
    priority: i32,
    active: bool,
    age_days: i64,
    updated_hours_ago: i64,
    models: &'static [(&'static str, &'static [&'static str])],
    endpoints: &'static [EndpointSpec],
}

const fn ep(
    format: &'static str,
    base_url: &'static str,
    keys: &'static [Key],
    share: f64,
    latency_ms: f64,
) -> EndpointSpec {
    EndpointSpec {
        format,
        base_url,
        active: true,
        keys,
        share,
        latency_ms,
        failure: 0.012,
        story: Story::Normal,
    }
}

const HEALTHY: &[Key] = &[(Some(0.98), true), (Some(0.95), true), (Some(1.0), false)];
const TWO_GOOD: &[Key] = &[(Some(0.97), true), (Some(0.92), true)];

const PROVIDERS: &[ProviderSpec] = &[
    ProviderSpec {
        slug: "anthropic",
        display: "Anthropic",
        description: Some("Official Anthropic API, team plan"),
        website: Some("https://www.anthropic.com"),
        billing: BillingType::PayAsYouGo,
        quota: (None, 1843.27),
        quota_expires_in_h: None,
        rpm: (None, 0),
        priority: 10,
        active: true,
        age_days: 420,
        updated_hours_ago: 300,
        models: &[("", models::CLAUDE)],
        endpoints: &[
            ep("CLAUDE", "https://api.anthropic.com", HEALTHY, 5.0, 2400.0),
            ep("CLAUDE_CLI", "https://api.anthropic.com", TWO_GOOD, 5.0, 5200.0),
        ],
    },
    ProviderSpec {
        slug: "openai",
        display: "OpenAI",
        description: Some("Official OpenAI API, tier 4 organisation"),
        website: Some("https://platform.openai.com"),
        billing: BillingType::PayAsYouGo,
        quota: (None, 2210.9),
        quota_expires_in_h: None,
        rpm: (Some(5000), 388),
        priority: 10,
        active: true,
        age_days: 420,
        updated_hours_ago: 120,
        models: &[("", models::OPENAI)],
        endpoints: &[
            ep("OPENAI", "https://api.openai.com/v1", HEALTHY, 6.0, 1300.0),
            ep("OPENAI_CLI", "https://api.openai.com/v1", TWO_GOOD, 6.0, 4100.0),
        ],
    },
    ProviderSpec {
        slug: "google-ai-studio",
        display: "Google AI Studio",
        description: Some("Gemini API, free tier project"),
        website: Some("https://aistudio.google.com"),
        billing: BillingType::FreeTier,
        quota: (None, 0.0),
        quota_expires_in_h: None,
        rpm: (Some(15), 11),
        priority: 40,
        active: true,
        age_days: 200,
        updated_hours_ago: 700,
        models: &[("", models::GEMINI), ("models/", models::GEMINI)],
        endpoints: &[
            EndpointSpec {
                failure: 0.04,
                ..ep(
                    "GEMINI",
                    "https://generativelanguage.googleapis.com",
                    &[(Some(0.81), true), (Some(0.74), true)],
                    4.0,
                    1100.0,
                )
            },
            ep(
                "GEMINI_CLI",
                "https://cloudcode-pa.googleapis.com",
                &[(Some(0.9), true)],
                4.0,
                3800.0,
            ),
        ],
    },
    ProviderSpec {
        slug: "deepseek",
        display: "DeepSeek",
        description: Some("Prepaid balance, topped up monthly"),
        website: Some("https://platform.deepseek.com"),
        billing: BillingType::MonthlyQuota,
        quota: (Some(500.0), 487.36),
        quota_expires_in_h: Some(24 * 240),
        rpm: (None, 0),
        priority: 20,
        active: true,
        age_days: 300,
        updated_hours_ago: 48,
        models: &[("", models::DEEPSEEK), ("", models::OPEN_WEIGHTS)],
        endpoints: &[
            ep("OPENAI", "https://api.deepseek.com/v1", TWO_GOOD, 2.0, 1900.0),
            EndpointSpec {
                active: false,
                story: Story::Retired { until: END - 36 * 60 },
                ..ep(
                    "CLAUDE",
                    "https://api.deepseek.com/anthropic",
                    &[(Some(0.88), false)],
                    1.0,
                    2600.0,
                )
            },
        ],
    },
    ProviderSpec {
        slug: "moonshot",
        display: "Moonshot AI (Kimi)",
        description: Some("Kimi K2 for the coding agents; quota expired, renewal pending"),
        website: Some("https://platform.moonshot.cn"),
        billing: BillingType::MonthlyQuota,
        quota: (Some(1000.0), 1000.0),
        quota_expires_in_h: Some(-30),
        rpm: (Some(200), 0),
        priority: 30,
        active: true,
        age_days: 150,
        updated_hours_ago: 30,
        models: &[("", models::MOONSHOT), ("", models::OPEN_WEIGHTS)],
        endpoints: &[
            EndpointSpec {
                story: Story::Refused {
                    from: END - 30 * 60,
                    reason: "provider quota expired at 2026-11-19T06:00:00Z; renew it or raise quota_expires_at",
                },
                ..ep("OPENAI", "https://api.moonshot.cn/v1", TWO_GOOD, 1.5, 1700.0)
            },
            EndpointSpec {
                story: Story::Refused {
                    from: END - 30 * 60,
                    reason: "provider quota expired at 2026-11-19T06:00:00Z; renew it or raise quota_expires_at",
                },
                ..ep(
                    "CLAUDE",
                    "https://api.moonshot.cn/anthropic",
                    &[(Some(0.93), true)],
                    1.5,
                    2100.0,
                )
            },
        ],
    },
    ProviderSpec {
        slug: "openrouter",
        display: "OpenRouter",
        description: Some("OpenAI-compatible router, fallback for every family"),
        website: Some("https://openrouter.ai"),
        billing: BillingType::PayAsYouGo,
        quota: (None, 612.4),
        quota_expires_in_h: None,
        rpm: (Some(500), 412),
        priority: 50,
        active: true,
        age_days: 380,
        updated_hours_ago: 3,
        models: &[
            ("anthropic/", models::CLAUDE),
            ("openai/", models::OPENAI),
            ("google/", models::GEMINI),
        ],
        endpoints: &[
            ep("OPENAI", "https://openrouter.ai/api/v1", TWO_GOOD, 2.0, 1600.0),
            EndpointSpec {
                story: Story::RateLimited {
                    from: END - 240,
                    to: END - 200,
                },
                ..ep(
                    "CLAUDE",
                    "https://openrouter.ai/api/v1",
                    &[(Some(0.55), true), (Some(0.62), true)],
                    3.0,
                    2700.0,
                )
            },
            ep(
                "GEMINI",
                "https://openrouter.ai/api/v1",
                &[(Some(0.96), true)],
                2.0,
                1500.0,
            ),
        ],
    },
    ProviderSpec {
        slug: OUTAGE_PROVIDER_ID,
        display: "Nimbus Relay",
        description: Some("Discount Claude/OpenAI relay (Singapore)"),
        website: Some("https://nimbus-relay.example.com"),
        billing: BillingType::PayAsYouGo,
        quota: (None, 97.15),
        quota_expires_in_h: None,
        rpm: (Some(1200), 0),
        priority: 60,
        active: true,
        age_days: 90,
        updated_hours_ago: 2,
        models: &[("", models::CLAUDE), ("", models::OPENAI)],
        endpoints: &[
            EndpointSpec {
                failure: 0.02,
                story: Story::Outage {
                    from: END - 300,
                    to: END - 150,
                },
                ..ep(
                    "CLAUDE",
                    "https://api.nimbus-relay.example.com",
                    &[(Some(0.12), true), (Some(0.25), true), (Some(0.08), true)],
                    4.0,
                    2900.0,
                )
            },
            ep(
                "CLAUDE_CLI",
                "https://api.nimbus-relay.example.com",
                &[(Some(0.86), true), (None, true)],
                3.0,
                5600.0,
            ),
            ep(
                "OPENAI",
                "https://api.nimbus-relay.example.com/v1",
                &[(Some(0.91), true)],
                1.5,
                1500.0,
            ),
        ],
    },
    ProviderSpec {
        slug: "zhipu",
        display: "Zhipu BigModel (GLM)",
        description: Some("GLM coding plan"),
        website: Some("https://open.bigmodel.cn"),
        billing: BillingType::MonthlyQuota,
        quota: (Some(300.0), 112.5),
        quota_expires_in_h: Some(24 * 40),
        rpm: (Some(0), 0),
        priority: 35,
        active: true,
        age_days: 120,
        updated_hours_ago: 20,
        models: &[("", models::GLM), ("", models::OPEN_WEIGHTS)],
        endpoints: &[EndpointSpec {
            story: Story::Refused {
                from: END - 20 * 60,
                reason: "provider RPM limit is 0: all requests blocked",
            },
            ..ep(
                "OPENAI",
                "https://open.bigmodel.cn/api/paas/v4",
                TWO_GOOD,
                1.5,
                1400.0,
            )
        }],
    },
    ProviderSpec {
        slug: "siliconflow",
        display: "SiliconFlow",
        description: None,
        website: Some("https://siliconflow.cn"),
        billing: BillingType::PayAsYouGo,
        quota: (None, 41.08),
        quota_expires_in_h: None,
        rpm: (None, 0),
        priority: 70,
        active: true,
        age_days: 25,
        updated_hours_ago: 500,
        models: &[("", models::OPEN_WEIGHTS), ("Pro/", models::OPEN_WEIGHTS)],
        endpoints: &[
            ep(
                "OPENAI",
                "https://api.siliconflow.cn/v1",
                &[(None, true), (None, true)],
                1.0,
                2200.0,
            ),
            ep(
                "OPENAI_CLI",
                "https://api.siliconflow.cn/v1",
                &[(None, true)],
                1.0,
                4700.0,
            ),
        ],
    },
    ProviderSpec {
        slug: "azure-openai-eastus",
        display: "Azure OpenAI (East US)",
        description: Some("Enterprise agreement, PTU deployment"),
        website: None,
        billing: BillingType::PayAsYouGo,
        quota: (None, 3120.0),
        quota_expires_in_h: None,
        rpm: (Some(3000), 95),
        priority: 15,
        active: true,
        age_days: 360,
        updated_hours_ago: 900,
        models: &[("", models::OPENAI)],
        endpoints: &[ep(
            "OPENAI",
            "https://contoso-eastus.openai.azure.com/openai",
            HEALTHY,
            3.0,
            1150.0,
        )],
    },
    ProviderSpec {
        slug: "harbour-ai",
        display: "Harbour AI (HK reseller)",
        description: Some("Regional reseller, invoiced in HKD; Gemini access not provisioned yet"),
        website: Some("http://harbour-ai.example.hk"),
        billing: BillingType::MonthlyQuota,
        quota: (Some(2000.0), 1968.4),
        quota_expires_in_h: Some(24 * 10),
        rpm: (Some(600), 598),
        priority: 80,
        active: true,
        age_days: 60,
        updated_hours_ago: 10,
        models: &[("", models::CLAUDE), ("", models::OPENAI), ("", models::GEMINI)],
        endpoints: &[
            ep(
                "CLAUDE",
                "https://api.harbour-ai.example.hk",
                &[(Some(0.7), true), (None, true), (Some(0.9), false)],
                1.0,
                3300.0,
            ),
            ep(
                "OPENAI",
                "https://api.harbour-ai.example.hk/v1",
                &[(Some(0.84), true)],
                1.0,
                1800.0,
            ),
            ep("GEMINI", "https://api.harbour-ai.example.hk/gemini", &[], 0.5, 1500.0),
        ],
    },
    ProviderSpec {
        slug: "legacy-claude-proxy",
        display: "Legacy Claude proxy",
        description: Some("Self-hosted proxy, decommissioned; kept for its history"),
        website: None,
        billing: BillingType::PayAsYouGo,
        quota: (None, 0.0),
        quota_expires_in_h: None,
        rpm: (None, 0),
        priority: 100,
        active: false,
        age_days: 600,
        updated_hours_ago: 60,
        models: &[("", models::CLAUDE)],
        endpoints: &[EndpointSpec {
            active: false,
            story: Story::Retired { until: END - 60 * 60 },
            ..ep(
                "CLAUDE",
                "http://10.0.4.12:8080",
                &[(Some(0.4), false), (Some(0.35), false)],
                1.0,
                3100.0,
            )
        }],
    },
    ProviderSpec {
        slug: NO_ENDPOINT_PROVIDER_ID,
        display: "Lattice Labs (onboarding)",
        description: Some("Trial account; endpoints not configured yet"),
        website: Some("https://lattice-labs.example.com"),
        billing: BillingType::FreeTier,
        quota: (None, 0.0),
        quota_expires_in_h: Some(24 * 14),
        rpm: (Some(60), 0),
        priority: 100,
        active: true,
        age_days: 2,
        updated_hours_ago: 40,
        models: &[("", models::OPEN_WEIGHTS)],
        endpoints: &[],
    },
];

/// The demo catalog, its times relative to `anchor`.
pub fn demo(rng: &mut ChaCha8Rng, anchor: Timestamp) -> DemoCatalog {
    let mut rows = Dataset::default();
    let mut profiles = Vec::new();
    for spec in PROVIDERS {
        // A few seconds of jitter keeps created_at distinct without changing the story.
        let created =
            anchor - Duration::days(spec.age_days) + Duration::seconds(rng.gen_range(0..3600));
        let monthly = spec.billing == BillingType::MonthlyQuota;
        rows.providers.push(ProviderRow {
            id: spec.slug.to_owned(),
            name: spec.slug.to_owned(),
            display_name: spec.display.to_owned(),
            description: spec.description.map(str::to_owned),
            website: spec.website.map(str::to_owned),
            billing_type: spec.billing,
            monthly_quota_usd: spec.quota.0,
            monthly_used_usd: Some(spec.quota.1),
            quota_reset_day: monthly.then_some(1),
            quota_last_reset_at: monthly.then(|| anchor - Duration::days(19) - Duration::hours(12)),
            quota_expires_at: spec.quota_expires_in_h.map(|h| anchor + Duration::hours(h)),
            rpm_limit: spec.rpm.0,
            rpm_used: Some(spec.rpm.1),
            rpm_reset_at: spec.rpm.0.map(|_| anchor + Duration::seconds(37)),
            provider_priority: spec.priority,
            is_active: spec.active,
            created_at: Some(created),
            updated_at: Some(anchor - Duration::hours(spec.updated_hours_ago)),
            gateway: GatewaySettings::default(),
        });
        for (n, (name, active)) in offer(spec.models, 20).into_iter().enumerate() {
            rows.models.push(ModelRow {
                id: format!("{}-m{:02}", spec.slug, n + 1),
                provider_id: spec.slug.to_owned(),
                provider_model_name: name,
                is_active: active && spec.active,
            });
        }
        for (n, endpoint) in spec.endpoints.iter().enumerate() {
            let endpoint_id = format!(
                "{}-{}",
                spec.slug,
                endpoint.format.to_ascii_lowercase().replace('_', "-")
            );
            let endpoint_row = EndpointRow {
                id: endpoint_id.clone(),
                provider_id: spec.slug.to_owned(),
                api_format: endpoint.format.to_owned(),
                base_url: endpoint.base_url.to_owned(),
                is_active: endpoint.active,
                created_at: Some(created + Duration::hours(n as i64 * 26)),
            };
            let mut active_keys = Vec::new();
            for (k, (health, active)) in endpoint.keys.iter().enumerate() {
                let key_id = format!("{endpoint_id}-k{}", k + 1);
                if *active {
                    active_keys.push(key_id.clone());
                }
                rows.keys.push(KeyRow::serving(
                    key_id,
                    &endpoint_row,
                    Some(format!("{} key {}", spec.display, k + 1)),
                    *health,
                    *active,
                ));
            }
            rows.endpoints.push(endpoint_row);
            profiles.push(EndpointProfile {
                endpoint_id,
                provider_id: spec.slug.to_owned(),
                api_format: endpoint.format,
                active_keys,
                share: endpoint.share,
                latency_ms: endpoint.latency_ms,
                failure: endpoint.failure,
                story: endpoint.story,
            });
        }
    }
    DemoCatalog { rows, profiles }
}
