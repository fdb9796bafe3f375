package dev.tusk.security;

/**
 * A client's audit log counters at one moment, for health and metrics; all count events since the client started,
 * except {@code pending}.
 *
 * @param queued       events taken into the queue
 * @param pending      events queued but not written yet
 * @param written      events written to the audit table
 * @param dropped      events dropped because the queue was full or the log was closed
 * @param failedWrites attempts to write a batch to the audit table that failed (each is tried again a second later)
 */
public record AuditStats(long queued, long pending, long written, long dropped, long failedWrites) {
}
