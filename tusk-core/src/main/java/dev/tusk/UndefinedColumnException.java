package dev.tusk;

/** A statement named a column that does not exist (SQLSTATE 42703). */
public final class UndefinedColumnException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public UndefinedColumnException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, false, true);
    }
}
