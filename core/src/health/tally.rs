//! What the window statistics and the timeline keep of a set of events: counts by status, the
//! latency histogram, status-code and error-type counts. A tally per endpoint and timeline bucket
//! is filled from SQL aggregates or a snapshot's rollups, never from the events themselves, and
//! tallies add up (a window is the sum of its buckets, a provider the sum of its endpoints).

use std::collections::{BTreeMap, HashMap};

use super::histogram::Histogram;
use crate::outcome::{OutcomeClass, OutcomeCounts};

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Tally {
    pub by_status: BTreeMap<String, u64>,
    pub outcomes: OutcomeCounts,
    pub latency: Histogram,
    pub status_codes: BTreeMap<i32, u64>,
    pub error_types: HashMap<String, u64>,
}

impl Tally {
    pub fn add_status(&mut self, status: &str, count: u64) {
        match self.by_status.get_mut(status) {
            Some(n) => *n += count,
            None => {
                self.by_status.insert(status.to_owned(), count);
            }
        }
    }

    /// `count` events of `status` in outcome class `outcome` (as [`crate::outcome::OUTCOME_SQL`]
    /// names it; an unknown name is a service error, the rule's last case).
    pub fn add_events(&mut self, status: &str, outcome: &str, count: u64) {
        self.add_status(status, count);
        let class = OutcomeClass::parse(outcome).unwrap_or(OutcomeClass::ServiceError);
        self.outcomes.add(class, count);
    }

    pub fn add_status_code(&mut self, code: i32, count: u64) {
        *self.status_codes.entry(code).or_default() += count;
    }

    pub fn add_error_type(&mut self, error_type: &str, count: u64) {
        match self.error_types.get_mut(error_type) {
            Some(n) => *n += count,
            None => {
                self.error_types.insert(error_type.to_owned(), count);
            }
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        for (status, &count) in &other.by_status {
            self.add_status(status, count);
        }
        self.outcomes.merge(&other.outcomes);
        self.latency.merge(&other.latency);
        for (&code, &count) in &other.status_codes {
            self.add_status_code(code, count);
        }
        for (error_type, &count) in &other.error_types {
            self.add_error_type(error_type, count);
        }
    }

    pub fn total(&self) -> u64 {
        self.by_status.values().sum()
    }

    pub fn status(&self, status: &str) -> u64 {
        self.by_status.get(status).copied().unwrap_or(0)
    }
}

/// One tally per timeline bucket of each endpoint.
#[derive(Debug, Default)]
pub(crate) struct Tallies {
    buckets: usize,
    by_endpoint: HashMap<String, Vec<Tally>>,
}

impl Tallies {
    pub fn new(buckets: usize) -> Self {
        Self {
            buckets,
            by_endpoint: HashMap::new(),
        }
    }

    /// The tally of `endpoint`'s bucket `bucket` (an index past the end goes to the last).
    pub fn at(&mut self, endpoint: &str, bucket: usize) -> &mut Tally {
        let buckets = self.buckets;
        if !self.by_endpoint.contains_key(endpoint) {
            self.by_endpoint
                .insert(endpoint.to_owned(), vec![Tally::default(); buckets]);
        }
        let list = self.by_endpoint.get_mut(endpoint).expect("inserted above");
        &mut list[bucket.min(buckets - 1)]
    }

    /// Every endpoint that had events, with its buckets.
    pub fn into_endpoints(self) -> impl Iterator<Item = (String, Vec<Tally>)> {
        self.by_endpoint.into_iter()
    }

    /// An endpoint's buckets (empty ones when it had no events).
    pub fn endpoint(&self, endpoint: &str) -> Vec<Tally> {
        self.by_endpoint
            .get(endpoint)
            .cloned()
            .unwrap_or_else(|| vec![Tally::default(); self.buckets])
    }
}

/// The sum of `tallies`.
pub(crate) fn sum<'a>(tallies: impl IntoIterator<Item = &'a Tally>) -> Tally {
    let mut total = Tally::default();
    for t in tallies {
        total.merge(t);
    }
    total
}
