//! Fleet health: every endpoint of every provider over one window, grouped by API format and
//! ranked worst first (`docs/rules.md`, "Fleet health"). The window, its buckets and the
//! aggregates are the health monitor's; the fleet reads them for all endpoints at once.

mod cells;
pub mod columns;
mod figures;
mod keys;
pub mod shelf;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::db::Database;
use crate::error::Result;
use crate::health::args::Window;
use crate::health::cancel::Conn;
use crate::health::sql::Target;
use crate::health::timeline::Slicing;
use crate::health::{window_tallies, HealthCancel, Quiet};
use crate::model::{HealthQuery, Level};
use crate::source::{self, EndpointRecord, ProviderRecord};
use cells::{Cells, FleetCells};
use figures::{figures, rank, strip, worst_ranks};
use types::{FleetEndpoint, FleetFilters, FleetFormat, FleetHealth, FleetQuery};

pub use shelf::FleetStripShelf;
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
    let slicing = Slicing::new(&window);
    // Three independent reads, each on its own pooled connection: they overlap.
    let ((providers, endpoints_of), all_keys, cells) = tokio::try_join!(
        source::providers_and_endpoints(db),
        keys::all_keys(db, window.as_of),
        read_cells(db, &window, &slicing, cancel),
    )?;

    // The endpoints that pass the filters, with their provider and their cells.
    let search = query
        .filters
        .provider_search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    let mut rows: Vec<(&ProviderRecord, &EndpointRecord, &Cells)> = Vec::new();
    for provider in &providers {
        if !search.as_deref().is_none_or(|s| name_contains(provider, s)) {
            continue;
        }
        for endpoint in endpoints_of.get(&provider.id).into_iter().flatten() {
            let mine = cells.get(&endpoint.id);
            if passes(&query.filters, provider, endpoint, mine) {
                rows.push((provider, endpoint, mine));
            }
        }
    }

    let mut formats: BTreeMap<&str, FormatAcc> = BTreeMap::new();
    let mut total = Cells::new(slicing.len());
    let mut endpoints: Vec<FleetEndpoint> = Vec::with_capacity(rows.len());
    for &(provider, endpoint, mine) in &rows {
        let row = FleetEndpoint {
            rank: 0,
            provider_id: provider.id.clone(),
            provider_name: provider.shown_name().to_owned(),
            provider_active: provider.is_active,
            endpoint_id: endpoint.id.clone(),
            api_format: endpoint.api_format.clone(),
            is_active: endpoint.is_active,
            figures: figures(mine),
            strip: Some(strip(&mine.slices)),
        };
        formats
            .entry(endpoint.api_format.as_str())
            .or_insert_with(|| FormatAcc::new(slicing.len()))
            .add(provider, &row, mine);
        total.merge(mine);
        endpoints.push(row);
    }
    rank(&mut endpoints);

    let listed: Vec<(&ProviderRecord, &EndpointRecord)> =
        rows.iter().map(|&(p, e, _)| (p, e)).collect();
    let keys = keys::cannot_serve(all_keys, &listed);
    let mut worst = worst_ranks(&endpoints, slicing.len());
    let formats = formats
        .into_iter()
        .map(|(name, acc)| FleetFormat {
            api_format: name.to_owned(),
            providers: acc.providers.len() as u64,
            endpoints: acc.endpoints,
            figures: figures(&acc.cells),
            degraded_endpoints: acc.degraded,
            unhealthy_endpoints: acc.unhealthy,
            keys_cannot_serve: keys.get(name).cloned().unwrap_or_default(),
            strip: strip(&acc.cells.slices),
            worst_ranks: worst.remove(name).unwrap_or_default(),
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

/// Every endpoint's cells over the window: a snapshot's rollups of busy endpoints and packed
/// columns of quiet ones, else what the database aggregates.
async fn read_cells(
    db: &Database,
    window: &Window,
    slicing: &Slicing,
    cancel: &HealthCancel,
) -> Result<FleetCells> {
    let mut cells = FleetCells::new(slicing.len());
    let conn = &mut Conn::acquire(db, cancel).await?;
    let packed = columns::available(db).await?;
    let quiet = if packed {
        Quiet::Elsewhere
    } else {
        Quiet::Read
    };
    let tallies = window_tallies(db, conn, Target::Fleet, window, slicing, cancel, quiet).await?;
    cells.add_tallies(tallies);
    if packed {
        columns::read(db, conn, window, slicing, &mut cells).await?;
        cancel.check()?;
    }
    Ok(cells)
}

/// Whether the provider's name (shown or stored) contains `lowercase` (case-insensitive).
fn name_contains(provider: &ProviderRecord, lowercase: &str) -> bool {
    provider.shown_name().to_lowercase().contains(lowercase)
        || provider.name.to_lowercase().contains(lowercase)
}

/// Whether an endpoint passes the fleet's endpoint filters (the provider search is applied per
/// provider, above).
fn passes(
    filters: &FleetFilters,
    provider: &ProviderRecord,
    endpoint: &EndpointRecord,
    cells: &Cells,
) -> bool {
    let format_ok =
        filters.api_formats.is_empty() || filters.api_formats.contains(&endpoint.api_format);
    let active = provider.is_active && endpoint.is_active;
    let active_ok = filters.active.is_none_or(|wanted| wanted == active);
    let traffic_ok = !filters.with_traffic_only || cells.slices.iter().any(|c| c.total > 0);
    format_ok && active_ok && traffic_ok
}

/// One format's running totals.
struct FormatAcc {
    providers: BTreeSet<String>,
    endpoints: u64,
    cells: Cells,
    degraded: u64,
    unhealthy: u64,
}

impl FormatAcc {
    fn new(slices: usize) -> Self {
        Self {
            providers: BTreeSet::new(),
            endpoints: 0,
            cells: Cells::new(slices),
            degraded: 0,
            unhealthy: 0,
        }
    }

    fn add(&mut self, provider: &ProviderRecord, row: &FleetEndpoint, cells: &Cells) {
        self.providers.insert(provider.id.clone());
        self.endpoints += 1;
        self.cells.merge(cells);
        if row.figures.rate_counts {
            match row.figures.level {
                Level::Warn => self.degraded += 1,
                Level::Bad => self.unhealthy += 1,
                _ => {}
            }
        }
    }
}
