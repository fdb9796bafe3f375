package dev.tusk.internal;

import dev.tusk.TuskException;
import dev.tusk.tx.ConnectionCallback;

import dev.tusk.resilience.internal.Retrier;
import dev.tusk.trace.TuskTracer;

import java.sql.Connection;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one way every operation gets and gives back a connection. The client implements it with a pooled lease per
 * operation, a transaction with its own connection; retry, the circuit breaker, metrics and routing hook in here once.
 */
public interface Connections {

    /**
     * A connection to run {@code sql} on (null when there is no single statement, e.g. a COPY being planned), to be
     * given back with {@link #giveBack(Connection)}; for work that outlives one call, such as a stream.
     *
     * @throws TuskException when no connection could be had, naming {@code sql}
     */
    Connection borrow(String sql);

    /** Gives back a connection from {@link #borrow(String)}; never throws, logging what it could not do. */
    void giveBack(Connection connection);

    /** Whether borrowed connections are already inside a transaction (autocommit off). */
    boolean inTransaction();

    /** Runs {@code work} atomically on connections of its own: a new transaction, or a savepoint of the open one. */
    <R> R atomically(Function<Connections, R> work);

    /**
     * Runs {@code attempt}, again when it fails in a way that is safe to retry: never reached the server, or transient
     * and {@code idempotent}. Within {@code callerTimeout} (null for none) and the retry deadline. Inside a
     * transaction it runs once: the transaction as a whole is what runs again.
     */
    default <R> R retrying(boolean idempotent, Duration callerTimeout, Retrier.Attempt<R> attempt) {
        return attempt.run();
    }

    /**
     * Whether the work runs in a read-write transaction whose id is not known yet, so that a write may bring it back
     * in the same round trip (see {@link #transactionIdSeen}).
     */
    default boolean wantsTransactionId() {
        return false;
    }

    /** Records the transaction id a write brought back ({@code pg_current_xact_id_if_assigned()}), or null if none. */
    default void transactionIdSeen(String transactionId) {
        // Only a transaction keeps it.
    }

    /**
     * The most connections these can lend at once: the pool's {@code poolMaxSize} for the client, 1 where there is a
     * single connection (a transaction).
     */
    default int maxConnections() {
        return 1;
    }

    /** The tracer that hears work on these connections (COPY, batches); {@link TuskTracer#NONE} when nobody listens. */
    default TuskTracer tracer() {
        return TuskTracer.NONE;
    }

    /**
     * The client's memory of the tables small bulk inserts wrote to; a fresh, unshared one where there is no client,
     * which means a catalog look-up on every call.
     */
    default dev.tusk.copy.internal.InsertTargets insertTargets() {
        return new dev.tusk.copy.internal.InsertTargets();
    }

    /** Whether these connections keep their server session, or PgBouncer gives each transaction another one. */
    default ServerSession serverSession() {
        return ServerSession.DEDICATED;
    }

    /** The server-session sharing of {@code database} when it is one of Tusk's own handles, else dedicated. */
    static ServerSession serverSessionOf(Object database) {
        return database instanceof Connections connections ? connections.serverSession() : ServerSession.DEDICATED;
    }

    /**
     * Whether error messages may quote the caller's values: only in the development profile, since elsewhere a message
     * ends up in logs that must not hold the data. Off unless a handle knows its client's profile.
     */
    default boolean messagesShowValues() {
        return false;
    }

    /** Whether {@code database} is one of Tusk's own handles (or a client) whose messages may quote values. */
    static boolean messagesShowValues(Object database) {
        if (database instanceof dev.tusk.TuskClient client) {
            // The client is a Database but not a Connections; its bulk work quotes values as its own COPY does.
            return client.config().profile() == dev.tusk.config.Profile.DEVELOPMENT;
        }
        return database instanceof Connections connections && connections.messagesShowValues();
    }

    /** The tracer of {@code database} when it is one of Tusk's own handles, else {@link TuskTracer#NONE}. */
    static TuskTracer tracerOf(Object database) {
        return database instanceof Connections connections ? connections.tracer() : TuskTracer.NONE;
    }

    /** Runs {@code work} on a borrowed connection and gives it back, whatever happens; {@code sql} names the work. */
    default <R, X extends Exception> R lend(String sql, ConnectionCallback<R, X> work) throws X {
        Connection connection = borrow(sql);
        try {
            return work.withConnection(connection);
        } finally {
            giveBack(connection);
        }
    }
}
