package dev.tusk;

/**
 * A value the server sent could not become the Java type asked for: an int8 too big for {@code Integer}, an interval
 * with months read as {@code Duration}, a numeric NaN read as {@code BigDecimal}. Thrown by query results, record
 * mapping and typed COPY out alike. The message names the row, the column with its PostgreSQL type and the Java type;
 * it quotes the value only in the development profile, since elsewhere messages reach logs that must not hold data.
 * The program always has the value through {@link #value()}.
 *
 * <p>The statement itself succeeded; only reading failed, so nothing is worth retrying. A failure while streaming
 * ({@code stream}, {@code copyOut}) ends that stream: the COPY or cursor is stopped and the connection goes back to
 * the pool clean, and the open transaction, if any, stays usable.
 */
public final class DecodeException extends QueryException {

    private static final long serialVersionUID = 1L;

    private final long rowNumber;
    private final String sqlType;
    private final transient Class<?> javaType;
    private final transient Object value;

    /**
     * An exception about row {@code rowNumber} (1-based, 0 when unknown) whose column, named in {@code serverError},
     * of PostgreSQL type {@code sqlType} could not be read as {@code javaType}; {@code value} is kept for the program.
     */
    public DecodeException(String message, Throwable cause, ServerError serverError, long rowNumber, String sqlType,
                           Class<?> javaType, Object value) {
        super(message, cause, serverError);
        this.rowNumber = rowNumber;
        this.sqlType = sqlType;
        this.javaType = javaType;
        this.value = value;
    }

    /** The 1-based number of the row within its result or COPY, or 0 when it is not known. */
    public long rowNumber() {
        return rowNumber;
    }

    /** The column's PostgreSQL type, such as {@code int8} or {@code interval[]}. */
    public String sqlType() {
        return sqlType;
    }

    /** The Java type the caller asked for. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The value as Tusk decoded it, or null when the driver refused it before Tusk saw it; never in the message outside development. */
    public Object value() {
        return value;
    }
}
