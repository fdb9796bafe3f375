package dev.tusk.copy.internal.out;

import java.lang.reflect.Array;

/**
 * Decodes PostgreSQL's binary array format into a Java array of the element's type ({@code Integer[]},
 * {@code String[]}, nested for more dimensions), NULL elements as null. When an element does not fit the component
 * type (a numeric NaN among BigDecimals), the array falls back to the element's wider type ({@code Number[]}).
 */
final class ArrayDecoder implements FieldDecoder {

    private final BinaryDecoders.Decoding element;

    ArrayDecoder(BinaryDecoders.Decoding element) {
        this.element = element;
    }

    /** The Java type of a one-dimensional value, such as {@code Integer[].class}. */
    Class<?> arrayType() {
        return element.javaType().arrayType();
    }

    @Override
    public Object decode(byte[] b, int o, int length) {
        int dimensions = BinaryDecoders.int32(b, o);
        // Bytes 4..7 flag NULLs and 8..11 name the element type, which the column's type already told us.
        int position = o + 12;
        if (dimensions == 0) {
            return Array.newInstance(element.javaType(), 0);
        }
        int[] sizes = new int[dimensions];
        int count = 1;
        for (int d = 0; d < dimensions; d++) {
            sizes[d] = BinaryDecoders.int32(b, position);
            count *= sizes[d];
            position += 8; // the size, then the lower bound, which Java arrays cannot keep
        }
        Object[] values = new Object[count];
        boolean allFit = true;
        for (int i = 0; i < count; i++) {
            int size = BinaryDecoders.int32(b, position);
            position += 4;
            if (size >= 0) {
                values[i] = element.decoder().decode(b, position, size);
                allFit &= element.javaType().isInstance(values[i]);
                position += size;
            }
        }
        Class<?> component = allFit ? element.javaType() : element.fallbackType();
        return fill(component, sizes, 0, values, new int[] {0});
    }

    private static Object fill(Class<?> component, int[] sizes, int dimension, Object[] values, int[] next) {
        int size = sizes[dimension];
        if (dimension == sizes.length - 1) {
            Object array = Array.newInstance(component, size);
            for (int i = 0; i < size; i++) {
                Array.set(array, i, values[next[0]++]);
            }
            return array;
        }
        Class<?> inner = component;
        for (int d = dimension + 1; d < sizes.length; d++) {
            inner = inner.arrayType();
        }
        Object array = Array.newInstance(inner, size);
        for (int i = 0; i < size; i++) {
            Array.set(array, i, fill(component, sizes, dimension + 1, values, next));
        }
        return array;
    }
}
