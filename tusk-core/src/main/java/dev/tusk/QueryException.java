package dev.tusk;

/** A statement failed for a reason without a more specific Tusk exception. */
public non-sealed class QueryException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public QueryException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, false, true);
    }

    /** An exception as above, for a failure that Tusk may know never reached the server. */
    protected QueryException(String message, Throwable cause, ServerError serverError, boolean mayHaveReachedServer) {
        super(message, cause, serverError, false, mayHaveReachedServer);
    }
}
