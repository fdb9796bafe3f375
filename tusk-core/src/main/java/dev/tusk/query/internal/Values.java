package dev.tusk.query.internal;

import dev.tusk.query.Interval;
import dev.tusk.query.Json;
import org.postgresql.util.PGInterval;

import java.math.BigDecimal;
import java.net.InetAddress;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
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
            if (IntervalValues.converts(type) && "interval".equals(rows.getMetaData().getColumnTypeName(index))) {
                // PgJDBC's PGInterval holds hours in an int; Tusk reads the text, which every interval fits.
                String text = rows.getString(index);
                return text == null ? null : (T) IntervalValues.convert(parseInterval(text), type);
            }
            if (type.isArray() || type == List.class || type == Collection.class || type == Iterable.class) {
                return convert(readNatural(rows, index), type);
            }
            if (type == Json.class || type == InetAddress.class) {
                return convert(rows.getString(index), type);
            }
            Class<?> wanted = boxed(type);
            Object value;
            if (Number.class.isAssignableFrom(wanted)) {
                // PgJDBC refuses e.g. int8 as Integer; convert with a range check so count(*) reads as Integer.
                value = rows.getObject(index);
            } else {
                try {
                    value = rows.getObject(index, wanted);
                } catch (ClassCastException e) {
                    // PgJDBC casts what it has (a String for UUID from a text column) rather than converting it.
                    value = readNatural(rows, index);
                }
            }
            if (value instanceof Array) {
                // Metadata is only consulted here, off the common path: an array asked for as a single value.
                value = readNatural(rows, index);
            }
            return value == null || wanted.isInstance(value) ? (T) value : convert(value, type);
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
            case "bytea" -> rows.getBytes(index);
            default -> meta.getColumnType(index) == Types.ARRAY ? readArray(rows, index, typeName)
                    : rows.getObject(index);
        };
    }

    /**
     * An array column as a Java array of its element's natural type: date and time elements in java.time types, as
     * binary COPY out gives them (PgJDBC's getArray gives java.sql types), intervals as {@link Interval}.
     */
    private static Object readArray(ResultSet rows, int index, String typeName) throws SQLException {
        if (typeName.equals("_interval")) {
            String text = rows.getString(index);
            return text == null ? null : IntervalValues.parseArray(text);
        }
        Array array = rows.getArray(index);
        if (array == null) {
            return null;
        }
        Object elements = array.getArray();
        Class<?> javaTime = switch (typeName) {
            case "_timestamptz" -> OffsetDateTime.class;
            case "_timestamp" -> LocalDateTime.class;
            case "_date" -> LocalDate.class;
            case "_time" -> LocalTime.class;
            case "_timetz" -> OffsetTime.class;
            default -> null;
        };
        if (javaTime == null || elements.getClass().getComponentType().isArray()) {
            return elements;
        }
        List<Object> values = new ArrayList<>();
        try (ResultSet items = array.getResultSet()) {
            while (items.next()) {
                values.add(items.getObject(2, javaTime));
            }
        }
        return values.toArray((Object[]) java.lang.reflect.Array.newInstance(javaTime, 0));
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
        if (value instanceof byte[] bytes && type == String.class) {
            // The text form PostgreSQL and PgJDBC's getString give for bytea.
            return (T) ("\\x" + HexFormat.of().formatHex(bytes));
        }
        if (value.getClass().isArray() && !(value instanceof byte[])) {
            if (type == List.class || type == Collection.class || type == Iterable.class) {
                return (T) asList(value);
            }
            if (type.isArray()) {
                return (T) Arrays2.toJavaArray(value, type);
            }
            throw new ReadFailure("it is an array, which cannot be read as a single value; read it as "
                    + value.getClass().getSimpleName() + " or List", "22000", value, null);
        }
        if (type == String.class) {
            return (T) value.toString();
        }
        if (value instanceof String text && wanted == Json.class) {
            return (T) Json.of(text);
        }
        if (value instanceof String text && wanted == InetAddress.class) {
            return (T) inetAddress(text);
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

    private static List<Object> asList(Object array) {
        int length = java.lang.reflect.Array.getLength(array);
        List<Object> list = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            Object element = java.lang.reflect.Array.get(array, i);
            list.add(element != null && element.getClass().isArray() && !(element instanceof byte[])
                    ? asList(element) : element);
        }
        return Collections.unmodifiableList(list);
    }

    /** An inet or cidr's text as an InetAddress, when it is one whole address (no shorter prefix). */
    private static InetAddress inetAddress(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean literal = !address.isEmpty() && address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.'
                || c == ':');
        if (!literal) {
            throw new ReadFailure("the text is not an IP address", "22P02", text, null);
        }
        try {
            // A literal address: getByName parses it without a DNS lookup.
            InetAddress parsed = InetAddress.getByName(address);
            int fullBits = parsed.getAddress().length * 8;
            if (slash >= 0 && !text.substring(slash + 1).equals(String.valueOf(fullBits))) {
                throw new ReadFailure("it has a network prefix, which InetAddress cannot hold; read it as String",
                        "22000", text, null);
            }
            return parsed;
        } catch (java.net.UnknownHostException e) {
            throw new ReadFailure("the text is not an IP address", "22P02", text, null);
        }
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
