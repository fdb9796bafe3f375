package dev.tusk.metrics.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations counted in log-linear buckets, eight per power of two from 1 µs to about 9.8 hours (2.3 KB), so a
 * percentile is known to within 12.5% at a fixed size and without locks. Anything faster than 1 µs shares one bucket;
 * anything slower than the top shares the last.
 */
final class LogHistogram {

    private static final int SUB_BITS = 3;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int LOWEST_EXPONENT = 10;
    private static final int HIGHEST_EXPONENT = 45;
    static final int BUCKETS = (HIGHEST_EXPONENT - LOWEST_EXPONENT + 1) * SUB_BUCKETS + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Counts one duration of {@code nanos}. */
    void record(long nanos) {
        counts.incrementAndGet(bucket(nanos));
    }

    static int bucket(long nanos) {
        if (nanos < 1L << LOWEST_EXPONENT) {
            return 0;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        if (exponent > HIGHEST_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - LOWEST_EXPONENT) * SUB_BUCKETS + sub + 1;
    }

    /** The upper bound of bucket {@code index}, in nanoseconds. */
    static long upperBound(int index) {
        if (index == 0) {
            return 1L << LOWEST_EXPONENT;
        }
        int exponent = (index - 1) / SUB_BUCKETS + LOWEST_EXPONENT;
        int sub = (index - 1) % SUB_BUCKETS;
        return (long) (SUB_BUCKETS + sub + 1) << (exponent - SUB_BITS);
    }

    /** The duration below which {@code fraction} of the durations counted fall, as a bucket's upper bound; 0 if none. */
    long percentile(double fraction) {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }
}
