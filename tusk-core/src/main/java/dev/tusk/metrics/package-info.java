/**
 * What a client measures of its own work: {@link dev.tusk.metrics.StatementStats}, a client-side
 * {@code pg_stat_statements} of normalised statements, read with {@code TuskClient.statementStats()}.
 */
package dev.tusk.metrics;
