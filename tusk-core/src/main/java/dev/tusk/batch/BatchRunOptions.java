package dev.tusk.batch;

import dev.tusk.ProgressListener;

import java.time.Duration;

/**
 * How {@link Batches#batchExecute} runs independent units of work. Build it from {@link #DEFAULT} with the
 * {@code with…} methods or with the constructor; every value is checked when set.
 *
 * @param batchSize   how many consecutive items one unit of work receives
 * @param concurrency the most units running at once; keep it at or below the pool's maximum size, or units wait for
 *                    connections and may fail with {@link dev.tusk.PoolExhaustedException}
 * @param timeout     the limit on the whole run: units not started by then are not run, running ones are interrupted;
 *                    zero sets no limit
 * @param progress    told after each unit how many items are done, and once more at the end
 */
public record BatchRunOptions(int batchSize, int concurrency, Duration timeout, ProgressListener progress) {

    /** Items per unit unless set: each item is its own unit, so one bad item fails alone. */
    public static final int DEFAULT_BATCH_SIZE = 1;

    /** Units at once unless set, as in the batch design this follows; below the default pool size. */
    public static final int DEFAULT_CONCURRENCY = 3;

    /** One item per unit, three at a time, no overall limit, no progress reports. */
    public static final BatchRunOptions DEFAULT = new BatchRunOptions(DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY,
            Duration.ZERO, ProgressListener.NONE);

    /** Checks every value, naming the one that is out of bounds. */
    public BatchRunOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, but was " + batchSize);
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

    /** These options giving each unit {@code batchSize} consecutive items. */
    public BatchRunOptions withBatchSize(int batchSize) {
        return new BatchRunOptions(batchSize, concurrency, timeout, progress);
    }

    /** These options running at most {@code concurrency} units at once. */
    public BatchRunOptions withConcurrency(int concurrency) {
        return new BatchRunOptions(batchSize, concurrency, timeout, progress);
    }

    /** These options stopping the whole run after {@code timeout}. */
    public BatchRunOptions withTimeout(Duration timeout) {
        return new BatchRunOptions(batchSize, concurrency, timeout, progress);
    }

    /** These options reporting to {@code progress}. */
    public BatchRunOptions withProgress(ProgressListener progress) {
        return new BatchRunOptions(batchSize, concurrency, timeout, progress);
    }
}
