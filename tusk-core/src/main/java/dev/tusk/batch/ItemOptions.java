package dev.tusk.batch;

import dev.tusk.ProgressListener;

import java.time.Duration;

/**
 * How {@link Batches#processItems} runs independent units of work. Build it from {@link #DEFAULT} with the
 * {@code with…} methods or with the constructor; every value is checked when set.
 *
 * @param chunkSize   how many consecutive items one unit of work receives
 * @param concurrency the most units running at once; keep it at or below the pool's maximum size, or units wait for
 *                    connections and may fail with {@link dev.tusk.PoolExhaustedException}
 * @param timeout     the limit on the whole run: units not started by then are not run, running ones are interrupted;
 *                    zero sets no limit
 * @param progress    told after each unit how many items are done, and once more at the end
 */
public record ItemOptions(int chunkSize, int concurrency, Duration timeout, ProgressListener progress) {

    /** Items per unit unless set: each item is its own unit, so one bad item fails alone. */
    public static final int DEFAULT_CHUNK_SIZE = 1;

    /** Units at once unless set, as in the batch design this follows; below the default pool size. */
    public static final int DEFAULT_CONCURRENCY = 3;

    /** One item per unit, three at a time, no overall limit, no progress reports. */
    public static final ItemOptions DEFAULT = new ItemOptions(DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY,
            Duration.ZERO, ProgressListener.NONE);

    /** Checks every value, naming the one that is out of bounds. */
    public ItemOptions {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, but was " + chunkSize);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, but was " + concurrency);
        }
        if (timeout == null) {
            throw new IllegalArgumentException("timeout must be set (Duration.ZERO for no limit)");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
        }
        if (progress == null) {
            throw new IllegalArgumentException("progress must be set (ProgressListener.NONE for no reports)");
        }
    }

    /** These options giving each unit {@code chunkSize} consecutive items. */
    public ItemOptions withChunkSize(int chunkSize) {
        return new ItemOptions(chunkSize, concurrency, timeout, progress);
    }

    /** These options running at most {@code concurrency} units at once. */
    public ItemOptions withConcurrency(int concurrency) {
        return new ItemOptions(chunkSize, concurrency, timeout, progress);
    }

    /** These options stopping the whole run after {@code timeout}. */
    public ItemOptions withTimeout(Duration timeout) {
        return new ItemOptions(chunkSize, concurrency, timeout, progress);
    }

    /** These options reporting to {@code progress}. */
    public ItemOptions withProgress(ProgressListener progress) {
        return new ItemOptions(chunkSize, concurrency, timeout, progress);
    }
}
