package dev.tusk.batch;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * What {@link Batches#executeBatch} did: the row count of each operation, in input order, and how it was sent.
 * PgJDBC reports no per-row count for INSERTs it rewrote into one multi-row {@code VALUES} ({@code SUCCESS_NO_INFO});
 * those operations have an unknown count here rather than a guessed one.
 */
public final class StatementBatchResult {

    /** The value {@link #rowCounts()} holds for an operation whose row count the driver did not report. */
    public static final long UNKNOWN_ROW_COUNT = -1;

    private final long[] rowCounts;
    private final int jdbcCalls;
    private final Duration elapsed;

    /** A result with one row count per operation ({@link #UNKNOWN_ROW_COUNT} when unknown). */
    public StatementBatchResult(long[] rowCounts, int jdbcCalls, Duration elapsed) {
        this.rowCounts = rowCounts.clone();
        this.jdbcCalls = jdbcCalls;
        this.elapsed = elapsed;
    }

    /** How many operations ran. */
    public int size() {
        return rowCounts.length;
    }

    /** The rows changed by the operation at {@code index} (from 0), or empty when the driver did not report them. */
    public OptionalLong rowCount(int index) {
        long count = rowCounts[index];
        return count == UNKNOWN_ROW_COUNT ? OptionalLong.empty() : OptionalLong.of(count);
    }

    /** Every operation's row count in input order, {@link #UNKNOWN_ROW_COUNT} where unknown; a copy. */
    public long[] rowCounts() {
        return rowCounts.clone();
    }

    /** The rows changed by all operations whose count is known. */
    public long knownRowCount() {
        return Arrays.stream(rowCounts).filter(count -> count != UNKNOWN_ROW_COUNT).sum();
    }

    /** How many operations have no known row count (rewritten INSERTs). */
    public int unknownRowCounts() {
        return (int) Arrays.stream(rowCounts).filter(count -> count == UNKNOWN_ROW_COUNT).count();
    }

    /** How many JDBC executions carried the operations: one per JDBC batch, one per lone statement. */
    public int jdbcCalls() {
        return jdbcCalls;
    }

    /** How long the whole batch took, commit included. */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String toString() {
        return "StatementBatchResult[operations=" + rowCounts.length + ", jdbcCalls=" + jdbcCalls + ", knownRowCount="
                + knownRowCount() + ", unknownRowCounts=" + unknownRowCounts() + ", elapsed=" + elapsed + "]";
    }
}
