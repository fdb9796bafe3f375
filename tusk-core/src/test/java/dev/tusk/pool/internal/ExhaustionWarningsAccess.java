package dev.tusk.pool.internal;

import dev.tusk.pool.PoolStats;

/** Lets the pool's integration tests read the exhaustion warning's text for a snapshot they received. */
public final class ExhaustionWarningsAccess {

    private ExhaustionWarningsAccess() {
    }

    /** The warning the pool logs for an episode begun by a wait of {@code waitedMillis}, as of {@code snapshot}. */
    public static String warning(String poolName, long waitedMillis, long thresholdMillis, PoolStats snapshot) {
        return ExhaustionWarnings.warning(poolName, waitedMillis, thresholdMillis, snapshot, 0);
    }
}
