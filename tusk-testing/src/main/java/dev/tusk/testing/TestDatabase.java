package dev.tusk.testing;

import java.sql.Connection;
import java.sql.SQLException;

/** A fresh database created for one test on {@code server}; closing it drops it. */
public record TestDatabase(PostgresServer server, String name) implements AutoCloseable {

    /** A PgJDBC URL for this database, without credentials. */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** A {@code postgresql://} URL for this database, with the superuser's credentials. */
    public String url() {
        return server.url(name);
    }

    /** Opens a superuser connection to this database. */
    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** Drops the database. */
    @Override
    public void close() {
        if (server.isRunning()) {
            server.dropDatabase(name);
        }
    }
}
