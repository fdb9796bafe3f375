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

    /** A core lending connections from {@code source}; the pool refuses work once it is closing. */
    public ClientCore(ConnectionSource source, QueryContext context) {
        this.source = source;
        this.context = context;
    }

    /** The settings every statement shares. */
    public QueryContext context() {
        return context;
    }

    /** A connection for one unit of work, to be given back with {@link #release(Connection)}. */
    public Connection lease() throws SQLException {
        return source.get();
    }

    /** Returns a connection from {@link #lease()} to the pool. */
    public void release(Connection connection) throws SQLException {
        connection.close();
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
}
