package dev.tusk;

/** A row failed a CHECK constraint (SQLSTATE 23514); constraint() names it. */
public final class CheckViolationException extends ConstraintViolationException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public CheckViolationException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError);
    }
}
