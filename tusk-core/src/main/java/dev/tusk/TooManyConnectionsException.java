package dev.tusk;

/** The server refused a new connection because it has too many (SQLSTATE 53300); transient. */
public final class TooManyConnectionsException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public TooManyConnectionsException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, true, false);
    }
}
