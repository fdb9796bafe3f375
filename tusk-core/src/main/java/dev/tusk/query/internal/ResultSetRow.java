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

    /** Wraps {@code rows}, positioned on a row. */
    public ResultSetRow(ResultSet rows) {
        this.rows = rows;
    }

    /** The result set underneath, for mappers that read it directly. */
    public ResultSet resultSet() {
        return rows;
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        try {
            return Values.read(rows, rows.findColumn(column), type);
        } catch (SQLException e) {
            throw Errors.translate(e, null, Errors.Phase.EXECUTE);
        }
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        try {
            return Values.read(rows, index, type);
        } catch (SQLException e) {
            throw Errors.translate(e, null, Errors.Phase.EXECUTE);
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
        for (int i = 1; i <= count; i++) {
            names[i - 1] = meta.getColumnLabel(i);
            values[i - 1] = Values.readNatural(rows, i);
        }
        return new DetachedRow(names, values);
    }
}
