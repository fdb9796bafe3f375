package dev.tusk.trace;

import dev.tusk.resilience.CircuitState;
import dev.tusk.tx.TransactionOptions;

/**
 * Hears what a client does, in the spirit of pgx's tracers: statements, connection leases, transactions, retries, COPY
 * and batches. Every method has a no-op default, so an implementation overrides only what it needs. Methods run on
 * the caller's thread on the hot path: they must be quick and must not block; an exception they throw is logged and
 * otherwise ignored. A {@code start} method may return a context object (a span, a start time) that Tusk hands back
 * to the matching end method, so a tracer needs no thread-locals.
 */
public interface TuskTracer {

    /** A tracer that does nothing; the client skips every call to it. */
    TuskTracer NONE = new TuskTracer() {
    };

    /** {@code sql} is about to be sent, inside a transaction or not; returns a context for the end call, or null. */
    default Object statementStarted(String sql, boolean inTransaction) {
        return null;
    }

    /** The statement of {@link #statementStarted} succeeded after {@code nanos}, touching {@code rows} rows (-1: unknown). */
    default void statementSucceeded(String sql, Object context, long rows, long nanos) {
    }

    /** The statement of {@link #statementStarted} failed after {@code nanos}. */
    default void statementFailed(String sql, Object context, Throwable failure, long nanos) {
    }

    /** A pooled connection was lent after waiting {@code waitNanos}. */
    default void connectionAcquired(long waitNanos) {
    }

    /** Getting a pooled connection failed after {@code waitNanos}. */
    default void connectionFailed(Throwable failure, long waitNanos) {
    }

    /** A pooled connection was given back. */
    default void connectionReleased() {
    }

    /** A transaction is about to begin; returns a context for its end call, or null. */
    default Object transactionStarted(TransactionOptions options) {
        return null;
    }

    /** The transaction of {@link #transactionStarted} committed (or was found committed) after {@code nanos}. */
    default void transactionCommitted(Object context, long nanos) {
    }

    /** The transaction of {@link #transactionStarted} ended without committing, after {@code nanos}. */
    default void transactionRolledBack(Object context, Throwable failure, long nanos) {
    }

    /** A transaction's callback is about to run again, for the {@code run}th time, after {@code failure} rolled it back. */
    default void transactionRerun(int run, Throwable failure) {
    }

    /** A one-liner is about to be tried again (its {@code retry}th retry) after {@code failure}. */
    default void statementRetried(int retry, Throwable failure) {
    }

    /** The circuit breaker moved from {@code from} to {@code to}. */
    default void breakerStateChanged(CircuitState from, CircuitState to) {
    }

    /** A COPY into or out of {@code table} (or a query) ended, moving {@code rows} rows and {@code bytes} bytes. */
    default void copyFinished(String target, boolean in, long rows, long bytes, long nanos, Throwable failure) {
    }

    /** A batch ended with {@code items} items of which {@code failedItems} failed. */
    default void batchFinished(long items, long failedItems, long nanos) {
    }

    /** A tracer that calls each of {@code tracers} in order. */
    static TuskTracer of(TuskTracer... tracers) {
        return dev.tusk.trace.internal.Tracers.compose(tracers);
    }
}
