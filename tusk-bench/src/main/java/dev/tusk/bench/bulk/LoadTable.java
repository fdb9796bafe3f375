package dev.tusk.bench.bulk;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The target table: recreated empty before every run, then checked against the data after it. */
public final class LoadTable {

    /** The table every COPY-in method loads. */
    public static final String NAME = "bulk_people";

    private static final String CREATE = " (id bigint, name text, email text, created_at timestamptz, score float8)";

    private LoadTable() {
    }

    /**
     * Drops and recreates {@code table} without indexes, then checkpoints, so that each run starts from an empty
     * table and no run pays for the dirty pages of the one before it.
     */
    public static void recreate(Connection connection, String table, boolean checkpoint) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
            statement.execute("CREATE TABLE " + table + CREATE);
            if (checkpoint) {
                statement.execute("CHECKPOINT");
            }
        }
    }

    /**
     * The table's fingerprint: row count, sum of ids, and a hash over every column's text form. The hash comes from
     * the server, so it is compared with the first verified method's, while count and id sum are checked in Java.
     */
    public static Fingerprint fingerprint(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*), coalesce(sum(id), 0), "
                     + "coalesce(sum(hashtext(name || '|' || email || '|' || created_at::text || '|' || score::text)::bigint), 0) "
                     + "FROM " + table)) {
            result.next();
            return new Fingerprint(result.getLong(1), result.getLong(2), result.getLong(3));
        }
    }

    /**
     * What a loaded table holds, in brief.
     *
     * @param rows  the row count
     * @param idSum the sum of {@code id}
     * @param hash  the sum of a per-row hash over all columns
     */
    public record Fingerprint(long rows, long idSum, long hash) {

        /** Whether count and id sum match what {@code data} generates. */
        public boolean matches(PersonData data) {
            return rows == data.rows() && idSum == data.idSum();
        }
    }
}
