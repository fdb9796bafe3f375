package dev.tusk.copy.internal;

/**
 * A value an encoder refused. Thrown without a stack trace (it is caught one frame up and turned into a
 * {@link dev.tusk.CopyException} that names the row and column, or for a parameter a {@link dev.tusk.QueryException}
 * that names its position), so refusing costs little.
 */
public final class EncodeFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The SQLSTATE for a Java type the column does not take. */
    static final String WRONG_TYPE = "42804";
    /** The SQLSTATE for a value of the right type outside the column's range. */
    static final String OUT_OF_RANGE = "22003";
    /** The SQLSTATE for a value of the right type that is malformed. */
    static final String INVALID = "22P02";

    private final transient Object value;
    private final String javaType;
    private final String reason;
    private final String sqlState;

    EncodeFailure(Object value, String javaType, String reason, String sqlState) {
        super(reason, null, false, false);
        this.value = value;
        this.javaType = javaType != null ? javaType : value == null ? "null" : value.getClass().getTypeName();
        this.reason = reason;
        this.sqlState = sqlState;
    }

    /** The same failure, described as a primitive {@code javaType} (the value arrived unboxed). */
    EncodeFailure asPrimitive(String primitive) {
        return new EncodeFailure(value, primitive, reason, sqlState);
    }

    /** The same failure, said of element {@code index} (1-based) of an array. */
    EncodeFailure inElement(int index) {
        String where = "element " + index;
        return new EncodeFailure(value, javaType, reason == null ? where : where + ": " + reason, sqlState);
    }

    /** The value refused, for the exception object only: messages quote it only in the development profile. */
    public Object value() {
        return value;
    }

    /** The Java type of the refused value, as messages name it. */
    public String javaType() {
        return javaType;
    }

    /** Why it was refused, without the value, or null when the Java type alone is the reason. */
    public String reason() {
        return reason;
    }

    /** The SQLSTATE the refusal reports: wrong type, out of range or malformed. */
    public String sqlState() {
        return sqlState;
    }
}
