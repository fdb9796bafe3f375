package dev.tusk.pool.internal;

import dev.tusk.config.ServerAddress;
import org.postgresql.util.PSQLException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;

/**
 * A failure to open one physical connection, described for the person reading it (server, database, user and the real
 * reason; never the password) and sorted by what waiting can do about it. A {@link SQLException} carrying the
 * driver's SQLSTATE, so that HikariCP records it as the last connection failure and Tusk's mapping still applies.
 */
final class ConnectFailure extends SQLException {

    private static final long serialVersionUID = 1L;

    /** What waiting can do about a failure to connect. */
    enum Kind {
        /** Nothing: a wrong password, a missing database or role, refused TLS, a host name that does not resolve. */
        PERMANENT,
        /** The server is there but not accepting yet (starting up, restarting, shutting down): try again very soon. */
        NOT_READY,
        /** Anything else (too many connections, a timeout): HikariCP tries again with its back-off. */
        TRANSIENT
    }

    private final transient Kind kind;

    private ConnectFailure(String message, String sqlState, Throwable cause, Kind kind) {
        super(message, sqlState, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /**
     * Sorts {@code failure}, a failure to connect to {@code endpoint} (host, port, database, user); {@code everConnected}
     * tells a server that is down or restarting (refused after the pool once connected: wait) from a wrong port or a
     * server never started (refused from the start: say so at once).
     */
    static ConnectFailure of(SQLException failure, Endpoint endpoint, boolean everConnected) {
        String state = failure.getSQLState() == null ? "08001" : failure.getSQLState();
        String reason = serverMessage(failure);
        Kind kind;
        String tlsReason = TlsRefusal.reason(failure, endpoint.hosts(), endpoint.tls());
        UnknownHostException unknownHost = find(failure, UnknownHostException.class);
        if (unknownHost != null) {
            kind = Kind.PERMANENT;
            reason = "host name " + (endpoint.servers().size() == 1 ? endpoint.hosts() : unknownHost.getMessage())
                    + " did not resolve";
        } else if (find(failure, ConnectException.class) != null) {
            kind = everConnected ? Kind.NOT_READY : Kind.PERMANENT;
            reason = everConnected ? "the server refused the connection; it may be down or restarting"
                    : "connection refused: nothing accepts connections at "
                    + (endpoint.servers().size() == 1 ? "" : "any of ") + endpoint.serverList()
                    + " — is the server running and the port right?";
        } else if (tlsReason != null) {
            kind = Kind.PERMANENT;
            state = TlsRefusal.SQL_STATE;
            reason = tlsReason;
        } else {
            String hint = TlsRefusal.plaintextRejectedHint(failure, endpoint.tls());
            reason = hint == null ? reason : reason + hint;
            if (reason.contains("unsupported startup parameter")) {
                // PgBouncer's answer to the options Tusk sends for its timeouts: the same at every attempt.
                reason = reason + "; a connection pooler such as PgBouncer refuses startup parameters it does not "
                        + "know, and Tusk sends options for its server-side timeouts unless told of PgBouncer: "
                        + PGBOUNCER_FIX + " (with pgbouncer=true already, leave the options setting unset)";
                // Rejected at login, the same at every attempt: 08004 makes it permanent, not retried.
                state = "08004";
            }
            kind = switch (state) {
                case "28P01", "28000", "3D000", "08004", "42501" -> Kind.PERMANENT;
                case "57P03", "57P01", "57P02" -> Kind.NOT_READY;
                // The server closed the socket during start-up or shut-down, after having accepted connections before.
                case "08006", "08001" -> everConnected ? Kind.NOT_READY : Kind.TRANSIENT;
                default -> Kind.TRANSIENT;
            };
        }
        return new ConnectFailure("could not connect to " + endpoint + ": " + reason, state, failure, kind);
    }

    /**
     * A connection through a pooler that dropped the {@code statement_timeout} Tusk sent at login ({@code expected} ms,
     * found {@code found}): permanent, as every connection through it is the same.
     */
    static ConnectFailure poolerDroppedOptions(Endpoint endpoint, long expectedMillis, long foundMillis) {
        return new ConnectFailure("connected to " + endpoint + " through a connection pooler such as PgBouncer, which "
                + "dropped the startup options Tusk uses for its server-side timeouts (statement_timeout is " + foundMillis
                + " ms, not the " + expectedMillis + " ms asked for), so they would not be enforced and, in transaction "
                + "mode, named prepared statements of different clients would collide: " + PGBOUNCER_FIX, "08004",
                null, Kind.PERMANENT);
    }

    /** What a user behind PgBouncer sets, for messages. */
    static final String PGBOUNCER_FIX = "set pgbouncer=true (URL parameter ?pgbouncer=true, or "
            + "TuskConfigBuilder.pgbouncer(true)), under which Tusk enforces the timeouts itself and keeps nothing on "
            + "the server session";

    /**
     * The credentials provider failed ({@code cause} is its exception) or returned null ({@code cause} null) before a
     * connection to {@code endpoint} was attempted. The message names the exception's class only: what a provider's
     * exception says may quote the secret it was fetching. Permanent, so waiting callers hear of it at once.
     */
    static ConnectFailure credentialsFailed(Endpoint endpoint, Throwable cause) {
        String what = cause == null ? "returned null"
                : "threw " + cause.getClass().getName() + " (its message is kept on this exception's cause, not shown here)";
        return new ConnectFailure("could not connect to " + endpoint + ": the credentials provider " + what
                + "; no connection was attempted, and the pool will ask the provider again for its next attempt",
                "08004", cause, Kind.PERMANENT);
    }

    private static String serverMessage(SQLException failure) {
        if (failure instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getMessage() != null) {
            return psql.getServerErrorMessage().getMessage();
        }
        return String.valueOf(failure.getMessage());
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        return TlsRefusal.find(failure, type);
    }

    /** Where a connection goes (one server or several, tried in order), for messages: never the password. */
    record Endpoint(List<ServerAddress> servers, String database, String user, TlsRefusal.Tls tls) {

        /** The same endpoint logging in as {@code login}, the user a credentials provider handed out. */
        Endpoint as(String login) {
            return new Endpoint(servers, database, login, tls);
        }

        /** The servers as {@code host:port}, comma-separated. */
        String serverList() {
            return String.join(",", servers.stream().map(ServerAddress::toString).toList());
        }

        /** The host names alone, comma-separated. */
        String hosts() {
            return String.join(",", servers.stream().map(ServerAddress::host).toList());
        }

        @Override
        public String toString() {
            return serverList() + ", database \"" + database + "\", as user \"" + user + "\"";
        }
    }
}
