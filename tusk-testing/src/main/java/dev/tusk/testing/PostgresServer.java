package dev.tusk.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/** A PostgreSQL server that tests talk to: one the harness started, or one named by {@code TUSK_TEST_DATABASE_URL}. */
public interface PostgresServer extends AutoCloseable {

    /** The database every server has, used for administration. */
    String ADMIN_DATABASE = "postgres";

    /** The host clients connect to. */
    String host();

    /** The TCP port clients connect to. */
    int port();

    /** The superuser the harness administers the server as. */
    String superuser();

    /** The superuser's password, or null when the server trusts loopback logins. */
    String superuserPassword();

    /** The database tests use when they do not ask for a fresh one. */
    default String defaultDatabase() {
        return ADMIN_DATABASE;
    }

    /** A PgJDBC URL for {@code database}, without credentials. */
    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A PgJDBC URL for the default database, without credentials. */
    default String jdbcUrl() {
        return jdbcUrl(defaultDatabase());
    }

    /** A libpq-style {@code postgresql://user@host:port/database} URL for {@code database}, with the password when one is needed. */
    default String url(String database) {
        String password = superuserPassword();
        String credentials = password == null ? superuser() : superuser() + ":" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
        return "postgresql://" + credentials + "@" + host() + ":" + port() + "/" + database;
    }

    /** Opens a superuser connection to {@code database}. */
    default Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", superuser());
        if (superuserPassword() != null) {
            properties.setProperty("password", superuserPassword());
        }
        properties.setProperty("ApplicationName", "tusk-testing");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Opens a superuser connection to the default database. */
    default Connection connect() throws SQLException {
        return connect(defaultDatabase());
    }

    /** Runs one statement as superuser on the default database. */
    default void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed on " + host() + ":" + port() + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query as superuser on the default database and returns the first column of its first row, or null. */
    default String queryString(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + host() + ":" + port() + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The server's major version, such as 17. */
    default int majorVersion() {
        return Integer.parseInt(queryString("SHOW server_version_num")) / 10000;
    }

    /** Creates a fresh, empty database whose name starts with {@code prefix}, for one test. */
    default TestDatabase createDatabase(String prefix) {
        String clean = prefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.length() > 40) {
            clean = clean.substring(0, 40);
        }
        String name = "t_" + clean + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name);
        return new TestDatabase(this, name);
    }

    /** Drops {@code database}, ending any sessions still connected to it. */
    default void dropDatabase(String database) {
        try (Connection connection = connect(ADMIN_DATABASE);
             PreparedStatement terminate = connection.prepareStatement(
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            terminate.setString(1, database);
            terminate.execute();
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS \"" + database.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Ends every session whose {@code application_name} is {@code applicationName}; returns how many were ended. */
    default int terminateBackends(String applicationName) {
        try (Connection connection = connect(ADMIN_DATABASE);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                             + "WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            statement.setString(1, applicationName);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate backends of " + applicationName + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server the way {@code pg_ctl stop -m fast} does: sessions are ended, the shutdown is clean. */
    void stop();

    /** Stops the server the way {@code pg_ctl stop -m immediate} does: no checkpoint, as after a crash. */
    void crash();

    /** Starts a stopped server again on the same port and data. */
    void start();

    /** Stops the server cleanly and starts it again. */
    default void restart() {
        stop();
        start();
    }

    /** Whether the server is accepting connections as far as the harness knows. */
    boolean isRunning();

    /** Stops the server if the harness manages it and removes what it left on disk. */
    @Override
    void close();
}
