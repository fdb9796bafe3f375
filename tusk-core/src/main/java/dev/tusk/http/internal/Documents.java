package dev.tusk.http.internal;

import dev.tusk.metrics.SlowStatement;
import dev.tusk.metrics.StatementStat;
import dev.tusk.metrics.StatementStats;
import dev.tusk.pool.PoolStats;
import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.resilience.ResilienceStats;

import java.util.List;

/** The server's JSON documents, with durations in milliseconds and names as the records spell them. */
public final class Documents {

    private Documents() {
    }

    /** The pool now, and its sampled history oldest first. */
    public static String pool(String name, PoolStats stats, List<PoolHistory.Sample> history) {
        Json samples = Json.array();
        for (PoolHistory.Sample sample : history) {
            samples.element(new Json.Raw(Json.object()
                    .field("at", sample.epochMillis())
                    .field("utilizationPercent", sample.utilizationPercent())
                    .field("active", sample.active())
                    .field("idle", sample.idle())
                    .field("waiting", sample.waiting())
                    .field("acquireTimeP50Ms", sample.acquireP50Millis())
                    .field("acquireTimeP99Ms", sample.acquireP99Millis())
                    .endObject()));
        }
        String retired = Json.object()
                .field("lifetime", stats.retiredLifetime())
                .field("maxUses", stats.retiredMaxUses())
                .field("broken", stats.retiredBroken())
                .field("idle", stats.retiredIdle())
                .endObject();
        return Json.object()
                .field("pool", name)
                .field("size", stats.size())
                .field("active", stats.active())
                .field("idle", stats.idle())
                .field("waiting", stats.waiting())
                .field("maximum", stats.maximum())
                .field("utilizationPercent", stats.utilizationPercent())
                .field("acquires", stats.acquires())
                .field("acquireTimeP50Ms", Json.millis(stats.acquireTimeP50()))
                .field("acquireTimeP99Ms", Json.millis(stats.acquireTimeP99()))
                .field("acquireTimeouts", stats.acquireTimeouts())
                .field("potentialLeaks", stats.potentialLeaks())
                .field("exhaustionEpisodes", stats.exhaustionEpisodes())
                .field("created", stats.created())
                .field("retired", new Json.Raw(retired))
                .field("cleanReturnRollbacks", stats.cleanReturnRollbacks())
                .field("history", new Json.Raw(samples.endArray()))
                .endObject();
    }

    /** The circuit breaker and what the resilience layer has done. */
    public static String resilience(CircuitBreakerStatus breaker, ResilienceStats stats) {
        String breakerJson = Json.object()
                .field("state", breaker.state().name())
                .field("consecutiveFailures", breaker.consecutiveFailures())
                .field("probeAt", breaker.probeAt())
                .field("timesOpened", breaker.timesOpened())
                .field("lastFailureMessage", breaker.lastFailureMessage())
                .endObject();
        return Json.object()
                .field("breaker", new Json.Raw(breakerJson))
                .field("statementRetries", stats.statementRetries())
                .field("transactionReruns", stats.transactionReruns())
                .field("commitsResolved", stats.commitsResolved())
                .field("commitOutcomesUnknown", stats.commitOutcomesUnknown())
                .endObject();
    }

    /**
     * The {@code top} statements by total time with every figure, totals by operation, how many statements were
     * evicted or slow, and the recent slow ones. Only normalised SQL is shown, which holds no literal and no value.
     */
    public static String statements(StatementStats stats, int top) {
        Json statements = Json.array();
        for (StatementStat stat : stats.top(top)) {
            statements.element(new Json.Raw(Json.object()
                    .field("fingerprint", stat.fingerprint())
                    .field("normalizedSql", stat.normalizedSql())
                    .field("operation", stat.operation())
                    .field("calls", stat.calls())
                    .field("errors", stat.errors())
                    .field("rows", stat.rows())
                    .field("totalTimeMs", Json.millis(stat.totalTime()))
                    .field("meanTimeMs", Json.millis(stat.meanTime()))
                    .field("maxTimeMs", Json.millis(stat.maxTime()))
                    .field("p95TimeMs", Json.millis(stat.p95Time()))
                    .endObject()));
        }
        Json operations = Json.array();
        for (OperationTotals totals : OperationTotals.of(stats)) {
            operations.element(new Json.Raw(Json.object()
                    .field("operation", totals.operation())
                    .field("calls", totals.calls())
                    .field("errors", totals.errors())
                    .field("totalTimeMs", Json.millis(totals.totalTime()))
                    .field("meanTimeMs", Json.millis(totals.meanTime()))
                    .field("maxTimeMs", Json.millis(totals.maxTime()))
                    .field("p95TimeMs", Json.millis(totals.p95Time()))
                    .endObject()));
        }
        Json recentSlow = Json.array();
        for (SlowStatement slow : stats.recentSlow()) {
            recentSlow.element(new Json.Raw(Json.object()
                    .field("at", slow.at().toEpochMilli())
                    .field("fingerprint", slow.fingerprint())
                    .field("normalizedSql", slow.normalizedSql())
                    .field("durationMs", Json.millis(slow.duration()))
                    .field("rows", slow.rows())
                    .field("caller", slow.caller())
                    .field("failure", slow.failure())
                    .endObject()));
        }
        return Json.object()
                .field("tracked", stats.statements().size())
                .field("evictedStatements", stats.evictedStatements())
                .field("slowStatements", stats.slowStatements())
                .field("statements", new Json.Raw(statements.endArray()))
                .field("operations", new Json.Raw(operations.endArray()))
                .field("recentSlow", new Json.Raw(recentSlow.endArray()))
                .endObject();
    }

    /** A failure to report, by its type and message. */
    public static String error(RuntimeException failure) {
        return Json.object()
                .field("error", failure.getClass().getSimpleName())
                .field("message", failure.getMessage())
                .endObject();
    }
}
