package dev.tusk.metrics.internal;

import java.util.List;

/**
 * What the statement meters read of the client's statement statistics: only fingerprints, operations and figures,
 * never SQL text, so no meter can carry a literal.
 */
public interface StatementFeed {

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
