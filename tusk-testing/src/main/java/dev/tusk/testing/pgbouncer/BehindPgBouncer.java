package dev.tusk.testing.pgbouncer;

import dev.tusk.testing.PostgresServer;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A {@link PostgresServer} as a client behind a {@link PgBouncer} sees it: its address and URLs are PgBouncer's, while
 * administration (creating and dropping databases, ending sessions, stopping and starting) goes straight to the server,
 * as an operator's would. Closing it stops PgBouncer, not the server.
 *
 * <p>{@link #url(String)} carries {@code pgbouncer=true}, so a Tusk client built from it runs as it must behind a
 * transaction pooler; {@link #jdbcUrl(String)} and {@link #connect(String)} carry PgJDBC's {@code prepareThreshold=0}.
 */
public final class BehindPgBouncer implements PostgresServer {

    private final PgBouncer bouncer;
    private final PostgresServer server;

    private BehindPgBouncer(PgBouncer bouncer) {
        this.bouncer = bouncer;
        this.server = bouncer.server();
    }

    /** Seconds PgBouncer waits after a failed server login before trying again; its default is 15. */
    public static final int SERVER_LOGIN_RETRY_SECONDS = 1;

    /**
     * Starts a PgBouncer in transaction mode in front of {@code server} and returns the view through it. It refuses
     * logins for {@link #SERVER_LOGIN_RETRY_SECONDS} after the server failed one, so that tests which stop and start
     * the server see it back soon.
     */
    public static BehindPgBouncer start(PostgresServer server) {
        return new BehindPgBouncer(PgBouncer.builder(server)
                .setting("server_login_retry", String.valueOf(SERVER_LOGIN_RETRY_SECONDS)).start());
    }

    /** The PgBouncer clients go through. */
    public PgBouncer bouncer() {
        return bouncer;
    }

    /** The server behind PgBouncer, for work that must not go through it. */
    public PostgresServer server() {
        return server;
    }

    @Override
    public String host() {
        return bouncer.host();
    }

    @Override
    public int port() {
        return bouncer.port();
    }

    @Override
    public String superuser() {
        return server.superuser();
    }

    @Override
    public String superuserPassword() {
        return server.superuserPassword();
    }

    @Override
    public String defaultDatabase() {
        return server.defaultDatabase();
    }

    @Override
    public String jdbcUrl(String database) {
        return bouncer.jdbcUrl(database) + "?prepareThreshold=0";
    }

    @Override
    public String url(String database) {
        return PostgresServer.super.url(database) + "?pgbouncer=true";
    }

    @Override
    public Connection connect(String database) throws SQLException {
        return bouncer.connect(database);
    }

    @Override
    public void execute(String sql) {
        server.execute(sql);
    }

    @Override
    public String queryString(String sql) {
        return server.queryString(sql);
    }

    @Override
    public void dropDatabase(String database) {
        // PgBouncer may hold idle server connections to it; the server ends them, and PgBouncer drops them on next use.
        server.dropDatabase(database);
    }

    @Override
    public int terminateBackends(String applicationName) {
        return server.terminateBackends(applicationName);
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public void crash() {
        server.crash();
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    /** Stops PgBouncer; the server behind it is its owner's to close. */
    @Override
    public void close() {
        bouncer.close();
    }

    @Override
    public String toString() {
        return bouncer.toString();
    }
}
