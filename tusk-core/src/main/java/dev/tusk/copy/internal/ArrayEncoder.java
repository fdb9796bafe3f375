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
