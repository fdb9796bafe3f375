package dev.tusk.copy.internal;

import dev.tusk.internal.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the session's {@code statement_timeout} and the socket's read timeout off a COPY. A COPY is one statement
 * however many rows it moves, so the profile's statement timeout (30 s in development) would cancel any load or export
 * that runs longer, and an export of a slow query may send nothing for longer than the socket timeout; a COPY is
 * bounded by its own progress instead. {@code RESET} afterwards restores the value the session started with.
 * Behind PgBouncer ({@code pgbouncer=true}) the session is left alone: the SET and the RESET could each land on a server
 * connection other clients use next, and Tusk sets no server-side timeout there (it times statements itself, and a
 * COPY not at all); a COPY is then bounded only by whatever {@code statement_timeout} the server gives the role.
 */
public final class CopyTimeouts {

    private static final Logger LOG = LoggerFactory.getLogger(CopyTimeouts.class);

    private CopyTimeouts() {
    }

    /** What {@link #lift} returns when it did not get as far as the socket timeout. */
    public static final int NOT_LIFTED = -1;

    /**
     * Lifts the statement timeout and the socket's read timeout on {@code connection} for the COPY about to run;
     * returns the socket timeout to give to {@link #restore}.
     */
    public static int lift(Connection connection, ServerSession session) throws SQLException {
        if (session.isDedicated()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET statement_timeout = 0");
            }
        }
        int networkTimeout = connection.getNetworkTimeout();
        if (networkTimeout > 0) {
            connection.setNetworkTimeout(Runnable::run, 0);
        }
        return networkTimeout;
    }

    /**
     * Restores the session's own statement timeout and the socket timeout {@link #lift} returned; in an aborted
     * transaction the rollback restores the statement timeout instead.
     */
    public static void restore(Connection connection, int networkTimeout, ServerSession session) {
        try {
            if (connection.isClosed()) {
                return;
            }
            if (networkTimeout > 0) {
                connection.setNetworkTimeout(Runnable::run, networkTimeout);
            }
        } catch (SQLException e) {
            return;
        }
        if (!session.isDedicated()) {
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
