package dev.tusk.pool.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Tracks leases out and exhaustion episodes. An episode begins when a caller waited longer than the wait threshold for
 * its connection, and ends at a return that leaves no caller waiting; each beginning is reported once.
 *
 * <p>High utilisation alone is no episode: an 8-connection pool serving 8 busy workers lends every connection all the
 * time and keeps every caller's wait to a hand-off, which is healthy. Only callers that actually wait are a problem.
 */
final class Exhaustion {

    /** The longest wait that never begins an episode, unless a tenth of {@code acquireTimeout} is shorter. */
    static final Duration MAX_WAIT_THRESHOLD = Duration.ofMillis(100);

    private final long waitThresholdNanos;
    private final BooleanSupplier callersWaiting;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean inEpisode = new AtomicBoolean();
    private final LongAdder episodes = new LongAdder();

    Exhaustion(Duration waitThreshold, BooleanSupplier callersWaiting) {
        this.waitThresholdNanos = waitThreshold.toNanos();
        this.callersWaiting = callersWaiting;
    }

    /** The wait threshold for a pool whose callers wait up to {@code acquireTimeout}: 100ms, or a tenth if shorter. */
    static Duration waitThreshold(Duration acquireTimeout) {
        Duration tenth = acquireTimeout.dividedBy(10);
        return tenth.compareTo(MAX_WAIT_THRESHOLD) < 0 ? tenth : MAX_WAIT_THRESHOLD;
    }

    /** Counts a lease going out after its caller waited {@code waitedNanos}; true when it began an episode. */
    boolean leased(long waitedNanos) {
        active.incrementAndGet();
        if (waitedNanos > waitThresholdNanos && !inEpisode.get() && inEpisode.compareAndSet(false, true)) {
            episodes.increment();
            return true;
        }
        return false;
    }

    /** Counts a lease coming back, which ends the episode once no caller is waiting. */
    void returned() {
        active.decrementAndGet();
        if (inEpisode.get() && !callersWaiting.getAsBoolean()) {
            inEpisode.set(false);
        }
    }

    int active() {
        return active.get();
    }

    long waitThresholdMillis() {
        return TimeUnit.NANOSECONDS.toMillis(waitThresholdNanos);
    }

    long episodes() {
        return episodes.sum();
    }
}
