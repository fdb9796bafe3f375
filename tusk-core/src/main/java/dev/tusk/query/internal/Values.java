package dev.tusk.query.internal;

import dev.tusk.QueryException;
import dev.tusk.ServerError;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.UUID;

/** Reads column values as Java types, with errors that name the column, its SQL type and the Java type asked for. */
public final class Values {

    private Values() {
    }

    /** The value of column {@code index} of the current row as {@code type}, or null for SQL NULL. */
    @SuppressWarnings("unchecked")
    public static <T> T read(ResultSet rows, int index, Class<T> type) throws SQLException {
        try {
            if (type == String.class) {
                return (T) rows.getString(index);
            }
            if (type == Object.class) {
                return (T) readNatural(rows, index);
            }
            if (type == byte[].class) {
                return (T) rows.getBytes(index);
            }
            if (type == Instant.class) {
                OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
                return value == null ? null : (T) value.toInstant();
            }
            if (type.isEnum()) {
                String name = rows.getString(index);
                return name == null ? null : (T) enumConstant(type, name, rows, index);
            }
            if (type.isArray()) {
                Array array = rows.getArray(index);
                return array == null ? null : (T) Arrays2.toJavaArray(array.getArray(), type, label(rows, index));
            }
            Class<?> wanted = boxed(type);
            if (Number.class.isAssignableFrom(wanted)) {
                // PgJDBC refuses e.g. int8 as Integer; convert with a range check so count(*) reads as Integer.
                Object value = rows.getObject(index);
                return value == null || wanted.isInstance(value) ? (T) value : convert(value, type, label(rows, index));
            }
            return (T) rows.getObject(index, wanted);
        } catch (SQLException e) {
            if ("22004".equals(e.getSQLState()) || e.getSQLState() == null || e.getSQLState().startsWith("22")) {
                throw cannotRead(rows, index, type, e);
            }
            throw e;
        }
    }

    /** The value of column {@code index} in the Java type that fits its SQL type best, for detached rows. */
    public static Object readNatural(ResultSet rows, int index) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        String typeName = meta.getColumnTypeName(index);
        return switch (typeName) {
            case "timestamptz" -> rows.getObject(index, OffsetDateTime.class);
            case "timestamp" -> rows.getObject(index, LocalDateTime.class);
            case "date" -> rows.getObject(index, LocalDate.class);
            case "time" -> rows.getObject(index, LocalTime.class);
            case "timetz" -> rows.getObject(index, OffsetTime.class);
            case "json", "jsonb", "text", "varchar", "bpchar", "name", "xml", "inet", "cidr", "interval" -> rows.getString(index);
            case "bytea" -> rows.getBytes(index);
            default -> {
                if (meta.getColumnType(index) == Types.ARRAY) {
                    Array array = rows.getArray(index);
                    yield array == null ? null : array.getArray();
                }
                yield rows.getObject(index);
            }
        };
    }

    /** {@code value}, read naturally, as {@code type}; fails naming {@code column} when it does not convert. */
    @SuppressWarnings("unchecked")
    public static <T> T convert(Object value, Class<T> type, String column) {
        if (value == null) {
            return null;
        }
        Class<?> wanted = boxed(type);
        if (wanted.isInstance(value)) {
            return (T) value;
        }
        if (type == String.class) {
            return (T) value.toString();
        }
        if (value instanceof Number number) {
            Object converted = convertNumber(number, wanted);
            if (converted != null) {
                return (T) converted;
            }
            if (Number.class.isAssignableFrom(wanted) && isIntegral(number)) {
                throw new QueryException("column \"" + column + "\" holds " + number + ", which does not fit in "
                        + type.getName(), null, ServerError.ofSqlState("22003"));
            }
        }
        if (value instanceof OffsetDateTime time && type == Instant.class) {
            return (T) time.toInstant();
        }
        if (value instanceof String text && type.isEnum()) {
            return (T) enumConstant(type, text, null, 0);
        }
        if (value instanceof String text && type == UUID.class) {
            try {
                return (T) UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw new QueryException("column \"" + column + "\" holds \"" + text + "\", which is not a UUID", e,
                        ServerError.ofSqlState("22P02"));
            }
        }
        throw new QueryException("column \"" + column + "\" holds a " + value.getClass().getName()
                + ", which cannot be read as " + type.getName(), null, ServerError.ofSqlState("22000"));
    }

    /** The wrapper class for a primitive {@code type}, or {@code type} itself. */
    public static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        return Character.class;
    }

    private static Object convertNumber(Number number, Class<?> wanted) {
        if (wanted == Long.class && isIntegral(number)) {
            return number.longValue();
        }
        if (wanted == Integer.class && isIntegral(number) && number.longValue() == number.intValue()) {
            return number.intValue();
        }
        if (wanted == Short.class && isIntegral(number) && number.longValue() == number.shortValue()) {
            return number.shortValue();
        }
        if (wanted == Double.class) {
            return number.doubleValue();
        }
        if (wanted == Float.class) {
            return number.floatValue();
        }
        if (wanted == BigDecimal.class) {
            return number instanceof BigInteger big ? new BigDecimal(big) : new BigDecimal(number.toString());
        }
        if (wanted == BigInteger.class && isIntegral(number)) {
            return BigInteger.valueOf(number.longValue());
        }
        return null;
    }

    private static boolean isIntegral(Number number) {
        return number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name, ResultSet rows, int index) {
        try {
            return Enum.valueOf((Class<Enum>) type, name);
        } catch (IllegalArgumentException e) {
            String column = rows == null ? "" : " in column \"" + safeLabel(rows, index) + "\"";
            throw new QueryException("value \"" + name + "\"" + column + " is not a constant of " + type.getName(), e,
                    ServerError.ofSqlState("22000"));
        }
    }

    static String label(ResultSet rows, int index) throws SQLException {
        return rows.getMetaData().getColumnLabel(index);
    }

    private static String safeLabel(ResultSet rows, int index) {
        try {
            return label(rows, index);
        } catch (SQLException e) {
            return "#" + index;
        }
    }

    private static QueryException cannotRead(ResultSet rows, int index, Class<?> type, SQLException cause) {
        String sqlType;
        try {
            sqlType = rows.getMetaData().getColumnTypeName(index);
        } catch (SQLException e) {
            sqlType = "unknown";
        }
        return new QueryException("column \"" + safeLabel(rows, index) + "\" (" + sqlType + ") cannot be read as "
                + type.getName() + ": " + cause.getMessage(), cause, ServerError.ofSqlState(cause.getSQLState()));
    }
}
