package dev.tusk.query.internal;

import dev.tusk.RowMapper;
import dev.tusk.internal.Connections;
import dev.tusk.internal.Errors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A result read through a server-side cursor, {@code fetchSize} rows per round trip, as a {@link Stream} that holds
 * its connection until closed. PgJDBC only uses a cursor when autocommit is off, so outside a transaction the stream
 * runs in one of its own, committed when the stream closes (rolled back if reading failed).
 */
final class RowStream<T> extends Spliterators.AbstractSpliterator<T> {

    private final Connections scope;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final ResultSetRow row;
    private final RowMapper<T> mapper;
    private final String sql;
    private final boolean ownTransaction;
    private final QueryContext context;
    private final boolean raisedTimeout;
    private boolean failed;
    private boolean closed;

    private RowStream(Connections scope, Connection connection, PreparedStatement statement, ResultSet rows,
                      RowMapper<T> mapper, String sql, boolean ownTransaction, QueryContext context, boolean raisedTimeout) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.scope = scope;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.row = new ResultSetRow(rows, scope.messagesShowValues());
        this.mapper = mapper;
        this.sql = sql;
        this.ownTransaction = ownTransaction;
        this.context = context;
        this.raisedTimeout = raisedTimeout;
    }

    static <T> Stream<T> open(Connections scope, QueryContext context, String sql, Object[] parameters,
                              long timeoutMillis, RowMapper<T> mapper) {
        context.serverSession().requireTransactionScoped(sql);
        Connection connection = scope.borrow(sql);
        boolean ownTransaction = !scope.inTransaction();
        PreparedStatement statement = null;
        boolean raised = false;
        try {
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
            raised = StatementRunner.raiseServerTimeout(connection, context, timeoutMillis);
            statement = StatementRunner.prepare(connection, context, sql, parameters, timeoutMillis,
                    scope.messagesShowValues());
            statement.setFetchSize(context.fetchSize());
            ResultSet rows = statement.executeQuery();
            RowStream<T> spliterator = new RowStream<>(scope, connection, statement, rows, mapper, sql, ownTransaction,
                    context, raised);
            return StreamSupport.stream(spliterator, false).onClose(spliterator::close);
        } catch (SQLException | RuntimeException e) {
            if (raised) {
                StatementRunner.restoreServerTimeout(connection, context);
            }
            abandon(scope, connection, statement, ownTransaction, e);
            throw e instanceof SQLException sqlFailure
                    ? StatementRunner.translate(sqlFailure, sql, context, timeoutMillis, scope.messagesShowValues())
                    : (RuntimeException) e;
        }
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        if (closed) {
            return false;
        }
        T value;
        try {
            if (!rows.next()) {
                return false;
            }
            value = mapper.map(row);
        } catch (SQLException e) {
            throw closeAfter(Errors.translate(e, sql, Errors.Phase.EXECUTE, scope.messagesShowValues()));
        } catch (RuntimeException e) {
            throw closeAfter(e);
        }
        action.accept(value);
        return true;
    }

    /**
     * Ends the stream after reading or mapping a row failed (a value that does not convert, a mapper that throws):
     * a stream cannot resume after an exception, so the cursor is closed and the connection given back at once
     * rather than when the caller gets round to closing it.
     */
    private RuntimeException closeAfter(RuntimeException failure) {
        failed = true;
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        try {
            rows.close();
            statement.close();
            if (raisedTimeout) {
                StatementRunner.restoreServerTimeout(connection, context);
            }
            if (ownTransaction) {
                if (failed) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            failure = e;
        } finally {
            scope.giveBack(connection);
        }
        if (failure != null) {
            throw Errors.translate(failure, sql, Errors.Phase.EXECUTE, scope.messagesShowValues());
        }
    }

    private static void abandon(Connections scope, Connection connection, PreparedStatement statement,
                                boolean ownTransaction, Exception cause) {
        try {
            if (statement != null) {
                statement.close();
            }
            if (ownTransaction) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        } finally {
            scope.giveBack(connection);
        }
    }
}
