package dev.tusk.query.internal;

import dev.tusk.QueryException;
import dev.tusk.ServerError;

/** The check every kind of {@link dev.tusk.Row} makes of a position, so that each refuses a bad one the same way. */
public final class ColumnIndex {

    private ColumnIndex() {
    }

    /** Fails unless {@code index} is a 1-based position among {@code columnCount} columns, naming both. */
    public static void check(int index, int columnCount) {
        if (index < 1 || index > columnCount) {
            throw new QueryException("column index " + index + " is out of range: the row has " + columnCount
                    + (columnCount == 1 ? " column" : " columns") + ", numbered from 1", null,
                    ServerError.ofSqlState("42703"));
        }
    }
}
