package dev.tusk;

/**
 * A COPY failed in the client: a value that does not fit its column, a row of the wrong shape, or a column type
 * Tusk cannot encode. The COPY was cancelled, so the table holds none of that call's rows. The message names the row,
 * column and types; it quotes the offending value (truncated) only in the development profile, since elsewhere
 * messages reach logs that must not hold data. The program always has the value through {@link #value()}.
 */
public final class CopyException extends QueryException {

    private static final long serialVersionUID = 1L;

    private final long rowNumber;
    private final transient Object value;

    /** An exception with a message, its cause and a report naming the table and column concerned. */
    public CopyException(String message, Throwable cause, ServerError serverError) {
        this(message, cause, serverError, 0);
    }

    /** An exception about row {@code rowNumber} (1-based) of the rows given to the COPY. */
    public CopyException(String message, Throwable cause, ServerError serverError, long rowNumber) {
        this(message, cause, serverError, rowNumber, null);
    }

    /** An exception about row {@code rowNumber} whose column refused {@code value}, kept for the program only. */
    public CopyException(String message, Throwable cause, ServerError serverError, long rowNumber, Object value) {
        super(message, cause, serverError);
        this.rowNumber = rowNumber;
        this.value = value;
    }

    /** The value the column refused, or null when no single value is to blame; never part of the message outside development. */
    public Object value() {
        return value;
    }

    /** The 1-based number of the row that failed, counted in the order the rows were given, or 0 if no row is to blame. */
    public long rowNumber() {
        return rowNumber;
    }
}
