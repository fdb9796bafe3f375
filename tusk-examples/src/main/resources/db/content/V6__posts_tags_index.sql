-- GIN expression index on the tags array inside metadata, for `metadata -> 'tags' ? 'tag'` (and ?| / ?&). Built
-- CONCURRENTLY outside a transaction (V6__posts_tags_index.sql.conf), as V4 and V5 are.
DROP INDEX CONCURRENTLY IF EXISTS posts_tags_idx;

CREATE INDEX CONCURRENTLY posts_tags_idx ON posts USING gin ((metadata -> 'tags')) WHERE deleted_at IS NULL;
