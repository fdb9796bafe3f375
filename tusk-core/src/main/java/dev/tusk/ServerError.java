package dev.tusk;

/**
 * The fields of a PostgreSQL error report that help a person act on it; all may be null.
 *
 * @param sqlState   the five-character SQLSTATE
 * @param detail     the server's detail line
 * @param hint       the server's hint
 * @param schema     the schema concerned
 * @param table      the table concerned
 * @param column     the column concerned
 * @param constraint the constraint concerned
 */
public record ServerError(String sqlState, String detail, String hint, String schema, String table, String column,
                          String constraint) {

    /** No server report: the failure happened in the client or the network. */
    public static final ServerError NONE = new ServerError(null, null, null, null, null, null, null);

    /** A report with only a SQLSTATE. */
    public static ServerError ofSqlState(String sqlState) {
        return new ServerError(sqlState, null, null, null, null, null, null);
    }
}
