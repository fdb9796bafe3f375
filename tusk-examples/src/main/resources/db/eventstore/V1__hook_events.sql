-- Hook events as received from their source, kept for processing, replay and debugging.
-- The limits EventStore checks before writing (50/100 characters, 50 errors, 10 retries) are enforced here too,
-- so a writer that bypasses EventStore cannot store what it would refuse.
CREATE TABLE hook_events (
    id                uuid        PRIMARY KEY,
    source            varchar(50)  NOT NULL CHECK (source <> ''),
    action            varchar(50)  NOT NULL CHECK (action <> ''),
    resource          varchar(50)  NOT NULL CHECK (resource <> ''),
    resource_id       varchar(100) NOT NULL CHECK (resource_id <> ''),
    payload           jsonb       NOT NULL DEFAULT '{}',
    metadata          jsonb       NOT NULL DEFAULT '{}',
    processed         boolean     NOT NULL DEFAULT false,
    processing_errors text[]      NOT NULL DEFAULT '{}',
    retry_count       integer     NOT NULL DEFAULT 0 CHECK (retry_count BETWEEN 0 AND 10),
    created_at        timestamptz NOT NULL DEFAULT now(),
    processed_at      timestamptz,
    CONSTRAINT hook_events_processed_after_created CHECK (processed_at IS NULL OR processed_at >= created_at),
    CONSTRAINT hook_events_errors_bounded CHECK (cardinality(processing_errors) <= 50)
);

-- Lookups by where an event came from and what it was.
CREATE INDEX idx_hook_events_source_action ON hook_events (source, action);
-- The work queue: unprocessed events, oldest first, in an index that holds only them.
CREATE INDEX idx_hook_events_processed ON hook_events (created_at) WHERE NOT processed;
-- Recent events first, for listings.
CREATE INDEX idx_hook_events_created_at ON hook_events (created_at DESC);
-- Events that needed retries.
CREATE INDEX idx_hook_events_retry ON hook_events (retry_count, created_at) WHERE retry_count > 0;
-- Cleanup's candidates: processed events by age, so each chunk finds its rows without scanning the table.
CREATE INDEX idx_hook_events_cleanup ON hook_events (created_at) WHERE processed;
