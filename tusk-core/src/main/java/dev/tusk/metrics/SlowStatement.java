package dev.tusk.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * One statement that took longer than {@code slowQueryThreshold}, as the slow-statement log saw it.
 *
 * @param fingerprint   the fingerprint of {@code normalizedSql}, as in {@link StatementStat#fingerprint()}
 * @param normalizedSql the statement with its literals replaced by {@code ?}; it never holds a parameter value
 * @param duration      how long it took
 * @param rows          rows it returned or changed, or -1 when unknown (a failure, or a driver that does not say)
 * @param at            when it finished
 * @param caller        the application's frame that ran it, {@code class.method(File.java:line)}, or {@code unknown}
 * @param failure       the simple class name of the exception it failed with, or null when it succeeded
 */
public record SlowStatement(String fingerprint, String normalizedSql, Duration duration, long rows, Instant at,
                            String caller, String failure) {
}
