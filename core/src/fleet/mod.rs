//! Fleet health: every endpoint of every provider over one window, grouped by API format and
//! ranked worst first (`docs/rules.md`, "Fleet health"). The window, its buckets and the
//! aggregates are the health monitor's; the fleet reads them for all endpoints at once.

mod figures;
mod keys;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::db::Database;
use crate::error::Result;
use crate::health::args::Window;
use crate::health::cancel::Conn;
use crate::health::sql::Target;
use crate::health::tally::Tally;
use crate::health::timeline::Slicing;
use crate::health::{window_tallies, HealthCancel};
use crate::model::HealthQuery;
use crate::source::{self, EndpointRecord, ProviderRecord};
use figures::{figures, rank, strip};
use types::{FleetEndpoint, FleetFilters, FleetFormat, FleetHealth, FleetQuery};

pub use types::FLEET_RULES;

/// The fleet view of `query`'s window (arguments checked as the health monitor's).
pub async fn get_fleet_health(db: &Database, query: &FleetQuery) -> Result<FleetHealth> {
    get_fleet_health_cancellable(db, query, &HealthCancel::new()).await
}

/// [`get_fleet_health`] that `cancel` can stop (`Cancelled`), its statement included.
pub async fn get_fleet_health_cancellable(
    db: &Database,
    query: &FleetQuery,
    cancel: &HealthCancel,
) -> Result<FleetHealth> {
    let result = fleet(db, query, cancel).await;
    cancel.outcome(result)
}

async fn fleet(db: &Database, query: &FleetQuery, cancel: &HealthCancel) -> Result<FleetHealth> {
    let window = Window::resolve(
        db,
        &HealthQuery {
            lookback_hours: query.lookback_hours,
            per_endpoint_limit: None,
            as_of: query.as_of,
            buckets: query.buckets,
        },
    )?;
    let catalog = source::catalog(db, None).await?;
    let slicing = Slicing::new(&window);
    let tallies = {
        let conn = &mut Conn::acquire(db, cancel).await?;
        window_tallies(db, conn, Target::Fleet, &window, &slicing, cancel).await?
    };

    // The endpoints that pass the filters, with their provider and their buckets.
    let mut rows: Vec<(&ProviderRecord, &EndpointRecord, Vec<Tally>)> = Vec::new();
    for provider in &catalog.providers {
        for endpoint in catalog.endpoints.get(&provider.id).into_iter().flatten() {
            let buckets = tallies.endpoint(&endpoint.id);
            if passes(&query.filters, provider, endpoint, &buckets) {
                rows.push((provider, endpoint, buckets));
            }
        }
    }

    let mut formats: BTreeMap<&str, FormatAcc> = BTreeMap::new();
    let mut total = Tally::default();
    let mut endpoints: Vec<FleetEndpoint> = Vec::with_capacity(rows.len());
    for (provider, endpoint, buckets) in &rows {
        let window_tally = crate::health::tally::sum(buckets);
        let row = FleetEndpoint {
            rank: 0,
            provider_id: provider.id.clone(),
            provider_name: provider.shown_name().to_owned(),
            provider_active: provider.is_active,
            endpoint_id: endpoint.id.clone(),
            api_format: endpoint.api_format.clone(),
            is_active: endpoint.is_active,
            figures: figures(&window_tally),
            strip: strip(buckets),
        };
        let acc = formats
            .entry(endpoint.api_format.as_str())
            .or_insert_with(|| FormatAcc::new(slicing.len()));
        acc.add(provider, &row, &window_tally, buckets);
        total.merge(&window_tally);
        endpoints.push(row);
    }
    rank(&mut endpoints);

    let keys = keys::cannot_serve(db, &window, &rows).await?;
    let formats = formats
        .into_iter()
        .map(|(name, acc)| FleetFormat {
            api_format: name.to_owned(),
            providers: acc.providers.len() as u64,
            endpoints: acc.endpoints,
            figures: figures(&acc.window),
            degraded_endpoints: acc.degraded,
            unhealthy_endpoints: acc.unhealthy,
            keys_cannot_serve: keys.get(name).cloned().unwrap_or_default(),
            strip: strip(&acc.buckets),
        })
        .collect();

    Ok(FleetHealth {
        generated_at: window.as_of,
        since: window.since,
        lookback_hours: window.lookback_hours,
        bucket_starts: (0..slicing.len()).map(|i| slicing.bounds(i).0).collect(),
        formats,
        endpoints,
        total: figures(&total),
        generation: db.generation(),
    })
}

/// Whether an endpoint passes the fleet's filters.
fn passes(
    filters: &FleetFilters,
    provider: &ProviderRecord,
    endpoint: &EndpointRecord,
    buckets: &[Tally],
) -> bool {
    let format_ok =
        filters.api_formats.is_empty() || filters.api_formats.contains(&endpoint.api_format);
    let active = provider.is_active && endpoint.is_active;
    let active_ok = filters.active.is_none_or(|wanted| wanted == active);
    let traffic_ok = !filters.with_traffic_only || buckets.iter().any(|b| b.total() > 0);
    let search_ok = filters
        .provider_search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .is_none_or(|s| {
            let s = s.to_lowercase();
            provider.shown_name().to_lowercase().contains(&s)
                || provider.name.to_lowercase().contains(&s)
        });
    format_ok && active_ok && traffic_ok && search_ok
}

/// One format's running totals.
struct FormatAcc {
    providers: BTreeSet<String>,
    endpoints: u64,
    window: Tally,
    buckets: Vec<Tally>,
    degraded: u64,
    unhealthy: u64,
}

impl FormatAcc {
    fn new(buckets: usize) -> Self {
        Self {
            providers: BTreeSet::new(),
            endpoints: 0,
            window: Tally::default(),
            buckets: vec![Tally::default(); buckets],
            degraded: 0,
            unhealthy: 0,
        }
    }

    fn add(
        &mut self,
        provider: &ProviderRecord,
        row: &FleetEndpoint,
        window: &Tally,
        buckets: &[Tally],
    ) {
        self.providers.insert(provider.id.clone());
        self.endpoints += 1;
        self.window.merge(window);
        for (acc, b) in self.buckets.iter_mut().zip(buckets) {
            acc.merge(b);
        }
        if row.figures.rate_counts {
            match row.figures.level {
                crate::verdict::Level::Warn => self.degraded += 1,
                crate::verdict::Level::Bad => self.unhealthy += 1,
                _ => {}
            }
        }
    }
}
