package dev.tusk.copy;

import java.time.Duration;

/**
 * What a bulk insert did.
 *
 * @param rows    rows inserted
 * @param method  the method it chose for that many rows
 * @param elapsed how long it took
 */
public record BulkInsertResult(long rows, BulkMethod method, Duration elapsed) {

    /** Rows per second over the whole call. */
    public double rowsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : rows * 1_000_000_000.0 / nanos;
    }
}
