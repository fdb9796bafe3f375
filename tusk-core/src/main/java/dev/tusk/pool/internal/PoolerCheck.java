package dev.tusk.pool.internal;

import dev.tusk.config.TuskConfig;
import dev.tusk.config.internal.JdbcProperties;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Notices a connection pooler such as PgBouncer in front of a client that was not told of it ({@code pgbouncer=false}),
 * once per pool, on its first connection: one round trip.
 *
 * <p>The sign is a backend process id that differs from the one the login reported: a pooler answers the login itself
 * and hands out a cancel key of its own. That alone is not an error, since a pooler in session mode keeps one server
 * session per client and Tusk works unchanged; it is logged. When the server session also lacks the
 * {@code statement_timeout} Tusk sent at login, the pooler dropped Tusk's startup options (PgBouncer's
 * {@code ignore_startup_parameters}), so the timeouts are not enforced: that connection is refused, saying to set
 * {@code pgbouncer=true}, under which Tusk enforces them itself and keeps nothing on the session.
 */
final class PoolerCheck {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tusk.pool");
    private static final String QUERY = "SELECT pg_backend_pid(), setting FROM pg_settings WHERE name = 'statement_timeout'";

    private final long expectedTimeoutMillis;
    private volatile boolean done;

    private PoolerCheck(long expectedTimeoutMillis) {
        this.expectedTimeoutMillis = expectedTimeoutMillis;
    }

    /**
     * The check for {@code config}, or null when there is nothing to check: the client already knows of PgBouncer.
     * The timeout is compared only when Tusk sends it and the user's own {@code options} do not override it.
     */
    static PoolerCheck of(TuskConfig config) {
        if (config.pgbouncer()) {
            return null;
        }
        boolean overridden = config.options() != null && config.options().toLowerCase(Locale.ROOT).contains("statement_timeout");
        long expected = overridden ? 0 : JdbcProperties.loginStatementTimeoutMillis(config);
        return new PoolerCheck(expected);
    }

    /**
     * Checks {@code raw}, a new connection to {@code endpoint}, unless a connection passed already.
     *
     * @throws ConnectFailure when a pooler dropped the startup options, naming the setting that fixes it; a check that
     *                        fails for any other reason lets the connection through
     */
    void check(Connection raw, ConnectFailure.Endpoint endpoint) throws ConnectFailure {
        // The flag is read without a lock: two first connections opened at once may both check, which is harmless.
        if (done) {
            return;
        }
        int loginPid;
        int serverPid;
        long sessionTimeout;
        try (Statement statement = raw.createStatement(); ResultSet row = statement.executeQuery(QUERY)) {
            row.next();
            loginPid = raw.unwrap(PGConnection.class).getBackendPID();
            serverPid = row.getInt(1);
            sessionTimeout = Long.parseLong(row.getString(2));
        } catch (SQLException | NumberFormatException e) {
            // A check that cannot run decides nothing: the connection goes on, and the next new one is checked.
            LOG.debug("Could not check for a connection pooler in front of {}: {}", endpoint, e.getMessage());
            return;
        }
        if (serverPid != loginPid) {
            if (expectedTimeoutMillis > 0 && sessionTimeout != expectedTimeoutMillis) {
                throw ConnectFailure.poolerDroppedOptions(endpoint, expectedTimeoutMillis, sessionTimeout);
            }
            LOG.warn("A connection pooler such as PgBouncer sits in front of {} (the server's backend {} is not the "
                    + "login's {}). In session mode that is fine; in transaction mode set pgbouncer=true (URL "
                    + "parameter ?pgbouncer=true or TuskConfigBuilder.pgbouncer(true)), or named prepared statements "
                    + "of one client can collide with, or run in place of, another client's.", endpoint, serverPid, loginPid);
        }
        done = true;
    }
}
