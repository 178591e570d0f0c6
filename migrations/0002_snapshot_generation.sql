-- The generation of Aether the snapshot was taken from ('legacy', 'v0.3', 'rust'); NULL in files
-- made before snapshots of the newer generations existed, which are all legacy.
ALTER TABLE aether_review_snapshot ADD COLUMN generation TEXT;
