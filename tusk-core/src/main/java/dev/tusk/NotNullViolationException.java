package dev.tusk;

/** A NULL went into a NOT NULL column (SQLSTATE 23502); column() names it. */
public final class NotNullViolationException extends ConstraintViolationException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public NotNullViolationException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError);
    }
}
