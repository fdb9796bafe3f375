package dev.tusk.copy;

import java.time.Duration;

/**
 * What a bulk upsert did.
 *
 * @param inserted rows that were new
 * @param updated  rows that replaced an existing row with the same conflict key
 * @param elapsed  how long it took
 */
public record UpsertResult(long inserted, long updated, Duration elapsed) {

    /** Rows written in all. */
    public long rows() {
        return inserted + updated;
    }

    /** Rows written per second over the whole call; 0 if no time passed. */
    public double rowsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : rows() * 1_000_000_000.0 / nanos;
    }
}
