package dev.tusk.internal;

import dev.tusk.AuthenticationException;
import dev.tusk.CheckViolationException;
import dev.tusk.ConnectionException;
import dev.tusk.DeadlockException;
import dev.tusk.ForeignKeyViolationException;
import dev.tusk.NotNullViolationException;
import dev.tusk.QueryException;
import dev.tusk.QueryTimeoutException;
import dev.tusk.ReadOnlyTransactionException;
import dev.tusk.SerializationFailureException;
import dev.tusk.ServerError;
import dev.tusk.SyntaxErrorException;
import dev.tusk.TooManyConnectionsException;
import dev.tusk.TuskException;
import dev.tusk.UndefinedColumnException;
import dev.tusk.UndefinedTableException;
import dev.tusk.UniqueViolationException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.regex.Pattern;

/** Turns the driver's {@link SQLException}s into Tusk's exception hierarchy, by SQLSTATE. */
public final class Errors {

    private static final int MAX_SQL_IN_MESSAGE = 300;
    /** The names PgJDBC gives its server-side prepared statements: S_1, S_2, … */
    private static final Pattern DRIVER_STATEMENT = Pattern.compile("prepared statement \"S_\\d+\"");

    private Errors() {
    }

    /** Where the failure happened, which decides whether the statement may have reached the server. */
    public enum Phase {
        /** While opening or borrowing a connection: nothing was sent, whatever the failure. */
        CONNECT,
        /** While running a statement: it may have reached the server. */
        EXECUTE
    }

    /**
     * The Tusk exception for {@code failure} while running {@code sql} (null when there was no statement), with the
     * values the server's words quote hidden, as every profile but development wants.
     */
    public static TuskException translate(SQLException failure, String sql, Phase phase) {
        return translate(failure, sql, phase, false);
    }

    /**
     * The Tusk exception for {@code failure} while running {@code sql}; unless {@code showValues} (the development
     * profile), the message and the cause hide the values the server's words quote (see {@link ServerTexts}).
     */
    public static TuskException translate(SQLException failure, String sql, Phase phase, boolean showValues) {
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        return translateWithMessage(failure, describe(failure, state, sql, showValues), phase, showValues);
    }

    /**
     * The Tusk exception for {@code failure}, chosen by SQLSTATE as {@link #translate} does, saying {@code message}
     * (which must hold no value unless {@code showValues}), with a cause redacted unless {@code showValues}.
     */
    public static TuskException translateWithMessage(SQLException failure, String message, Phase phase,
                                                     boolean showValues) {
        ServerError server = serverError(failure);
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        SQLException shown = showValues ? failure : ServerTexts.redacted(failure);
        return classify(shown, message, phase, server, state);
    }

    private static TuskException classify(SQLException failure, String message, Phase phase, ServerError server,
                                          String state) {
        if (state.startsWith("28")) {
            return new AuthenticationException(message, failure, server);
        }
        if (phase == Phase.CONNECT) {
            return connectFailure(failure, message, server, state);
        }
        if (state.equals("25P03")) {
            // The server rolled the whole transaction back before ending the session, so nothing took effect and
            // running the transaction again on a new connection is safe.
            return new ConnectionException(message, failure, server, false, true);
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            // 08001 means the connection never opened; anything else may have cut a statement in flight.
            return new ConnectionException(message, failure, server, !state.equals("08001"));
        }
        return switch (state) {
            case "53300" -> new TooManyConnectionsException(message, failure, server);
            case "57014" -> new QueryTimeoutException(message, failure, server);
            case "40001" -> new SerializationFailureException(message, failure, server);
            case "40P01" -> new DeadlockException(message, failure, server);
            case "23505" -> new UniqueViolationException(message, failure, server);
            case "23503" -> new ForeignKeyViolationException(message, failure, server);
            case "23502" -> new NotNullViolationException(message, failure, server);
            case "23514" -> new CheckViolationException(message, failure, server);
            case "42P01" -> new UndefinedTableException(message, failure, server);
            case "42703" -> new UndefinedColumnException(message, failure, server);
            case "42601" -> new SyntaxErrorException(message, failure, server);
            case "25006" -> new ReadOnlyTransactionException(message, failure, server);
            default -> new QueryException(message, failure, server);
        };
    }

    /** A failure to get a connection: no statement was sent, so none can have reached the server. */
    private static TuskException connectFailure(SQLException failure, String message, ServerError server, String state) {
        return switch (state) {
            case "53300" -> new TooManyConnectionsException(message, failure, server);
            // No such database, no permission to connect to it, or a login the server turned down before any
            // authentication (no password for SCRAM, no TLS): the same attempt will fail the same way.
            case "3D000", "42501", "08004" -> new ConnectionException(message, failure, server, false, false);
            default -> new ConnectionException(message, failure, server, false);
        };
    }

    /** The server's report carried by {@code failure}, or only its SQLSTATE when the driver produced it. */
    public static ServerError serverError(SQLException failure) {
        if (failure instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage report = psql.getServerErrorMessage();
            return new ServerError(report.getSQLState(), report.getDetail(), report.getHint(), report.getSchema(),
                    report.getTable(), report.getColumn(), report.getConstraint(), report.getMessage(),
                    report.getWhere());
        }
        return ServerError.ofSqlState(failure.getSQLState());
    }

    /** {@code sql} shortened to the length messages quote, stripped of surrounding blanks. */
    public static String abbreviate(String sql) {
        String shown = sql.length() > MAX_SQL_IN_MESSAGE ? sql.substring(0, MAX_SQL_IN_MESSAGE) + "…" : sql;
        return shown.strip();
    }

    private static String describe(SQLException failure, String state, String sql, boolean showValues) {
        boolean fromServer = failure instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getMessage() != null;
        String text = fromServer
                ? ((PSQLException) failure).getServerErrorMessage().getMessage()
                : String.valueOf(failure.getMessage());
        if (!showValues) {
            text = fromServer ? ServerTexts.serverMessage(state, text) : ServerTexts.redacted(failure).getMessage();
        }
        if (state.equals("25P03")) {
            text = "the server ended the session because its transaction sat idle longer than "
                    + "idle_in_transaction_session_timeout (Tusk's idleInTransactionTimeout) allows, and rolled the "
                    + "transaction back; nothing in it was committed (server: " + text + ")";
        }
        if ((state.equals("26000") || state.equals("42P05")) && DRIVER_STATEMENT.matcher(text).find()) {
            text = text + " (a named prepared statement of PgJDBC's went missing or met another's on the server "
                    + "connection: the mark of PgBouncer in transaction mode; set pgbouncer=true, the URL parameter "
                    + "?pgbouncer=true or TuskConfigBuilder.pgbouncer(true))";
        }
        StringBuilder message = new StringBuilder(text);
        if (!state.isEmpty()) {
            message.append(" [SQLSTATE ").append(state).append(']');
        }
        if (sql != null && text.startsWith("No value specified for parameter")) {
            // PgJDBC takes every ? for a placeholder, so a jsonb key operator written as in psql lands here.
            message.append("; every ? is a parameter placeholder: give a value for each, and write the jsonb operators"
                    + " ?, ?| and ?& as ??, ??| and ??& (or call jsonb_exists, jsonb_exists_any, jsonb_exists_all)");
        }
        if (sql != null) {
            message.append(" while running: ").append(abbreviate(sql));
        }
        return message.toString();
    }
}
