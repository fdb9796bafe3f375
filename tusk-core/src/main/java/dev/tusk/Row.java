package dev.tusk;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of a query result, read with typed getters by column label or 1-based index; valid only inside a mapper. */
public final class Row {

    private final ResultSet resultSet;

    /** Wraps the current row of {@code resultSet}. */
    public Row(ResultSet resultSet) {
        this.resultSet = resultSet;
    }

    /** The value of {@code column} converted to {@code type} by the driver, or null for SQL NULL. */
    public <T> T get(String column, Class<T> type) throws SQLException {
        return resultSet.getObject(column, type);
    }

    /** The value of the 1-based {@code index}th column converted to {@code type} by the driver, or null for SQL NULL. */
    public <T> T get(int index, Class<T> type) throws SQLException {
        return resultSet.getObject(index, type);
    }

    /** The text value of {@code column}, or null. */
    public String getString(String column) throws SQLException {
        return resultSet.getString(column);
    }

    /** The {@code int} value of {@code column}; fails on SQL NULL rather than returning 0. */
    public int getInt(String column) throws SQLException {
        int value = resultSet.getInt(column);
        requireNotNull(column);
        return value;
    }

    /** The {@code long} value of {@code column}; fails on SQL NULL rather than returning 0. */
    public long getLong(String column) throws SQLException {
        long value = resultSet.getLong(column);
        requireNotNull(column);
        return value;
    }

    /** The {@code double} value of {@code column}; fails on SQL NULL rather than returning 0. */
    public double getDouble(String column) throws SQLException {
        double value = resultSet.getDouble(column);
        requireNotNull(column);
        return value;
    }

    /** The {@code boolean} value of {@code column}; fails on SQL NULL rather than returning false. */
    public boolean getBoolean(String column) throws SQLException {
        boolean value = resultSet.getBoolean(column);
        requireNotNull(column);
        return value;
    }

    /** The numeric value of {@code column}, or null. */
    public BigDecimal getBigDecimal(String column) throws SQLException {
        return resultSet.getBigDecimal(column);
    }

    /** The uuid value of {@code column}, or null. */
    public UUID getUuid(String column) throws SQLException {
        return resultSet.getObject(column, UUID.class);
    }

    /** The date value of {@code column}, or null. */
    public LocalDate getLocalDate(String column) throws SQLException {
        return resultSet.getObject(column, LocalDate.class);
    }

    /** The timestamptz value of {@code column}, or null. */
    public OffsetDateTime getOffsetDateTime(String column) throws SQLException {
        return resultSet.getObject(column, OffsetDateTime.class);
    }

    /** The bytea value of {@code column}, or null. */
    public byte[] getBytes(String column) throws SQLException {
        return resultSet.getBytes(column);
    }

    private void requireNotNull(String column) throws SQLException {
        if (resultSet.wasNull()) {
            throw new SQLException("column \"" + column + "\" is NULL; read it with get(\"" + column
                    + "\", Integer.class) or similar to receive null", "22004");
        }
    }
}
