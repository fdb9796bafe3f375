package dev.tusk.metrics.internal;

import dev.tusk.config.TuskConfig;
import dev.tusk.metrics.SlowStatement;
import dev.tusk.metrics.StatementStats;
import dev.tusk.pool.PoolStats;
import dev.tusk.trace.TuskTracer;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's built-in tracers, chosen from its config: statement statistics and counters when {@code metricsEnabled},
 * the slow-statement log when {@code slowQueryThreshold} is above zero, the statement log when {@code logStatements}.
 * With all three off it adds nothing, so statements pay nothing for it.
 */
public final class Observability {

    private static final StatementStats EMPTY = new StatementStats(List.of(), 0, 0, List.of());

    private final TuskTracer tracer;
    private final StatementStatistics statistics;
    private final ClientCounters counters;
    private final SlowStatementLog slowLog;

    private Observability(TuskTracer tracer, StatementStatistics statistics, ClientCounters counters,
                          SlowStatementLog slowLog) {
        this.tracer = tracer;
        this.statistics = statistics;
        this.counters = counters;
        this.slowLog = slowLog;
    }

    /** The built-in tracers {@code config} asks for, with {@code user}'s tracer after them. */
    public static Observability of(TuskConfig config, TuskTracer user) {
        List<TuskTracer> tracers = new ArrayList<>();
        NormalizedSqlCache normalizer = new NormalizedSqlCache();
        SlowStatementLog slowLog = null;
        if (!config.slowQueryThreshold().isZero()) {
            slowLog = new SlowStatementLog(config.slowQueryThreshold().toNanos(), normalizer,
                    LoggerFactory.getLogger(SlowStatementLog.LOGGER), Clock.systemUTC());
            tracers.add(slowLog);
        }
        StatementStatistics statistics = null;
        ClientCounters counters = null;
        if (config.metricsEnabled()) {
            statistics = new StatementStatistics(normalizer, StatementStatistics.DEFAULT_CAPACITY);
            counters = new ClientCounters();
            tracers.add(statistics);
            tracers.add(counters);
        }
        if (config.logStatements()) {
            tracers.add(new StatementLog(normalizer, LoggerFactory.getLogger(StatementLog.LOGGER)));
        }
        tracers.add(user);
        return new Observability(TuskTracer.of(tracers.toArray(TuskTracer[]::new)), statistics, counters, slowLog);
    }

    /** Every tracer, built-in and the user's, as one. */
    public TuskTracer tracer() {
        return tracer;
    }

    /** The statement statistics; empty when metrics are off, though slow statements are still counted. */
    public StatementStats statementStats() {
        long slow = slowLog == null ? 0 : slowLog.slowStatements();
        List<SlowStatement> recentSlow = slowLog == null ? List.of() : slowLog.recentSlow();
        if (statistics != null) {
            return statistics.snapshot(slow, recentSlow);
        }
        return slowLog == null ? EMPTY : new StatementStats(List.of(), 0, slow, recentSlow);
    }

    /** {@code pool}'s figures with this client's statement, transaction and error counts added. */
    public PoolStats withCounts(PoolStats pool) {
        if (counters == null) {
            return pool;
        }
        return new PoolStats(pool.size(), pool.active(), pool.idle(), pool.waiting(), pool.maximum(),
                pool.utilizationPercent(), pool.acquires(), pool.acquireTimeP50(), pool.acquireTimeP99(),
                pool.acquireTimeouts(), pool.potentialLeaks(), pool.exhaustionEpisodes(), pool.created(),
                pool.retiredLifetime(), pool.retiredMaxUses(), pool.retiredBroken(), pool.retiredIdle(),
                pool.cleanReturnRollbacks(), counters.queries(), counters.transactions(), counters.errors());
    }
}
