package dev.tusk.copy;

import dev.tusk.ProgressListener;
import dev.tusk.copy.internal.BulkRun;
import dev.tusk.internal.Connections;

import java.util.List;
import java.util.Objects;

/**
 * An adaptive bulk insert into one table: below {@link #threshold(int)} rows it sends multi-row {@code INSERT}s in one
 * transaction, at or above it a typed binary COPY. Rows are records (components matched to columns by name) or
 * {@code Object[]} (by position). Either way the columns are looked up and every value is encoded for its column's type
 * by the same code, so the same rows store the same values, or fail with the same {@link dev.tusk.CopyException}
 * naming row and column before anything is sent; and either way the call is all or nothing (inside a transaction, the
 * INSERTs run under a savepoint; a failed COPY aborts the transaction, as any failed statement does). Start one with a
 * handle's {@code copy().bulkInsert(table)}.
 */
public final class BulkInsert {

    /** Rows below which multi-row INSERTs beat COPY's set-up cost, unless told otherwise. */
    public static final int DEFAULT_THRESHOLD = 1_000;

    private final Connections scope;
    private final String table;
    private final List<String> columns;
    private final int threshold;
    private final ProgressListener progress;

    private BulkInsert(Connections scope, String table, List<String> columns, int threshold, ProgressListener progress) {
        this.scope = scope;
        this.table = table;
        this.columns = columns;
        this.threshold = threshold;
        this.progress = progress;
    }

    /** A bulk insert into {@code table} on {@code scope}; users start one with a handle's {@code copy().bulkInsert(table)}. */
    static BulkInsert over(Connections scope, String table) {
        Objects.requireNonNull(scope, "scope");
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("table must not be empty");
        }
        return new BulkInsert(scope, table, List.of(), DEFAULT_THRESHOLD, ProgressListener.NONE);
    }

    /** The columns the rows fill, in the order of {@code Object[]} rows. */
    public BulkInsert columns(List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("columns must name at least one column of " + table);
        }
        return new BulkInsert(scope, table, List.copyOf(columns), threshold, progress);
    }

    /** The columns the rows fill. */
    public BulkInsert columns(String... columns) {
        return columns(List.of(columns));
    }

    /** Rows at or above which COPY is used; 0 always copies. */
    public BulkInsert threshold(int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must not be negative, but was " + threshold);
        }
        return new BulkInsert(scope, table, columns, threshold, progress);
    }

    /** Where progress reports go. */
    public BulkInsert progress(ProgressListener listener) {
        return new BulkInsert(scope, table, columns, threshold, Objects.requireNonNull(listener, "listener"));
    }

    /** Inserts {@code rows}; a collection's size picks the method at once, other sources are read ahead up to the threshold. */
    public BulkInsertResult from(Iterable<?> rows) {
        Objects.requireNonNull(rows, "rows");
        return BulkRun.insert(scope, table, requireColumns(), threshold, progress, rows);
    }

    /**
     * Inserts {@code rows}, or updates {@code updateColumns} of the rows whose {@code conflictColumns} (a unique key)
     * already exist: the rows are copied into a temporary table and merged with {@code INSERT … ON CONFLICT}, in one
     * transaction. With no update columns, existing rows are left as they are.
     */
    public UpsertResult upsert(Iterable<?> rows, List<String> conflictColumns, List<String> updateColumns) {
        Objects.requireNonNull(rows, "rows");
        if (conflictColumns == null || conflictColumns.isEmpty()) {
            throw new IllegalArgumentException("conflictColumns must name the unique key to merge on");
        }
        return BulkRun.upsert(scope, table, requireColumns(), progress, rows, List.copyOf(conflictColumns),
                updateColumns == null ? List.of() : List.copyOf(updateColumns));
    }

    private List<String> requireColumns() {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns must be set before rows are given: call columns(...) first");
        }
        return columns;
    }
}
