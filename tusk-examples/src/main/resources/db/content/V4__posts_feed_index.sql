-- Partial composite index for the feed: live published posts, newest first. CONCURRENTLY builds it without blocking
-- writes to posts, which is why this script runs outside a transaction (V4__posts_feed_index.sql.conf): PostgreSQL
-- refuses CREATE INDEX CONCURRENTLY in a transaction block. A build that fails leaves an INVALID index behind, so
-- the script drops any leftover first and can simply be run again.
DROP INDEX CONCURRENTLY IF EXISTS posts_feed_idx;

CREATE INDEX CONCURRENTLY posts_feed_idx ON posts (published_at DESC, id DESC)
    WHERE published_at IS NOT NULL AND deleted_at IS NULL;
