/**
 * Retry and circuit-breaker building blocks: {@link dev.tusk.resilience.RetryPolicy} (exponential backoff with full
 * jitter within a deadline) and {@link dev.tusk.resilience.CircuitBreakerStatus}, the breaker's state as users see it.
 * The engines that apply them live in {@code dev.tusk.resilience.internal}.
 */
package dev.tusk.resilience;
