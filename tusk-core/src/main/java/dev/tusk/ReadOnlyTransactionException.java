package dev.tusk;

/** A write was attempted in a read-only transaction or on a standby (SQLSTATE 25006). */
public final class ReadOnlyTransactionException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public ReadOnlyTransactionException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, false, true);
    }
}
