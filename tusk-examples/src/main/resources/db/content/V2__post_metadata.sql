-- A later column on a table that may already hold many rows. Safe because:
-- * the column is nullable with a constant default: since PostgreSQL 11 that is a catalog change, existing rows are
--   not rewritten and the ACCESS EXCLUSIVE lock is held for milliseconds;
-- * lock_timeout bounds how long the ALTER may queue behind a long transaction, since every query on posts would
--   queue behind the waiting ALTER; a migration that gives up can be run again;
-- * the CHECK is added NOT VALID, so nothing is scanned under the exclusive lock; V3 validates it in a transaction
--   of its own (validating here would scan while this transaction still holds ACCESS EXCLUSIVE).
SET LOCAL lock_timeout = '5s';

ALTER TABLE posts ADD COLUMN metadata jsonb DEFAULT '{}'::jsonb;

ALTER TABLE posts ADD CONSTRAINT posts_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object') NOT VALID;
