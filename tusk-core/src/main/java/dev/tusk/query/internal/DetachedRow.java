package dev.tusk.query.internal;

import dev.tusk.QueryException;
import dev.tusk.Row;
import dev.tusk.ServerError;

import java.util.Arrays;
import java.util.List;

/** A row copied out of its result, each value in the Java type that fits its SQL type best. */
final class DetachedRow implements Row {

    private final String[] names;
    private final String[] types;
    private final Object[] values;
    private final long rowNumber;
    private final boolean showValues;

    DetachedRow(String[] names, String[] types, Object[] values, long rowNumber, boolean showValues) {
        this.names = names;
        this.types = types;
        this.values = values;
        this.rowNumber = rowNumber;
        this.showValues = showValues;
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(column)) {
                return convert(i, type);
            }
        }
        throw new QueryException("the row has no column \"" + column + "\"; its columns are " + Arrays.toString(names),
                null, ServerError.ofSqlState("42703"));
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        ColumnIndex.check(index, values.length);
        return convert(index - 1, type);
    }

    private <T> T convert(int column, Class<T> type) {
        try {
            Object value = values[column];
            if (value != null && value.getClass().isArray() && type.isArray() && !(value instanceof byte[])) {
                @SuppressWarnings("unchecked")
                T array = (T) Arrays2.toJavaArray(value, type);
                return array;
            }
            return Values.convert(value, type);
        } catch (ReadFailure failure) {
            throw failure.at(rowNumber, names[column], types[column], type, showValues);
        }
    }

    @Override
    public List<String> columnNames() {
        return List.of(names);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Row{");
        for (int i = 0; i < names.length; i++) {
            text.append(i == 0 ? "" : ", ").append(names[i]).append('=');
            Object value = values[i];
            text.append(value instanceof byte[] bytes ? "<" + bytes.length + " bytes>" : String.valueOf(value));
        }
        return text.append('}').toString();
    }
}
