-- Every event of each quiet endpoint as packed columns, for the fleet view (docs/snapshots.md,
-- "Endpoint event columns"): written once from the rows copied, for every endpoint with fewer rows
-- than rollups start at (busy endpoints are rolled up instead). One row per endpoint:
--   created_us  its events' created_at in unix microseconds, ascending (8-byte little-endian each)
--   latency_ms  each event's latency (4-byte little-endian; -2147483648 = none)
--   kinds       each event's status kind and outcome class (1 byte, see core/src/fleet/columns.rs)
-- Events without an endpoint or a created_at are left out: no window holds them.
CREATE TABLE aether_review_endpoint_events (
    endpoint_id TEXT PRIMARY KEY,
    events INTEGER NOT NULL,
    created_us BLOB NOT NULL,
    latency_ms BLOB NOT NULL,
    kinds BLOB NOT NULL
) WITHOUT ROWID;

-- One row once the table above is complete; a file without it is read from its raw rows.
CREATE TABLE aether_review_endpoint_events_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    below_events INTEGER NOT NULL
);
