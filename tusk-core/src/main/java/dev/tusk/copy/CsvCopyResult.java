package dev.tusk.copy;

import java.time.Duration;

/**
 * What a CSV or text COPY moved.
 *
 * @param rows    rows copied, as the server counted them
 * @param bytes   bytes of CSV or text read or written
 * @param elapsed time from the start of the COPY to its end
 */
public record CsvCopyResult(long rows, long bytes, Duration elapsed) {

    /** Rows per second over the whole COPY; 0 when no time passed. */
    public double rowsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : rows * 1_000_000_000.0 / nanos;
    }
}
