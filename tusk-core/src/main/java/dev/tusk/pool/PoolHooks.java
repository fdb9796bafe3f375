package dev.tusk.pool;

import java.util.Objects;

/**
 * The user code a pool runs on its connections, and who hears about its events; immutable, built from {@link #NONE}
 * with the {@code with…} methods. Configuration ({@code TuskConfig}) holds only data; code goes here.
 *
 * <p>For one connection the hooks run in this order: {@code afterConnect} once, then for every lease
 * {@code beforeAcquire}, the caller's work, {@code afterRelease}. What a failing hook does:
 * <ul>
 *   <li>{@code afterConnect} runs on each new physical connection, on HikariCP's connection-adder thread, before the
 *   connection enters the pool (autocommit on; a place for {@code SET} statements). If it throws, the connection is
 *   closed and never lent; HikariCP keeps trying to open connections, and acquires that were waiting for one fail
 *   with a {@code ConnectionException} naming the hook when their acquire timeout ends.</li>
 *   <li>{@code beforeAcquire} runs on each lease just before {@code acquire} returns it (validation, tagging). If it
 *   throws, the connection is discarded (counted in {@code retiredBroken}) and that acquire fails at once with a
 *   {@code ConnectionException} whose cause is the hook's exception; the pool does not retry another connection,
 *   so a hook that always fails cannot make callers spin.</li>
 *   <li>{@code afterRelease} runs on each lease when it is closed, after an open transaction has been rolled back and
 *   before the connection is lent again (a place for {@code RESET} or {@code DISCARD}). If it throws, the connection
 *   is discarded (counted in {@code retiredBroken}) and the failure logged; the caller's {@code close()} does not
 *   throw, because the caller's work has already succeeded.</li>
 * </ul>
 *
 * @param afterConnect  runs once on each new physical connection
 * @param beforeAcquire runs on each lease before it is handed out
 * @param afterRelease  runs on each lease when it is returned
 * @param listener      receives exhaustion and leak events
 */
public record PoolHooks(ConnectionHook afterConnect, ConnectionHook beforeAcquire, ConnectionHook afterRelease,
                        PoolListener listener) {

    /** No hooks and no listener. */
    public static final PoolHooks NONE = new PoolHooks(ConnectionHook.NONE, ConnectionHook.NONE, ConnectionHook.NONE,
            PoolListener.NONE);

    /** Refuses nulls, so that a missing hook is always the explicit {@link ConnectionHook#NONE}. */
    public PoolHooks {
        Objects.requireNonNull(afterConnect, "afterConnect must not be null; use ConnectionHook.NONE");
        Objects.requireNonNull(beforeAcquire, "beforeAcquire must not be null; use ConnectionHook.NONE");
        Objects.requireNonNull(afterRelease, "afterRelease must not be null; use ConnectionHook.NONE");
        Objects.requireNonNull(listener, "listener must not be null; use PoolListener.NONE");
    }

    /** A copy that runs {@code hook} on each new physical connection. */
    public PoolHooks withAfterConnect(ConnectionHook hook) {
        return new PoolHooks(hook, beforeAcquire, afterRelease, listener);
    }

    /** A copy that runs {@code hook} on each lease before it is handed out. */
    public PoolHooks withBeforeAcquire(ConnectionHook hook) {
        return new PoolHooks(afterConnect, hook, afterRelease, listener);
    }

    /** A copy that runs {@code hook} on each lease when it is returned. */
    public PoolHooks withAfterRelease(ConnectionHook hook) {
        return new PoolHooks(afterConnect, beforeAcquire, hook, listener);
    }

    /** A copy that reports pool events to {@code value}. */
    public PoolHooks withListener(PoolListener value) {
        return new PoolHooks(afterConnect, beforeAcquire, afterRelease, value);
    }
}
