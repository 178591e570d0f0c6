-- Snapshot schema: Aether's tables and columns (SPEC §1) as close as SQLite allows.
-- Timestamps are RFC 3339 UTC text in one canonical form (YYYY-MM-DDTHH:MM:SS.ffffffZ) so that
-- text comparison is time comparison; booleans are 0/1.

CREATE TABLE providers (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    description TEXT,
    website TEXT,
    billing_type TEXT NOT NULL DEFAULT 'pay_as_you_go'
        CHECK (billing_type IN ('monthly_quota', 'pay_as_you_go', 'free_tier')),
    monthly_quota_usd REAL,
    monthly_used_usd REAL DEFAULT 0,
    quota_reset_day INTEGER,
    quota_last_reset_at TEXT,
    quota_expires_at TEXT,
    rpm_limit INTEGER,
    rpm_used INTEGER DEFAULT 0,
    rpm_reset_at TEXT,
    provider_priority INTEGER NOT NULL DEFAULT 100,
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT,
    updated_at TEXT
);
CREATE INDEX ix_providers_order ON providers (provider_priority, created_at, id);

CREATE TABLE provider_endpoints (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    api_format TEXT NOT NULL,
    base_url TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT,
    UNIQUE (provider_id, api_format)
);
CREATE INDEX ix_provider_endpoints_order ON provider_endpoints (provider_id, created_at, id);

CREATE TABLE provider_api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    endpoint_id TEXT NOT NULL REFERENCES provider_endpoints (id) ON DELETE CASCADE,
    name TEXT,
    health_score REAL,
    is_active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_provider_api_keys_endpoint ON provider_api_keys (endpoint_id);

CREATE TABLE models (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    provider_model_name TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_models_provider ON models (provider_id);

CREATE TABLE request_candidates (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL,
    candidate_index INTEGER NOT NULL DEFAULT 0,
    retry_index INTEGER NOT NULL DEFAULT 0,
    provider_id TEXT,
    endpoint_id TEXT,
    key_id TEXT,
    status TEXT NOT NULL,
    status_code INTEGER,
    error_type TEXT,
    error_message TEXT,
    latency_ms INTEGER,
    created_at TEXT,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX ix_request_candidates_request_id ON request_candidates (request_id);
-- The index Aether's PostgreSQL lacks: the health monitor reads one endpoint's window with it.
CREATE INDEX ix_request_candidates_endpoint_created ON request_candidates (endpoint_id, created_at, id);

-- Aether Review's own tables.
CREATE TABLE aether_review_snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    taken_at TEXT NOT NULL,
    source TEXT NOT NULL,
    aether_schema_version TEXT,
    since_window TEXT,
    row_counts TEXT NOT NULL DEFAULT '{}',
    generator TEXT
);

CREATE TABLE aether_review_change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    changed_at TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX ix_change_log_provider ON aether_review_change_log (provider_id, id);
