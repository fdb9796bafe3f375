package dev.tusk.security.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

/**
 * The SQL of the audit table: creating it, inserting a batch, and deleting old rows in chunks. The schema and table
 * names were checked as plain lower-case identifiers by the config, so they are written into the SQL as they are.
 */
final class AuditTable {

    private final String qualifiedName;
    private final String application;
    private final long writeTimeoutMillis;

    AuditTable(String schema, String table, String application, Duration writeTimeout) {
        this.qualifiedName = schema + "." + table;
        this.application = application;
        this.writeTimeoutMillis = writeTimeout.toMillis();
    }

    String qualifiedName() {
        return qualifiedName;
    }

    void create(Connection connection) throws SQLException {
        inTransaction(connection, statement -> {
            statement.execute("CREATE TABLE IF NOT EXISTS " + qualifiedName + " (id bigserial primary key, "
                    + "at timestamptz, type text, principal text, success boolean, details jsonb, application text)");
            return 0;
        });
    }

    void insert(Connection connection, List<AuditEvent> events) throws SQLException {
        inTransaction(connection, statement -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + qualifiedName
                    + " (at, type, principal, success, details, application) VALUES (?, ?, ?, ?, ?::jsonb, ?)")) {
                for (AuditEvent event : events) {
                    insert.setTimestamp(1, Timestamp.from(event.at()));
                    insert.setString(2, event.type());
                    insert.setString(3, event.principal());
                    insert.setBoolean(4, event.success());
                    insert.setString(5, event.detailsJson());
                    insert.setString(6, application);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return events.size();
        });
    }

    /** Deletes at most {@code chunk} rows older than {@code age}; returns how many it deleted. */
    int deleteOlderThan(Connection connection, Duration age, int chunk) throws SQLException {
        return inTransaction(connection, statement -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + qualifiedName
                    + " WHERE id IN (SELECT id FROM " + qualifiedName + " WHERE at < now() - ? * interval '1 millisecond'"
                    + " ORDER BY id LIMIT ?)")) {
                delete.setLong(1, age.toMillis());
                delete.setInt(2, chunk);
                return delete.executeUpdate();
            }
        });
    }

    private interface Work {
        int run(Statement statement) throws SQLException;
    }

    // A statement_timeout local to the transaction, so a locked or slow table fails the write instead of holding the
    // flusher (and close) indefinitely; the flusher retries later.
    private int inTransaction(Connection connection, Work work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + writeTimeoutMillis);
            int result = work.run(statement);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
