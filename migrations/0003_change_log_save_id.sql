-- Every save has a save id shared by the change-log entries it wrote (docs/rules-update.md).
-- Rows of a snapshot made before this migration keep NULL: their saves were not told apart.
ALTER TABLE aether_review_change_log ADD COLUMN save_id TEXT;
