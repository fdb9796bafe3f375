package dev.tusk.copy.internal.out;

import dev.tusk.query.internal.ReadFailure;
import dev.tusk.query.internal.Values;

import java.lang.reflect.Array;
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

    /**
     * {@code value} as {@code type}.
     *
     * @throws ReadFailure when it does not convert, for the row to name itself and the column
     */
    @SuppressWarnings("unchecked")
    static <T> T convert(Object value, Class<T> type) {
        if (value == null) {
            return null;
        }
        Class<?> wanted = Values.boxed(type);
        if (wanted.isInstance(value)) {
            return (T) value;
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
                return (T) convertArray(value, type);
            }
            throw new ReadFailure("it is an array, which cannot be read as a single value; read it as "
                    + value.getClass().getSimpleName() + " or List", "22000", value, null);
        }
        return Values.convert(value, type);
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

    private static Object convertArray(Object source, Class<?> arrayType) {
        Class<?> component = arrayType.getComponentType();
        int length = Array.getLength(source);
        Object target = Array.newInstance(component, length);
        for (int i = 0; i < length; i++) {
            Object element = Array.get(source, i);
            if (element == null && component.isPrimitive()) {
                throw new ReadFailure("it has a NULL at array index " + (i + 1) + ", which a "
                        + arrayType.getSimpleName() + " cannot hold", "22004", source, null);
            }
            Array.set(target, i, convert(element, component));
        }
        return target;
    }
}
