package dev.tusk;

import dev.tusk.internal.RolledBack;

import java.sql.SQLException;

/**
 * The root of Tusk's unchecked exceptions. Each says whether it is worth retrying ({@link #isTransient()}) and whether
 * the statement may have reached the server ({@link #mayHaveReachedServer()}); the driver's {@link SQLException}, if
 * any, is the cause. Messages never hold parameter values or passwords: outside the development profile the server's
 * words are redacted in the message and in the cause (a copy of the driver's exception with the same SQLSTATE and
 * stack trace), and the unredacted report stays with the program through {@link #serverError()}.
 */
public sealed class TuskException extends RuntimeException
        permits ConnectionException, AuthenticationException, TooManyConnectionsException, PoolExhaustedException,
        QueryTimeoutException, SerializationFailureException, DeadlockException, ConstraintViolationException,
        UndefinedTableException, UndefinedColumnException, SyntaxErrorException, ReadOnlyTransactionException,
        QueryException, ClientClosedException, CircuitOpenException, CommitOutcomeUnknownException {

    private static final long serialVersionUID = 1L;

    private final transient ServerError serverError;
    private final boolean transientFailure;
    private final boolean mayHaveReachedServer;
    private volatile boolean rolledBack;

    static {
        RolledBack.register(failure -> failure.rolledBack = true);
    }

    /** An exception with the server's report (or {@link ServerError#NONE}) and its retry classification. */
    protected TuskException(String message, Throwable cause, ServerError serverError, boolean transientFailure,
                            boolean mayHaveReachedServer) {
        super(message, cause);
        this.serverError = serverError == null ? ServerError.NONE : serverError;
        this.transientFailure = transientFailure;
        this.mayHaveReachedServer = mayHaveReachedServer;
    }

    /**
     * The server's report as it came, with its unredacted message, detail and context lines, which may quote the
     * statement's values: for the program, not for logs. {@link ServerError#NONE} when the failure did not come from
     * the server.
     */
    public ServerError serverError() {
        return serverError;
    }

    /** The five-character SQLSTATE, or null when the failure did not come from SQL. */
    public String sqlState() {
        return serverError.sqlState();
    }

    /**
     * What the server said about the failure beyond the message, or null. It may quote row values (e.g. the key of a
     * unique violation), so Tusk never puts it in the message; log it only where row values may be logged.
     */
    public String detail() {
        return serverError.detail();
    }

    /** The server's suggestion, or null. */
    public String hint() {
        return serverError.hint();
    }

    /** The constraint that was violated, or null. */
    public String constraint() {
        return serverError.constraint();
    }

    /** The table the failure concerns, or null. */
    public String table() {
        return serverError.table();
    }

    /** The column the failure concerns, or null. */
    public String column() {
        return serverError.column();
    }

    /** The schema the failure concerns, or null. */
    public String schema() {
        return serverError.schema();
    }

    /** Whether the same work may succeed if tried again, e.g. after a serialization failure or a dropped connection. */
    public boolean isTransient() {
        return transientFailure;
    }

    /**
     * Whether the call may have changed the database; when true, a retry could apply a write twice, so Tusk retries
     * it only when the caller has declared the work idempotent. For a transaction ({@code inTransaction}) this is
     * false for every failure before COMMIT was sent, since the server rolled the transaction back; a COMMIT whose
     * outcome could not be learned is a {@link CommitOutcomeUnknownException}.
     */
    public boolean mayHaveReachedServer() {
        return mayHaveReachedServer && !rolledBack;
    }
}
