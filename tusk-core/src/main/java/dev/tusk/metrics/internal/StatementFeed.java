package dev.tusk.metrics.internal;

import java.util.List;

/**
 * What the statement meters read: the client's statement statistics, kept behind this interface until
 * {@code TuskClient.statementStats()} is wired in; {@link #NONE} registers no statement meters at all.
 */
public interface StatementFeed {

    /** No statement statistics: no statement meters. */
    StatementFeed NONE = null;

    /**
     * One normalised statement's totals.
     *
     * @param fingerprint the stable hash of the normalised SQL (never its text, never a parameter value)
     * @param operation   its {@code db.operation.name}
     * @param calls       times it ran
     * @param errors      times it failed
     * @param rows        rows it returned or touched
     * @param totalNanos  time spent in it
     */
    record Statement(String fingerprint, String operation, long calls, long errors, long rows, long totalNanos) {
    }

    /** Statements slower than the slow-query threshold, since the client opened. */
    long slowStatements();

    /** Statements dropped from the statistics to bound their memory. */
    long evictedStatements();

    /** The {@code n} statements with the most total time, most first. */
    List<Statement> top(int n);
}
