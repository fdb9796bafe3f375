package dev.tusk.query.internal;

import dev.tusk.QueryException;
import dev.tusk.ServerError;

import java.lang.reflect.Array;

/** Copies the arrays PgJDBC returns (boxed element types) into the Java array type a caller asked for. */
final class Arrays2 {

    private Arrays2() {
    }

    static Object toJavaArray(Object source, Class<?> arrayType, String column) {
        if (arrayType.isInstance(source)) {
            return source;
        }
        Class<?> component = arrayType.getComponentType();
        int length = Array.getLength(source);
        Object target = Array.newInstance(component, length);
        for (int i = 0; i < length; i++) {
            Object element = Array.get(source, i);
            if (element == null && component.isPrimitive()) {
                throw new QueryException("column \"" + column + "\" has a NULL at array index " + (i + 1)
                        + ", which cannot go into a " + arrayType.getSimpleName(), null, ServerError.ofSqlState("22004"));
            }
            Array.set(target, i, element == null ? null : Values.convert(element, component, column));
        }
        return target;
    }
}
