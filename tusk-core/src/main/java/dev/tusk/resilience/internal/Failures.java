package dev.tusk.resilience.internal;

import dev.tusk.AuthenticationException;
import dev.tusk.CircuitOpenException;
import dev.tusk.ClientClosedException;
import dev.tusk.CommitOutcomeUnknownException;
import dev.tusk.ConnectionException;
import dev.tusk.PoolExhaustedException;
import dev.tusk.TooManyConnectionsException;
import dev.tusk.TuskException;

/**
 * How a failure counts for retrying and for the circuit breaker: the one place that decides, so the retry loop, the
 * breaker and the transaction runner cannot disagree.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * Whether {@code failure} is known not to have reached the server and may succeed if tried again: a connection
     * that would not open or was found broken before the statement was sent, 53300, 57P01-57P03 while connecting.
     * Such work is safe to retry even when it is not idempotent.
     */
    public static boolean notSent(TuskException failure) {
        return !failure.mayHaveReachedServer() && failure.isTransient() && !isRefusedLocally(failure);
    }

    /**
     * Whether {@code failure} is evidence that the server is unreachable or refusing us, and so counts towards opening
     * the breaker: connection failures (lost, refused, shut down), too many connections, and refused logins. Errors
     * the caller caused (syntax, constraints, missing tables, statement timeouts, serialization failures,
     * deadlocks, read-only transactions) and an exhausted pool (the application's own load) never count.
     */
    public static boolean countsForBreaker(Throwable failure) {
        return switch (failure) {
            case ConnectionException connection -> true;
            case TooManyConnectionsException tooMany -> true;
            // Every new connection will be refused the same way until someone fixes the role or pg_hba.conf, so
            // failing fast with the reason is kinder to the server and the caller than retrying each login.
            case AuthenticationException refused -> true;
            // The lost COMMIT acknowledgement is a connection failure; the exception only wraps it.
            case CommitOutcomeUnknownException unknown -> unknown.getCause() != null && countsForBreaker(unknown.getCause());
            case null, default -> false;
        };
    }

    /**
     * Whether {@code failure} proves the server answered (it carries a SQLSTATE and is not a connection-class
     * failure), which the breaker records as a success: a syntax error means the server is up.
     */
    public static boolean serverAnswered(Throwable failure) {
        return failure instanceof TuskException tusk && tusk.sqlState() != null && !countsForBreaker(failure);
    }

    /**
     * Whether work that failed with {@code failure} may be run again: it never reached the server, or it is transient
     * and the caller declared it {@code idempotent} (so running it twice does no harm).
     */
    public static boolean safeToRetry(TuskException failure, boolean idempotent) {
        return notSent(failure) || (idempotent && failure.isTransient() && !isRefusedLocally(failure));
    }

    /**
     * Failures raised by Tusk itself before any connection was tried, where an immediate retry cannot help: the
     * breaker is open (retrying would only spin until the probe time), the client is closed, or the pool was
     * exhausted (the caller already waited the whole acquire timeout; retrying multiplies that wait and adds load
     * to a pool that is already saturated).
     */
    private static boolean isRefusedLocally(TuskException failure) {
        return failure instanceof CircuitOpenException || failure instanceof ClientClosedException
                || failure instanceof PoolExhaustedException;
    }
}
