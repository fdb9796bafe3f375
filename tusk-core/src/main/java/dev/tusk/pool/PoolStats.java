package dev.tusk.pool;

import java.time.Duration;

/**
 * A snapshot of the pool at one moment: its size and use, how acquiring went, and why connections were retired.
 * Retirement reasons other than max uses are inferred from what Tusk observes; see the package documentation.
 *
 * @param size               open connections, busy or idle
 * @param active             connections lent out now
 * @param idle               connections ready to lend
 * @param waiting            callers waiting for a connection now
 * @param maximum            the most connections the pool may open
 * @param utilizationPercent {@code active} as a percentage of {@code maximum}
 * @param acquires           connections lent out since the pool started (warm-up is not counted)
 * @param acquireTimeP50     the median time callers waited for a connection, over the 2,048 most recent acquires
 * @param acquireTimeP99     the 99th-percentile time callers waited for a connection, over the same acquires
 * @param acquireTimeouts    callers whose wait ran out, whether every connection was busy or none could be opened
 * @param potentialLeaks     leases held longer than the leak-detection threshold
 * @param exhaustionEpisodes times a caller waited for a connection longer than the exhaustion wait threshold
 *                           (100ms, or a tenth of {@code acquireTimeout} if shorter) while no episode was under way
 * @param created            connections opened since the pool started
 * @param retiredLifetime    connections closed because they reached their maximum lifetime
 * @param retiredMaxUses     connections closed because they ran {@code maxQueriesPerConnection} statements
 * @param retiredBroken      connections closed because they failed validation or broke in use
 * @param retiredIdle        connections closed because they sat idle above the minimum size
 * @param cleanReturnRollbacks leases given back inside a transaction (open, or failed by an error), which the pool
 *                           rolled back before lending the connection again
 * @param queries            statements the client ran (0 when {@code metricsEnabled} is off, and in the pool's own view)
 * @param transactions       transactions the client began, re-runs not counted again
 * @param errors             statements that failed plus transactions that rolled back on an exception
 */
public record PoolStats(
        int size,
        int active,
        int idle,
        int waiting,
        int maximum,
        double utilizationPercent,
        long acquires,
        Duration acquireTimeP50,
        Duration acquireTimeP99,
        long acquireTimeouts,
        long potentialLeaks,
        long exhaustionEpisodes,
        long created,
        long retiredLifetime,
        long retiredMaxUses,
        long retiredBroken,
        long retiredIdle,
        long cleanReturnRollbacks,
        long queries,
        long transactions,
        long errors) {

    /** The state in HikariCP's words, for messages: {@code (total=10, active=10, idle=0, waiting=3)}. */
    public String summary() {
        return "(total=" + size + ", active=" + active + ", idle=" + idle + ", waiting=" + waiting + ", max=" + maximum + ")";
    }
}
