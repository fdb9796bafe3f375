package dev.tusk.pool.internal;

import dev.tusk.pool.PoolListener;
import dev.tusk.pool.PotentialLeak;
import dev.tusk.pool.TuskPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reports leases held past the leak-detection threshold. HikariCP's own detector logs but cannot be counted, so Tusk
 * runs this one instead.
 *
 * <p>Rather than a timer per lease (HikariCP's way: a schedule and a cancel on every lease, each waking the timer
 * thread), one periodic sweep per pool looks at the lease each open connection carries. A lease therefore costs a
 * field write, and a leak is reported up to one sweep period (a quarter of the threshold, between 10ms and 5s) after
 * the threshold passes. The stack of the taker is captured only while detection is on, since filling in a stack trace
 * costs a few microseconds per acquire.
 */
final class LeakDetector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TuskPool.class);
    private static final String INTERNAL_FRAMES = "dev.tusk.pool.internal.";
    private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String poolName;
    private final Duration threshold;
    private final long thresholdNanos;
    private final PoolListener listener;
    private final ConnectionLedger ledger;
    private final LongAdder potentialLeaks = new LongAdder();
    private final ScheduledFuture<?> sweeper;

    LeakDetector(String poolName, Duration threshold, PoolListener listener, ConnectionLedger ledger) {
        this.poolName = poolName;
        this.threshold = threshold;
        this.thresholdNanos = threshold.toNanos();
        this.listener = listener;
        this.ledger = ledger;
        this.sweeper = thresholdNanos > 0 ? Timer.INSTANCE.scheduleWithFixedDelay(this::sweep, sweepPeriodNanos(thresholdNanos),
                sweepPeriodNanos(thresholdNanos), TimeUnit.NANOSECONDS) : null;
    }

    /** Where the current thread is taking a connection, or null when detection is off. */
    Throwable captureSite() {
        return thresholdNanos > 0 ? new Exception("the connection was taken here") : null;
    }

    /** Says so when a lease that was reported as a potential leak comes back. */
    void returned(LeasedConnection lease, boolean wasReported) {
        if (!wasReported) {
            return;
        }
        Duration heldFor = Duration.ofNanos(System.nanoTime() - lease.takenNanos());
        PotentialLeak leak = lease.report();
        LOG.info("pool {}: the connection taken by thread '{}' and reported as a potential leak was returned after {}ms",
                poolName, leak.threadName(), heldFor.toMillis());
        try {
            listener.onLeakReturned(leak, heldFor);
        } catch (RuntimeException e) {
            LOG.warn("pool {}: the PoolListener failed on a returned leak", poolName, e);
        }
    }

    long potentialLeaks() {
        return potentialLeaks.sum();
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    static long sweepPeriodNanos(long thresholdNanos) {
        return Math.max(MIN_SWEEP_NANOS, Math.min(MAX_SWEEP_NANOS, thresholdNanos / 4));
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            for (PhysicalConnection connection : ledger.openConnections()) {
                LeasedConnection lease = connection.lease();
                if (lease != null && lease.isOut() && now - lease.takenNanos() >= thresholdNanos) {
                    report(lease, now);
                }
            }
        } catch (RuntimeException e) {
            // An exception would cancel the periodic sweep for good.
            LOG.warn("pool {}: leak detection sweep failed", poolName, e);
        }
    }

    private void report(LeasedConnection lease, long now) {
        Throwable site = lease.site();
        site.setStackTrace(withoutPoolFrames(site.getStackTrace()));
        PotentialLeak leak = new PotentialLeak(poolName, threadName(lease.taker()),
                Duration.ofNanos(now - lease.takenNanos()), threshold, site);
        if (!lease.markReported(leak)) {
            return;
        }
        potentialLeaks.increment();
        LOG.warn(leak.message(), site);
        try {
            listener.onPotentialLeak(leak);
        } catch (RuntimeException e) {
            LOG.warn("pool {}: the PoolListener failed on a potential leak", poolName, e);
        }
    }

    /** The stack from the first frame outside the pool, which is the code that asked for the connection. */
    static StackTraceElement[] withoutPoolFrames(StackTraceElement[] frames) {
        int first = 0;
        while (first < frames.length - 1 && frames[first].getClassName().startsWith(INTERNAL_FRAMES)) {
            first++;
        }
        return Arrays.copyOfRange(frames, first, frames.length);
    }

    static String threadName(Thread thread) {
        if (!thread.getName().isEmpty()) {
            return thread.getName();
        }
        return (thread.isVirtual() ? "virtual thread #" : "thread #") + thread.threadId();
    }

    /** One daemon thread for the sweeps of every pool in the JVM. */
    private static final class Timer {

        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "tusk-leak-detector");
                thread.setDaemon(true);
                return thread;
            });
            // A closed pool's sweep is cancelled; without this its task would stay queued until its next run.
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
