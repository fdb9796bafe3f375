package dev.tusk.copy.internal.out;

import dev.tusk.copy.internal.CopyTimeouts;

import dev.tusk.Row;
import dev.tusk.RowMapper;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.internal.Errors;
import dev.tusk.internal.Connections;
import dev.tusk.trace.TuskTracer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A binary COPY out read as a {@link Stream} of mapped rows, one CopyData message at a time, in constant memory. It
 * holds its connection until the last row is read or the stream is closed, whichever comes first.
 * Closing it early stops the COPY with {@link CopyOutControl#stop} and returns an idle connection.
 */
public final class CopyRowStream<T> extends Spliterators.AbstractSpliterator<T> {

    private static final Logger LOG = LoggerFactory.getLogger(CopyRowStream.class);

    private final Connections scope;
    private final Connection connection;
    private final CopyOut copy;
    private final BinaryCopyReader reader;
    private final CopyColumns columns;
    private final RowMapper<T> mapper;
    private final String sql;
    private final int networkTimeout;
    private final TuskTracer tracer;
    private final String target;
    private final long startNanos;
    private long rowsRead;
    private long bytesRead;
    private final boolean showValues;
    private boolean released;

    private CopyRowStream(Connections scope, Connection connection, CopyOut copy, CopyOutPlan plan,
                          RowMapper<T> mapper, int networkTimeout, String target, long startNanos) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.networkTimeout = networkTimeout;
        this.tracer = scope.tracer();
        this.target = target;
        this.startNanos = startNanos;
        this.scope = scope;
        this.connection = connection;
        this.copy = copy;
        // Counting the bytes costs an add per CopyData message, not per row; only a tracer needs them.
        this.reader = new BinaryCopyReader(tracer == TuskTracer.NONE ? copy::readFromCopy : this::readCounted,
                plan.decoders(), plan.columns(), scope.messagesShowValues());
        this.columns = plan.columns();
        this.mapper = mapper;
        this.sql = plan.copySql();
        this.showValues = scope.messagesShowValues();
    }

    /** Starts a binary COPY of {@code source} on a connection from {@code scope}, its rows mapped by {@code mapper}. */
    public static <T> Stream<T> open(Connections scope, CopyOutSource source, RowMapper<T> mapper) {
        long started = System.nanoTime();
        Connection connection = scope.borrow(null);
        String sql = null;
        CopyOut copy = null;
        int networkTimeout = CopyTimeouts.NOT_LIFTED;
        try {
            CopyOutPlan plan = CopyOutPlan.prepare(connection, source);
            sql = plan.copySql();
            networkTimeout = CopyTimeouts.lift(connection);
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
            CopyRowStream<T> rows = new CopyRowStream<>(scope, connection, copy, plan, mapper, networkTimeout,
                    CopyTargets.describe(source), started);
            rows.reader.readHeader();
            return StreamSupport.stream(rows, false).onClose(rows::close);
        } catch (SQLException | RuntimeException e) {
            try {
                if (copy != null) {
                    CopyOutControl.stop(connection, copy, scope.inTransaction());
                }
            } catch (SQLException | RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
                CopyOutControl.discard(connection);
            }
            giveBack(scope, connection, networkTimeout);
            RuntimeException failure = e instanceof SQLException driverFailure
                    ? Errors.translate(driverFailure, sql, Errors.Phase.EXECUTE) : (RuntimeException) e;
            TuskTracer tracer = scope.tracer();
            if (tracer != TuskTracer.NONE) {
                tracer.copyFinished(CopyTargets.describe(source), false, 0, 0, System.nanoTime() - started, failure);
            }
            throw failure;
        }
    }

    /** The rows of a COPY as {@link Row}s that stay valid after the stream moves on. */
    public static RowMapper<Row> rows() {
        return row -> row;
    }

    /** COPY rows as {@code type}: a record by column label, or the first column's value. */
    public static <T> RowMapper<T> rowsAs(Class<T> type) {
        return RecordRowMapper.forType(type);
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        if (released) {
            return false;
        }
        T value;
        try {
            Object[] values = reader.nextRow();
            if (values == null) {
                finish();
                return false;
            }
            rowsRead++;
            value = mapper.map(new CopyRow(columns, values, rowsRead, showValues));
        } catch (SQLException e) {
            throw closeAfter(Errors.translate(e, sql, Errors.Phase.EXECUTE));
        } catch (RuntimeException e) {
            throw closeAfter(e);
        }
        action.accept(value);
        return true;
    }

    /** Reads the COPY's completion after its trailer and gives the connection back at once. */
    private void finish() throws SQLException {
        while (copy.readFromCopy() != null) {
            // Only CopyDone, CommandComplete and ReadyForQuery are left; readFromCopy consumes them and returns null.
        }
        released = true;
        giveBack(scope, connection, networkTimeout);
        traceEnd(null);
    }

    private byte[] readCounted() throws SQLException {
        byte[] chunk = copy.readFromCopy();
        if (chunk != null) {
            bytesRead += chunk.length;
        }
        return chunk;
    }

    /** Tells the tracer the COPY ended, with the rows and bytes read so far (all of them unless closed early). */
    private void traceEnd(Throwable failure) {
        if (tracer != TuskTracer.NONE) {
            tracer.copyFinished(target, false, rowsRead, bytesRead, System.nanoTime() - startNanos, failure);
        }
    }

    private RuntimeException closeAfter(RuntimeException failure) {
        boolean open = !released;
        try {
            stop();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        if (open) {
            traceEnd(failure);
        }
        return failure;
    }

    private void close() {
        if (released) {
            return;
        }
        RuntimeException failure = null;
        try {
            stop();
        } catch (RuntimeException e) {
            failure = e;
        }
        traceEnd(failure);
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the COPY early and gives the connection back; throws what went wrong after giving it back. */
    private void stop() {
        if (released) {
            return;
        }
        released = true;
        RuntimeException failure = null;
        try {
            CopyOutControl.stop(connection, copy, scope.inTransaction());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not stop a COPY out cleanly; closing its connection instead: {}", e.getMessage());
            CopyOutControl.discard(connection);
            failure = e instanceof SQLException sqlFailure ? Errors.translate(sqlFailure, sql, Errors.Phase.EXECUTE)
                    : (RuntimeException) e;
        }
        giveBack(scope, connection, networkTimeout);
        if (failure != null) {
            throw failure;
        }
    }

    private static void giveBack(Connections scope, Connection connection, int networkTimeout) {
        CopyTimeouts.restore(connection, networkTimeout);
        scope.giveBack(connection);
    }
}
