-- One row per running instance of a service that writes events: opened at start, ended at shutdown.
CREATE TABLE service_sessions (
    id            uuid         PRIMARY KEY,
    service_name  varchar(255) NOT NULL CHECK (service_name <> ''),
    instance_id   varchar(255),
    status        varchar(20)  NOT NULL DEFAULT 'active'
                               CHECK (status IN ('active', 'ended', 'terminated', 'failed')),
    metadata      jsonb        NOT NULL DEFAULT '{}',
    session_start timestamptz  NOT NULL DEFAULT now(),
    session_end   timestamptz,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT service_sessions_end_after_start CHECK (session_end IS NULL OR session_end >= session_start),
    CONSTRAINT service_sessions_ended_has_end CHECK ((status = 'active') = (session_end IS NULL))
);

-- The active sessions of a service, in an index that holds only active ones.
CREATE INDEX idx_service_sessions_service_status ON service_sessions (service_name, status) WHERE status = 'active';
CREATE INDEX idx_service_sessions_created_at ON service_sessions (created_at DESC);
-- Cleanup's candidates: ended sessions by end time.
CREATE INDEX idx_service_sessions_cleanup ON service_sessions (session_end) WHERE session_end IS NOT NULL;
