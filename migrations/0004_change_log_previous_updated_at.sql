-- The provider's updated_at before each save, so the saves can be replayed against the database
-- the snapshot was taken from, refused there if the provider changed since (docs/rules-update.md).
-- Rows of a snapshot made before this migration keep NULL.
ALTER TABLE aether_review_change_log ADD COLUMN previous_updated_at TEXT;
