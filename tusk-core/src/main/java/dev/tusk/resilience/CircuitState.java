package dev.tusk.resilience;

/** The circuit breaker's state. */
public enum CircuitState {
    /** Calls flow; connection failures are being counted. */
    CLOSED,
    /** Calls are refused at once until the probe time, or until the pool reaches the server again. */
    OPEN,
    /** One trial call is let through; its outcome closes the breaker or opens it again. */
    HALF_OPEN
}
