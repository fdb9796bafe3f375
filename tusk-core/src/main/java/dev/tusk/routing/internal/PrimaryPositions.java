package dev.tusk.routing.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The primary's WAL positions as the probe sampled them, with when, to judge a replica's lag by what it has replayed
 * rather than only by the age of its last replayed commit: that age reads as a large lag whenever the primary has
 * simply been idle, so a replica that has replayed up to the primary's latest sampled position counts as caught up.
 */
final class PrimaryPositions {

    /** The primary's position {@code lsn}, read by a query sent at {@code sentNanos} ({@link System#nanoTime()}). */
    record Sample(long lsn, long sentNanos) {
    }

    /** A replica's lag: {@code lag} null when unknown, {@code lagBytes} -1 when no primary position is known. */
    record Estimate(Duration lag, long lagBytes) {
    }

    private final int capacity;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** Keeps the newest {@code capacity} samples. */
    PrimaryPositions(int capacity) {
        this.capacity = capacity;
    }

    /** Records that the primary was at {@code lsn} when a query sent at {@code sentNanos} asked. */
    synchronized void record(long lsn, long sentNanos) {
        if (!samples.isEmpty() && samples.peekLast().lsn() > lsn) {
            // A lower position than before means another server answered (a failover): its history is not this one's.
            samples.clear();
        }
        samples.addLast(new Sample(lsn, sentNanos));
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    /** The newest sample, or null. */
    synchronized Sample newest() {
        return samples.peekLast();
    }

    /**
     * The lag of a replica that has replayed up to {@code replayLsn}, at {@code nowNanos}. Caught up (zero) when it has
     * replayed the newest sampled primary position. Otherwise the smaller of {@code commitAge} (the age of its last
     * replayed commit, null if none) and the time since the newest sample it has replayed: everything the primary had
     * committed by then is visible on the replica. Without samples, {@code replayedAllReceived} (receive position equals
     * replay position) counts as caught up, as the health check judges a replica.
     */
    synchronized Estimate estimate(long replayLsn, Duration commitAge, boolean replayedAllReceived, long nowNanos) {
        Sample newest = samples.peekLast();
        if (newest == null) {
            return new Estimate(replayedAllReceived ? Duration.ZERO : commitAge, -1);
        }
        if (replayLsn >= newest.lsn()) {
            return new Estimate(Duration.ZERO, 0);
        }
        long lagBytes = replayLsn < 0 ? -1 : newest.lsn() - replayLsn;
        Duration sinceReplayedSample = null;
        for (Iterator<Sample> newestFirst = samples.descendingIterator(); newestFirst.hasNext(); ) {
            Sample sample = newestFirst.next();
            if (replayLsn >= sample.lsn()) {
                sinceReplayedSample = Duration.ofNanos(Math.max(0, nowNanos - sample.sentNanos()));
                break;
            }
        }
        if (sinceReplayedSample == null) {
            // Behind every sample kept: it lacks what the primary had at the oldest one, so it is at least that stale.
            Duration atLeast = Duration.ofNanos(Math.max(0, nowNanos - samples.peekFirst().sentNanos()));
            return new Estimate(commitAge == null || commitAge.compareTo(atLeast) < 0 ? atLeast : commitAge, lagBytes);
        }
        Duration lag = commitAge == null || sinceReplayedSample.compareTo(commitAge) < 0 ? sinceReplayedSample : commitAge;
        return new Estimate(lag, lagBytes);
    }
}
