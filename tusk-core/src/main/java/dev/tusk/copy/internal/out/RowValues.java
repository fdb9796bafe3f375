package dev.tusk.copy.internal.out;

import dev.tusk.QueryException;
import dev.tusk.ServerError;
import dev.tusk.query.internal.Values;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * Converts decoded COPY values to the Java type a caller asks for. Beyond Tusk's usual conversions it turns arrays
 * into other array types or a {@code List}, and refuses clearly to read a numeric NaN or ±Infinity as BigDecimal.
 */
final class RowValues {

    private RowValues() {
    }

    @SuppressWarnings("unchecked")
    static <T> T convert(Object value, Class<T> type, String column, String sqlType) {
        if (value == null) {
            return null;
        }
        Class<?> wanted = Values.boxed(type);
        if (wanted.isInstance(value)) {
            return (T) value;
        }
        if (value instanceof Double number && !Double.isFinite(number)
                && (type == BigDecimal.class || type == BigInteger.class)) {
            throw new QueryException("column \"" + column + "\" (" + sqlType + ") holds " + number + ", which "
                    + type.getName() + " cannot represent; read it as Double", null, ServerError.ofSqlState("22003"));
        }
        if (value instanceof byte[] bytes && type == String.class) {
            // The text form PostgreSQL and PgJDBC's getString give for bytea.
            return (T) ("\\x" + HexFormat.of().formatHex(bytes));
        }
        if (value.getClass().isArray()) {
            if (type == List.class || type == Collection.class || type == Iterable.class) {
                return (T) asList(value);
            }
            if (type.isArray()) {
                return (T) convertArray(value, type, column, sqlType);
            }
            throw new QueryException("column \"" + column + "\" (" + sqlType + ") holds an array, which cannot be read "
                    + "as " + type.getName() + "; read it as " + value.getClass().getSimpleName() + " or List",
                    null, ServerError.ofSqlState("22000"));
        }
        return Values.convert(value, type, column);
    }

    private static List<Object> asList(Object array) {
        int length = Array.getLength(array);
        List<Object> list = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            Object element = Array.get(array, i);
            list.add(element != null && element.getClass().isArray() && !(element instanceof byte[])
                    ? asList(element) : element);
        }
        return Collections.unmodifiableList(list);
    }

    private static Object convertArray(Object source, Class<?> arrayType, String column, String sqlType) {
        Class<?> component = arrayType.getComponentType();
        int length = Array.getLength(source);
        Object target = Array.newInstance(component, length);
        for (int i = 0; i < length; i++) {
            Object element = Array.get(source, i);
            if (element == null && component.isPrimitive()) {
                throw new QueryException("column \"" + column + "\" has a NULL at array index " + (i + 1)
                        + ", which cannot go into a " + arrayType.getSimpleName(), null, ServerError.ofSqlState("22004"));
            }
            Array.set(target, i, convert(element, component, column, sqlType));
        }
        return target;
    }
}
