package dev.tusk.query.internal;

import dev.tusk.QueryException;
import dev.tusk.Row;
import dev.tusk.RowMapper;
import dev.tusk.ServerError;
import dev.tusk.SqlOperations;
import dev.tusk.TuskException;
import dev.tusk.internal.Connections;
import dev.tusk.internal.Errors;
import dev.tusk.trace.TuskTracer;
import org.postgresql.jdbc.PgStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Runs statements on the connections of a {@link Connections}; the engine behind every {@link SqlOperations}. */
public final class StatementRunner implements SqlOperations {

    private final Connections scope;
    private final QueryContext context;
    private final long timeoutMillis;
    private final boolean idempotent;

    /** A runner on {@code scope}; {@code timeoutMillis} above zero cancels each statement on the server after that long. */
    public StatementRunner(Connections scope, QueryContext context, long timeoutMillis) {
        this(scope, context, timeoutMillis, false);
    }

    /** A runner whose statements are retried after any transient failure when {@code idempotent}. */
    public StatementRunner(Connections scope, QueryContext context, long timeoutMillis, boolean idempotent) {
        this.scope = scope;
        this.context = context;
        this.timeoutMillis = timeoutMillis;
        this.idempotent = idempotent;
    }

    /** This runner, its statements declared safe to run twice, so that they are retried after any transient failure. */
    public StatementRunner asIdempotent() {
        return new StatementRunner(scope, context, timeoutMillis, true);
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        Objects.requireNonNull(mapper, "mapper");
        return run(sql, parameters, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                ResultSetRow row = new ResultSetRow(rows, scope.messagesShowValues());
                while (rows.next()) {
                    result.add(mapper.map(row));
                }
                return result;
            }
        });
    }

    @Override
    public <T> List<T> query(String sql, Class<T> type, Object... parameters) {
        return query(sql, TypeMappers.forType(type), parameters);
    }

    @Override
    public List<Row> queryRows(String sql, Object... parameters) {
        return run(sql, parameters, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                return detachAll(rows);
            }
        });
    }

    @Override
    public <T> T queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = query(sql, mapper, parameters);
        if (rows.size() != 1) {
            throw new QueryException("expected exactly one row but the query returned " + rows.size() + ", while running: "
                    + sql, null, ServerError.ofSqlState(rows.isEmpty() ? "02000" : "21000"));
        }
        return rows.get(0);
    }

    @Override
    public <T> T queryOne(String sql, Class<T> type, Object... parameters) {
        return queryOne(sql, TypeMappers.forType(type), parameters);
    }

    @Override
    public <T> Optional<T> queryOptional(String sql, Class<T> type, Object... parameters) {
        return queryOptional(sql, TypeMappers.forType(type), parameters);
    }

    @Override
    public <T> Optional<T> queryOptional(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = query(sql, mapper, parameters);
        if (rows.size() > 1) {
            throw new QueryException("expected at most one row but the query returned " + rows.size() + ", while running: "
                    + sql, null, ServerError.ofSqlState("21000"));
        }
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    @Override
    public <T> T queryValue(String sql, Class<T> type, Object... parameters) {
        Objects.requireNonNull(type, "type");
        return run(sql, parameters, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                T value = new ResultSetRow(rows, scope.messagesShowValues()).read(1, type);
                if (rows.next()) {
                    throw new QueryException("expected one value but the query returned more than one row, while running: "
                            + sql, null, ServerError.ofSqlState("21000"));
                }
                return value;
            }
        });
    }

    @Override
    public long execute(String sql, Object... parameters) {
        if (scope.wantsTransactionId() && TransactionIds.canRideAlong(sql)) {
            // The transaction's id comes back in the same round trip as the write that assigned it, so the COMMIT
            // needs no extra round trip to be resolvable.
            return run(sql, TransactionIds.rideAlong(sql), parameters, (StatementWork<UpdateCount>) statement -> {
                statement.execute();
                long count = statement.getLargeUpdateCount();
                if (statement.getMoreResults()) {
                    try (ResultSet id = statement.getResultSet()) {
                        if (id.next()) {
                            scope.transactionIdSeen(id.getString(1));
                        }
                    }
                }
                return new UpdateCount(count);
            }).rows();
        }
        return run(sql, parameters, statement -> new UpdateCount(countOf(statement, statement.execute()))).rows();
    }

    /**
     * The number in the statement's command tag, as pgx's {@code Exec} and asyncpg's {@code execute} report it: rows
     * changed, or for a statement that returns rows (a SELECT, a call of a function, {@code INSERT … RETURNING}) the
     * rows it returned, which are read and dropped. PgJDBC's {@code executeUpdate} refuses such statements instead.
     */
    private static long countOf(PreparedStatement statement, boolean returnedRows) throws SQLException {
        if (!returnedRows) {
            return Math.max(0, statement.getLargeUpdateCount());
        }
        long rows = 0;
        try (ResultSet results = statement.getResultSet()) {
            while (results.next()) {
                rows++;
            }
        }
        return rows;
    }

    @Override
    public <T> Stream<T> stream(String sql, RowMapper<T> mapper, Object... parameters) {
        Objects.requireNonNull(mapper, "mapper");
        return RowStream.open(scope, context, sql, parameters, timeoutMillis, mapper);
    }

    @Override
    public <T> Stream<T> stream(String sql, Class<T> type, Object... parameters) {
        return stream(sql, TypeMappers.forType(type), parameters);
    }

    @Override
    public <T> void forEach(String sql, RowMapper<T> mapper, Consumer<? super T> action, Object... parameters) {
        Objects.requireNonNull(action, "action");
        try (Stream<T> rows = stream(sql, mapper, parameters)) {
            rows.forEachOrdered(action);
        }
    }

    @Override
    public <T> void forEach(String sql, Class<T> type, Consumer<? super T> action, Object... parameters) {
        forEach(sql, TypeMappers.forType(type), action, parameters);
    }

    @Override
    public SqlOperations withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
        }
        return new StatementRunner(scope, context, timeout.toMillis(), idempotent);
    }

    private List<Row> detachAll(ResultSet rows) throws SQLException {
        List<Row> result = new ArrayList<>();
        ResultSetRow row = new ResultSetRow(rows, scope.messagesShowValues());
        while (rows.next()) {
            result.add(row.detach());
        }
        return result;
    }

    /** Work done with a prepared, bound statement. */
    @FunctionalInterface
    interface StatementWork<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    private <T> T run(String sql, Object[] parameters, StatementWork<T> work) {
        return run(sql, sql, parameters, work);
    }

    /** Runs {@code preparedSql} (which may add to {@code sql}, the caller's statement that messages name). */
    private <T> T run(String sql, String preparedSql, Object[] parameters, StatementWork<T> work) {
        Objects.requireNonNull(sql, "sql");
        context.serverSession().requireTransactionScoped(sql);
        return scope.retrying(idempotent, timeoutMillis > 0 ? Duration.ofMillis(timeoutMillis) : null,
                () -> runOnce(sql, preparedSql, parameters, work));
    }

    private <T> T runOnce(String sql, String preparedSql, Object[] parameters, StatementWork<T> work) {
        Connection connection = scope.borrow(sql);
        boolean raised = false;
        TuskTracer tracer = context.tracer();
        Object traced = null;
        long started = 0;
        if (tracer != TuskTracer.NONE) {
            traced = tracer.statementStarted(sql, scope.inTransaction());
            started = System.nanoTime();
        }
        try {
            raised = raiseServerTimeout(connection, context, timeoutMillis);
            T result;
            try (PreparedStatement statement = prepare(connection, context, preparedSql, parameters, timeoutMillis,
                    scope.messagesShowValues())) {
                result = work.apply(statement);
            }
            if (tracer != TuskTracer.NONE) {
                tracer.statementSucceeded(sql, traced, rowsOf(result), System.nanoTime() - started);
            }
            return result;
        } catch (SQLException e) {
            TuskException failure = translate(e, sql, context, timeoutMillis, scope.messagesShowValues());
            if (tracer != TuskTracer.NONE) {
                tracer.statementFailed(sql, traced, failure, System.nanoTime() - started);
            }
            throw failure;
        } catch (RuntimeException e) {
            if (tracer != TuskTracer.NONE) {
                tracer.statementFailed(sql, traced, e, System.nanoTime() - started);
            }
            throw e;
        } finally {
            if (raised) {
                restoreServerTimeout(connection, context);
            }
            scope.giveBack(connection);
        }
    }

    /**
     * The Tusk exception for {@code failure}; a cancel by the client-side {@code statementTimeout} (behind PgBouncer)
     * says so, as the server's own timeout would, rather than the server's "due to user request".
     */
    static TuskException translate(SQLException failure, String sql, QueryContext context, long timeoutMillis,
                                   boolean showValues) {
        if ("57014".equals(failure.getSQLState()) && timeoutMillis <= 0 && context.defaultTimeoutMillis() > 0) {
            return Errors.translateWithMessage(failure, "canceling statement due to statement timeout: it ran longer "
                    + "than statementTimeout (" + context.defaultTimeoutMillis() + " ms), which Tusk enforces itself "
                    + "behind PgBouncer [SQLSTATE 57014] while running: " + Errors.abbreviate(sql), Errors.Phase.EXECUTE,
                    showValues);
        }
        return Errors.translate(failure, sql, Errors.Phase.EXECUTE, showValues);
    }

    /** The rows a statement's result stands for: a list's size, an update count, or -1 when it cannot be told. */
    private static long rowsOf(Object result) {
        if (result instanceof List<?> rows) {
            return rows.size();
        }
        if (result instanceof UpdateCount count) {
            return count.rows();
        }
        return -1;
    }

    /** The result of {@code execute}, so that tracers can tell an update count from a value that happens to be a long. */
    private record UpdateCount(long rows) {
    }

    /**
     * Lifts the session's {@code statement_timeout} when a per-call timeout is longer, so the per-call one decides; a
     * shorter one needs nothing, as PgJDBC's cancel timer fires first. Returns whether it changed the session.
     */
    static boolean raiseServerTimeout(Connection connection, QueryContext context, long timeoutMillis) throws SQLException {
        long usual = Math.max(context.serverTimeoutMillis(), context.defaultTimeoutMillis());
        if (timeoutMillis <= 0 || usual <= 0 || timeoutMillis <= usual) {
            return false;
        }
        if (context.networkTimeoutMillis() > 0) {
            // The socket waits as much longer than the call as it usually does than a statement.
            long margin = context.networkTimeoutMillis() - usual;
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeoutMillis + margin));
        }
        if (context.serverTimeoutMillis() > 0) {
            try (Statement set = connection.createStatement()) {
                set.execute("SET statement_timeout = " + timeoutMillis);
            }
        }
        return true;
    }

    /** Puts the session's {@code statement_timeout} back; inside an aborted transaction the rollback does that instead. */
    static void restoreServerTimeout(Connection connection, QueryContext context) {
        try {
            if (context.networkTimeoutMillis() > 0 && !connection.isClosed()) {
                connection.setNetworkTimeout(Runnable::run, (int) context.networkTimeoutMillis());
            }
        } catch (SQLException e) {
            context.log().debug("Could not restore the socket timeout after a call with a longer timeout: {}",
                    e.getMessage());
        }
        if (context.serverTimeoutMillis() <= 0) {
            return;
        }
        try (Statement set = connection.createStatement()) {
            set.execute("SET statement_timeout = " + context.serverTimeoutMillis());
        } catch (SQLException e) {
            if (!"25P02".equals(e.getSQLState())) {
                context.log().warn("Could not restore statement_timeout after a call with a longer timeout: {}",
                        e.getMessage());
            }
        }
    }

    static PreparedStatement prepare(Connection connection, QueryContext context, String sql, Object[] parameters,
                                     long timeoutMillis, boolean showValues) throws SQLException {
        context.statementCache().record(connection, sql);
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            long effectiveTimeout = timeoutMillis > 0 ? timeoutMillis : context.defaultTimeoutMillis();
            if (effectiveTimeout > 0) {
                // PgJDBC cancels the statement on the server when the timer fires; the JDBC API only takes seconds.
                statement.unwrap(PgStatement.class).setQueryTimeoutMs(effectiveTimeout);
            }
            Binder.bind(statement, sql, parameters == null ? new Object[] {null} : parameters, context.parameterTypes(),
                    showValues);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
