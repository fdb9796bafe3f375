package dev.tusk.health;

import dev.tusk.pool.PoolStats;

/**
 * The pool figures a health report carries, read before the check took a connection of its own.
 *
 * @param size               open connections, busy or idle
 * @param maximum            the most connections the pool may open
 * @param active             connections lent out
 * @param idle               connections ready to lend
 * @param waiting            callers waiting for a connection
 * @param utilizationPercent {@code active} as a percentage of {@code maximum}
 * @param potentialLeaks     leases held longer than the leak-detection threshold, since the pool started
 * @param level              normal, high or exhausted, judged against {@code exhaustionThresholdPercent}
 */
public record PoolHealth(int size, int maximum, int active, int idle, int waiting, double utilizationPercent,
                         long potentialLeaks, PoolLevel level) {

    /** The figures of {@code stats}, with the level judged against {@code exhaustionThresholdPercent}. */
    public static PoolHealth of(PoolStats stats, double exhaustionThresholdPercent) {
        PoolLevel level;
        // Every connection busy is no problem while callers get theirs at once (a pool sized to its workers); callers
        // waiting are.
        if (stats.waiting() > 0) {
            level = PoolLevel.EXHAUSTED;
        } else if (stats.utilizationPercent() >= exhaustionThresholdPercent) {
            level = PoolLevel.HIGH;
        } else {
            level = PoolLevel.NORMAL;
        }
        return new PoolHealth(stats.size(), stats.maximum(), stats.active(), stats.idle(), stats.waiting(),
                stats.utilizationPercent(), stats.potentialLeaks(), level);
    }
}
