package dev.tusk.metrics.internal;

import dev.tusk.trace.TuskTracer;
import org.slf4j.Logger;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The tracer behind {@code logStatements}: every statement at INFO, normalised, with its duration and rows. */
public final class StatementLog implements TuskTracer {

    /** The logger every statement goes to. */
    public static final String LOGGER = "dev.tusk.statements";

    private final NormalizedSqlCache normalizer;
    private final Logger log;

    /** A log of every statement, written to {@code log}. */
    public StatementLog(NormalizedSqlCache normalizer, Logger log) {
        this.normalizer = normalizer;
        this.log = log;
    }

    @Override
    public void statementSucceeded(String sql, Object context, long rows, long nanos) {
        if (log.isInfoEnabled()) {
            log.info("{} ms, {}: {}", millis(nanos), rows(rows), normalizer.normalize(sql).sql());
        }
    }

    @Override
    public void statementFailed(String sql, Object context, Throwable failure, long nanos) {
        if (log.isInfoEnabled()) {
            // The failure's class only: its message may quote the statement's values.
            log.info("{} ms, failed with {}: {}", millis(nanos), failure.getClass().getSimpleName(),
                    normalizer.normalize(sql).sql());
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / (double) TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** {@code rows} for a log line: a count, or that it is not known. */
    static String rows(long rows) {
        return rows < 0 ? "rows unknown" : rows == 1 ? "1 row" : rows + " rows";
    }
}
