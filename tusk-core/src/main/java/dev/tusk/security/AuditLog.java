package dev.tusk.security;

import java.time.Duration;
import java.util.Map;

/**
 * A client's audit log, from {@code client.audit()}: security events written asynchronously, in batches, to the audit
 * table (when {@code auditEnabled}) and to the {@value #LOGGER} logger. Recording never blocks: when the bounded queue
 * is full, the event is dropped and counted in {@link #dropped()}. Never put a password or a parameter value into
 * {@code details}: they are stored as given.
 */
public interface AuditLog {

    /** The logger every audit event is written to, at INFO for successes and WARN for failures. */
    String LOGGER = "dev.tusk.audit";

    /**
     * Queues an event of {@code type} by {@code principal}; returns at once, dropping the event if the queue is full.
     * {@code type} is a name of letters, digits, {@code . _ : -} (at most {@value #MAX_TYPE_LENGTH} characters);
     * {@code principal} and the details' keys and values are any text the audit table can hold verbatim: no NUL
     * character and no lone surrogate (half of a pair), which PostgreSQL cannot store. Anything else is refused with an
     * {@link IllegalArgumentException} naming the field and the position, never the text.
     */
    void record(String type, String principal, boolean success, Map<String, String> details);

    /** The longest event type {@link #record} takes. */
    int MAX_TYPE_LENGTH = 100;

    /** Events dropped because the queue was full or the log was closed. */
    long dropped();

    /** Events written to the audit table so far. */
    long written();

    /** Events recorded but not yet written to the audit table (or, with the table off, to the log). */
    long pending();

    /** Events taken into the queue so far. */
    long queued();

    /** Attempts to write a batch to the audit table that failed; each is tried again a second later. */
    long failedWrites();

    /** All the counters at once, for health and metrics. */
    default AuditStats stats() {
        return new AuditStats(queued(), pending(), written(), dropped(), failedWrites());
    }

    /** Waits up to {@code timeout} until every event recorded before this call is written; true if they all were. */
    boolean flush(Duration timeout);
}
