package dev.tusk.internal;

import dev.tusk.ClientClosedException;
import dev.tusk.query.internal.QueryContext;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;
import dev.tusk.tx.internal.TransactionHandle;
import dev.tusk.tx.internal.Transactions;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a client's handles share: where connections come from, the work in flight (so {@code close()} can wait for it),
 * and the transaction open on each thread (so nested calls join it instead of taking a second connection).
 */
public final class ClientCore {

    /** Lends connections: the pool. */
    @FunctionalInterface
    public interface ConnectionSource {
        /** A connection, waiting up to the acquire timeout. */
        Connection get() throws SQLException;
    }

    private final String name;
    private final ConnectionSource source;
    private final QueryContext context;
    private final ThreadLocal<TransactionHandle> openTransaction = new ThreadLocal<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    /** A core named {@code name} in messages, lending connections from {@code source}. */
    public ClientCore(String name, ConnectionSource source, QueryContext context) {
        this.name = name;
        this.source = source;
        this.context = context;
    }

    /** The settings every statement shares. */
    public QueryContext context() {
        return context;
    }

    /** A connection for one unit of work; counted in flight until {@link #release(Connection)}. */
    public Connection lease() throws SQLException {
        // Count first, then check: close() either sees this lease or this lease sees close().
        inFlight.incrementAndGet();
        if (closing) {
            inFlight.decrementAndGet();
            throw new ClientClosedException(name + " is closed or closing; no new work is accepted");
        }
        try {
            return source.get();
        } catch (SQLException | RuntimeException e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }

    /** Returns a connection from {@link #lease()} to the pool. */
    public void release(Connection connection) throws SQLException {
        try {
            connection.close();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Runs {@code work} in a transaction, joining the one already open on this thread under a savepoint. */
    public <R, X extends Exception> R inTransaction(TransactionOptions options, TransactionCallback<R, X> work) throws X {
        TransactionHandle open = openTransaction.get();
        if (open != null) {
            if (!options.equals(TransactionOptions.DEFAULT) && !options.equals(open.options())) {
                throw new IllegalStateException("a transaction with " + options + " was requested inside an open "
                        + "transaction with " + open.options() + " on the same thread; a nested transaction is a "
                        + "savepoint and cannot change those options");
            }
            return open.inTransaction(work);
        }
        Connection connection;
        try {
            connection = lease();
        } catch (SQLException e) {
            throw Errors.translate(e, null, Errors.Phase.CONNECT);
        }
        try {
            return Transactions.run(connection, options, context, openTransaction::set, openTransaction::remove, work);
        } finally {
            try {
                release(connection);
            } catch (SQLException e) {
                context.log().warn("Could not return a connection to the pool after a transaction: {}", e.getMessage());
            }
        }
    }

    /** Stops accepting work; waits up to {@code grace} for work in flight and returns how many are still running. */
    public int closeAndAwait(Duration grace) {
        closing = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inFlight.get();
    }

    /** Whether {@code close()} has begun. */
    public boolean isClosing() {
        return closing;
    }

    /** Work that holds a connection right now. */
    public int inFlight() {
        return inFlight.get();
    }
}
