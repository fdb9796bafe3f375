package dev.tusk.copy;

/**
 * Takes the values of one row, in column order, and encodes each at once for its column's type. Primitive overloads
 * encode without boxing. Given to {@link RowSource#next(RowWriter)}; valid only during that call.
 */
public interface RowWriter {

    /** Writes the next column's value: null for NULL, otherwise a Java type that fits the column's SQL type. */
    RowWriter write(Object value);

    /** Writes the next column's value from a {@code long} (or any smaller integer), with a range check for int2/int4. */
    RowWriter write(long value);

    /** Writes the next column's value from a {@code double} (or {@code float}). */
    RowWriter write(double value);

    /** Writes the next column's value from a {@code boolean}. */
    RowWriter write(boolean value);

    /** Writes NULL into the next column. */
    RowWriter writeNull();
}
