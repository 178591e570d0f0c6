-- Rollups of request_candidates for the health monitor (docs/snapshots.md, "Rollups"): per busy
-- endpoint (listed in aether_review_rollup_endpoints) and aligned interval of `resolution` seconds (60, 360, 3600) starting at unix second
-- `interval_start`, written once when the snapshot is made. A window reads whole intervals here
-- and only its partial minutes from the raw rows.
--
-- Counts by status and outcome class, with the latency count, sum, max and histogram (bins of
-- docs/rules.md, "Latency percentiles", as sparse `bin:count` pairs separated by commas).
CREATE TABLE aether_review_rollup (
    resolution INTEGER NOT NULL,
    endpoint_id TEXT NOT NULL,
    interval_start INTEGER NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT NOT NULL,
    events INTEGER NOT NULL,
    latency_count INTEGER NOT NULL,
    latency_sum INTEGER NOT NULL,
    latency_max INTEGER,
    latency_bins TEXT NOT NULL,
    PRIMARY KEY (resolution, endpoint_id, interval_start, status, outcome)
) WITHOUT ROWID;

-- Events per status code and error type (either may be NULL, not both).
CREATE TABLE aether_review_rollup_codes (
    resolution INTEGER NOT NULL,
    endpoint_id TEXT NOT NULL,
    interval_start INTEGER NOT NULL,
    status_code INTEGER,
    error_type TEXT,
    events INTEGER NOT NULL
);
CREATE INDEX ix_rollup_codes ON aether_review_rollup_codes (resolution, endpoint_id, interval_start);

-- The endpoints rolled up above: those with enough rows that reading rollups beats aggregating
-- their raw rows. Every other endpoint is read from its raw rows.
CREATE TABLE aether_review_rollup_endpoints (
    endpoint_id TEXT PRIMARY KEY
) WITHOUT ROWID;

-- One row once the rollups above are complete: the request candidates they were built from. A
-- file without it (rows written some other way) is read from its raw rows.
CREATE TABLE aether_review_rollup_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    candidates INTEGER NOT NULL
);
