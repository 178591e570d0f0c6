//! What the fleet keeps of each endpoint's window: per slice only the counts a strip and the
//! figures show, and one latency histogram for the whole window. Thousands of endpoints × slices
//! stay a few bytes each, whichever way they were read (rollups, packed columns, SQL).

use std::collections::HashMap;

use crate::health::histogram::Histogram;
use crate::health::tally::{Tallies, Tally};
use crate::outcome::{OutcomeClass, OutcomeCounts};

/// One slice's events: by outcome class, and the statuses the fleet lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Cell {
    pub total: u64,
    pub outcomes: OutcomeCounts,
    pub failed: u64,
    pub skipped: u64,
}

impl Cell {
    pub fn add(&mut self, status: &str, class: OutcomeClass, n: u64) {
        self.total += n;
        self.outcomes.add(class, n);
        match status {
            "failed" => self.failed += n,
            "skipped" => self.skipped += n,
            _ => {}
        }
    }

    pub fn merge(&mut self, other: &Cell) {
        self.total += other.total;
        self.outcomes.merge(&other.outcomes);
        self.failed += other.failed;
        self.skipped += other.skipped;
    }

    fn of(t: &Tally) -> Self {
        Self {
            total: t.total(),
            outcomes: t.outcomes,
            failed: t.status("failed"),
            skipped: t.status("skipped"),
        }
    }
}

/// One endpoint's (or a format's, or the fleet's) slices and window latency.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cells {
    pub slices: Vec<Cell>,
    pub latency: Histogram,
}

impl Cells {
    pub fn new(slices: usize) -> Self {
        Self {
            slices: vec![Cell::default(); slices],
            latency: Histogram::default(),
        }
    }

    pub fn merge(&mut self, other: &Cells) {
        for (a, b) in self.slices.iter_mut().zip(&other.slices) {
            a.merge(b);
        }
        self.latency.merge(&other.latency);
    }

    /// The whole window as one cell.
    pub fn window(&self) -> Cell {
        let mut all = Cell::default();
        self.slices.iter().for_each(|c| all.merge(c));
        all
    }
}

/// Every endpoint's [`Cells`].
pub(crate) struct FleetCells {
    slices: usize,
    by_endpoint: HashMap<String, Cells>,
    empty: Cells,
}

impl FleetCells {
    pub fn new(slices: usize) -> Self {
        Self {
            slices,
            by_endpoint: HashMap::new(),
            empty: Cells::new(slices),
        }
    }

    pub fn at(&mut self, endpoint: &str) -> &mut Cells {
        if !self.by_endpoint.contains_key(endpoint) {
            self.by_endpoint
                .insert(endpoint.to_owned(), Cells::new(self.slices));
        }
        self.by_endpoint.get_mut(endpoint).expect("inserted above")
    }

    /// An endpoint's cells (empty ones when it had no events).
    pub fn get(&self, endpoint: &str) -> &Cells {
        self.by_endpoint.get(endpoint).unwrap_or(&self.empty)
    }

    /// Adds what the health monitor's readers tallied (SQL, rollups).
    pub fn add_tallies(&mut self, tallies: Tallies) {
        for (endpoint, slices) in tallies.into_endpoints() {
            let cells = self.at(&endpoint);
            for (cell, t) in cells.slices.iter_mut().zip(&slices) {
                cell.merge(&Cell::of(t));
                cells.latency.merge(&t.latency);
            }
        }
    }
}
