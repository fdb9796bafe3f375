package dev.tusk.query;

/**
 * How often statements were found in PgJDBC's per-connection prepared-statement cache.
 *
 * @param hits   statements whose SQL was already cached on the connection that ran them
 * @param misses statements that had to be parsed (and, after {@code prepareThreshold} uses, prepared) anew
 */
public record StatementCacheStats(long hits, long misses) {

    /** Hits as a percentage of all lookups; 0 when nothing ran yet. */
    public double hitRatePercent() {
        long total = hits + misses;
        return total == 0 ? 0 : 100.0 * hits / total;
    }
}
