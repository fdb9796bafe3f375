/**
 * An embeddable HTTP server for operators: {@link dev.tusk.http.TuskHttpServer} serves a client's pool, breaker and
 * resilience figures as JSON, Prometheus text and a live dashboard page, on the JDK's own HTTP server. The renderers
 * and the sampler behind it live in {@code dev.tusk.http.internal}.
 */
package dev.tusk.http;
