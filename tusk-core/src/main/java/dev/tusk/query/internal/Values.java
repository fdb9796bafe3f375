package dev.tusk.query.internal;

import dev.tusk.query.Interval;
import org.postgresql.util.PGInterval;

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

/**
 * Reads column values as Java types. A value that does not convert fails with a {@link ReadFailure}, which the
 * calling row turns into a {@link dev.tusk.DecodeException} naming the row, column and types.
 */
public final class Values {

    private Values() {
    }

    /**
     * The value of column {@code index} of the current row as {@code type}, or null for SQL NULL.
     *
     * @throws ReadFailure when the value does not convert, for the caller to name the row and column
     */
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
                return value == null ? null : (T) toInstant(value);
            }
            if (type.isEnum()) {
                String name = rows.getString(index);
                return name == null ? null : (T) enumConstant(type, name);
            }
            String typeName = rows.getMetaData().getColumnTypeName(index);
            if (IntervalValues.converts(type) && "interval".equals(typeName)) {
                // PgJDBC's PGInterval holds hours in an int; Tusk reads the text, which every interval fits.
                String text = rows.getString(index);
                return text == null ? null : (T) IntervalValues.convert(parseInterval(text), type);
            }
            if (type.isArray()) {
                if ("_interval".equals(typeName)) {
                    String text = rows.getString(index);
                    return text == null ? null : (T) Arrays2.toJavaArray(IntervalValues.parseArray(text), type);
                }
                Array array = rows.getArray(index);
                return array == null ? null : (T) Arrays2.toJavaArray(array.getArray(), type);
            }
            Class<?> wanted = boxed(type);
            if (Number.class.isAssignableFrom(wanted)) {
                // PgJDBC refuses e.g. int8 as Integer; convert with a range check so count(*) reads as Integer.
                Object value = rows.getObject(index);
                return value == null || wanted.isInstance(value) ? (T) value : convert(value, type);
            }
            return (T) rows.getObject(index, wanted);
        } catch (SQLException e) {
            if ("22004".equals(e.getSQLState()) || e.getSQLState() == null || e.getSQLState().startsWith("22")) {
                // The driver's message may quote the value, so it stays on the cause, shown only in development.
                throw new ReadFailure("the driver cannot convert it (SQLSTATE " + e.getSQLState() + ")",
                        e.getSQLState() == null ? "22000" : e.getSQLState(), null, e);
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
            case "json", "jsonb", "text", "varchar", "bpchar", "name", "xml", "inet", "cidr" -> rows.getString(index);
            case "interval" -> {
                String text = rows.getString(index);
                yield text == null ? null : parseInterval(text);
            }
            case "_interval" -> {
                String text = rows.getString(index);
                yield text == null ? null : IntervalValues.parseArray(text);
            }
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

    /**
     * {@code value}, read naturally, as {@code type}.
     *
     * @throws ReadFailure when it does not convert, for the caller to name the row and column
     */
    @SuppressWarnings("unchecked")
    public static <T> T convert(Object value, Class<T> type) {
        if (value == null) {
            return null;
        }
        Class<?> wanted = boxed(type);
        if (wanted.isInstance(value)) {
            return (T) value;
        }
        if (value instanceof Interval interval && IntervalValues.converts(wanted)) {
            return (T) IntervalValues.convert(interval, wanted);
        }
        if (type == String.class) {
            return (T) value.toString();
        }
        if (value instanceof Double number && !Double.isFinite(number)
                && (wanted == BigDecimal.class || wanted == BigInteger.class)) {
            // PgJDBC, like Tusk's COPY out, gives a numeric NaN or ±Infinity as the Double it is.
            throw new ReadFailure("the value is NaN or infinite, which " + wanted.getSimpleName() + " cannot represent; "
                    + "read it as Double", "22003", value, null);
        }
        if (value instanceof Number number) {
            Object converted = convertNumber(number, wanted);
            if (converted != null) {
                return (T) converted;
            }
            if (Number.class.isAssignableFrom(wanted) && isIntegral(number)) {
                throw new ReadFailure("the value is outside the range of " + wanted.getSimpleName(), "22003", value,
                        null);
            }
        }
        if (value instanceof OffsetDateTime time && type == Instant.class) {
            return (T) toInstant(time);
        }
        if (value instanceof PGInterval pgInterval && IntervalValues.converts(wanted)) {
            return (T) IntervalValues.convert(parseInterval(pgInterval.getValue()), wanted);
        }
        if (value instanceof String text && wanted == Interval.class) {
            return (T) parseInterval(text);
        }
        if (value instanceof String text && type.isEnum()) {
            return (T) enumConstant(type, text);
        }
        if (value instanceof String text && type == UUID.class) {
            try {
                return (T) UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw new ReadFailure("the text is not a UUID", "22P02", value, null);
            }
        }
        throw new ReadFailure("Tusk reads it as " + value.getClass().getName() + ", which does not convert to that type",
                "22000", value, null);
    }

    /** {@code time} as an Instant; the ±infinity PgJDBC reads as OffsetDateTime.MAX/MIN become Instant.MAX/MIN. */
    static Instant toInstant(OffsetDateTime time) {
        if (time.equals(OffsetDateTime.MAX)) {
            return Instant.MAX;
        }
        if (time.equals(OffsetDateTime.MIN)) {
            return Instant.MIN;
        }
        return time.toInstant();
    }

    private static Interval parseInterval(String text) {
        try {
            return Interval.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ReadFailure("the server's text for it is not an interval Tusk can read", "22007", text, null);
        }
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
    private static Object enumConstant(Class<?> type, String name) {
        try {
            return Enum.valueOf((Class<Enum>) type, name);
        } catch (IllegalArgumentException e) {
            throw new ReadFailure("the value is not a constant of " + type.getSimpleName(), "22000", name, null);
        }
    }
}
