package dev.tusk.copy.internal;

/**
 * Encodes non-null values for one SQL type as binary COPY fields: a length word, then the bytes. One instance per
 * column, chosen once per COPY from the catalog, so the hot loop never looks a type up. The primitive methods refuse
 * by default (through the boxed path, so the message is the same); integer and float encoders take them unboxed.
 */
abstract class ColumnEncoder {

    private final String typeName;

    ColumnEncoder(String typeName) {
        this.typeName = typeName;
    }

    /** The SQL type's name, as messages show it. */
    final String typeName() {
        return typeName;
    }

    /** Writes {@code value}, which is not null, or throws {@link EncodeFailure}. */
    abstract void write(Object value, CopyBuffer out);

    /**
     * {@code value}, which is not null, as the text this type's input function reads back as the very value
     * {@link #write} sends: statements bind it where COPY writes binary, so both paths store the same thing. Refuses
     * exactly what {@link #write} refuses, with the same {@link EncodeFailure}.
     */
    abstract String text(Object value);

    void writeLong(long value, CopyBuffer out) {
        try {
            write(value, out);
        } catch (EncodeFailure failure) {
            throw failure.asPrimitive("long");
        }
    }

    void writeDouble(double value, CopyBuffer out) {
        try {
            write(value, out);
        } catch (EncodeFailure failure) {
            throw failure.asPrimitive("double");
        }
    }

    void writeBoolean(boolean value, CopyBuffer out) {
        try {
            write(value, out);
        } catch (EncodeFailure failure) {
            throw failure.asPrimitive("boolean");
        }
    }

    /** A refusal of {@code value}'s Java type. */
    static EncodeFailure wrongType(Object value) {
        return new EncodeFailure(value, null, null, EncodeFailure.WRONG_TYPE);
    }

    /** A refusal of {@code value} because it is outside the type's range. */
    static EncodeFailure outOfRange(Object value, String reason) {
        return new EncodeFailure(value, null, reason, EncodeFailure.OUT_OF_RANGE);
    }

    /** A refusal of {@code value} because it is malformed. */
    static EncodeFailure invalid(Object value, String reason) {
        return new EncodeFailure(value, null, reason, EncodeFailure.INVALID);
    }
}
