package dev.tusk;

import java.time.Instant;

/**
 * The circuit breaker is open after repeated connection failures, so the call was refused at once, without waiting
 * for the pool or touching the network. Transient: it never reached the server, and {@link #probeAt()} says when the
 * breaker will next let a trial call through.
 */
public final class CircuitOpenException extends TuskException {

    private static final long serialVersionUID = 1L;

    private final Instant probeAt;

    /** An exception saying why the breaker opened and when it will let a trial call through. */
    public CircuitOpenException(String message, Throwable lastFailure, Instant probeAt) {
        super(message, lastFailure, ServerError.NONE, true, false);
        this.probeAt = probeAt;
    }

    /** When the breaker will next let a trial call through (it may be sooner, when the pool reconnects first). */
    public Instant probeAt() {
        return probeAt;
    }
}
