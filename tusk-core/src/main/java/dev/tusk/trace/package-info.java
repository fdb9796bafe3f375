/**
 * The tracer SPI: {@link dev.tusk.trace.TuskTracer} hears statements, connection leases, transactions, retries, COPY
 * and batches, for metrics, logs and tracing systems to build on.
 */
package dev.tusk.trace;
