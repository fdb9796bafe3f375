package dev.tusk.examples.eventstore;

import java.time.Duration;
import java.util.UUID;

/**
 * How processing one event went, for {@link EventStore#recordMetric} and {@link EventStore#recordMetrics}.
 *
 * @param eventId        the event processed
 * @param processingTime how long it took; at least zero and under {@link EventLimits#MAX_PROCESSING_TIME}
 * @param published      whether the event was handed on downstream (the seed design published to Kafka)
 * @param errorMessage   what went wrong; null when nothing did
 */
public record EventMetric(UUID eventId, Duration processingTime, boolean published, String errorMessage) {
}
