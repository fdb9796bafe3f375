package dev.tusk.cli;

import java.util.concurrent.TimeUnit;

/**
 * Latencies in nanoseconds, counted in buckets that keep three significant digits (values under 2,048 ns exactly,
 * larger ones to within 1/1024), so percentiles stay accurate without keeping every sample. HdrHistogram does the
 * same but is not on the CLI's class path. Not thread-safe: each worker records into its own and they are merged.
 */
final class LatencyHistogram {

    /** Anything slower than a minute is counted as a minute, so the bucket array has a fixed size. */
    static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final int SUB_BUCKET_BITS = 10;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int EXACT = 2 * SUB_BUCKETS;
    private static final int BUCKETS = index(HIGHEST_NANOS) + 1;

    private final long[] counts = new long[BUCKETS];
    private long total;

    /** Counts one latency of {@code nanos}; negative values count as 0, values past a minute as a minute. */
    void record(long nanos) {
        counts[index(Math.max(0, Math.min(nanos, HIGHEST_NANOS)))]++;
        total++;
    }

    /** Adds every count of {@code other} to this one. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** How many latencies were recorded. */
    long count() {
        return total;
    }

    /**
     * The latency at {@code percentile} (0 to 100): the upper edge of the bucket that holds it, as HdrHistogram
     * reports, so a percentile is never understated; 0 when nothing was recorded.
     */
    long percentileNanos(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return highestIn(i);
            }
        }
        return highestIn(BUCKETS - 1);
    }

    // Values below EXACT have a bucket each; above, each power of two is split into SUB_BUCKETS equal buckets.
    static int index(long nanos) {
        if (nanos < EXACT) {
            return (int) nanos;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int shift = exponent - SUB_BUCKET_BITS;
        return EXACT + (exponent - SUB_BUCKET_BITS - 1) * SUB_BUCKETS + (int) ((nanos >> shift) - SUB_BUCKETS);
    }

    // The largest value that falls into bucket i.
    static long highestIn(int i) {
        if (i < EXACT) {
            return i;
        }
        int exponent = (i - EXACT) / SUB_BUCKETS + SUB_BUCKET_BITS + 1;
        int shift = exponent - SUB_BUCKET_BITS;
        long lowest = ((long) ((i - EXACT) % SUB_BUCKETS + SUB_BUCKETS)) << shift;
        return lowest + (1L << shift) - 1;
    }
}
