-- GIN index on the stored tsvector, for full-text search over live posts. Built CONCURRENTLY outside a transaction
-- (V5__posts_search_index.sql.conf), dropping an INVALID leftover of a failed build first, as V4 does.
DROP INDEX CONCURRENTLY IF EXISTS posts_search_idx;

CREATE INDEX CONCURRENTLY posts_search_idx ON posts USING gin (search) WHERE deleted_at IS NULL;
