//! A fleet answer's strips kept apart from its rows. The app's list shows a screenful of 3,000
//! rows; it asks for the strips of those it shows, so the web view holds a few dozen strips, not
//! all of them (`docs/architecture.md`, "Memory").

use super::types::{FleetHealth, FleetQuery, FleetStrip, FleetStripPage};
use crate::error::{Error, FieldCode, FieldError, Result};
use crate::limits::LIMITS;

/// The strips of one fleet answer, by rank, as their JSON text one after another in one buffer:
/// a third of the memory of the columns, and one block our process can give back whole. The
/// rates read back exactly (serde_json's `float_roundtrip`).
#[derive(Debug)]
pub struct FleetStripShelf {
    /// The query answered, its as-of pinned to the answer's.
    query: FleetQuery,
    text: Vec<u8>,
    /// Where each strip's text ends in `text`.
    ends: Vec<usize>,
}

impl FleetStripShelf {
    /// Takes every endpoint's strip out of `fleet`, the answer to `query`.
    pub fn take(fleet: &mut FleetHealth, query: &FleetQuery) -> Result<Self> {
        let mut text = Vec::new();
        let mut ends = Vec::with_capacity(fleet.endpoints.len());
        for e in &mut fleet.endpoints {
            serde_json::to_writer(&mut text, &e.strip.take().unwrap_or_default()).map_err(|e| {
                Error::Database {
                    message: format!("cannot keep the fleet's strips: {e}"),
                }
            })?;
            ends.push(text.len());
        }
        text.shrink_to_fit();
        Ok(Self {
            query: FleetQuery {
                as_of: Some(fleet.generated_at),
                ..query.clone()
            },
            text,
            ends,
        })
    }

    /// Whether this shelf holds the answer to `query` (its as-of pinned, as the answer's is).
    pub fn answers(&self, query: &FleetQuery) -> bool {
        self.query == *query
    }

    /// The strips ranked `first_rank` to `first_rank + count - 1` (fewer at the end of the list).
    pub fn page(&self, first_rank: u32, count: u32) -> Result<FleetStripPage> {
        let bound = LIMITS.fleet_strip_page;
        let mut errors = Vec::new();
        if first_rank == 0 {
            errors.push(FieldError::new(
                "first_rank",
                FieldCode::AtLeast { min: 1.0 },
                "ranks start at 1",
            ));
        }
        if !bound.contains(count) {
            errors.push(bound.out_of_range("count", count));
        }
        if !errors.is_empty() {
            return Err(Error::validation(errors));
        }
        let from = (first_rank as usize - 1).min(self.ends.len());
        let to = (from + count as usize).min(self.ends.len());
        let strips = (from..to)
            .map(|i| {
                let start = if i == 0 { 0 } else { self.ends[i - 1] };
                serde_json::from_slice::<FleetStrip>(&self.text[start..self.ends[i]])
            })
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| Error::Database {
                message: format!("cannot read the fleet's strips: {e}"),
            })?;
        Ok(FleetStripPage { first_rank, strips })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FleetEndpoint, FleetFigures, Level, OutcomeCounts, Timestamp};

    #[test]
    fn a_kept_strip_reads_back_exactly_its_rates_included() {
        let strip = FleetStrip {
            levels: vec![Level::Bad, Level::Empty],
            total: vec![11, 0],
            success: vec![2, 0],
            service_error: vec![9, 0],
            user_error: vec![0, 0],
            success_rate: vec![Some(2.0 / 11.0), None],
        };
        let figures = FleetFigures {
            attempts: 11,
            outcomes: OutcomeCounts::default(),
            failed: 9,
            skipped: 0,
            success_rate: Some(2.0 / 11.0),
            rate_counts: false,
            latency_p50_ms: None,
            latency_p95_ms: None,
            level: Level::Bad,
        };
        let endpoint = FleetEndpoint {
            rank: 1,
            provider_id: "p".into(),
            provider_name: "P".into(),
            provider_active: true,
            endpoint_id: "e".into(),
            api_format: "claude:messages".into(),
            is_active: true,
            figures: figures.clone(),
            strip: Some(strip.clone()),
        };
        let at = Timestamp::from_timestamp(1_700_000_000, 0).unwrap();
        let mut fleet = FleetHealth {
            generated_at: at,
            since: at,
            lookback_hours: 1,
            bucket_starts: vec![at, at],
            formats: vec![],
            endpoints: vec![endpoint],
            total: figures,
            generation: crate::layout::Generation::Rust,
        };
        let shelf = FleetStripShelf::take(&mut fleet, &FleetQuery::default()).unwrap();
        assert_eq!(fleet.endpoints[0].strip, None);
        assert_eq!(shelf.page(1, 5).unwrap().strips, vec![strip]);
        assert!(shelf.page(2, 5).unwrap().strips.is_empty());
    }
}
