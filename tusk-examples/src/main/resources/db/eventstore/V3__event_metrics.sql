-- How long each event took to process and whether it was handed on downstream. No foreign key to hook_events:
-- metrics are kept and cleaned up on their own schedule, and a key would make every cleanup chunk check them.
CREATE TABLE event_metrics (
    id                 bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id           uuid         NOT NULL,
    processing_time_ms double precision NOT NULL
                                    CHECK (processing_time_ms >= 0 AND processing_time_ms < 300000),
    published          boolean      NOT NULL,
    error_message      varchar(1000),
    created_at         timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX idx_event_metrics_event_id ON event_metrics (event_id);
-- Recent metrics first, and cleanup's candidates by age.
CREATE INDEX idx_event_metrics_created_at ON event_metrics (created_at DESC);
CREATE INDEX idx_event_metrics_performance ON event_metrics (processing_time_ms, published);
