/**
 * What a client measures of its own work: {@link dev.tusk.metrics.StatementStats}, a client-side
 * {@code pg_stat_statements} of normalised statements, read with {@code TuskClient.statementStats()}; and
 * {@link dev.tusk.metrics.TuskMetrics}, which puts a client's pool, statement, resilience, COPY and batch figures in a
 * Micrometer registry, following Micrometer's and OpenTelemetry's database conventions with bounded tags.
 */
package dev.tusk.metrics;
