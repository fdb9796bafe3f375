package dev.tusk.query.internal;

import dev.tusk.Row;
import dev.tusk.internal.Errors;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The current row of a live {@link ResultSet}, handed to mappers; valid only until the cursor moves. */
public final class ResultSetRow implements Row {

    private final ResultSet rows;
    private final boolean showValues;

    /** Wraps {@code rows}, positioned on a row; failures quote values only when {@code showValues} (development). */
    public ResultSetRow(ResultSet rows, boolean showValues) {
        this.rows = rows;
        this.showValues = showValues;
    }

    /** The result set underneath, for mappers that read it directly. */
    public ResultSet resultSet() {
        return rows;
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        try {
            return read(rows.findColumn(column), type);
        } catch (SQLException e) {
            throw Errors.translate(e, null, Errors.Phase.EXECUTE);
        }
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        try {
            ColumnIndex.check(index, rows.getMetaData().getColumnCount());
            return read(index, type);
        } catch (SQLException e) {
            throw Errors.translate(e, null, Errors.Phase.EXECUTE);
        }
    }

    /**
     * The value of the 1-based column {@code index} as {@code type}; a value that does not convert fails with a
     * {@link dev.tusk.DecodeException} naming the row, column and types.
     */
    public <T> T read(int index, Class<T> type) throws SQLException {
        try {
            return Values.read(rows, index, type);
        } catch (ReadFailure failure) {
            ResultSetMetaData meta = rows.getMetaData();
            throw failure.at(rows.getRow(), meta.getColumnLabel(index), sqlTypeName(meta, index), type, showValues);
        }
    }

    @Override
    public String getString(String column) {
        try {
            return rows.getString(column);
        } catch (SQLException e) {
            throw Errors.translate(e, null, Errors.Phase.EXECUTE);
        }
    }

    @Override
    public String getString(int index) {
        try {
            ColumnIndex.check(index, rows.getMetaData().getColumnCount());
            return rows.getString(index);
        } catch (SQLException e) {
            throw Errors.translate(e, null, Errors.Phase.EXECUTE);
        }
    }

    @Override
    public List<String> columnNames() {
        try {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> names = new ArrayList<>(meta.getColumnCount());
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnLabel(i));
            }
            return names;
        } catch (SQLException e) {
            throw Errors.translate(e, null, Errors.Phase.EXECUTE);
        }
    }

    /** A detached copy of the current row, valid after the cursor moves on. */
    public Row detach() throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int count = meta.getColumnCount();
        Object[] values = new Object[count];
        String[] names = new String[count];
        String[] types = new String[count];
        for (int i = 1; i <= count; i++) {
            names[i - 1] = meta.getColumnLabel(i);
            types[i - 1] = sqlTypeName(meta, i);
            try {
                values[i - 1] = Values.readNatural(rows, i);
            } catch (ReadFailure failure) {
                throw failure.at(rows.getRow(), names[i - 1], types[i - 1], Object.class, showValues);
            }
        }
        return new DetachedRow(names, types, values, rows.getRow(), showValues);
    }

    /** The column's type as messages show it: {@code int8}, or {@code interval[]} rather than PgJDBC's {@code _interval}. */
    static String sqlTypeName(ResultSetMetaData meta, int index) throws SQLException {
        String name = meta.getColumnTypeName(index);
        return name != null && name.startsWith("_") ? name.substring(1) + "[]" : name;
    }
}
