package dev.tusk.metrics.internal;

import dev.tusk.trace.TuskTracer;
import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tracer behind {@code slowQueryThreshold}: a statement slower than it is counted and logged once at WARN with its
 * normalised SQL (never a parameter value), duration, rows and the caller's location.
 */
public final class SlowStatementLog implements TuskTracer {

    /** The logger slow statements go to. */
    public static final String LOGGER = "dev.tusk.slow";

    private final long thresholdNanos;
    private final NormalizedSqlCache normalizer;
    private final Logger log;
    private final LongAdder slow = new LongAdder();

    /** A log of statements slower than {@code thresholdNanos}, written to {@code log}. */
    public SlowStatementLog(long thresholdNanos, NormalizedSqlCache normalizer, Logger log) {
        this.thresholdNanos = thresholdNanos;
        this.normalizer = normalizer;
        this.log = log;
    }

    @Override
    public void statementSucceeded(String sql, Object context, long rows, long nanos) {
        if (nanos > thresholdNanos) {
            slow(sql, rows, nanos, null);
        }
    }

    @Override
    public void statementFailed(String sql, Object context, Throwable failure, long nanos) {
        if (nanos > thresholdNanos) {
            slow(sql, -1, nanos, failure);
        }
    }

    private void slow(String sql, long rows, long nanos, Throwable failure) {
        slow.increment();
        if (!log.isWarnEnabled()) {
            return;
        }
        // The failure's class only: its message may quote the statement's values.
        log.warn("Slow statement: {} ms, {}{} at {}: {}", TimeUnit.NANOSECONDS.toMillis(nanos), StatementLog.rows(rows),
                failure == null ? "" : ", failed with " + failure.getClass().getSimpleName(), CallerLocation.find(),
                normalizer.normalize(sql).sql());
    }

    /** Statements found slow so far. */
    public long slowStatements() {
        return slow.sum();
    }
}
