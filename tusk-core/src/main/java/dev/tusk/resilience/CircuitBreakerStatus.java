package dev.tusk.resilience;

import java.time.Instant;

/**
 * A snapshot of the circuit breaker, safe to log: it holds the last failure's message, never the exception.
 *
 * @param state               the state when the snapshot was taken
 * @param consecutiveFailures connection failures since the last success
 * @param probeAt             when an open breaker will let a trial call through; null unless {@code OPEN}
 * @param timesOpened         how often the breaker has opened since it was created
 * @param lastFailureMessage  the message of the last connection failure, or null when there was none
 */
public record CircuitBreakerStatus(CircuitState state, int consecutiveFailures, Instant probeAt, long timesOpened,
                                   String lastFailureMessage) {

    /** The status of a breaker that has never seen a failure, or is disabled. */
    public static final CircuitBreakerStatus CLOSED_CLEAN = new CircuitBreakerStatus(CircuitState.CLOSED, 0, null, 0, null);
}
