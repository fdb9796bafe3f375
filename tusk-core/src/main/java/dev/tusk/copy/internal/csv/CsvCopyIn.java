package dev.tusk.copy.internal.csv;

import dev.tusk.ProgressListener;
import dev.tusk.copy.CopyResult;
import dev.tusk.copy.CsvOptions;
import dev.tusk.copy.internal.CopyTimeouts;
import dev.tusk.copy.internal.out.CopyTargets;
import dev.tusk.internal.Errors;
import dev.tusk.internal.Connections;
import dev.tusk.trace.TuskTracer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Loads CSV or text data into a table with {@code COPY … FROM STDIN}. The COPY is one statement on a connection in
 * autocommit mode, so it is its own transaction: a bad line anywhere leaves the table as it was. Inside a caller's
 * transaction the failure aborts that transaction instead, with the same effect once it rolls back.
 */
public final class CsvCopyIn {

    private static final Logger LOG = LoggerFactory.getLogger(CsvCopyIn.class);

    /** Sends the metered data through a started COPY and returns the server's row count. */
    @FunctionalInterface
    private interface Feed {
        long copy(CopyManager manager, String sql, ProgressMeter meter) throws SQLException, IOException;
    }

    private CsvCopyIn() {
    }

    /** Loads {@code file}; errors name it by its file name. */
    public static CopyResult fromFile(Connections scope, String table, List<String> columns, Path file,
                                         CsvOptions options, ProgressListener listener) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return fromStream(scope, table, columns, in, String.valueOf(file.getFileName()), options, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads UTF-8 bytes from {@code in}, which stays open; errors name it {@code inputName}. */
    public static CopyResult fromStream(Connections scope, String table, List<String> columns, InputStream in,
                                           String inputName, CsvOptions options, ProgressListener listener) {
        Objects.requireNonNull(in, "in");
        return copy(scope, table, columns, inputName, options, listener,
                (manager, sql, meter) -> manager.copyIn(sql, new MeteredStreams.Input(in, meter)));
    }

    /** Loads the characters of {@code in}, which stays open; errors name it {@code inputName}. */
    public static CopyResult fromReader(Connections scope, String table, List<String> columns, Reader in,
                                           String inputName, CsvOptions options, ProgressListener listener) {
        Objects.requireNonNull(in, "in");
        return copy(scope, table, columns, inputName, options, listener,
                (manager, sql, meter) -> manager.copyIn(sql, new MeteredStreams.CharInput(in, meter)));
    }

    private static CopyResult copy(Connections scope, String table, List<String> columns, String inputName,
                                      CsvOptions options, ProgressListener listener, Feed feed) {
        Objects.requireNonNull(options, "options");
        List<String> chosen = columns == null ? List.of() : columns;
        Connection connection = scope.borrow(null);
        String sql = null;
        ProgressMeter meter = new ProgressMeter(listener, options);
        int networkTimeout = CopyTimeouts.NOT_LIFTED;
        TuskTracer tracer = scope.tracer();
        long started = System.nanoTime();
        Throwable failure = null;
        long copied = 0;
        try {
            CopyTargets.Target target = CopyTargets.resolve(connection, table, chosen);
            // Without a column list COPY fills every column but generated ones, which it cannot fill.
            sql = "COPY " + target.sqlName() + (chosen.isEmpty() ? "" : " (" + String.join(", ", target.sqlColumns())
                    + ")") + " FROM STDIN " + CopyOptionsSql.render(options, true);
            if (!scope.inTransaction() && !connection.getAutoCommit()) {
                // Autocommit makes the COPY its own transaction: all of its rows or none.
                connection.setAutoCommit(true);
            }
            networkTimeout = CopyTimeouts.lift(connection, scope.serverSession());
            long rows = feed.copy(connection.unwrap(PGConnection.class).getCopyAPI(), sql, meter);
            copied = rows;
            return meter.finish(rows);
        } catch (SQLException e) {
            failure = CopyLineErrors.translate(e, sql, inputName, scope.messagesShowValues());
            throw (RuntimeException) failure;
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException("reading " + inputName + " failed after " + meter.bytes() + " bytes; the "
                    + "COPY into " + table + " was cancelled and loaded nothing: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            CopyTimeouts.restore(connection, networkTimeout, scope.serverSession());
            scope.giveBack(connection);
            if (tracer != TuskTracer.NONE) {
                // The bytes were sent even when the COPY failed; its rows were not kept.
                tracer.copyFinished(table, true, failure == null ? copied : 0, meter.bytes(),
                        System.nanoTime() - started, failure);
            }
        }
    }
}
