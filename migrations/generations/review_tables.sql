-- Aether Review's own tables, in a snapshot of Aether v0.3 or of the Rust gateway (a legacy
-- snapshot gets the same tables from ../0001_snapshot_schema.sql to ../0006_snapshot_providers.sql).

-- `providers`: the providers chosen (`--providers`), a JSON list of ids; NULL = every provider.
CREATE TABLE aether_review_snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    taken_at TEXT NOT NULL,
    source TEXT NOT NULL,
    aether_schema_version TEXT,
    since_window TEXT,
    row_counts TEXT NOT NULL DEFAULT '{}',
    generator TEXT,
    generation TEXT,
    providers TEXT
);

CREATE TABLE aether_review_change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    changed_at TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    -- Shared by the entries of one save (docs/rules-update.md).
    save_id TEXT,
    -- The provider's updated_at before the save (what a replay expects).
    previous_updated_at TEXT
);
CREATE INDEX ix_change_log_provider ON aether_review_change_log (provider_id, id);
