package dev.tusk;

/**
 * A statement parameter was refused before the statement was sent: its Java value cannot become the PostgreSQL type
 * the server reported for its placeholder (a String that is not a UUID for a uuid parameter, a String for an int4
 * one). The message names the parameter's position, its Java type and the PostgreSQL type; it quotes the value
 * (truncated) only in the development profile. The program always has the value through {@link #value()}.
 */
public final class ParameterException extends QueryException {

    private static final long serialVersionUID = 1L;

    private final int parameterIndex;
    private final String sqlType;
    private final transient Object value;

    /** A refusal of parameter {@code parameterIndex} (1-based) as {@code sqlType}, holding {@code value} for the program. */
    public ParameterException(String message, ServerError serverError, int parameterIndex, String sqlType, Object value) {
        super(message, null, serverError, false);
        this.parameterIndex = parameterIndex;
        this.sqlType = sqlType;
        this.value = value;
    }

    /** The 1-based position of the refused parameter. */
    public int parameterIndex() {
        return parameterIndex;
    }

    /** The PostgreSQL type the server reported for the parameter, which the value could not become. */
    public String sqlType() {
        return sqlType;
    }

    /** The refused value; never part of the message outside development. */
    public Object value() {
        return value;
    }
}
