package dev.tusk.copy.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the session's {@code statement_timeout} off a COPY. A COPY is one statement however many rows it moves, so
 * the profile's statement timeout (30 s in development) would cancel any load or export that runs longer; a COPY is
 * bounded by its own progress instead. {@code RESET} afterwards restores the value the session started with.
 */
public final class CopyTimeouts {

    private static final Logger LOG = LoggerFactory.getLogger(CopyTimeouts.class);

    private CopyTimeouts() {
    }

    /** Lifts the statement timeout on {@code connection} for the COPY about to run. */
    public static void lift(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = 0");
        }
    }

    /** Restores the session's own statement timeout; in an aborted transaction the rollback restores it instead. */
    public static void restore(Connection connection) {
        try {
            if (connection.isClosed()) {
                return;
            }
        } catch (SQLException e) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("RESET statement_timeout");
        } catch (SQLException e) {
            if (!"25P02".equals(e.getSQLState())) {
                LOG.warn("Could not restore statement_timeout after a COPY: {}", e.getMessage());
            }
        }
    }
}
