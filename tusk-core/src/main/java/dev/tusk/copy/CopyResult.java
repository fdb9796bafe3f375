package dev.tusk.copy;

import java.time.Duration;

/**
 * What a COPY moved, binary or CSV/text, in or out.
 *
 * @param rows    rows the server reports as copied
 * @param bytes   bytes of COPY data moved: the binary stream sent (headers included), or the CSV or text read or
 *                written
 * @param elapsed time from the start of the call to the server's confirmation
 */
public record CopyResult(long rows, long bytes, Duration elapsed) {

    /** Rows per second over the whole call; 0 if no time passed. */
    public double rowsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : rows * 1_000_000_000.0 / nanos;
    }
}
