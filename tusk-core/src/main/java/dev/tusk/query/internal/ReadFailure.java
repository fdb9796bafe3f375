package dev.tusk.query.internal;

import dev.tusk.DecodeException;
import dev.tusk.ServerError;

import java.lang.reflect.Array;
import java.util.Collection;

/**
 * A value that could not be converted to the Java type asked for, thrown without a stack trace by the conversions,
 * which do not know the row or column; the {@link dev.tusk.Row} that called them turns it into a
 * {@link DecodeException} that names both with {@link #at}.
 */
public final class ReadFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_VALUE_IN_MESSAGE = 60;

    private final String reason;
    private final String sqlState;
    private final transient Object value;

    /** A refusal because {@code reason} (which must not quote the value), with SQLSTATE {@code sqlState}. */
    public ReadFailure(String reason, String sqlState, Object value, Throwable cause) {
        super(reason, cause, false, false);
        this.reason = reason;
        this.sqlState = sqlState;
        this.value = value;
    }

    /** The value that was refused, or null when the driver refused it before Tusk saw it. */
    public Object value() {
        return value;
    }

    /**
     * The exception to throw: row {@code rowNumber} (0 when unknown), {@code column} of PostgreSQL type
     * {@code sqlType} could not be read as {@code javaType}. The value and the driver's own message, which may quote
     * it, appear only when {@code showValues}.
     */
    public DecodeException at(long rowNumber, String column, String sqlType, Class<?> javaType, boolean showValues) {
        StringBuilder message = new StringBuilder();
        if (rowNumber > 0) {
            message.append("row ").append(rowNumber).append(", ");
        }
        message.append("column \"").append(column).append("\" (").append(sqlType).append(") cannot be read as ")
                .append(javaType.getName()).append(": ").append(reason);
        Throwable cause = getCause();
        if (showValues) {
            if (value != null) {
                message.append(" (value: ").append(show(value)).append(')');
            } else if (cause != null) {
                message.append(" (the driver said: ").append(cause.getMessage()).append(')');
            }
        }
        return new DecodeException(message.toString(), showValues ? cause : null,
                new ServerError(sqlState, null, null, null, null, column, null), rowNumber, sqlType, javaType, value);
    }

    /** A short rendering of a value: strings quoted, everything cut to a readable length. */
    static String show(Object value) {
        if (value instanceof byte[] bytes) {
            return "of " + bytes.length + " bytes";
        }
        if (value instanceof Collection<?> collection) {
            return "of size " + collection.size();
        }
        if (value.getClass().isArray()) {
            return "an array of length " + Array.getLength(value);
        }
        String text = String.valueOf(value);
        StringBuilder shown = new StringBuilder(value instanceof CharSequence ? "\"" : "");
        for (int i = 0; i < Math.min(text.length(), MAX_VALUE_IN_MESSAGE); i++) {
            char c = text.charAt(i);
            shown.append(c < 0x20 || c == 0x7F ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        if (text.length() > MAX_VALUE_IN_MESSAGE) {
            shown.append("… (").append(text.length()).append(" chars)");
        }
        return shown.append(value instanceof CharSequence ? "\"" : "").toString();
    }
}
