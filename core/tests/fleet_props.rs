//! The fleet view on a real SQLite snapshot equals the reference model, whichever way each
//! endpoint's events are read: the rollups of busy endpoints, the packed columns of quiet ones,
//! or the raw rows of a snapshot that has neither (`docs/rules.md`, "Fleet health").

mod common;

use proptest::prelude::*;
use proptest::sample::select;

use common::fixtures::runtime;
use common::fleet::check_fleet;
use common::sqlite::{load_sqlite, load_sqlite_packed};
use common::strategies::{self, as_of};

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// `rolled_from` 0: no rollups or columns (raw rows); 1: every endpoint rolled up; 3: busy
    /// endpoints rolled up, quiet ones packed; `i64::MAX`: every endpoint packed.
    #[test]
    fn the_fleet_matches_the_reference_model_from_rollups_columns_and_raw_rows(
        ds in strategies::dataset(),
        rolled_from in select(vec![0i64, 1, 3, i64::MAX]),
        lookback_hours in select(vec![1u32, 6, 72]),
        buckets in select(vec![10u32, 13, 60, 240]),
        with_traffic_only in any::<bool>(),
    ) {
        runtime().block_on(async {
            let (_dir, db) = if rolled_from == 0 {
                load_sqlite(&ds).await
            } else {
                load_sqlite_packed(&ds, rolled_from).await
            };
            check_fleet(&db, &ds, as_of(), lookback_hours, buckets, with_traffic_only).await;
        });
    }
}
