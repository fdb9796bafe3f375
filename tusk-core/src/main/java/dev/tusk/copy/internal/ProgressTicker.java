package dev.tusk.copy.internal;

import dev.tusk.Progress;
import dev.tusk.ProgressListener;

import java.time.Duration;

/**
 * Decides when a COPY reports progress: every N rows, or by time. By time, the clock is read only every
 * {@value #ROWS_BETWEEN_CLOCK_READS} rows, so the hot loop pays one comparison per row.
 */
final class ProgressTicker {

    private static final long ROWS_BETWEEN_CLOCK_READS = 1024;

    private final ProgressListener listener;
    private final long total;
    private final long startNanos;
    private final long intervalNanos;
    private final long everyRows;
    private long nextCheck;
    private long nextReportNanos;

    ProgressTicker(ProgressListener listener, long total, long startNanos, Duration interval, long everyRows) {
        this.listener = listener;
        this.total = total;
        this.startNanos = startNanos;
        this.intervalNanos = interval.toNanos();
        this.everyRows = everyRows;
        this.nextCheck = listener == ProgressListener.NONE ? Long.MAX_VALUE
                : everyRows > 0 ? everyRows : ROWS_BETWEEN_CLOCK_READS;
        this.nextReportNanos = startNanos + intervalNanos;
    }

    /** Called after each row with the rows and bytes so far. */
    void afterRow(long rows, long bytes) {
        if (rows < nextCheck) {
            return;
        }
        if (everyRows > 0) {
            nextCheck = rows + everyRows;
            report(rows, total, bytes);
            return;
        }
        nextCheck = rows + ROWS_BETWEEN_CLOCK_READS;
        long now = System.nanoTime();
        if (now - nextReportNanos >= 0) {
            nextReportNanos = now + intervalNanos;
            report(rows, total, bytes);
        }
    }

    /** The last report, once the server has confirmed {@code rows}; the total is known by then. */
    void finish(long rows, long bytes) {
        if (listener != ProgressListener.NONE) {
            report(rows, rows, bytes);
        }
    }

    private void report(long rows, long expected, long bytes) {
        listener.onProgress(new Progress(rows, expected, bytes, Duration.ofNanos(System.nanoTime() - startNanos)));
    }
}
