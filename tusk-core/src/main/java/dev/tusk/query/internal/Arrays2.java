package dev.tusk.query.internal;

import java.lang.reflect.Array;

/** Copies the arrays PgJDBC returns (boxed element types) into the Java array type a caller asked for. */
final class Arrays2 {

    private Arrays2() {
    }

    /**
     * {@code source} as {@code arrayType}, each element converted, nested arrays too.
     *
     * @throws ReadFailure when an element does not convert, or is NULL for a primitive array
     */
    static Object toJavaArray(Object source, Class<?> arrayType) {
        if (arrayType.isInstance(source)) {
            return source;
        }
        Class<?> component = arrayType.getComponentType();
        int length = Array.getLength(source);
        Object target = Array.newInstance(component, length);
        for (int i = 0; i < length; i++) {
            Object element = Array.get(source, i);
            if (element == null && component.isPrimitive()) {
                throw new ReadFailure("it has a NULL at array index " + (i + 1) + ", which a "
                        + arrayType.getSimpleName() + " cannot hold", "22004", source, null);
            }
            Object converted = element != null && element.getClass().isArray() && component.isArray()
                    ? toJavaArray(element, component) : Values.convert(element, component);
            Array.set(target, i, converted);
        }
        return target;
    }
}
