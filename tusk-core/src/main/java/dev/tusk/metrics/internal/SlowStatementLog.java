package dev.tusk.metrics.internal;

import dev.tusk.metrics.SlowStatement;
import dev.tusk.metrics.StatementStats;
import dev.tusk.trace.TuskTracer;
import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tracer behind {@code slowQueryThreshold}: a statement slower than it is counted, logged once at WARN with its
 * normalised SQL (never a parameter value), duration, rows and the caller's location, and kept among the last
 * {@link StatementStats#RECENT_SLOW} for {@code statementStats().recentSlow()}.
 */
public final class SlowStatementLog implements TuskTracer {

    /** The logger slow statements go to. */
    public static final String LOGGER = "dev.tusk.slow";

    private final long thresholdNanos;
    private final NormalizedSqlCache normalizer;
    private final Logger log;
    private final Clock clock;
    private final LongAdder slow = new LongAdder();
    // Guarded by itself; only slow statements reach it, so a lock costs nothing that matters.
    private final ArrayDeque<SlowStatement> recent = new ArrayDeque<>(StatementStats.RECENT_SLOW);

    /** A log of statements slower than {@code thresholdNanos}, written to {@code log}, timed by {@code clock}. */
    public SlowStatementLog(long thresholdNanos, NormalizedSqlCache normalizer, Logger log, Clock clock) {
        this.thresholdNanos = thresholdNanos;
        this.normalizer = normalizer;
        this.log = log;
        this.clock = clock;
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
        NormalizedSql normalized = normalizer.normalize(sql);
        String caller = CallerLocation.find();
        // The failure's class only: its message may quote the statement's values.
        String failureName = failure == null ? null : failure.getClass().getSimpleName();
        SlowStatement statement = new SlowStatement(normalized.fingerprint(), normalized.sql(), Duration.ofNanos(nanos),
                rows, clock.instant(), caller, failureName);
        synchronized (recent) {
            if (recent.size() == StatementStats.RECENT_SLOW) {
                recent.removeLast();
            }
            recent.addFirst(statement);
        }
        if (log.isWarnEnabled()) {
            log.warn("Slow statement: {} ms, {}{} at {}: {}", TimeUnit.NANOSECONDS.toMillis(nanos),
                    StatementLog.rows(rows), failureName == null ? "" : ", failed with " + failureName, caller,
                    normalized.sql());
        }
    }

    /** Statements found slow so far. */
    public long slowStatements() {
        return slow.sum();
    }

    /** The most recent slow statements, newest first. */
    public List<SlowStatement> recentSlow() {
        synchronized (recent) {
            return List.copyOf(new ArrayList<>(recent));
        }
    }
}
