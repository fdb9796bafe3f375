package dev.tusk.internal;

import dev.tusk.query.internal.QueryContext;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;
import dev.tusk.tx.internal.TransactionHandle;
import dev.tusk.tx.internal.Transactions;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a client's handles share: where connections come from, and the transaction open on each thread (so nested
 * calls join it instead of taking a second connection).
 */
public final class ClientCore {

    /** Lends connections: the pool. */
    @FunctionalInterface
    public interface ConnectionSource {
        /** A connection, waiting up to the acquire timeout. */
        Connection get() throws SQLException;
    }

    private final ConnectionSource source;
    private final QueryContext context;
    private final ThreadLocal<TransactionHandle> openTransaction = new ThreadLocal<>();
    private final PooledConnections writable = new PooledConnections(this, false);
    private final PooledConnections readOnly = new PooledConnections(this, true);

    /** A core lending connections from {@code source}; the pool refuses work once it is closing. */
    public ClientCore(ConnectionSource source, QueryContext context) {
        this.source = source;
        this.context = context;
    }

    /** The settings every statement shares. */
    public QueryContext context() {
        return context;
    }

    /** A connection for one unit of work, to be given back with {@link #release(Connection)}; {@code sql} names it. */
    Connection lease(String sql) {
        try {
            return source.get();
        } catch (SQLException e) {
            throw Errors.translate(e, sql, Errors.Phase.CONNECT);
        }
    }

    /** Returns a connection from {@link #lease(String)} to the pool, logging a failure to do so. */
    void release(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            context.log().warn("Could not return a connection to the pool: {}", e.getMessage());
        }
    }

    /** The client's connections for statements and COPY outside a transaction. */
    public Connections connections() {
        return writable;
    }

    /** The client's connections for statements that run read-only, each in a read-only transaction of its own. */
    public Connections readOnlyConnections() {
        return readOnly;
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
        Connection connection = writable.borrow("BEGIN");
        try {
            return Transactions.run(connection, options, context, openTransaction::set, openTransaction::remove, work);
        } finally {
            writable.giveBack(connection);
        }
    }
}
