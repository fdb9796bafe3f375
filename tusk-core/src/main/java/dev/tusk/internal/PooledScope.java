package dev.tusk.internal;

import dev.tusk.query.internal.ConnectionScope;
import dev.tusk.tx.TransactionOptions;
import dev.tusk.tx.internal.TransactionHandle;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Statements of the client itself: each runs on a connection leased for it alone. A read-only scope runs each one in
 * a read-only transaction of its own.
 */
public final class PooledScope implements ConnectionScope {

    private final ClientCore core;
    private final boolean readOnly;

    /** A scope leasing from {@code core}, read-only or not. */
    public PooledScope(ClientCore core, boolean readOnly) {
        this.core = core;
        this.readOnly = readOnly;
    }

    @Override
    public Connection borrow() throws SQLException {
        Connection connection = core.lease();
        if (readOnly) {
            try {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
            } catch (SQLException | RuntimeException e) {
                core.release(connection);
                throw e;
            }
        }
        return connection;
    }

    @Override
    public void giveBack(Connection connection) throws SQLException {
        try {
            if (readOnly) {
                // Nothing to keep from a read-only transaction, and a rollback also ends one a failure aborted.
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
        } finally {
            core.release(connection);
        }
    }

    @Override
    public boolean inTransaction() {
        return readOnly;
    }

    @Override
    public <R> R atomically(Function<ConnectionScope, R> work) {
        TransactionOptions options = readOnly ? TransactionOptions.DEFAULT.asReadOnly() : TransactionOptions.DEFAULT;
        return core.inTransaction(options, transaction -> work.apply((TransactionHandle) transaction));
    }
}
