package dev.tusk.copy.internal.csv;

import dev.tusk.TuskException;
import dev.tusk.internal.Errors;
import dev.tusk.internal.ServerTexts;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed COPY FROM STDIN into a Tusk exception whose message starts with the line of the input that broke
 * it, taken from the server's error context ({@code COPY orders, line 3, column qty: "abc"}): for example
 * {@code line 3 of orders.csv: invalid input syntax for type integer: "abc" (column qty) [SQLSTATE 22P02]}.
 */
final class CopyLineErrors {

    private static final Pattern CONTEXT = Pattern.compile("^COPY .*?, line (\\d+)(?:, column (.*?))?(?:: .*)?$",
            Pattern.MULTILINE);

    private CopyLineErrors() {
    }

    /** The exception for {@code failure} of {@code sql} reading {@code inputName}; chosen by SQLSTATE as usual. */
    static TuskException translate(SQLException failure, String sql, String inputName, boolean showValues) {
        ServerErrorMessage report = failure instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        Long line = report == null ? null : lineOf(report.getWhere());
        if (line == null) {
            return Errors.translate(failure, sql, Errors.Phase.EXECUTE, showValues);
        }
        Matcher context = CONTEXT.matcher(report.getWhere());
        String column = context.find() ? context.group(2) : null;
        String text = showValues ? report.getMessage()
                : ServerTexts.serverMessage(report.getSQLState(), report.getMessage());
        String message = "line " + line + " of " + inputName + ": " + text
                + (column == null || column.isEmpty() ? "" : " (column " + column + ")")
                + " [SQLSTATE " + report.getSQLState() + "]";
        return Errors.translateWithMessage(failure, message, Errors.Phase.EXECUTE, showValues);
    }

    /** The input line named in a COPY error context, or null when there is none. */
    static Long lineOf(String where) {
        if (where == null) {
            return null;
        }
        Matcher context = CONTEXT.matcher(where);
        return context.find() ? Long.valueOf(context.group(1)) : null;
    }
}
