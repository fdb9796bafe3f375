package dev.tusk.internal;

import dev.tusk.tx.TransactionOptions;
import dev.tusk.tx.internal.TransactionHandle;

import dev.tusk.resilience.internal.Failures;
import dev.tusk.resilience.internal.Retrier;

import java.sql.Connection;
import java.time.Duration;
import java.sql.SQLException;
import java.util.function.Function;
import dev.tusk.trace.TuskTracer;

/**
 * The client's {@link Connections}: each operation runs on a connection leased for it alone. A read-only instance runs
 * each one in a read-only transaction of its own.
 */
public final class PooledConnections implements Connections {

    private final ClientCore core;
    private final boolean readOnly;

    /** Connections leased from {@code core}, read-only or not. */
    public PooledConnections(ClientCore core, boolean readOnly) {
        this.core = core;
        this.readOnly = readOnly;
    }

    @Override
    public Connection borrow(String sql) {
        Connection connection = core.lease(sql);
        if (readOnly) {
            try {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
            } catch (SQLException | RuntimeException e) {
                core.release(connection);
                throw e instanceof SQLException failure ? Errors.translate(failure, sql, Errors.Phase.CONNECT)
                        : (RuntimeException) e;
            }
        }
        return connection;
    }

    @Override
    public void giveBack(Connection connection) {
        try {
            if (readOnly) {
                // Nothing to keep from a read-only transaction, and a rollback also ends one a failure aborted.
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            core.context().log().debug("Could not end a read-only statement's transaction; the pool will: {}",
                    e.getMessage());
        } finally {
            core.release(connection);
        }
    }

    @Override
    public <R> R retrying(boolean idempotent, Duration callerTimeout, Retrier.Attempt<R> attempt) {
        // A read-only statement changes nothing, so running it twice is always safe.
        boolean safeTwice = idempotent || readOnly;
        return core.retrier().call(attempt, failure -> Failures.safeToRetry(failure, safeTwice), callerTimeout);
    }

    @Override
    public TuskTracer tracer() {
        return core.context().tracer();
    }

    @Override
    public boolean inTransaction() {
        return readOnly;
    }

    @Override
    public <R> R atomically(Function<Connections, R> work) {
        TransactionOptions options = readOnly ? TransactionOptions.DEFAULT.asReadOnly() : TransactionOptions.DEFAULT;
        return core.inTransaction(options, transaction -> work.apply((TransactionHandle) transaction));
    }
}
