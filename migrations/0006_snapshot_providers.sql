-- The providers chosen when the snapshot was taken (`--providers`), as a JSON list of ids: the
-- file then holds only their rows, which a request chain names as a possible cause of a gap.
-- NULL when every provider was copied, and in files made before it was recorded.
ALTER TABLE aether_review_snapshot ADD COLUMN providers TEXT;
