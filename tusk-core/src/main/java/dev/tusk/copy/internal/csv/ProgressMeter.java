package dev.tusk.copy.internal.csv;

import dev.tusk.Progress;
import dev.tusk.ProgressListener;
import dev.tusk.copy.CopyResult;
import dev.tusk.copy.CsvOptions;

import java.time.Duration;

/**
 * Counts the bytes and records of CSV or text data as it streams past and reports them every 64 KiB and at the end.
 * Records are counted by line breaks outside quoted fields (CSV) or not escaped (text), so a quoted line break does
 * not count as a row; the final report takes the row count from the server.
 */
final class ProgressMeter {

    /** How many bytes pass between two reports. */
    static final long REPORT_EVERY_BYTES = 64 * 1024;

    private final ProgressListener listener;
    private final boolean csv;
    private final char quote;
    private final char escape;
    private final int headerLines;
    private final long startNanos = System.nanoTime();
    private boolean inQuotes;
    private boolean escaped;
    private long lineBreaks;
    private long bytes;
    private long reportedBytes;
    private long reportedItems;

    ProgressMeter(ProgressListener listener, CsvOptions options) {
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.csv = options.format() == CsvOptions.Format.CSV;
        this.quote = options.quote();
        this.escape = csv ? options.escape() : '\\';
        this.headerLines = options.header() == CsvOptions.Header.NONE ? 0 : 1;
    }

    /** Notes one byte or char of the data; multi-byte UTF-8 never contains the ASCII characters that matter here. */
    void scan(int c) {
        if (escaped) {
            escaped = false;
        } else if (!csv) {
            if (c == '\\') {
                escaped = true;
            } else if (c == '\n') {
                lineBreaks++;
            }
        } else if (inQuotes) {
            // With escape == quote, a doubled quote closes and reopens the field: two toggles, as it should be.
            if (c == escape && escape != quote) {
                escaped = true;
            } else if (c == quote) {
                inQuotes = false;
            }
        } else if (c == quote) {
            inQuotes = true;
        } else if (c == '\n') {
            lineBreaks++;
        }
    }

    /** Adds {@code count} bytes moved and reports if 64 KiB have passed since the last report. */
    void advance(long count) {
        bytes += count;
        if (bytes - reportedBytes >= REPORT_EVERY_BYTES) {
            reportedBytes = bytes;
            reportedItems = Math.max(reportedItems, lineBreaks - headerLines);
            listener.onProgress(new Progress(reportedItems, -1, bytes, elapsed()));
        }
    }

    /** Bytes moved so far. */
    long bytes() {
        return bytes;
    }

    /** Reports the end, with the server's row count as both done and total, and returns the result. */
    CopyResult finish(long rows) {
        Duration elapsed = elapsed();
        listener.onProgress(new Progress(rows, rows, bytes, elapsed));
        return new CopyResult(rows, bytes, elapsed);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
