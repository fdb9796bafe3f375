package dev.tusk.copy.internal.out;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Stops a COPY out that is still sending, leaving its connection idle and reusable.
 *
 * <p>PgJDBC's {@code CopyOut.cancelCopy()} cannot be used for that: it sends a cancel request but leaves the rest of
 * the COPY (rows, the cancel error, ReadyForQuery) unread, so the next statement on the pooled connection fails with
 * "canceling statement due to user request" and the one after reads a stale result. Tusk sends the cancel request
 * itself and then reads the COPY to its end.
 */
public final class CopyOutControl {

    private static final Logger LOG = LoggerFactory.getLogger(CopyOutControl.class);
    private static final String QUERY_CANCELED = "57014";

    private CopyOutControl() {
    }

    /**
     * Ends {@code copy} early. Outside a transaction it asks the server to cancel, then reads what is left; inside one
     * a cancel would abort the caller's transaction, so it reads the remaining rows instead.
     */
    public static void stop(Connection connection, CopyOut copy, boolean inTransaction) throws SQLException {
        if (!copy.isActive()) {
            return;
        }
        boolean cancelled = false;
        if (!inTransaction) {
            connection.unwrap(PGConnection.class).cancelQuery();
            cancelled = true;
        }
        try {
            while (copy.readFromCopy() != null) {
                // Discarded: the caller no longer wants them.
            }
        } catch (SQLException e) {
            if (!cancelled || !QUERY_CANCELED.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /**
     * Closes the physical connection after a COPY could not be stopped cleanly, then makes one call through the
     * pool's proxy, which fails with SQLSTATE 08003 and so makes HikariCP evict the connection instead of reusing it.
     */
    public static void discard(Connection connection) {
        try {
            connection.unwrap(Connection.class).close();
            connection.getAutoCommit();
        } catch (SQLException | RuntimeException expected) {
            LOG.debug("Connection discarded after a COPY out: {}", expected.getMessage());
        }
    }
}
