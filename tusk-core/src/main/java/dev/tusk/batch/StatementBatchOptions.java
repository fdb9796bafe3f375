package dev.tusk.batch;

import dev.tusk.ProgressListener;

import java.time.Duration;

/**
 * How {@link Batches#executeBatch} runs a list of statements. Build it from {@link #DEFAULT} with the {@code with…}
 * methods; every value is checked when set.
 *
 * @param transactional    true: all operations run in one transaction and a failure rolls back every one of them;
 *                         false: each JDBC batch commits on its own and the first failure stops the run, leaving the
 *                         batches before it committed
 * @param jdbcBatchSize    the most operations sent in one JDBC batch; longer runs of identical SQL are split
 * @param statementTimeout how long one JDBC batch (or lone statement) may run before it is cancelled on the server;
 *                         zero sets no limit of its own
 * @param progress         told after each JDBC batch how many operations are done, and once more at the end
 */
public record StatementBatchOptions(boolean transactional, int jdbcBatchSize, Duration statementTimeout,
                           ProgressListener progress) {

    /** Operations per JDBC batch unless set: large enough to amortise round trips, small enough to bound memory. */
    public static final int DEFAULT_JDBC_BATCH_SIZE = 1_000;

    /** One transaction, batches of {@value #DEFAULT_JDBC_BATCH_SIZE}, no timeout of its own, no progress reports. */
    public static final StatementBatchOptions DEFAULT = new StatementBatchOptions(true, DEFAULT_JDBC_BATCH_SIZE, Duration.ZERO,
            ProgressListener.NONE);

    /** Checks every value, naming the one that is out of bounds. */
    public StatementBatchOptions {
        if (jdbcBatchSize < 1) {
            throw new IllegalArgumentException("jdbcBatchSize must be at least 1, but was " + jdbcBatchSize);
        }
        if (statementTimeout == null) {
            throw new IllegalArgumentException("statementTimeout must be set (Duration.ZERO for no limit)");
        }
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statementTimeout must not be negative, but was " + statementTimeout);
        }
        if (progress == null) {
            throw new IllegalArgumentException("progress must be set (ProgressListener.NONE for no reports)");
        }
    }

    /** These options, all-or-nothing in one transaction ({@code true}) or committing JDBC batch by batch. */
    public StatementBatchOptions withTransactional(boolean transactional) {
        return new StatementBatchOptions(transactional, jdbcBatchSize, statementTimeout, progress);
    }

    /** These options with at most {@code jdbcBatchSize} operations per JDBC batch. */
    public StatementBatchOptions withJdbcBatchSize(int jdbcBatchSize) {
        return new StatementBatchOptions(transactional, jdbcBatchSize, statementTimeout, progress);
    }

    /** These options with each JDBC batch cancelled on the server after {@code statementTimeout}. */
    public StatementBatchOptions withStatementTimeout(Duration statementTimeout) {
        return new StatementBatchOptions(transactional, jdbcBatchSize, statementTimeout, progress);
    }

    /** These options reporting to {@code progress}. */
    public StatementBatchOptions withProgress(ProgressListener progress) {
        return new StatementBatchOptions(transactional, jdbcBatchSize, statementTimeout, progress);
    }
}
