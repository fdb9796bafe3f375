/** How the OpenTelemetry tracer works: the span tracer and the statement summary; not for users. */
package dev.tusk.opentelemetry.internal;
