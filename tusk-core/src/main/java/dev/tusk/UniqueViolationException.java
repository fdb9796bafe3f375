package dev.tusk;

/** An insert or update would duplicate a unique key (SQLSTATE 23505); constraint() names it. */
public final class UniqueViolationException extends ConstraintViolationException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public UniqueViolationException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError);
    }
}
