package dev.tusk.copy.internal.csv;

import dev.tusk.copy.internal.CopyTimeouts;

import dev.tusk.ProgressListener;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.copy.CopyResult;
import dev.tusk.copy.CsvOptions;
import dev.tusk.copy.internal.out.CopyOutControl;
import dev.tusk.copy.internal.out.CopyTargets;
import dev.tusk.internal.Errors;
import dev.tusk.internal.Connections;
import dev.tusk.trace.TuskTracer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Writes a table or query as CSV or text with {@code COPY (…) TO STDOUT}. It reads the COPY itself rather than through
 * {@code CopyManager.copyOut(sql, OutputStream)}, whose failure path cancels with {@code cancelCopy()} and can leave
 * the connection out of step (see {@link CopyOutControl}).
 */
public final class CsvCopyOut {

    private static final Logger LOG = LoggerFactory.getLogger(CsvCopyOut.class);

    private CsvCopyOut() {
    }

    /**
     * Writes to {@code file} through a temporary file beside it, moved into place only when the COPY succeeded, so a
     * failure leaves an existing file as it was.
     */
    public static CopyResult toFile(Connections scope, CopyOutSource source, Path file, CsvOptions options,
                                       ProgressListener listener) {
        Objects.requireNonNull(file, "file");
        Path directory = file.toAbsolutePath().getParent();
        Path temporary;
        try {
            temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tusk-tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file beside " + file + ": " + e.getMessage(), e);
        }
        boolean moved = false;
        try {
            CopyResult result;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                result = toStream(scope, source, out, options, listener);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.warn("Could not delete the temporary file {}: {}", temporary, e.getMessage());
                }
            }
        }
    }

    /** Writes to {@code out}, which is flushed but left open. */
    public static CopyResult toStream(Connections scope, CopyOutSource source, OutputStream out,
                                         CsvOptions options, ProgressListener listener) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        Connection connection = scope.borrow(null);
        String sql = null;
        CopyOut copy = null;
        ProgressMeter meter = new ProgressMeter(listener, options);
        int networkTimeout = CopyTimeouts.NOT_LIFTED;
        TuskTracer tracer = scope.tracer();
        long started = System.nanoTime();
        Throwable failure = null;
        long copied = 0;
        try {
            sql = "COPY (" + CopyTargets.selectSql(connection, source) + ") TO STDOUT "
                    + CopyOptionsSql.render(options, false);
            networkTimeout = CopyTimeouts.lift(connection, scope.serverSession());
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
            OutputStream metered = new MeteredStreams.Output(out, meter);
            byte[] chunk;
            while ((chunk = copy.readFromCopy()) != null) {
                metered.write(chunk);
            }
            metered.flush();
            copied = copy.getHandledRowCount();
            return meter.finish(copied);
        } catch (SQLException e) {
            failure = Errors.translate(e, sql, Errors.Phase.EXECUTE, scope.messagesShowValues());
            throw (RuntimeException) failure;
        } catch (IOException e) {
            failure = e;
            stopQuietly(scope, connection, copy, e);
            throw new UncheckedIOException("writing the COPY output failed after " + meter.bytes() + " bytes: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            failure = e;
            stopQuietly(scope, connection, copy, e);
            throw e;
        } finally {
            CopyTimeouts.restore(connection, networkTimeout, scope.serverSession());
            scope.giveBack(connection);
            if (tracer != TuskTracer.NONE) {
                tracer.copyFinished(CopyTargets.describe(source), false, copied, meter.bytes(),
                        System.nanoTime() - started, failure);
            }
        }
    }

    private static void stopQuietly(Connections scope, Connection connection, CopyOut copy, Exception cause) {
        if (copy == null) {
            return;
        }
        try {
            CopyOutControl.stop(connection, copy, scope.inTransaction());
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
            CopyOutControl.discard(connection);
        }
    }
}
