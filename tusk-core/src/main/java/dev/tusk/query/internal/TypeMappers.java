package dev.tusk.query.internal;

import dev.tusk.QueryException;
import dev.tusk.RowMapper;
import dev.tusk.ServerError;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Mappers for a Java type: records by column name (snake_case to camelCase), other types from the first column. */
public final class TypeMappers {

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return RecordShape.of(type);
        }
    };

    private TypeMappers() {
    }

    /** A mapper that turns each row into a {@code type}. */
    @SuppressWarnings("unchecked")
    public static <T> RowMapper<T> forType(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (type.isRecord()) {
            return new RecordMapper<>((RecordShape) SHAPES.get(type));
        }
        return row -> row.get(1, type);
    }

    /** {@code snake_case} or {@code camelCase} to {@code camelCase}, lower-cased for matching. */
    public static String matchKey(String name) {
        StringBuilder key = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_') {
                key.append(Character.toLowerCase(c));
            }
        }
        return key.toString();
    }

    /** A record's components and canonical constructor, found once per class. */
    record RecordShape(Class<?> type, RecordComponent[] components, Map<String, Integer> byKey, MethodHandle constructor) {

        static RecordShape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Map<String, Integer> byKey = new HashMap<>();
            Class<?>[] parameterTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                byKey.put(matchKey(components[i].getName()), i);
                parameterTypes[i] = components[i].getType();
            }
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                        .asSpreader(Object[].class, components.length);
                return new RecordShape(type, components, byKey, constructor);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot map rows to record " + type.getName()
                        + ": its canonical constructor is not accessible (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Maps rows to one record type; works out which column feeds which component once per result. */
    private static final class RecordMapper<T> implements RowMapper<T> {
        private final RecordShape shape;
        private ResultSet boundTo;
        private int[] columnOf;

        RecordMapper(RecordShape shape) {
            this.shape = shape;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T map(dev.tusk.Row row) throws SQLException {
            if (!(row instanceof ResultSetRow live)) {
                throw new IllegalStateException("record mapping needs a live row");
            }
            ResultSet rows = live.resultSet();
            if (rows != boundTo) {
                columnOf = bind(rows.getMetaData());
                boundTo = rows;
            }
            RecordComponent[] components = shape.components();
            Object[] arguments = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                Class<?> type = components[i].getType();
                Object value = live.read(columnOf[i], type);
                if (value == null && type.isPrimitive()) {
                    ResultSetMetaData meta = rows.getMetaData();
                    throw new ReadFailure("it is NULL, and record component " + shape.type().getSimpleName() + "."
                            + components[i].getName() + " is a primitive; make it " + Values.boxed(type).getSimpleName(),
                            "22004", null, null).at(rows.getRow(), meta.getColumnLabel(columnOf[i]),
                            ResultSetRow.sqlTypeName(meta, columnOf[i]), type, false);
                }
                arguments[i] = value;
            }
            try {
                return (T) shape.constructor().invoke(arguments);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("constructing " + shape.type().getName() + " failed", e);
            }
        }

        private int[] bind(ResultSetMetaData meta) throws SQLException {
            RecordComponent[] components = shape.components();
            int[] columns = new int[components.length];
            Arrays.fill(columns, -1);
            String[] labels = new String[meta.getColumnCount()];
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                labels[column - 1] = meta.getColumnLabel(column);
                Integer component = shape.byKey().get(matchKey(labels[column - 1]));
                if (component != null && columns[component] == -1) {
                    columns[component] = column;
                }
            }
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] == -1) {
                    throw new QueryException("record component " + shape.type().getSimpleName() + "."
                            + components[i].getName() + " has no matching column; the result has "
                            + Arrays.toString(labels) + " (names match ignoring case and underscores: "
                            + components[i].getName().toLowerCase(Locale.ROOT) + ")", null, ServerError.ofSqlState("42703"));
                }
            }
            return columns;
        }
    }
}
