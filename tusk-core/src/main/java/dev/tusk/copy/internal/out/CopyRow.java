package dev.tusk.copy.internal.out;

import dev.tusk.QueryException;
import dev.tusk.Row;
import dev.tusk.ServerError;

import java.util.List;

/** One row decoded from binary COPY: its own values, so it stays valid after the stream moves on. */
final class CopyRow implements Row {

    private final CopyColumns columns;
    private final Object[] values;

    CopyRow(CopyColumns columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    CopyColumns columns() {
        return columns;
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new QueryException("the row has no column \"" + column + "\"; its columns are " + columns.names(),
                    null, ServerError.ofSqlState("42703"));
        }
        return RowValues.convert(values[index], type, column, columns.typeName(index));
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        if (index < 1 || index > values.length) {
            throw new QueryException("column index must be from 1 to " + values.length + ", but was " + index, null,
                    ServerError.ofSqlState("42703"));
        }
        return RowValues.convert(values[index - 1], type, columns.name(index - 1), columns.typeName(index - 1));
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
