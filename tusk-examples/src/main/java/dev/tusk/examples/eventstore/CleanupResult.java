package dev.tusk.examples.eventstore;

import java.time.Duration;

/**
 * What one {@link EventStore#cleanupOldData} run deleted, table by table, and how.
 *
 * @param hookEventsDeleted processed hook events received before the cutoff
 * @param eventMetricsDeleted event metrics recorded before the cutoff
 * @param sessionsDeleted   sessions ended before the cutoff
 * @param chunks            DELETE statements that deleted at least one row, each its own transaction
 * @param largestChunk      the most rows one of them deleted; never more than the chunk size asked for
 * @param elapsed           the time the whole run took
 */
public record CleanupResult(long hookEventsDeleted, long eventMetricsDeleted, long sessionsDeleted, int chunks,
                            long largestChunk, Duration elapsed) {

    /** Rows deleted from all three tables. */
    public long totalDeleted() {
        return hookEventsDeleted + eventMetricsDeleted + sessionsDeleted;
    }
}
