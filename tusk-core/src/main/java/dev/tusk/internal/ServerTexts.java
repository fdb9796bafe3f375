package dev.tusk.internal;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Hides the values that the server's and the driver's words quote, for every profile but development. PostgreSQL
 * quotes the rejected input in the primary message of its data exceptions (SQLSTATE class 22: {@code invalid input
 * syntax for type integer: "…"}, {@code value "…" is out of range}, {@code invalid byte sequence …: 0x00}), in the
 * detail of integrity violations ({@code Key (token)=(…)}, {@code Failing row contains (…)}) and in context lines
 * ({@code COPY t, line 1, column n: "…"}, {@code JSON data, line 1: …}); PgJDBC puts all but the detail into its
 * exception's message, and a batch's statement text with the values filled in.
 */
public final class ServerTexts {

    /** What stands where a quoted value was. */
    public static final String HIDDEN_VALUE = "\"<value hidden>\"";
    /** What stands where the bytes of a value were. */
    public static final String HIDDEN_BYTES = "<bytes hidden>";

    private static final Pattern BYTES = Pattern.compile("0x\\p{XDigit}{2}(?: 0x\\p{XDigit}{2})*");

    private ServerTexts() {
    }

    /** Whether {@code sqlState} is a data exception, whose messages quote the input that was refused. */
    static boolean quotesValues(String sqlState) {
        return sqlState != null && sqlState.startsWith("22");
    }

    /**
     * The server's primary message {@code text} for {@code sqlState}, with its quoted values and byte sequences
     * hidden when it is a data exception. Everything between the first and the last double quote goes, since a value
     * may itself hold quotes; a message that quotes bytes quotes only encoding names besides, which stay.
     */
    public static String serverMessage(String sqlState, String text) {
        if (text == null || !quotesValues(sqlState)) {
            return text;
        }
        if (BYTES.matcher(text).find()) {
            return BYTES.matcher(text).replaceAll(HIDDEN_BYTES);
        }
        int first = text.indexOf('"');
        int last = text.lastIndexOf('"');
        if (first >= 0 && last > first) {
            return text.substring(0, first) + HIDDEN_VALUE + text.substring(last + 1);
        }
        return text;
    }

    /**
     * A message the driver made itself for {@code sqlState}: a data exception's ({@code Bad value for type int : …})
     * keeps only what comes before the value.
     */
    static String driverMessage(String sqlState, String text) {
        if (text == null || !quotesValues(sqlState)) {
            return text;
        }
        String quotedHidden = serverMessage(sqlState, text);
        if (!quotedHidden.equals(text)) {
            return quotedHidden;
        }
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(0, colon).strip() + ": " + HIDDEN_VALUE;
    }

    /**
     * {@code failure} as a person may see it: a copy with the same SQLSTATE, class (a {@link PSQLException} for a
     * server error, so PgJDBC's accessors still work) and stack trace, whose message holds no value, or
     * {@code failure} itself when nothing in it can quote one (connection and authentication failures).
     */
    public static SQLException redacted(SQLException failure) {
        if (failure instanceof BatchUpdateException batch) {
            return redactedBatch(batch);
        }
        if (failure instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return redactedServerError(psql);
        }
        String message = driverMessage(failure.getSQLState(), failure.getMessage());
        if (message == null || message.equals(failure.getMessage())) {
            return failure;
        }
        SQLException copy = new SQLException(message, failure.getSQLState(), failure.getErrorCode());
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** PgJDBC's batch failure names each statement with its values filled in; the copy says which entry failed. */
    private static SQLException redactedBatch(BatchUpdateException batch) {
        SQLException copy = new SQLException("a statement of the JDBC batch failed (its text with the values filled in "
                + "is hidden outside the development profile)", batch.getSQLState(), batch.getErrorCode());
        copy.setStackTrace(batch.getStackTrace());
        SQLException next = batch.getNextException();
        if (next != null && next != batch) {
            SQLException redactedNext = redacted(next);
            copy.initCause(redactedNext);
            copy.setNextException(redactedNext);
        }
        return copy;
    }

    /**
     * The server's report rebuilt from the fields that name things, with the primary message redacted and without
     * detail, context lines and internal query, which quote values.
     */
    private static SQLException redactedServerError(PSQLException failure) {
        ServerErrorMessage report = failure.getServerErrorMessage();
        StringBuilder fields = new StringBuilder();
        field(fields, 'S', report.getSeverity());
        field(fields, 'C', report.getSQLState());
        field(fields, 'M', serverMessage(report.getSQLState(), report.getMessage()));
        field(fields, 'H', report.getHint());
        field(fields, 's', report.getSchema());
        field(fields, 't', report.getTable());
        field(fields, 'c', report.getColumn());
        field(fields, 'd', report.getDatatype());
        field(fields, 'n', report.getConstraint());
        field(fields, 'R', report.getRoutine());
        PSQLException copy = new PSQLException(new ServerErrorMessage(fields.toString()), false);
        copy.setStackTrace(failure.getStackTrace());
        if (failure.getCause() != null) {
            copy.initCause(failure.getCause());
        }
        return copy;
    }

    private static void field(StringBuilder fields, char type, String value) {
        if (value != null) {
            // NUL separates the fields; the server never sends one inside a field, so this only guards the format.
            fields.append(type).append(value.replace('\0', ' ')).append('\0');
        }
    }
}
