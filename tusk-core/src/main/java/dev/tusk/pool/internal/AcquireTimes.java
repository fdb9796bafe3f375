package dev.tusk.pool.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The wait times of the most recent {@value #CAPACITY} successful acquires, in a lock-free ring buffer, from which
 * exact percentiles are computed on demand.
 *
 * <p>A ring of recent samples rather than a lifetime histogram, so that p99 tells how acquiring goes now, not
 * averaged over a day of uptime; recording is one atomic increment and one store. A snapshot taken while acquires
 * are being recorded may see a slot reserved but not yet written, and then misses (or repeats) one sample.
 */
final class AcquireTimes {

    static final int CAPACITY = 2048;
    private static final int MASK = CAPACITY - 1;
    private static final long EMPTY = -1;

    private final AtomicLongArray samples = new AtomicLongArray(CAPACITY);
    private final AtomicLong cursor = new AtomicLong();

    /** Two percentiles of the recent acquire times. */
    record Percentiles(Duration p50, Duration p99) {
    }

    AcquireTimes() {
        for (int i = 0; i < CAPACITY; i++) {
            samples.set(i, EMPTY);
        }
    }

    void record(long waitedNanos) {
        samples.lazySet((int) (cursor.getAndIncrement() & MASK), Math.max(0, waitedNanos));
    }

    /** Every acquire recorded since the pool opened, not only the recent ones. */
    long count() {
        return cursor.get();
    }

    Percentiles percentiles() {
        long[] values = new long[CAPACITY];
        int count = 0;
        for (int i = 0; i < CAPACITY; i++) {
            long value = samples.get(i);
            if (value != EMPTY) {
                values[count++] = value;
            }
        }
        if (count == 0) {
            return new Percentiles(Duration.ZERO, Duration.ZERO);
        }
        Arrays.sort(values, 0, count);
        return new Percentiles(Duration.ofNanos(nearestRank(values, count, 0.50)),
                Duration.ofNanos(nearestRank(values, count, 0.99)));
    }

    private static long nearestRank(long[] sorted, int count, double quantile) {
        int rank = (int) Math.ceil(quantile * count);
        return sorted[Math.max(0, rank - 1)];
    }
}
