package dev.tusk.copy.internal.out;

import dev.tusk.QueryException;
import dev.tusk.Row;
import dev.tusk.RowMapper;
import dev.tusk.ServerError;
import dev.tusk.query.internal.ReadFailure;
import dev.tusk.query.internal.TypeMappers;
import dev.tusk.query.internal.Values;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.Locale;

/**
 * Maps COPY rows to a record by column label, {@code snake_case} label to {@code camelCase} component, as Tusk's
 * query mapping does; which column feeds which component is worked out once, on the first row.
 */
final class RecordRowMapper<T> implements RowMapper<T> {

    private final Class<T> type;
    private final RecordComponent[] components;
    private final MethodHandle constructor;
    private CopyColumns boundTo;
    private int[] columnOf;

    private RecordRowMapper(Class<T> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            this.constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                    .asSpreader(Object[].class, components.length);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot map rows to record " + type.getName()
                    + ": its canonical constructor is not accessible (" + e.getMessage() + ")", e);
        }
    }

    /** A mapper to {@code type}: by column label for a record, else the first column's value. */
    static <T> RowMapper<T> forType(Class<T> type) {
        return type.isRecord() ? new RecordRowMapper<>(type) : TypeMappers.forType(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T map(Row row) {
        CopyRow copyRow = (CopyRow) row;
        if (copyRow.columns() != boundTo) {
            columnOf = bind(copyRow.columns());
            boundTo = copyRow.columns();
        }
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> componentType = components[i].getType();
            Object value = copyRow.get(columnOf[i] + 1, componentType);
            if (value == null && componentType.isPrimitive()) {
                throw copyRow.failure(new ReadFailure("it is NULL, and record component " + type.getSimpleName() + "."
                        + components[i].getName() + " is a primitive; make it "
                        + Values.boxed(componentType).getSimpleName(), "22004", null, null), columnOf[i], componentType);
            }
            arguments[i] = value;
        }
        try {
            return (T) constructor.invoke(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("constructing " + type.getName() + " failed", e);
        }
    }

    private int[] bind(CopyColumns columns) {
        int[] bound = new int[components.length];
        for (int i = 0; i < components.length; i++) {
            String key = matchKey(components[i].getName());
            bound[i] = -1;
            for (int c = 0; c < columns.count() && bound[i] < 0; c++) {
                if (matchKey(columns.name(c)).equals(key)) {
                    bound[i] = c;
                }
            }
            if (bound[i] < 0) {
                throw new QueryException("record " + type.getSimpleName() + " has component " + components[i].getName()
                        + ", but the COPY has no matching column; its columns are " + columns.names(), null,
                        ServerError.ofSqlState("42703"));
            }
        }
        return bound;
    }

    private static String matchKey(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
