package dev.tusk;

/**
 * A COPY failed in the client: a value that does not fit its column, a row of the wrong shape, or a column type
 * Tusk cannot encode. The COPY was cancelled, so the table holds none of that call's rows. Unlike other Tusk
 * exceptions, the message quotes the offending value (truncated), because without it a bad row in millions cannot be
 * found.
 */
public final class CopyException extends QueryException {

    private static final long serialVersionUID = 1L;

    private final long rowNumber;

    /** An exception with a message, its cause and a report naming the table and column concerned. */
    public CopyException(String message, Throwable cause, ServerError serverError) {
        this(message, cause, serverError, 0);
    }

    /** An exception about row {@code rowNumber} (1-based) of the rows given to the COPY. */
    public CopyException(String message, Throwable cause, ServerError serverError, long rowNumber) {
        super(message, cause, serverError);
        this.rowNumber = rowNumber;
    }

    /** The 1-based number of the row that failed, counted in the order the rows were given, or 0 if no row is to blame. */
    public long rowNumber() {
        return rowNumber;
    }
}
