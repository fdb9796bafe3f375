package dev.tusk;

import java.time.Duration;

/**
 * How far a long operation (a COPY, a bulk insert, a batch) has come.
 *
 * @param items   rows or operations done so far
 * @param total   rows or operations expected in all, or -1 when unknown (e.g. a streamed source)
 * @param bytes   bytes moved so far, or 0 when the operation does not count bytes
 * @param elapsed time since the operation started
 */
public record Progress(long items, long total, long bytes, Duration elapsed) {

    /** Items per second so far; 0 before any time has passed. */
    public double itemsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : items * 1_000_000_000.0 / nanos;
    }

    /** Bytes per second so far; 0 before any time has passed. */
    public double bytesPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : bytes * 1_000_000_000.0 / nanos;
    }

    /** The share done in percent, or -1 when the total is unknown. */
    public double percent() {
        return total <= 0 ? -1 : 100.0 * items / total;
    }
}
