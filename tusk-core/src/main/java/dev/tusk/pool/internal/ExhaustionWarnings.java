package dev.tusk.pool.internal;

import dev.tusk.pool.PoolListener;
import dev.tusk.pool.PoolStats;
import dev.tusk.pool.TuskPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Tells the log and the {@link PoolListener} that callers waited too long for a connection, without flooding the log. */
final class ExhaustionWarnings {

    private static final Logger LOG = LoggerFactory.getLogger(TuskPool.class);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String poolName;
    private final Exhaustion exhaustion;
    private final PoolListener listener;
    private final Supplier<PoolStats> stats;
    private final AtomicLong lastWarningNanos = new AtomicLong();
    private volatile long episodesAtLastWarning;

    ExhaustionWarnings(String poolName, Exhaustion exhaustion, PoolListener listener, Supplier<PoolStats> stats) {
        this.poolName = poolName;
        this.exhaustion = exhaustion;
        this.listener = listener;
        this.stats = stats;
    }

    /**
     * An episode began, with a caller that waited {@code waitedNanos}: warns unless one was logged in the quiet period,
     * and tells the listener every time.
     */
    void episodeBegan(long waitedNanos) {
        long now = System.nanoTime();
        long previous = lastWarningNanos.get();
        // A pool whose callers keep waiting on and off must not flood the log: the warning waits out a quiet period,
        // while the count and the listener still see every episode.
        // Several threads may begin episodes at once; the compare-and-set lets exactly one of them warn.
        boolean warn = (previous == 0 || now - previous >= QUIET_NANOS) && lastWarningNanos.compareAndSet(previous, now);
        boolean notify = listener != PoolListener.NONE;
        if (!warn && !notify) {
            return;
        }
        // Only now, because a snapshot sorts the recent acquire times, which the lease path must not pay for.
        PoolStats snapshot = stats.get();
        if (warn) {
            long unlogged = snapshot.exhaustionEpisodes() - episodesAtLastWarning - 1;
            episodesAtLastWarning = snapshot.exhaustionEpisodes();
            LOG.warn(warning(poolName, TimeUnit.NANOSECONDS.toMillis(waitedNanos), exhaustion.waitThresholdMillis(),
                    snapshot, unlogged));
        }
        if (!notify) {
            return;
        }
        try {
            listener.onExhaustion(snapshot);
        } catch (RuntimeException e) {
            LOG.warn("pool {}: the PoolListener failed on exhaustion", poolName, e);
        }
    }

    /** The warning's text: the wait that began the episode, the threshold, and the pool's size and waiters then. */
    static String warning(String poolName, long waitedMillis, long thresholdMillis, PoolStats snapshot, long unlogged) {
        return "pool " + poolName + ": a caller waited " + waitedMillis + "ms for a connection, over the exhaustion "
                + "wait threshold of " + thresholdMillis + "ms; " + snapshot.waiting() + " caller(s) waiting, "
                + snapshot.active() + " of " + snapshot.size() + " open connections lent, at most " + snapshot.maximum()
                + " " + snapshot.summary() + "; no further warning until a return leaves no caller waiting"
                + (unlogged > 0 ? " (" + unlogged + " shorter episodes since the last warning were not logged)" : "")
                + ". Consider raising poolMaxSize or shortening leases";
    }
}
