package dev.tusk;

/** A write broke an integrity constraint (SQLSTATE class 23); never transient, and it reached the server. */
public sealed class ConstraintViolationException extends TuskException
        permits UniqueViolationException, ForeignKeyViolationException, NotNullViolationException, CheckViolationException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public ConstraintViolationException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, false, true);
    }
}
