-- Snapshot schema of the Rust gateway (docs/snapshots.md), whichever engine it ran on: the tables
-- and columns Aether Review reads from that generation (`layout::columns`), no more, so the file
-- is recognised as the Rust gateway by the same columns (v0.3's plus providers.enabled / priority,
-- provider_endpoints.health_score, provider_api_keys.auth_type). Times are canonical RFC 3339 UTC
-- text (YYYY-MM-DDTHH:MM:SS.ffffffZ), also where the gateway's SQLite file stores unix seconds or
-- milliseconds; booleans 0/1, JSON columns the source's JSON text. Constraints are kept to what
-- every Aether of this generation guarantees, so a copy never fails on a row the gateway accepted.

CREATE TABLE providers (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    website TEXT,
    provider_type TEXT,
    billing_type TEXT,
    monthly_quota_usd REAL,
    monthly_used_usd REAL,
    quota_reset_day INTEGER,
    quota_last_reset_at TEXT,
    quota_expires_at TEXT,
    provider_priority INTEGER,
    is_active INTEGER,
    keep_priority_on_conversion INTEGER,
    enable_format_conversion INTEGER,
    max_retries INTEGER,
    request_timeout REAL,
    stream_first_byte_timeout REAL,
    concurrent_limit INTEGER,
    created_at TEXT,
    updated_at TEXT,
    enabled INTEGER,
    priority INTEGER
);

CREATE TABLE provider_endpoints (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL,
    api_format TEXT,
    api_family TEXT,
    endpoint_kind TEXT,
    base_url TEXT,
    is_active INTEGER,
    created_at TEXT,
    health_score REAL
);
CREATE INDEX ix_provider_endpoints_provider ON provider_endpoints (provider_id, api_format, id);

CREATE TABLE provider_api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL,
    name TEXT,
    auth_type TEXT,
    api_formats TEXT,
    health_by_format TEXT,
    is_active INTEGER,
    -- Never the source's credentials: only the marker '<set>' when the key has an auth_config
    -- (it decides which formats a kiro bearer key serves), NULL otherwise.
    auth_config TEXT
);
CREATE INDEX ix_provider_api_keys_provider ON provider_api_keys (provider_id);

CREATE TABLE models (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL,
    provider_model_name TEXT,
    is_active INTEGER
);
CREATE INDEX ix_models_provider ON models (provider_id);

CREATE TABLE request_candidates (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT,
    candidate_index INTEGER,
    retry_index INTEGER,
    provider_id TEXT,
    endpoint_id TEXT,
    key_id TEXT,
    status TEXT,
    status_code INTEGER,
    error_type TEXT,
    error_message TEXT,
    latency_ms INTEGER,
    created_at TEXT,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX ix_request_candidates_request_id ON request_candidates (request_id);
-- The health monitor reads one endpoint's window with it.
CREATE INDEX ix_request_candidates_endpoint_created ON request_candidates (endpoint_id, created_at, id);
