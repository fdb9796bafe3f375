package dev.tusk.copy.internal.out;

import dev.tusk.DecodeException;
import dev.tusk.QueryException;
import dev.tusk.query.internal.ColumnIndex;
import dev.tusk.Row;
import dev.tusk.ServerError;
import dev.tusk.query.internal.ReadFailure;

import java.util.List;

/** One row decoded from binary COPY: its own values, so it stays valid after the stream moves on. */
final class CopyRow implements Row {

    private final CopyColumns columns;
    private final Object[] values;
    private final long rowNumber;
    private final boolean showValues;

    /** Row {@code rowNumber} (1-based) of a COPY; failures quote values only when {@code showValues} (development). */
    CopyRow(CopyColumns columns, Object[] values, long rowNumber, boolean showValues) {
        this.columns = columns;
        this.values = values;
        this.rowNumber = rowNumber;
        this.showValues = showValues;
    }

    CopyColumns columns() {
        return columns;
    }

    long rowNumber() {
        return rowNumber;
    }

    /** A failure about column {@code index} (0-based) of this row, read as {@code type}. */
    DecodeException failure(ReadFailure failure, int index, Class<?> type) {
        return failure.at(rowNumber, columns.name(index), columns.displayType(index), type, showValues);
    }

    private <T> T convert(int index, Class<T> type) {
        try {
            return RowValues.convert(values[index], type);
        } catch (ReadFailure failure) {
            throw failure(failure, index, type);
        }
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new QueryException("the row has no column \"" + column + "\"; its columns are " + columns.names(),
                    null, ServerError.ofSqlState("42703"));
        }
        return convert(index, type);
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        ColumnIndex.check(index, values.length);
        return convert(index - 1, type);
    }

    @Override
    public List<String> columnNames() {
        return columns.names();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Row{");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(columns.name(i)).append('=');
            Object value = values[i];
            text.append(value instanceof byte[] bytes ? "<" + bytes.length + " bytes>"
                    : value instanceof Object[] array ? java.util.Arrays.deepToString(array) : String.valueOf(value));
        }
        return text.append('}').toString();
    }
}
