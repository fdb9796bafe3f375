package dev.tusk.copy.internal;

import dev.tusk.copy.RowSource;
import dev.tusk.copy.RowWriter;
import dev.tusk.query.internal.TypeMappers;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Rows from an iterator: {@code Object[]} by position, or records whose components are matched to the columns by
 * name (snake_case or camelCase, ignoring case). A record type is bound once, to one accessor per column; primitive
 * components are read unboxed.
 */
public final class IteratorSource implements RowSource<RuntimeException> {

    private final Iterator<?> rows;
    private Class<?> boundType;
    private ComponentReader[] readers;

    /** A source of the rows {@code rows} has left. */
    public IteratorSource(Iterator<?> rows) {
        this.rows = rows;
    }

    @Override
    public boolean next(RowWriter writer) {
        if (!rows.hasNext()) {
            return false;
        }
        Object row = rows.next();
        RowEncoder encoder = (RowEncoder) writer;
        if (row instanceof Object[] values) {
            if (values.length != encoder.width()) {
                throw encoder.wrongWidth(values.length);
            }
            for (Object value : values) {
                encoder.write(value);
            }
        } else if (row != null && row.getClass().isRecord()) {
            if (row.getClass() != boundType) {
                readers = bind(row.getClass(), encoder);
                boundType = row.getClass();
            }
            for (ComponentReader reader : readers) {
                reader.read(row, encoder);
            }
        } else {
            throw encoder.rowFailure(row == null ? "the row is null"
                    : "the row is a " + row.getClass().getName() + "; rows must be records (matched to columns by "
                    + "name) or Object[] (by position)", null);
        }
        return true;
    }

    private static ComponentReader[] bind(Class<?> type, RowEncoder encoder) {
        RecordComponent[] components = type.getRecordComponents();
        List<String> columns = encoder.columns();
        ComponentReader[] bound = new ComponentReader[columns.size()];
        MethodHandles.Lookup lookup;
        try {
            lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw encoder.rowFailure("cannot read record " + type.getName() + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < columns.size(); i++) {
            String key = TypeMappers.matchKey(columns.get(i));
            RecordComponent match = null;
            for (RecordComponent component : components) {
                if (TypeMappers.matchKey(component.getName()).equals(key)) {
                    match = component;
                    break;
                }
            }
            if (match == null) {
                List<String> names = new ArrayList<>();
                Arrays.stream(components).forEach(component -> names.add(component.getName()));
                throw encoder.rowFailure("record " + type.getSimpleName() + " has no component for column \""
                        + columns.get(i) + "\"; its components are " + String.join(", ", names)
                        + " (names match ignoring case and underscores)", null);
            }
            try {
                bound[i] = ComponentReader.of(lookup.unreflect(match.getAccessor()), match.getType());
            } catch (IllegalAccessException e) {
                throw encoder.rowFailure("cannot read " + type.getName() + "." + match.getName() + ": " + e.getMessage(), e);
            }
        }
        return bound;
    }

    /** Reads one record component and writes it, unboxed where the component is primitive. */
    private abstract static class ComponentReader {

        static ComponentReader of(MethodHandle accessor, Class<?> type) {
            if (type == long.class || type == int.class || type == short.class || type == byte.class) {
                MethodHandle handle = accessor.asType(MethodType.methodType(long.class, Object.class));
                return new ComponentReader() {
                    @Override
                    void readInto(Object record, RowWriter writer) throws Throwable {
                        writer.write((long) handle.invokeExact(record));
                    }
                };
            }
            if (type == double.class || type == float.class) {
                MethodHandle handle = accessor.asType(MethodType.methodType(double.class, Object.class));
                return new ComponentReader() {
                    @Override
                    void readInto(Object record, RowWriter writer) throws Throwable {
                        writer.write((double) handle.invokeExact(record));
                    }
                };
            }
            if (type == boolean.class) {
                MethodHandle handle = accessor.asType(MethodType.methodType(boolean.class, Object.class));
                return new ComponentReader() {
                    @Override
                    void readInto(Object record, RowWriter writer) throws Throwable {
                        writer.write((boolean) handle.invokeExact(record));
                    }
                };
            }
            MethodHandle handle = accessor.asType(MethodType.methodType(Object.class, Object.class));
            return new ComponentReader() {
                @Override
                void readInto(Object record, RowWriter writer) throws Throwable {
                    writer.write((Object) handle.invokeExact(record));
                }
            };
        }

        abstract void readInto(Object record, RowWriter writer) throws Throwable;

        final void read(Object record, RowWriter writer) {
            try {
                readInto(record, writer);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("reading a record component failed", e);
            }
        }
    }
}
