package dev.tusk.examples.eventstore;

import dev.tusk.query.Json;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A hook event as received from its source: what happened ({@code action}) to which {@code resource}, with the
 * source's payload. {@link EventStore} checks every field against {@link EventLimits} before anything is written.
 *
 * @param id               the event's identity, chosen by the writer so that a re-sent event can be recognised
 * @param source           the system that sent it, e.g. {@code github}
 * @param action           what happened, e.g. {@code push}
 * @param resource         the kind of thing it happened to, e.g. {@code repository}
 * @param resourceId       which one
 * @param payload          the source's document, a JSON object
 * @param metadata         the receiver's notes about the event, a JSON object; null for none
 * @param processed        whether processing has finished
 * @param processingErrors what went wrong while processing; empty for nothing
 * @param retryCount       how many times processing was retried
 * @param createdAt        when it was received; null for the server's time of the write
 * @param processedAt      when processing finished; null while unprocessed
 */
public record HookEvent(UUID id, String source, String action, String resource, String resourceId, Json payload,
                        Json metadata, boolean processed, List<String> processingErrors, int retryCount,
                        Instant createdAt, Instant processedAt) {

    /** Copies the error list, so a stored event cannot change under its writer; a null list stays null for validation. */
    public HookEvent {
        processingErrors = processingErrors == null ? null : List.copyOf(processingErrors);
    }

    /** A new, unprocessed event with a random id, received now. */
    public static HookEvent of(String source, String action, String resource, String resourceId, Json payload) {
        return new HookEvent(UUID.randomUUID(), source, action, resource, resourceId, payload, null, false, List.of(),
                0, null, null);
    }

    /** This event, received at {@code time} instead of now; for imports of events received earlier. */
    public HookEvent receivedAt(Instant time) {
        return new HookEvent(id, source, action, resource, resourceId, payload, metadata, processed, processingErrors,
                retryCount, time, processedAt);
    }

    /** This event, processed at {@code time} with {@code errors}; for imports of events processed earlier. */
    public HookEvent processedAt(Instant time, List<String> errors) {
        return new HookEvent(id, source, action, resource, resourceId, payload, metadata, true, errors, retryCount,
                createdAt, time);
    }

    /** This event with {@code metadata}, the receiver's notes. */
    public HookEvent withMetadata(Json metadata) {
        return new HookEvent(id, source, action, resource, resourceId, payload, metadata, processed, processingErrors,
                retryCount, createdAt, processedAt);
    }
}
