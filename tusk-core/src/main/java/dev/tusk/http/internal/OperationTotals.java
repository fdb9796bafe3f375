package dev.tusk.http.internal;

import dev.tusk.metrics.StatementStat;
import dev.tusk.metrics.StatementStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statement figures summed by operation (SELECT, INSERT, ..., OTHER), a small fixed set, so that metrics and the
 * dashboard can show latency without a series per statement.
 *
 * @param operation the statements' verb
 * @param calls     calls of every tracked statement with this verb
 * @param errors    failed calls among them
 * @param totalTime their time together
 * @param maxTime   the slowest single call
 * @param p95Time   the highest of the statements' own 95th percentiles: an upper bound of the verb's, not its value
 */
public record OperationTotals(String operation, long calls, long errors, Duration totalTime, Duration maxTime,
                              Duration p95Time) {

    /** {@code totalTime} divided by {@code calls}. */
    public Duration meanTime() {
        return calls == 0 ? Duration.ZERO : totalTime.dividedBy(calls);
    }

    /** The totals of every operation {@code stats} tracks, by name. */
    public static List<OperationTotals> of(StatementStats stats) {
        Map<String, OperationTotals> byOperation = new TreeMap<>();
        for (StatementStat stat : stats.statements()) {
            byOperation.merge(stat.operation(), new OperationTotals(stat.operation(), stat.calls(), stat.errors(),
                    stat.totalTime(), stat.maxTime(), stat.p95Time()), OperationTotals::plus);
        }
        return new ArrayList<>(byOperation.values());
    }

    private OperationTotals plus(OperationTotals other) {
        return new OperationTotals(operation, calls + other.calls, errors + other.errors,
                totalTime.plus(other.totalTime), max(maxTime, other.maxTime), max(p95Time, other.p95Time));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
