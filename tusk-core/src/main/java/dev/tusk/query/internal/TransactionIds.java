package dev.tusk.query.internal;

import java.util.Locale;

/**
 * Lets a write inside a transaction bring back the transaction's id in its own round trip: the write is sent with
 * {@code SELECT pg_current_xact_id_if_assigned()} after it, as one multi-statement prepared statement.
 */
final class TransactionIds {

    private static final String QUERY = "\n;SELECT pg_current_xact_id_if_assigned()::text";

    private TransactionIds() {
    }

    /**
     * Whether {@code sql} can carry the query: one INSERT, UPDATE, DELETE or MERGE without RETURNING, so that its
     * results are exactly an update count, as {@code execute} expects. Anything else runs as written.
     */
    static boolean canRideAlong(String sql) {
        String statement = sql.strip();
        if (statement.indexOf(';') >= 0 || statement.length() < 7) {
            return false;
        }
        String start = statement.substring(0, 6).toUpperCase(Locale.ROOT);
        boolean write = start.equals("INSERT") || start.equals("UPDATE") || start.equals("DELETE")
                || start.startsWith("MERGE");
        return write && !statement.toUpperCase(Locale.ROOT).contains("RETURNING");
    }

    /** {@code sql} followed by the transaction-id query; the newline ends a trailing line comment. */
    static String rideAlong(String sql) {
        return sql.strip() + QUERY;
    }
}
