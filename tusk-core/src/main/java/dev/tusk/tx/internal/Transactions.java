package dev.tusk.tx.internal;

import dev.tusk.internal.Errors;
import dev.tusk.query.internal.QueryContext;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Begins, commits and rolls back transactions on a borrowed connection, keeping the caller's exception intact. */
public final class Transactions {

    private Transactions() {
    }

    /**
     * Runs {@code work} in a transaction on {@code connection}: commits when it returns, rolls back when it throws and
     * rethrows what it threw, with any rollback failure attached as suppressed. {@code onBegin} sees the open handle,
     * e.g. to let nested calls on the same thread join it.
     */
    public static <R, X extends Exception> R run(Connection connection, TransactionOptions options, QueryContext context,
                                                 java.util.function.Consumer<TransactionHandle> onBegin,
                                                 Runnable onEnd, TransactionCallback<R, X> work) throws X {
        TransactionHandle handle = begin(connection, options, context);
        onBegin.accept(handle);
        try {
            R result;
            try {
                result = work.inTransaction(handle);
            } catch (Throwable failure) {
                handle.end();
                rollback(connection, failure);
                throw failure;
            }
            handle.end();
            try {
                connection.commit();
            } catch (SQLException e) {
                // A failed COMMIT (e.g. a serialization failure) leaves nothing committed; the transaction is gone.
                throw Errors.translate(e, "COMMIT", Errors.Phase.EXECUTE);
            }
            return result;
        } finally {
            onEnd.run();
            restoreAutoCommit(connection);
        }
    }

    private static TransactionHandle begin(Connection connection, TransactionOptions options, QueryContext context) {
        try {
            connection.setAutoCommit(false);
            // PgJDBC turns read-only into BEGIN READ ONLY, sent with the first statement: no extra round trip.
            connection.setReadOnly(options.readOnly());
            if (needsSetTransaction(options)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(options.setTransactionSql());
                }
            }
            return new TransactionHandle(connection, options, context);
        } catch (SQLException e) {
            restoreAutoCommit(connection);
            throw Errors.translate(e, "BEGIN", Errors.Phase.EXECUTE);
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
