package dev.tusk;

/** A statement ran past its timeout or was cancelled (SQLSTATE 57014); it reached the server and was stopped there. */
public final class QueryTimeoutException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public QueryTimeoutException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, true, true);
    }
}
