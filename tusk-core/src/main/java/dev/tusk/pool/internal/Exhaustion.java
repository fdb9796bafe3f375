package dev.tusk.pool.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Tracks leases out and exhaustion episodes. An episode begins when the leases out reach the threshold share of the
 * maximum, and ends when they drop below it while no caller is waiting; each beginning is reported once.
 *
 * <p>The "no caller waiting" condition matters: in a saturated pool every return dips below the threshold for the
 * instant before a waiter takes the connection, and ending the episode there would log a warning per lease.
 */
final class Exhaustion {

    private final int thresholdCount;
    private final BooleanSupplier callersWaiting;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean inEpisode = new AtomicBoolean();
    private final LongAdder episodes = new LongAdder();

    Exhaustion(int maximum, double thresholdPercent, BooleanSupplier callersWaiting) {
        // The epsilon keeps 70% of 10 at 7: in doubles it is 7.000000000000001, whose ceiling is 8.
        this.thresholdCount = Math.max(1, (int) Math.ceil(maximum * thresholdPercent / 100.0 - 1e-9));
        this.callersWaiting = callersWaiting;
    }

    /** Counts a lease going out; true when it began an episode, which the caller then reports. */
    boolean leased() {
        if (active.incrementAndGet() >= thresholdCount && !inEpisode.get() && inEpisode.compareAndSet(false, true)) {
            episodes.increment();
            return true;
        }
        return false;
    }

    /** Counts a lease coming back, which ends the episode once utilization is below the threshold and no one waits. */
    void returned() {
        if (active.decrementAndGet() < thresholdCount && inEpisode.get() && !callersWaiting.getAsBoolean()) {
            inEpisode.set(false);
        }
    }

    int active() {
        return active.get();
    }

    int thresholdCount() {
        return thresholdCount;
    }

    long episodes() {
        return episodes.sum();
    }
}
