package dev.tusk.query.internal;

import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** How parameters whose type only the statement can tell are described: once per statement, and never harmfully. */
@WithPostgres
class BinderTest {

    private static String run(Connection connection, ParameterTypes types, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Binder.bind(statement, sql, parameters, types);
            if (!statement.execute()) {
                return null;
            }
            try (ResultSet rows = statement.getResultSet()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    @Test
    void shouldDescribeAStatementOnceAndOnlyWhenAParameterNeedsIt(TestDatabase database) throws SQLException {
        ParameterTypes types = new ParameterTypes();
        try (Connection connection = database.connect()) {
            run(connection, types, "CREATE TABLE host (id int4, address inet, name text)");
            for (int i = 0; i < 5; i++) {
                run(connection, types, "INSERT INTO host VALUES (?, ?, ?)", i, "10.0.0." + i, "h" + i);
            }
            assertThat(types.describes()).isEqualTo(1);
            run(connection, types, "SELECT count(*) FROM host WHERE id > ?", 1);
            assertThat(types.describes()).as("only Java-typed parameters: nothing to describe").isEqualTo(1);
            assertThat(run(connection, types, "SELECT count(*) FROM host WHERE address << ?", "10.0.0.0/8")).isEqualTo("5");
            assertThat(types.describes()).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepATransactionUsableWhenTheServerCannotDescribeAParameter(TestDatabase database) throws SQLException {
        ParameterTypes types = new ParameterTypes();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            // Untyped, concat's parameter leaves the server guessing; typed as varchar (PgJDBC's way) it works.
            assertThat(run(connection, types, "SELECT concat(?, 'x')", "a")).isEqualTo("ax");
            assertThat(run(connection, types, "SELECT pg_typeof(?)::text", new dev.tusk.query.Json("{}"))).isEqualTo("jsonb");
            assertThat(run(connection, types, "SELECT 1::text")).isEqualTo("1");
            connection.commit();
            assertThat(types.describes()).isEqualTo(2);
        }
    }

    @Test
    void shouldDescribeAgainWhenARememberedTypeNoLongerTakesTheValue(TestDatabase database) throws SQLException {
        ParameterTypes types = new ParameterTypes();
        try (Connection connection = database.connect()) {
            run(connection, types, "CREATE TABLE tag (v uuid)");
            run(connection, types, "INSERT INTO tag VALUES (?)", "00000000-0000-0000-0000-000000000001");
            run(connection, types, "ALTER TABLE tag ALTER v TYPE text");
            run(connection, types, "INSERT INTO tag VALUES (?)", "not a uuid any more");
            assertThat(run(connection, types, "SELECT string_agg(v, ',' ORDER BY v) FROM tag"))
                    .isEqualTo("00000000-0000-0000-0000-000000000001,not a uuid any more");
            assertThat(types.describes()).isEqualTo(2);
        }
    }

    @Test
    void shouldDescribeBehindPgBouncerInTransactionMode(dev.tusk.testing.PostgresServer server) throws SQLException {
        ParameterTypes types = new ParameterTypes();
        try (dev.tusk.testing.pgbouncer.PgBouncer bouncer = dev.tusk.testing.pgbouncer.PgBouncer.start(server);
             Connection connection = bouncer.connect(server.defaultDatabase())) {
            run(connection, types, "CREATE TEMP TABLE IF NOT EXISTS probe (x int)");
            assertThat(run(connection, types, "SELECT ?::text || ' ' || pg_typeof(?)::text", "{\"a\": 1}", "x"))
                    .as("a String the server cannot type stays a varchar").isEqualTo("{\"a\": 1} character varying");
            for (int i = 0; i < 8; i++) {
                assertThat(run(connection, types, "SELECT (?::jsonb) ->> 'a'", "{\"a\": " + i + "}")).isEqualTo("" + i);
            }
            connection.setAutoCommit(false);
            assertThat(run(connection, types, "SELECT concat(?, 'x')", "a")).isEqualTo("ax");
            assertThat(run(connection, types, "SELECT ?::inet << '10.0.0.0/8'", "10.1.1.1")).isEqualTo("t");
            connection.commit();
        }
    }
}
