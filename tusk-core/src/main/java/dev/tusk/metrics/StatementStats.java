package dev.tusk.metrics;

import java.util.List;

/**
 * Client-side {@code pg_stat_statements}: a snapshot of what each normalised statement cost this client.
 *
 * @param statements        every statement tracked, by {@code totalTime}, largest first
 * @param evictedStatements statements dropped, the least used first, to keep the number tracked bounded
 * @param slowStatements    statements that took longer than {@code slowQueryThreshold}
 * @param recentSlow        the most recent of those, newest first, at most {@link #RECENT_SLOW} of them
 */
public record StatementStats(List<StatementStat> statements, long evictedStatements, long slowStatements,
                             List<SlowStatement> recentSlow) {

    /** The most slow statements {@code recentSlow} holds: enough for a dashboard, bounded whatever the load. */
    public static final int RECENT_SLOW = 20;

    /** Copies the lists, so the snapshot stays immutable. */
    public StatementStats {
        statements = List.copyOf(statements);
        recentSlow = List.copyOf(recentSlow);
    }

    /** The {@code n} statements that took the most time in total, largest first. */
    public List<StatementStat> top(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be 0 or more, but was " + n);
        }
        return statements.subList(0, Math.min(n, statements.size()));
    }
}
