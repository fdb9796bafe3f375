package dev.tusk;

import dev.tusk.query.Interval;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One row of a result, read with typed getters by column label or by position. A row passed to a {@link RowMapper}
 * is only valid during that call; rows returned by {@link SqlOperations#queryRows} are detached copies.
 *
 * <p>Positions are 1-based, as in JDBC and in SQL's {@code ORDER BY 1}: the first column is 1. An index outside
 * 1 to the number of columns fails with a {@link QueryException} naming the index and the column count.
 */
public interface Row {

    /**
     * The value of {@code column} as {@code type}, or null for SQL NULL; a value that does not convert fails as a
     * {@link DecodeException} naming the row, the column and both types (docs/TYPES.md lists the conversions).
     */
    <T> T get(String column, Class<T> type);

    /**
     * The value of the column at 1-based {@code index} as {@code type}, or null for SQL NULL; converts as
     * {@link #get(String, Class)} does.
     */
    <T> T get(int index, Class<T> type);

    /** The labels of the columns, in order. */
    List<String> columnNames();

    /** The text value of {@code column}, or null. */
    default String getString(String column) {
        return get(column, String.class);
    }

    /** The {@code int} value of {@code column}; fails on SQL NULL rather than returning 0. */
    default int getInt(String column) {
        return notNull(column, get(column, Integer.class));
    }

    /** The {@code long} value of {@code column}; fails on SQL NULL rather than returning 0. */
    default long getLong(String column) {
        return notNull(column, get(column, Long.class));
    }

    /** The {@code double} value of {@code column}; fails on SQL NULL rather than returning 0. */
    default double getDouble(String column) {
        return notNull(column, get(column, Double.class));
    }

    /** The {@code boolean} value of {@code column}; fails on SQL NULL rather than returning false. */
    default boolean getBoolean(String column) {
        return notNull(column, get(column, Boolean.class));
    }

    /** The numeric value of {@code column}, or null. */
    default BigDecimal getBigDecimal(String column) {
        return get(column, BigDecimal.class);
    }

    /** The uuid value of {@code column}, or null. */
    default UUID getUuid(String column) {
        return get(column, UUID.class);
    }

    /** The date value of {@code column}, or null. */
    default LocalDate getLocalDate(String column) {
        return get(column, LocalDate.class);
    }

    /** The timestamptz value of {@code column}, or null. */
    default OffsetDateTime getOffsetDateTime(String column) {
        return get(column, OffsetDateTime.class);
    }

    /** The interval value of {@code column}, in full (PgJDBC's PGInterval cannot hold every one), or null. */
    default Interval getInterval(String column) {
        return get(column, Interval.class);
    }

    /** The bytea value of {@code column}, or null. */
    default byte[] getBytes(String column) {
        return get(column, byte[].class);
    }

    /** The text value of the column at 1-based {@code index}, or null. */
    default String getString(int index) {
        return get(index, String.class);
    }

    /** The {@code int} value of the column at 1-based {@code index}; fails on SQL NULL rather than returning 0. */
    default int getInt(int index) {
        return notNull(index, Integer.class, get(index, Integer.class));
    }

    /** The {@code long} value of the column at 1-based {@code index}; fails on SQL NULL rather than returning 0. */
    default long getLong(int index) {
        return notNull(index, Long.class, get(index, Long.class));
    }

    /** The {@code double} value of the column at 1-based {@code index}; fails on SQL NULL rather than returning 0. */
    default double getDouble(int index) {
        return notNull(index, Double.class, get(index, Double.class));
    }

    /** The {@code boolean} value of the column at 1-based {@code index}; fails on SQL NULL rather than returning false. */
    default boolean getBoolean(int index) {
        return notNull(index, Boolean.class, get(index, Boolean.class));
    }

    /** The numeric value of the column at 1-based {@code index}, or null. */
    default BigDecimal getBigDecimal(int index) {
        return get(index, BigDecimal.class);
    }

    /** The uuid value of the column at 1-based {@code index}, or null. */
    default UUID getUuid(int index) {
        return get(index, UUID.class);
    }

    /** The date value of the column at 1-based {@code index}, or null. */
    default LocalDate getLocalDate(int index) {
        return get(index, LocalDate.class);
    }

    /** The timestamptz value of the column at 1-based {@code index}, or null. */
    default OffsetDateTime getOffsetDateTime(int index) {
        return get(index, OffsetDateTime.class);
    }

    /** The interval value of the column at 1-based {@code index}, in full, or null. */
    default Interval getInterval(int index) {
        return get(index, Interval.class);
    }

    /** The bytea value of the column at 1-based {@code index}, or null. */
    default byte[] getBytes(int index) {
        return get(index, byte[].class);
    }

    private <T> T notNull(int index, Class<T> type, T value) {
        if (value == null) {
            throw new QueryException("column " + index + " (\"" + columnNames().get(index - 1) + "\") is NULL; read it with get("
                    + index + ", " + type.getSimpleName() + ".class) to receive null", null, ServerError.ofSqlState("22004"));
        }
        return value;
    }

    private static <T> T notNull(String column, T value) {
        if (value == null) {
            throw new QueryException("column \"" + column + "\" is NULL; read it with get(\"" + column
                    + "\", Integer.class) or similar to receive null", null, ServerError.ofSqlState("22004"));
        }
        return value;
    }
}
