-- Validates the CHECK V2 added NOT VALID. VALIDATE CONSTRAINT scans posts under a SHARE UPDATE EXCLUSIVE lock, which
-- lets reads and writes go on; in its own migration, so no stronger lock of V2's is still held.
SET LOCAL lock_timeout = '5s';

ALTER TABLE posts VALIDATE CONSTRAINT posts_metadata_is_object;
