/** OpenTelemetry spans for Tusk's statements and transactions: start at {@link dev.tusk.opentelemetry.TuskOpenTelemetry}. */
package dev.tusk.opentelemetry;
