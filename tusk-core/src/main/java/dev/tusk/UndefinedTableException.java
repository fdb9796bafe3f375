package dev.tusk;

/** A statement named a table or view that does not exist (SQLSTATE 42P01). */
public final class UndefinedTableException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public UndefinedTableException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, false, true);
    }
}
