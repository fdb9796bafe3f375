package dev.tusk;

/**
 * The fields of a PostgreSQL error report that help a person act on it; all may be null. {@code message},
 * {@code detail} and {@code where} are the server's own words and may quote the values a statement carried, so
 * {@link #toString()} leaves them out: log them only where row values may be logged.
 *
 * @param sqlState   the five-character SQLSTATE
 * @param detail     the server's detail line
 * @param hint       the server's hint
 * @param schema     the schema concerned
 * @param table      the table concerned
 * @param column     the column concerned
 * @param constraint the constraint concerned
 * @param message    the server's primary message, unredacted (Tusk's exception message hides values in it outside
 *                   the development profile)
 * @param where      the server's context lines (e.g. {@code COPY t, line 3, column n: "…"}), unredacted
 */
public record ServerError(String sqlState, String detail, String hint, String schema, String table, String column,
                          String constraint, String message, String where) {

    /** No server report: the failure happened in the client or the network. */
    public static final ServerError NONE = new ServerError(null, null, null, null, null, null, null);

    /** A report without the server's message and context lines, as Tusk makes for failures found in the client. */
    public ServerError(String sqlState, String detail, String hint, String schema, String table, String column,
                       String constraint) {
        this(sqlState, detail, hint, schema, table, column, constraint, null, null);
    }

    /** A report with only a SQLSTATE. */
    public static ServerError ofSqlState(String sqlState) {
        return new ServerError(sqlState, null, null, null, null, null, null);
    }

    /** The fields that name things (SQLSTATE, hint, schema, table, column, constraint), never those that quote values. */
    @Override
    public String toString() {
        return "ServerError[sqlState=" + sqlState + ", hint=" + hint + ", schema=" + schema + ", table=" + table
                + ", column=" + column + ", constraint=" + constraint + "]";
    }
}
