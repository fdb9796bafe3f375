package dev.tusk.metrics;

import java.time.Duration;

/**
 * One normalised statement's figures: every call of SQL that differs only in its literals, its lists or its spacing.
 *
 * @param fingerprint   16 hex digits of a hash of {@code normalizedSql}, stable across runs and clients
 * @param normalizedSql the statement with literals replaced by {@code ?}, lists collapsed, comments and extra spaces
 *                      removed, so it is safe to show; it never holds a parameter value
 * @param operation     the statement's verb: SELECT, INSERT, UPDATE, DELETE, MERGE, COPY, CALL, ..., or OTHER
 * @param calls         times it ran, failures included
 * @param errors        times it failed
 * @param rows          rows it returned or changed, where that is known
 * @param totalTime     time spent in it, all calls together
 * @param meanTime      {@code totalTime} divided by {@code calls}
 * @param maxTime       its slowest call
 * @param p95Time       the 95th-percentile call time, to within 12.5%, never above {@code maxTime}
 */
public record StatementStat(String fingerprint, String normalizedSql, String operation, long calls, long errors,
                            long rows, Duration totalTime, Duration meanTime, Duration maxTime, Duration p95Time) {
}
