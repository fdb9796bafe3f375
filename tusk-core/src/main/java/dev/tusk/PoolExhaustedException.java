package dev.tusk;

import dev.tusk.pool.PoolStats;

/** No connection became free within the acquire timeout; carries the pool's state at that moment. Transient. */
public final class PoolExhaustedException extends TuskException {

    private static final long serialVersionUID = 1L;

    private final transient PoolStats stats;

    /** An exception with a message, the pool engine's failure and the pool's state when the wait ended. */
    public PoolExhaustedException(String message, Throwable cause, PoolStats stats) {
        super(message, cause, ServerError.NONE, true, false);
        this.stats = stats;
    }

    /** The pool's state when the wait ended. */
    public PoolStats stats() {
        return stats;
    }
}
