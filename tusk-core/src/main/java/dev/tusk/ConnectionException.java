package dev.tusk;

/**
 * The connection to the server failed or was lost. Usually transient, and a write may have reached the server unless
 * the connection never opened; a connection refused for a reason waiting cannot fix (a missing database, a login the
 * server rejects before authenticating) is not transient.
 */
public non-sealed class ConnectionException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public ConnectionException(String message, Throwable cause, ServerError serverError) {
        this(message, cause, serverError, true);
    }

    /** An exception that says whether the statement may have reached the server before the connection failed. */
    public ConnectionException(String message, Throwable cause, ServerError serverError, boolean mayHaveReachedServer) {
        this(message, cause, serverError, mayHaveReachedServer, true);
    }

    /** An exception that also says whether trying again may succeed. */
    public ConnectionException(String message, Throwable cause, ServerError serverError, boolean mayHaveReachedServer,
                               boolean isTransient) {
        super(message, cause, serverError, isTransient, mayHaveReachedServer);
    }
}
