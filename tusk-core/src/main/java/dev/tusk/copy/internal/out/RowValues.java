package dev.tusk.copy.internal.out;

import dev.tusk.query.internal.ReadFailure;
import dev.tusk.query.internal.Values;

/** Converts decoded COPY values to the Java type a caller asks for, with the same conversions as query results. */
final class RowValues {

    private RowValues() {
    }

    /**
     * {@code value} as {@code type}.
     *
     * @throws ReadFailure when it does not convert, for the row to name itself and the column
     */
    static <T> T convert(Object value, Class<T> type) {
        return Values.convert(value, type);
    }
}
