package dev.tusk.tx.internal;

import dev.tusk.ConnectionException;
import dev.tusk.TuskException;
import dev.tusk.internal.Errors;
import dev.tusk.internal.ServerInstance;
import dev.tusk.query.internal.QueryContext;
import dev.tusk.security.TenantContext;
import dev.tusk.security.internal.TenantSettings;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;

import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Begins, commits and rolls back transactions on a borrowed connection, keeping the caller's exception intact. */
public final class Transactions {

    private static final String CURRENT_TRANSACTION_ID = "SELECT pg_current_xact_id_if_assigned()::text";

    private Transactions() {
    }

    /**
     * Runs {@code work} in a transaction on {@code connection}: commits when it returns, rolls back when it throws and
     * rethrows what it threw, with any rollback failure attached as suppressed. {@code onBegin} sees the open handle,
     * e.g. to let nested calls on the same thread join it. A read-write transaction knows its id before COMMIT
     * (brought back by its first write, else read here), so that a COMMIT whose acknowledgement is lost ends in
     * {@link CommitLost} for the caller to resolve. A {@code tenant} (or null) is applied right after BEGIN, on every run.
     */
    public static <R, X extends Exception> R run(Connection connection, TransactionOptions options, TenantContext tenant,
                                                 QueryContext context,
                                                 java.util.function.Consumer<TransactionHandle> onBegin,
                                                 Runnable onEnd, TransactionCallback<R, X> work) throws X {
        TransactionHandle handle = begin(connection, options, tenant, context);
        onBegin.accept(handle);
        try {
            R result;
            Long transactionId;
            try {
                result = work.inTransaction(handle);
                // Read-only transactions get no transaction id and pay nothing.
                transactionId = options.readOnly() ? null : handle.knownTransactionId() != null
                        ? handle.knownTransactionId() : currentTransactionId(connection);
            } catch (Throwable failure) {
                handle.end();
                rollback(connection, failure);
                throw failure;
            }
            handle.end();
            // Only a transaction with an id can be resolved, so only it needs to know where it ran; read before
            // COMMIT, since once a connection fails the pool no longer lets it be unwrapped.
            ServerInstance server = transactionId == null ? null : serverInstance(connection);
            int backendPid = server == null ? 0 : server.backendPid();
            String serverStartedAt = server == null ? null : server.serverStartedAt();
            String serverTimeline = server == null ? null : server.serverTimeline();
            try {
                connection.commit();
            } catch (SQLException e) {
                TuskException failure = Errors.translate(e, "COMMIT", Errors.Phase.EXECUTE, handle.messagesShowValues());
                if (failure instanceof ConnectionException && !isServerAbort(e)) {
                    // The COMMIT may have been carried out before the connection went: only the server can tell.
                    throw new CommitLost(failure, transactionId, backendPid, serverStartedAt, serverTimeline, result);
                }
                // The server answered: it aborted the transaction (a serialization failure, a deferred constraint).
                throw failure;
            }
            return result;
        } finally {
            onEnd.run();
            restoreAutoCommit(connection);
        }
    }

    /** The id of the transaction open on {@code connection}, or null when it has none because it wrote nothing. */
    private static Long currentTransactionId(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement(CURRENT_TRANSACTION_ID);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            String id = rows.getString(1);
            return id == null ? null : Long.parseLong(id);
        } catch (SQLException e) {
            throw Errors.translate(e, CURRENT_TRANSACTION_ID, Errors.Phase.EXECUTE);
        }
    }

    /** Whether the server itself reported the failure of COMMIT, which then certainly aborted the transaction. */
    private static boolean isServerAbort(SQLException failure) {
        // A report the server sent (not one PgJDBC made up for a lost socket) means it answered: nothing committed.
        // A connection failure (class 08) is no such answer even when reported: PgBouncer reports "server conn
        // crashed?" (08P01) when the server connection under a COMMIT dies, which may have committed first.
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        return failure instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && !state.startsWith("08") && !"57P01".equals(state) && !"57P02".equals(state)
                && !"57P03".equals(state);
    }

    /** The server run and backend {@code connection} is on, or null for a connection that is not Tusk's. */
    private static ServerInstance serverInstance(Connection connection) {
        try {
            return connection.unwrap(ServerInstance.class);
        } catch (SQLException e) {
            return null;
        }
    }

    private static TransactionHandle begin(Connection connection, TransactionOptions options, TenantContext tenant,
                                           QueryContext context) {
        String step = "BEGIN";
        try {
            connection.setAutoCommit(false);
            // PgJDBC turns read-only into BEGIN READ ONLY, sent with the first statement: no extra round trip.
            connection.setReadOnly(options.readOnly());
            if (needsSetTransaction(options)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(options.setTransactionSql());
                }
            }
            if (tenant != null) {
                step = TenantSettings.sql(tenant);
                TenantSettings.apply(connection, tenant);
            }
            return new TransactionHandle(connection, options, tenant, context);
        } catch (SQLException e) {
            // A refused role leaves an aborted transaction behind: end it here rather than hand that to the pool.
            rollback(connection, e);
            restoreAutoCommit(connection);
            throw Errors.translate(e, step, Errors.Phase.EXECUTE, context.showValues());
        }
    }

    private static boolean needsSetTransaction(TransactionOptions options) {
        return options.deferrable() || switch (options.isolation()) {
            case READ_COMMITTED, READ_UNCOMMITTED -> false;
            case REPEATABLE_READ, SERIALIZABLE -> true;
        };
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            if (connection.isReadOnly()) {
                connection.setReadOnly(false);
            }
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // The pool resets autocommit and read-only itself when the connection comes back; nothing is lost.
        }
    }
}
