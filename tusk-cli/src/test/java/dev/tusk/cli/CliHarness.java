package dev.tusk.cli;

import dev.tusk.testing.TestDatabase;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Runs tusk in-process against a test database, and reads that database back with plain JDBC to check the result. */
final class CliHarness {

    /** What one run printed and returned. */
    record Result(int status, String out, String err) {

        /** Everything printed, for checks that must hold on both streams. */
        String printed() {
            return out + err;
        }
    }

    private CliHarness() {
    }

    /** The environment that points tusk at {@code database}; HOME is {@code home} so no real ~/.pgpass is read. */
    static Map<String, String> environment(TestDatabase database, Path home) {
        return Map.of("DATABASE_URL", database.url(), "HOME", home.toString());
    }

    /** Runs {@code tusk args} in {@code environment}. */
    static Result tusk(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = TuskCommand.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    /** The first column of the first row of {@code sql}, as text, or null. */
    static String value(TestDatabase database, String sql) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs each statement of {@code sql} in turn. */
    static void execute(TestDatabase database, String... sql) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (String one : sql) {
                statement.execute(one);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
