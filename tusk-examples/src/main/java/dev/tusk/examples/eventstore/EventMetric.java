package dev.tusk.examples.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * How processing one event went, for {@link EventStore#recordMetric} and {@link EventStore#recordMetrics}.
 *
 * @param eventId        the event processed
 * @param processingTime how long it took; at least zero and under {@link EventLimits#MAX_PROCESSING_TIME}
 * @param published      whether the event was handed on downstream (the seed design published to Kafka)
 * @param errorMessage   what went wrong; null when nothing did
 * @param recordedAt     when it was recorded; null for the server's time of the write
 */
public record EventMetric(UUID eventId, Duration processingTime, boolean published, String errorMessage,
                          Instant recordedAt) {

    /** A metric recorded now. */
    public static EventMetric of(UUID eventId, Duration processingTime, boolean published, String errorMessage) {
        return new EventMetric(eventId, processingTime, published, errorMessage, null);
    }
}
