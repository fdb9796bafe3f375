package dev.tusk.copy;

import java.time.Duration;

/**
 * What a COPY did.
 *
 * @param rows    rows the server reports as copied
 * @param bytes   bytes of COPY data sent, headers included
 * @param elapsed time from taking the connection to the server's confirmation
 */
public record CopyResult(long rows, long bytes, Duration elapsed) {

    /** Rows per second over the whole call; 0 if no time passed. */
    public double rowsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : rows * 1_000_000_000.0 / nanos;
    }
}
