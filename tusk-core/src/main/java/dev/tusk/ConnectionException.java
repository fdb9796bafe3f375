package dev.tusk;

/** The connection to the server failed or was lost; transient, and a write may have reached the server unless the connection never opened. */
public non-sealed class ConnectionException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public ConnectionException(String message, Throwable cause, ServerError serverError) {
        this(message, cause, serverError, true);
    }

    /** An exception that says whether the statement may have reached the server before the connection failed. */
    public ConnectionException(String message, Throwable cause, ServerError serverError, boolean mayHaveReachedServer) {
        super(message, cause, serverError, true, mayHaveReachedServer);
    }
}
