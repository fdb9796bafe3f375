package dev.tusk.batch.internal;

import dev.tusk.ConnectionException;
import dev.tusk.Database;
import dev.tusk.ParameterException;
import dev.tusk.QueryTimeoutException;
import dev.tusk.TuskException;
import dev.tusk.batch.StatementBatchOptions;
import dev.tusk.batch.StatementBatchResult;
import dev.tusk.internal.Connections;
import dev.tusk.internal.Errors;
import dev.tusk.internal.ServerSession;
import dev.tusk.query.Sql;
import dev.tusk.query.internal.Binder;
import dev.tusk.query.internal.ParameterTypes;
import dev.tusk.trace.TuskTracer;
import org.postgresql.jdbc.PgStatement;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One call of {@code executeBatch}: runs the operations chunk by chunk as JDBC batches, and on a failure finds which
 * operation failed and what was left committed.
 */
public final class JdbcBatchRun {

    private final Database database;
    private final List<Sql> operations;
    private final StatementBatchOptions options;
    private final List<Chunk> plan;
    private final long[] rowCounts;
    private final long startNanos = System.nanoTime();
    private final ProgressReporter progress;
    private final TuskTracer tracer;
    /** What the server said this batch's context-typed parameters are: one describe per statement text and shape. */
    private final ParameterTypes parameterTypes = new ParameterTypes();
    private int jdbcCalls;
    private int committed;

    private JdbcBatchRun(Database database, List<Sql> operations, StatementBatchOptions options, TuskTracer tracer) {
        this.database = database;
        this.tracer = tracer;
        this.operations = operations;
        this.options = options;
        this.plan = Chunk.plan(operations, options.jdbcBatchSize());
        this.rowCounts = new long[operations.size()];
        this.progress = new ProgressReporter(options.progress(), operations.size(), startNanos);
    }

    /**
     * Runs {@code operations} on {@code database} as {@code options} say, {@code tracer} hearing how it ended; see
     * {@code Batches.executeBatch}. Behind PgBouncer ({@code serverSession} per transaction) an operation that needs a
     * session of its own is refused before any operation runs.
     */
    public static StatementBatchResult execute(Database database, List<Sql> operations, StatementBatchOptions options,
                                               TuskTracer tracer, ServerSession serverSession) {
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(options, "options");
        List<Sql> snapshot = new ArrayList<>(operations);
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.get(i) == null) {
                throw new IllegalArgumentException("operation " + (i + 1) + " of " + snapshot.size() + " is null");
            }
        }
        if (!serverSession.isDedicated()) {
            for (Chunk chunk : Chunk.plan(snapshot, Integer.MAX_VALUE)) {
                serverSession.requireTransactionScoped(chunk.sql());
            }
        }
        return new JdbcBatchRun(database, snapshot, options, tracer).run();
    }

    private StatementBatchResult run() {
        if (!operations.isEmpty()) {
            try {
                if (options.transactional()) {
                    database.inTransaction(transaction -> {
                        runChunks(transaction.connection(), true);
                        return null;
                    });
                } else {
                    database.withConnection(connection -> {
                        runChunks(connection, false);
                        return null;
                    });
                }
            } catch (ChunkFailure failure) {
                TuskException reported = report(failure);
                traceEnd(operations.size() - committed);
                throw reported;
            } catch (RuntimeException | Error e) {
                traceEnd(operations.size() - committed);
                throw e;
            }
        }
        traceEnd(0);
        progress.finish();
        return new StatementBatchResult(rowCounts, jdbcCalls, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** Tells the tracer the batch ended, {@code failed} of its operations without effect. */
    private void traceEnd(long failed) {
        if (tracer != TuskTracer.NONE) {
            tracer.batchFinished(operations.size(), failed, System.nanoTime() - startNanos);
        }
    }

    private void runChunks(Connection connection, boolean inTransaction) throws ChunkFailure {
        for (Chunk chunk : plan) {
            // Outside a transaction a lone statement commits by itself; a JDBC batch gets its own transaction so that
            // it commits or rolls back whole, whatever the driver does with autocommit batches.
            if (inTransaction || chunk.size() == 1) {
                runChunk(connection, chunk);
            } else {
                runInOwnTransaction(connection, chunk);
            }
            progress.advance(chunk.size());
            if (!inTransaction) {
                // Outside a transaction each chunk commits by itself, so a later failure leaves these in place.
                committed += chunk.size();
            }
        }
    }

    private void runInOwnTransaction(Connection connection, Chunk chunk) throws ChunkFailure {
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new ChunkFailure(chunk, -1, e);
        }
        try {
            runChunk(connection, chunk);
            try {
                connection.commit();
            } catch (SQLException e) {
                throw new ChunkFailure(chunk, -1, e);
            }
        } catch (ChunkFailure | RuntimeException failure) {
            rollbackQuietly(connection, failure);
            throw failure;
        } finally {
            restoreAutoCommit(connection);
        }
    }

    private void runChunk(Connection connection, Chunk chunk) throws ChunkFailure {
        // Known while binding or for a lone statement; unknown once a JDBC batch runs, as PgJDBC does not say reliably
        // which entry failed (and a rewritten INSERT covers many).
        int current = chunk.size() == 1 ? chunk.from() : -1;
        try (PreparedStatement statement = connection.prepareStatement(chunk.sql())) {
            long timeoutMillis = options.statementTimeout().toMillis();
            if (timeoutMillis > 0) {
                statement.unwrap(PgStatement.class).setQueryTimeoutMs(timeoutMillis);
            }
            if (chunk.size() == 1) {
                bind(statement, chunk.from());
                jdbcCalls++;
                rowCounts[chunk.from()] = statement.executeLargeUpdate();
                return;
            }
            for (int i = chunk.from(); i < chunk.to(); i++) {
                current = i;
                bind(statement, i);
                statement.addBatch();
            }
            current = -1;
            jdbcCalls++;
            long[] counts = statement.executeLargeBatch();
            for (int i = 0; i < chunk.size(); i++) {
                // SUCCESS_NO_INFO (-2) is what PgJDBC reports for each row of a rewritten multi-row INSERT.
                rowCounts[chunk.from() + i] = i < counts.length && counts[i] >= 0
                        ? counts[i] : StatementBatchResult.UNKNOWN_ROW_COUNT;
            }
        } catch (SQLException e) {
            throw new ChunkFailure(chunk, current, e);
        }
    }

    private void bind(PreparedStatement statement, int index) throws SQLException {
        try {
            // As one-liners bind: a String for a uuid or json column is encoded for the type the server reports.
            Sql operation = operations.get(index);
            Binder.bind(statement, operation.sql(), operation.parameters().toArray(), parameterTypes,
                    Connections.messagesShowValues(database));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(operation(index) + " of " + operations.size() + ": " + e.getMessage(),
                    e);
        } catch (ParameterException e) {
            // A value the parameter's type refuses (a non-UUID String for a uuid column), found before sending it.
            throw new ParameterException(operation(index) + " of " + operations.size() + ": " + e.getMessage(),
                    e.serverError(), e.parameterIndex(), e.sqlType(), e.value());
        }
    }

    private TuskException report(ChunkFailure failure) {
        Chunk chunk = failure.chunk();
        int index = failure.index();
        SQLException cause = failure.driverFailure();
        if (index < 0 && worthReplaying(cause)) {
            ChunkFailure located = replay(chunk);
            if (located != null) {
                index = located.index();
                cause = located.driverFailure();
            }
        }
        String where = index >= 0
                ? operation(index) + " of " + operations.size() + ": " + operations.get(index).sql()
                : operations(chunk.from(), chunk.to()) + " of " + operations.size() + " (one JDBC batch): "
                        + chunk.sql();
        TuskException exception = Errors.translate(cause, where, Errors.Phase.EXECUTE,
                Connections.messagesShowValues(database));
        exception.addSuppressed(new IllegalStateException(aftermath(chunk, index, exception)));
        return exception;
    }

    /** Whether running the failed chunk again could single out an operation: not after connection or time failures. */
    private static boolean worthReplaying(SQLException cause) {
        TuskException translated = Errors.translate(cause, null, Errors.Phase.EXECUTE);
        return !(translated instanceof ConnectionException || translated instanceof QueryTimeoutException)
                && !translated.isTransient();
    }

    /**
     * Runs the failed chunk again one statement at a time, after what preceded it, and always rolls back; returns the
     * failure of the operation that fails again, or null when none does (e.g. the cause was a concurrent writer).
     * Only the failure path pays for this: a savepoint per chunk would cost a round trip each on every batch, and more
     * than 64 of them in one transaction overflow PostgreSQL's subtransaction cache for every session.
     */
    private ChunkFailure replay(Chunk failed) {
        try {
            return options.transactional() ? replayInTransaction(failed) : replayAlone(failed);
        } catch (TuskException e) {
            return null;
        }
    }

    /** The first attempt was rolled back whole, so the chunks before the failed one run again too. */
    private ChunkFailure replayInTransaction(Chunk failed) {
        try {
            return database.inTransaction(transaction -> {
                throw new RolledBack(replayOn(transaction.connection(), failed, true));
            });
        } catch (RolledBack rolledBack) {
            return rolledBack.located;
        }
    }

    /** The chunks before the failed one are committed, so only the failed chunk runs, in a transaction of its own. */
    private ChunkFailure replayAlone(Chunk failed) {
        return database.withConnection(connection -> {
            try {
                connection.setAutoCommit(false);
                return replayOn(connection, failed, false);
            } catch (SQLException e) {
                return null;
            } finally {
                rollbackQuietly(connection, null);
                restoreAutoCommit(connection);
            }
        });
    }

    private ChunkFailure replayOn(Connection connection, Chunk failed, boolean withEarlierChunks) {
        try {
            if (withEarlierChunks) {
                for (Chunk chunk : plan) {
                    if (chunk == failed) {
                        break;
                    }
                    runChunk(connection, chunk);
                }
            }
            for (int i = failed.from(); i < failed.to(); i++) {
                runChunk(connection, new Chunk(i, i + 1, failed.sql()));
            }
            return null;
        } catch (ChunkFailure again) {
            boolean inFailedChunk = again.index() >= failed.from() && again.index() < failed.to();
            return inFailedChunk ? again : null;
        }
    }

    private String aftermath(Chunk chunk, int index, TuskException exception) {
        int total = operations.size();
        String failed = index >= 0 ? operation(index) : operations(chunk.from(), chunk.to());
        if (options.transactional()) {
            return failed + " of " + total + " failed; the batch ran in one transaction, which was rolled back, so "
                    + "none of its " + total + " operations took effect";
        }
        StringBuilder text = new StringBuilder(failed).append(" of ").append(total).append(" failed; ");
        text.append(chunk.from() == 0 ? "no operation was committed before it"
                : operations(0, chunk.from()) + were(0, chunk.from()) + " committed");
        if (exception instanceof ConnectionException) {
            text.append("; ").append(operations(chunk.from(), chunk.to()))
                    .append(" may or may not have taken effect, as the connection failed");
        } else if (chunk.size() > 1) {
            text.append("; ").append(operations(chunk.from(), chunk.to()))
                    .append(", the JDBC batch holding the failure, were rolled back");
        }
        if (chunk.to() < total) {
            text.append("; ").append(operations(chunk.to(), total)).append(were(chunk.to(), total)).append(" not run");
        }
        return text.toString();
    }

    private static String operation(int index) {
        return "operation " + (index + 1);
    }

    private static String operations(int from, int to) {
        return to - from == 1 ? operation(from) : "operations " + (from + 1) + "–" + to;
    }

    private static String were(int from, int to) {
        return to - from == 1 ? " was" : " were";
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // The pool resets autocommit itself when the connection comes back; nothing is lost.
        }
    }

    /** A chunk that failed, and which of its operations did when that is known (-1 when not). */
    private static final class ChunkFailure extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient Chunk chunk;
        private final int index;

        ChunkFailure(Chunk chunk, int index, SQLException cause) {
            super(cause);
            this.chunk = chunk;
            this.index = index;
        }

        Chunk chunk() {
            return chunk;
        }

        int index() {
            return index;
        }

        /** The server's error: a BatchUpdateException only wraps it, as its next exception. */
        SQLException driverFailure() {
            SQLException failure = (SQLException) getCause();
            return failure instanceof BatchUpdateException batch && batch.getNextException() != null
                    ? batch.getNextException() : failure;
        }
    }

    /** Ends a replay transaction with a rollback, carrying what the replay found. */
    private static final class RolledBack extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient ChunkFailure located;

        RolledBack(ChunkFailure located) {
            super(null, null, false, false);
            this.located = located;
        }
    }
}
