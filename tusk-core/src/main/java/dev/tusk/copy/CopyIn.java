package dev.tusk.copy;

import dev.tusk.ProgressListener;
import dev.tusk.internal.Connections;
import dev.tusk.copy.internal.CopyInRun;
import dev.tusk.copy.internal.CopySettings;
import dev.tusk.copy.internal.IteratorSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A typed binary {@code COPY … FROM STDIN} into one table, from {@code copy().copyIn(table)} on a client or a
 * transaction: configure it fluently, then hand it rows with one of the
 * {@code from} methods. Column types are read from the catalog once per call and every value is encoded for its
 * column's actual type. On any failure the COPY is cancelled and the table holds none of that call's rows.
 * Immutable: each setter returns a new {@code CopyIn}, so one can be kept and reused from several threads.
 */
public final class CopyIn {

    /** Bytes of encoded rows gathered before they are sent in one write: 256 KiB. */
    public static final int DEFAULT_FLUSH_BYTES = 256 * 1024;
    /** The smallest flush size accepted: 4 KiB. */
    public static final int MIN_FLUSH_BYTES = 4 * 1024;
    /** The largest flush size accepted: 64 MiB. */
    public static final int MAX_FLUSH_BYTES = 64 * 1024 * 1024;
    /** How often progress is reported by default: every 200 ms. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(200);

    private final Connections connections;
    private final CopySettings settings;

    private CopyIn(Connections connections, CopySettings settings) {
        this.connections = connections;
        this.settings = settings;
    }

    /** A COPY into {@code table} on {@code connections}; users start one with a handle's {@code copy().copyIn(table)}. */
    static CopyIn over(Connections connections, String table) {
        Objects.requireNonNull(connections, "connections");
        return new CopyIn(connections, CopySettings.initial(requireTable(table), DEFAULT_FLUSH_BYTES,
                DEFAULT_PROGRESS_INTERVAL));
    }

    /** The target columns, in the order row values come; names resolve as SQL would ({@code "Quoted"} keeps case). */
    public CopyIn columns(List<String> columns) {
        Objects.requireNonNull(columns, "columns");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns must name at least one column, but was empty");
        }
        for (String column : columns) {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("columns must not hold null or blank names, but was " + columns);
            }
        }
        return new CopyIn(connections, settings.withColumns(List.copyOf(columns)));
    }

    /** The target columns, in the order row values come; see {@link #columns(List)}. */
    public CopyIn columns(String... columns) {
        return columns(Arrays.asList(columns));
    }

    /**
     * Receives progress every {@link #progressInterval} (or every {@link #progressEveryRows} rows), on the loading
     * thread, and once more when the server has confirmed every row; a failed COPY ends without that last report.
     */
    public CopyIn progress(ProgressListener listener) {
        return new CopyIn(connections, settings.withListener(Objects.requireNonNull(listener, "listener")));
    }

    /** How often progress is reported, at most; default {@link #DEFAULT_PROGRESS_INTERVAL}. */
    public CopyIn progressInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("progressInterval must be positive, but was " + interval);
        }
        return new CopyIn(connections, settings.withProgressInterval(interval));
    }

    /** Reports progress every {@code rows} rows instead of by time; for predictable reports, e.g. in tests. */
    public CopyIn progressEveryRows(long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("progressEveryRows must be at least 1, but was " + rows);
        }
        return new CopyIn(connections, settings.withProgressEveryRows(rows));
    }

    /** Bytes of encoded rows gathered before each write to the server; default {@link #DEFAULT_FLUSH_BYTES}. */
    public CopyIn flushBytes(int bytes) {
        if (bytes < MIN_FLUSH_BYTES || bytes > MAX_FLUSH_BYTES) {
            throw new IllegalArgumentException("flushBytes must be between " + MIN_FLUSH_BYTES + " and "
                    + MAX_FLUSH_BYTES + ", but was " + bytes);
        }
        return new CopyIn(connections, settings.withFlushBytes(bytes));
    }

    /**
     * Spreads the rows over {@code connections} pooled connections, each with its own COPY and transaction, all or
     * nothing: the rows are encoded on the calling thread and dealt in chunks of {@link #flushBytes} to the streams,
     * none of which commits until every one has finished without error (with two-phase commit when the server allows
     * prepared transactions). Default 1. Refused above the pool's {@code poolMaxSize} and inside a transaction, which
     * is one connection. docs/COPY.md, "Parallel COPY", has the guarantee and its limits.
     */
    public CopyIn parallelism(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, but was " + connections);
        }
        if (connections > 1 && this.connections.inTransaction()) {
            throw new IllegalStateException("parallelism(" + connections + ") needs " + connections
                    + " connections, each with a transaction of its own, but this COPY into \"" + settings.table()
                    + "\" runs inside a transaction, which is one connection; use parallelism 1 here, or the client's "
                    + "copy() outside the transaction");
        }
        int most = this.connections.maxConnections();
        if (connections > most) {
            throw new IllegalArgumentException("parallelism must not exceed the pool's poolMaxSize (" + most
                    + "), but was " + connections);
        }
        return new CopyIn(this.connections, settings.withParallelism(connections));
    }

    /** Copies {@code rows}: records (components matched to columns by name) or {@code Object[]} (by position). */
    public CopyResult from(Iterable<?> rows) {
        Objects.requireNonNull(rows, "rows");
        long total = rows instanceof Collection<?> collection ? collection.size() : -1;
        return CopyInRun.run(connections, ready(), new IteratorSource(rows.iterator()), total);
    }

    /** Copies the rows of {@code rows}, consuming it; closing it stays with the caller. */
    public CopyResult from(Stream<?> rows) {
        Objects.requireNonNull(rows, "rows");
        return CopyInRun.run(connections, ready(), new IteratorSource(rows.iterator()), -1);
    }

    /** Copies the rows {@code rows} has left. */
    public CopyResult from(Iterator<?> rows) {
        Objects.requireNonNull(rows, "rows");
        return CopyInRun.run(connections, ready(), new IteratorSource(rows), -1);
    }

    /** Copies the rows {@code source} writes; its exception reaches the caller unchanged after the COPY is cancelled. */
    public <X extends Exception> CopyResult from(RowSource<X> source) throws X {
        Objects.requireNonNull(source, "source");
        return CopyInRun.run(connections, ready(), source, -1);
    }

    private CopySettings ready() {
        if (settings.columns() == null) {
            throw new IllegalStateException("no columns given for the COPY into \"" + settings.table()
                    + "\"; call columns(…) first");
        }
        return settings;
    }

    private static String requireTable(String table) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("table must name a table, but was " + (table == null ? "null" : "blank"));
        }
        return table;
    }

    @Override
    public String toString() {
        return "CopyIn[table=" + settings.table() + ", columns=" + settings.columns() + ", flushBytes="
                + settings.flushBytes() + ", parallelism=" + settings.parallelism() + "]";
    }
}
