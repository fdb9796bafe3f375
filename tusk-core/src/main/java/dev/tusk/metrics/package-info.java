/**
 * Metrics: {@link dev.tusk.metrics.TuskMetrics} puts a client's pool, statement, resilience, COPY and batch figures
 * in a Micrometer registry, following Micrometer's and OpenTelemetry's database conventions with bounded tags.
 */
package dev.tusk.metrics;
