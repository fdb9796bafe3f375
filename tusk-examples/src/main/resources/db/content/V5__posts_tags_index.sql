-- GIN expression index on the tags array inside metadata, for `metadata -> 'tags' ? 'tag'` (and ?| / ?&). Built
-- CONCURRENTLY outside a transaction (V5__posts_tags_index.sql.conf), as V3 and V4 are.
DROP INDEX CONCURRENTLY IF EXISTS posts_tags_idx;

CREATE INDEX CONCURRENTLY posts_tags_idx ON posts USING gin ((metadata -> 'tags')) WHERE deleted_at IS NULL;
