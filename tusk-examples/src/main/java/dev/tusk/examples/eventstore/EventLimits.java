package dev.tusk.examples.eventstore;

import dev.tusk.query.Json;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The limits {@link EventStore} holds every event, session and metric to, taken from the seed design, and the checks
 * that apply them. The migrations enforce the same bounds as constraints, so the database stays the last word.
 */
public final class EventLimits {

    /** The longest {@code source}, {@code action} and {@code resource}, in characters. */
    public static final int MAX_NAME_CHARS = 50;
    /** The longest {@code resourceId}, in characters. */
    public static final int MAX_RESOURCE_ID_CHARS = 100;
    /** The largest payload or metadata document, in UTF-8 bytes of its JSON text: 50 KiB. */
    public static final int MAX_DOCUMENT_BYTES = 50 * 1024;
    /** The most processing errors one event keeps. */
    public static final int MAX_PROCESSING_ERRORS = 50;
    /** The longest processing error or metric error message, in characters. */
    public static final int MAX_ERROR_CHARS = 1_000;
    /** The most retries one event records. */
    public static final int MAX_RETRY_COUNT = 10;
    /** The longest service name and instance id, in characters. */
    public static final int MAX_SERVICE_CHARS = 255;
    /** The processing time a metric must stay under: five minutes. */
    public static final Duration MAX_PROCESSING_TIME = Duration.ofMinutes(5);

    private EventLimits() {
    }

    /** Checks {@code event}, the {@code index}-th of its batch (-1 alone), and throws naming the first field refused. */
    static void check(HookEvent event, int index) {
        if (event == null) {
            throw refused(index, null, "event", "is required, but was null");
        }
        Where where = new Where(index, event.id());
        where.require("id", event.id());
        where.name("source", event.source(), MAX_NAME_CHARS);
        where.name("action", event.action(), MAX_NAME_CHARS);
        where.name("resource", event.resource(), MAX_NAME_CHARS);
        where.name("resourceId", event.resourceId(), MAX_RESOURCE_ID_CHARS);
        where.require("payload", event.payload());
        where.document("payload", event.payload());
        if (event.metadata() != null) {
            where.document("metadata", event.metadata());
        }
        where.errors(event.processingErrors());
        if (event.retryCount() < 0 || event.retryCount() > MAX_RETRY_COUNT) {
            throw where.refused("retryCount", "must be between 0 and " + MAX_RETRY_COUNT + ", but was "
                    + event.retryCount());
        }
        if (!event.processed() && event.processedAt() != null) {
            throw where.refused("processedAt", "must be null while processed is false");
        }
        if (event.processedAt() != null && event.createdAt() != null && event.processedAt().isBefore(event.createdAt())) {
            throw where.refused("processedAt", "must not be before createdAt");
        }
    }

    /** Checks the errors given to {@link EventStore#markProcessed} for event {@code id}. */
    static void checkErrors(UUID id, List<String> errors) {
        new Where(-1, id).errors(errors);
    }

    /** Checks a session's service name and instance id before it is opened. */
    static void checkSession(String serviceName, String instanceId, Json metadata) {
        Where where = new Where(-1, null, "session");
        where.name("serviceName", serviceName, MAX_SERVICE_CHARS);
        if (instanceId != null) {
            where.name("instanceId", instanceId, MAX_SERVICE_CHARS);
        }
        if (metadata != null) {
            where.document("metadata", metadata);
        }
    }

    /** Checks {@code metric}, the {@code index}-th of its batch (-1 alone). */
    static void check(EventMetric metric, int index) {
        if (metric == null) {
            throw refused(index, null, "metric", "is required, but was null");
        }
        Where where = new Where(index, metric.eventId(), "metric");
        where.require("eventId", metric.eventId());
        where.require("processingTime", metric.processingTime());
        if (metric.processingTime().isNegative() || metric.processingTime().compareTo(MAX_PROCESSING_TIME) >= 0) {
            throw where.refused("processingTime", "must be at least 0 and under " + MAX_PROCESSING_TIME.toMinutes()
                    + " minutes, but was " + metric.processingTime());
        }
        if (metric.errorMessage() != null && metric.errorMessage().length() > MAX_ERROR_CHARS) {
            throw where.refused("errorMessage", "must be at most " + count(MAX_ERROR_CHARS) + " characters, but was "
                    + count(metric.errorMessage().length()));
        }
    }

    private static EventValidationException refused(int index, UUID id, String field, String problem) {
        return new Where(index, id).refused(field, problem);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Names the item being checked in every message: its position in a batch and its id when it has one. */
    private record Where(int index, UUID id, String kind) {

        Where(int index, UUID id) {
            this(index, id, "hook event");
        }

        EventValidationException refused(String field, String problem) {
            StringBuilder message = new StringBuilder(kind);
            if (index >= 0) {
                message.append(" at index ").append(index);
            }
            if (id != null) {
                message.append(index >= 0 ? " (id " : " ").append(id).append(index >= 0 ? ")" : "");
            }
            message.append(": ").append(field).append(' ').append(problem);
            return new EventValidationException(message.toString(), field, index);
        }

        void require(String field, Object value) {
            if (value == null) {
                throw refused(field, "is required, but was null");
            }
        }

        void name(String field, String value, int maxChars) {
            require(field, value);
            if (value.isBlank()) {
                throw refused(field, "must not be blank");
            }
            if (value.length() > maxChars) {
                throw refused(field, "must be at most " + maxChars + " characters, but was " + count(value.length()));
            }
        }

        void document(String field, Json document) {
            String text = document.text();
            // Counting UTF-8 bytes without encoding: a large payload is refused without copying it.
            long bytes = utf8Length(text);
            if (bytes > MAX_DOCUMENT_BYTES) {
                throw refused(field, "must be at most " + count(MAX_DOCUMENT_BYTES) + " bytes of JSON, but was "
                        + count(bytes) + " bytes");
            }
            String start = text.stripLeading();
            if (start.isEmpty() || start.charAt(0) != '{') {
                throw refused(field, "must be a JSON object (text starting with '{'), but "
                        + (start.isEmpty() ? "was empty" : "starts with '" + printable(start.charAt(0)) + "'"));
            }
        }

        void errors(List<String> errors) {
            require("processingErrors", errors);
            if (errors.size() > MAX_PROCESSING_ERRORS) {
                throw refused("processingErrors", "must hold at most " + MAX_PROCESSING_ERRORS
                        + " entries, but held " + count(errors.size()));
            }
            for (int i = 0; i < errors.size(); i++) {
                String error = errors.get(i);
                String field = "processingErrors[" + i + "]";
                require(field, error);
                if (error.length() > MAX_ERROR_CHARS) {
                    throw refused(field, "must be at most " + count(MAX_ERROR_CHARS) + " characters, but was "
                            + count(error.length()));
                }
            }
        }
    }

    /** The length of {@code text} in UTF-8 bytes; an unpaired surrogate counts as the 3 bytes of its replacement. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c);
    }
}
