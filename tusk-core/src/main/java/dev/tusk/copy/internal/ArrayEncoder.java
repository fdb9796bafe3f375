package dev.tusk.copy.internal;

import java.util.List;

/**
 * Encodes one-dimensional arrays: dimensions, a has-NULL flag, the element type's oid, then length and lower bound
 * (1), then each element as a field of its own, encoded by the element type's encoder. Takes Java arrays (primitive
 * ones without boxing) and Lists; an empty one becomes an empty array, a null element a NULL.
 */
final class ArrayEncoder extends ColumnEncoder {

    private final ColumnEncoder element;
    private final int elementOid;

    ArrayEncoder(String typeName, ColumnEncoder element, int elementOid) {
        super(typeName);
        this.element = element;
        this.elementOid = elementOid;
    }

    @Override
    void write(Object value, CopyBuffer out) {
        int start = out.beginValue();
        writeBody(value, out);
        out.endValue(start);
    }

    @Override
    String text(Object value) {
        List<?> elements = elements(value);
        StringBuilder text = new StringBuilder(2 + elements.size() * 8).append('{');
        for (int i = 0; i < elements.size(); i++) {
            Object item = elements.get(i);
            text.append(i == 0 ? "" : ",");
            if (item == null) {
                text.append("NULL");
                continue;
            }
            if (item instanceof List<?> || item instanceof Object[]) {
                throw invalid(item, "element " + (i + 1) + " is itself an array; only one-dimensional arrays are "
                        + "supported");
            }
            String element;
            try {
                element = this.element.text(item);
            } catch (EncodeFailure failure) {
                throw failure.inElement(i + 1);
            }
            // Every element quoted, so that no text (empty, NULL, braces, commas, spaces) can be misread.
            text.append('"');
            for (int c = 0; c < element.length(); c++) {
                char character = element.charAt(c);
                if (character == '"' || character == '\\') {
                    text.append('\\');
                }
                text.append(character);
            }
            text.append('"');
        }
        return text.append('}').toString();
    }

    /** The elements of a Java array (primitive ones boxed) or List, for the text form. */
    static List<?> elements(Object value) {
        if (value instanceof Object[] array) {
            return java.util.Arrays.asList(array);
        } else if (value instanceof List<?> list) {
            return list;
        } else if (value != null && value.getClass().isArray()) {
            int length = java.lang.reflect.Array.getLength(value);
            List<Object> boxed = new java.util.ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                boxed.add(java.lang.reflect.Array.get(value, i));
            }
            return boxed;
        }
        throw wrongType(value);
    }

    private void writeBody(Object value, CopyBuffer out) {
        if (value instanceof Object[] array) {
            int flags = header(array.length, out);
            for (int i = 0; i < array.length; i++) {
                writeElement(array[i], i, flags, out);
            }
        } else if (value instanceof List<?> list) {
            int flags = header(list.size(), out);
            int i = 0;
            for (Object item : list) {
                writeElement(item, i++, flags, out);
            }
        } else if (value instanceof long[] array) {
            header(array.length, out);
            for (int i = 0; i < array.length; i++) {
                try {
                    element.writeLong(array[i], out);
                } catch (EncodeFailure failure) {
                    throw failure.inElement(i + 1);
                }
            }
        } else if (value instanceof int[] array) {
            header(array.length, out);
            for (int i = 0; i < array.length; i++) {
                try {
                    element.writeLong(array[i], out);
                } catch (EncodeFailure failure) {
                    throw failure.asPrimitive("int").inElement(i + 1);
                }
            }
        } else if (value instanceof short[] array) {
            header(array.length, out);
            for (int i = 0; i < array.length; i++) {
                try {
                    element.writeLong(array[i], out);
                } catch (EncodeFailure failure) {
                    throw failure.asPrimitive("short").inElement(i + 1);
                }
            }
        } else if (value instanceof double[] array) {
            header(array.length, out);
            for (int i = 0; i < array.length; i++) {
                try {
                    element.writeDouble(array[i], out);
                } catch (EncodeFailure failure) {
                    throw failure.inElement(i + 1);
                }
            }
        } else if (value instanceof float[] array) {
            header(array.length, out);
            for (int i = 0; i < array.length; i++) {
                try {
                    element.writeDouble(array[i], out);
                } catch (EncodeFailure failure) {
                    throw failure.asPrimitive("float").inElement(i + 1);
                }
            }
        } else if (value instanceof boolean[] array) {
            header(array.length, out);
            for (int i = 0; i < array.length; i++) {
                try {
                    element.writeBoolean(array[i], out);
                } catch (EncodeFailure failure) {
                    throw failure.inElement(i + 1);
                }
            }
        } else {
            throw wrongType(value);
        }
    }

    /** Writes the array's header and returns where its has-NULL flag is, to be set if a NULL turns up. */
    private int header(int length, CopyBuffer out) {
        out.writeInt(length == 0 ? 0 : 1);
        int flags = out.position();
        out.writeInt(0);
        out.writeInt(elementOid);
        if (length > 0) {
            out.writeInt(length);
            out.writeInt(1);
        }
        return flags;
    }

    private void writeElement(Object item, int index, int flags, CopyBuffer out) {
        if (item == null) {
            out.writeInt(-1);
            out.patchInt(flags, 1);
            return;
        }
        if (item instanceof List<?> || item instanceof Object[]) {
            throw invalid(item, "element " + (index + 1) + " is itself an array; only one-dimensional arrays are "
                    + "supported");
        }
        try {
            element.write(item, out);
        } catch (EncodeFailure failure) {
            throw failure.inElement(index + 1);
        }
    }
}
