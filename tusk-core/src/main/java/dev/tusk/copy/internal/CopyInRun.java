package dev.tusk.copy.internal;

import dev.tusk.copy.CopyResult;
import dev.tusk.copy.RowSource;
import dev.tusk.internal.Connections;
import dev.tusk.internal.Errors;
import dev.tusk.trace.TuskTracer;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One binary COPY in: resolves the target on the lent connection, starts the COPY, pulls rows from the source into
 * the buffer and sends it in large writes, then ends the COPY. Any failure, the source's own included, cancels the
 * COPY first, so the server discards every row of the call and the connection is left idle and usable.
 */
public final class CopyInRun {

    /** The binary COPY signature, flags (none) and header extension length (none). */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};

    private CopyInRun() {
    }

    /** Copies the rows of {@code source} as {@code settings} say; {@code total} is the expected count, or -1. */
    public static <X extends Exception> CopyResult run(Connections connections, CopySettings settings,
                                                       RowSource<X> source, long total) throws X {
        long started = System.nanoTime();
        TuskTracer tracer = connections.tracer();
        if (tracer == TuskTracer.NONE) {
            return copy(connections, settings, source, total, started);
        }
        CopyResult result;
        try {
            result = copy(connections, settings, source, total, started);
        } catch (Throwable e) {
            // A failed COPY is cancelled whole: nothing it sent was kept.
            tracer.copyFinished(settings.table(), true, 0, 0, System.nanoTime() - started, e);
            throw e;
        }
        tracer.copyFinished(settings.table(), true, result.rows(), result.bytes(), System.nanoTime() - started, null);
        return result;
    }

    private static <X extends Exception> CopyResult copy(Connections connections, CopySettings settings,
                                                         RowSource<X> source, long total, long started) throws X {
        if (settings.parallelism() > 1) {
            return ParallelCopyIn.copy(connections, settings, source, total, started);
        }
        return connections.lend(null, connection -> {
            CopyTarget target = CopyTarget.resolve(connection, settings.table(), settings.columns());
            String sql = target.copySql();
            org.postgresql.copy.CopyIn copy;
            int networkTimeout = CopyTimeouts.NOT_LIFTED;
            try {
                networkTimeout = CopyTimeouts.lift(connection, connections.serverSession());
                copy = pgConnection(connection).getCopyAPI().copyIn(sql);
            } catch (SQLException e) {
                CopyTimeouts.restore(connection, networkTimeout, connections.serverSession());
                throw Errors.translate(e, sql, Errors.Phase.EXECUTE, connections.messagesShowValues());
            }
            try {
                return pump(copy, target, settings, source, total, started, connections.messagesShowValues());
            } catch (SQLException e) {
                cancel(copy, e);
                throw Errors.translate(e, sql, Errors.Phase.EXECUTE, connections.messagesShowValues());
            } catch (Throwable e) {
                cancel(copy, e);
                throw e;
            } finally {
                CopyTimeouts.restore(connection, networkTimeout, connections.serverSession());
            }
        });
    }

    private static <X extends Exception> CopyResult pump(org.postgresql.copy.CopyIn copy, CopyTarget target,
                                                         CopySettings settings, RowSource<X> source, long total,
                                                         long started, boolean showValues)
            throws X, SQLException {
        CopyBuffer buffer = new CopyBuffer(settings.flushBytes(), copy::writeToCopy);
        RowEncoder rows = new RowEncoder(target, buffer, showValues);
        ProgressTicker progress = new ProgressTicker(settings.listener(), total, started, settings.progressInterval(),
                settings.progressEveryRows());
        buffer.writeBytes(HEADER, 0, HEADER.length);
        encodeAll(source, rows, buffer, progress);
        buffer.writeShort(-1);
        long bytes = buffer.totalBytes();
        buffer.flush();
        long copied = copy.endCopy();
        progress.finish(copied, bytes);
        return new CopyResult(copied, bytes, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Encodes every row of {@code source} through {@code rows} into {@code buffer}, flushing it whenever it is full and
     * telling {@code progress} after each row; the last, partly filled buffer is left to the caller. Shared by the one-
     * connection COPY and the parallel one, so both number, abandon and flush rows alike.
     */
    static <X extends Exception> void encodeAll(RowSource<X> source, RowEncoder rows, CopyBuffer buffer,
                                                ProgressTicker progress) throws X, SQLException {
        while (true) {
            rows.beginRow();
            if (!source.next(rows)) {
                rows.abandonRow();
                return;
            }
            rows.endRow();
            if (buffer.shouldFlush()) {
                buffer.flush();
            }
            progress.afterRow(rows.rows(), buffer.totalBytes());
        }
    }

    private static PGConnection pgConnection(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class) ? connection.unwrap(PGConnection.class)
                : (PGConnection) connection;
    }

    /** Tells the server to drop the COPY; a failure to do so is kept on {@code failure} rather than hiding it. */
    private static void cancel(org.postgresql.copy.CopyIn copy, Throwable failure) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
