package dev.tusk;

/** An insert, update or delete would break a foreign key (SQLSTATE 23503); constraint() names it. */
public final class ForeignKeyViolationException extends ConstraintViolationException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public ForeignKeyViolationException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError);
    }
}
