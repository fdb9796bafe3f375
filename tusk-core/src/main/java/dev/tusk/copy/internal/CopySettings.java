package dev.tusk.copy.internal;

import dev.tusk.ProgressListener;

import java.time.Duration;
import java.util.List;

/**
 * What a {@code CopyIn} was configured with; already validated by its setters.
 *
 * @param table             the table name as the caller wrote it
 * @param columns           the column names as the caller wrote them, or null before they are given
 * @param listener          who receives progress
 * @param progressInterval  the least time between two progress reports
 * @param progressEveryRows report every this many rows instead of by time, or 0 for by time
 * @param flushBytes        encoded bytes gathered before each write to the server
 * @param parallelism       the number of connections, each with its own COPY and transaction, the rows are spread over
 */
public record CopySettings(String table, List<String> columns, ProgressListener listener, Duration progressInterval,
                           long progressEveryRows, int flushBytes, int parallelism) {

    /** Settings for {@code table} with no columns yet and no listener. */
    public static CopySettings initial(String table, int flushBytes, Duration progressInterval) {
        return new CopySettings(table, null, ProgressListener.NONE, progressInterval, 0, flushBytes, 1);
    }

    /** These settings with {@code columns}. */
    public CopySettings withColumns(List<String> columns) {
        return new CopySettings(table, columns, listener, progressInterval, progressEveryRows, flushBytes, parallelism);
    }

    /** These settings with {@code listener}. */
    public CopySettings withListener(ProgressListener listener) {
        return new CopySettings(table, columns, listener, progressInterval, progressEveryRows, flushBytes, parallelism);
    }

    /** These settings reporting progress at most every {@code interval}. */
    public CopySettings withProgressInterval(Duration interval) {
        return new CopySettings(table, columns, listener, interval, progressEveryRows, flushBytes, parallelism);
    }

    /** These settings reporting progress every {@code rows} rows. */
    public CopySettings withProgressEveryRows(long rows) {
        return new CopySettings(table, columns, listener, progressInterval, rows, flushBytes, parallelism);
    }

    /** These settings flushing every {@code bytes} bytes. */
    public CopySettings withFlushBytes(int bytes) {
        return new CopySettings(table, columns, listener, progressInterval, progressEveryRows, bytes, parallelism);
    }

    /** These settings spreading the rows over {@code connections} connections. */
    public CopySettings withParallelism(int connections) {
        return new CopySettings(table, columns, listener, progressInterval, progressEveryRows, flushBytes, connections);
    }
}
