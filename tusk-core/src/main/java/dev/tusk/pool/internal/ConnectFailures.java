package dev.tusk.pool.internal;

import dev.tusk.ConnectionException;
import dev.tusk.ServerError;
import dev.tusk.TuskException;
import dev.tusk.internal.Errors;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Failures to open a connection, in Tusk's words: a failed hook as itself, a driver failure translated by SQLSTATE. */
final class ConnectFailures {

    private ConnectFailures() {
    }

    /** {@code failure}, prefixed with {@code context} (which pool, which server), as a Tusk exception. */
    static TuskException describe(String context, SQLException failure) {
        Throwable cause = failure instanceof SQLTransientConnectionException ? failure.getCause() : failure;
        if (cause instanceof HookFailure hook) {
            return new ConnectionException(context + ": " + hook.getMessage(), hook.getCause(), ServerError.NONE, false);
        }
        if (cause instanceof SQLException driver) {
            SQLException described = new SQLException(context + ": " + driver.getMessage(), driver.getSQLState(), driver);
            return Errors.translate(described, null, Errors.Phase.CONNECT);
        }
        return new ConnectionException(context + ": no connection could be opened in time; the server may be slow or "
                + "unreachable", failure, ServerError.NONE, false);
    }
}
