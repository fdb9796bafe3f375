package dev.tusk.query.internal;

import dev.tusk.ParameterException;
import dev.tusk.QueryException;
import dev.tusk.ServerError;
import dev.tusk.copy.internal.EncodeFailure;
import dev.tusk.copy.internal.TypeEncoding;
import dev.tusk.copy.internal.TypeEncoding.TypeEncoder;
import dev.tusk.internal.Shown;
import dev.tusk.query.Json;
import org.postgresql.util.PGobject;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.List;
import java.util.Set;

/**
 * Binds Java values to positional parameters with Tusk's one type mapping ({@link TypeEncoding}, the encoders COPY
 * uses). A value whose PostgreSQL type its Java type decides (a LocalDate, an int[]) is bound as that type; numbers,
 * booleans, UUIDs and bytes go through PgJDBC, whose binary forms are exact. A value whose type only the statement can
 * tell (a String for a json or uuid column, a Json for json or jsonb, an InetAddress for inet or cidr, an enum, an
 * array of these or with no elements) is described once per statement text, then encoded for the type the server
 * reports.
 */
public final class Binder {

    /** Types the server reports for a parameter it resolved to text: nothing learned, so the Java type decides. */
    private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar", "name", "unknown", "char");

    private Binder() {
    }

    private static void bindAllByJavaType(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            bindByJavaType(statement, i + 1, parameters[i]);
        }
    }

    /**
     * Binds {@code parameters} to placeholders 1..n of {@code statement}, running {@code sql}; parameters whose type
     * only the statement can tell are encoded for the types the server reports, remembered in {@code types}.
     */
    public static void bind(PreparedStatement statement, String sql, Object[] parameters, ParameterTypes types,
                            boolean showValues) throws SQLException {
        try {
            bind(statement, sql, parameters, types);
        } catch (ParameterException refused) {
            if (!showValues) {
                throw refused;
            }
            // The development profile's messages quote the value, as COPY's do; every other profile's never do.
            throw new ParameterException(refused.getMessage() + "; the value: " + Shown.value(refused.value()),
                    refused.serverError(), refused.parameterIndex(), refused.sqlType(), refused.value());
        }
    }

    static void bind(PreparedStatement statement, String sql, Object[] parameters, ParameterTypes types)
            throws SQLException {
        parameters = asCopyTakesThem(parameters);
        requireStorable(parameters);
        boolean anyContextTyped = false;
        for (Object parameter : parameters) {
            anyContextTyped |= isContextTyped(parameter);
        }
        if (!anyContextTyped) {
            bindAllByJavaType(statement, parameters);
            return;
        }
        String key = key(sql, parameters);
        String[] described = types.get(key);
        boolean fresh = described == null;
        if (fresh) {
            described = describe(statement, parameters, types);
            if (described != null) {
                types.put(key, described);
            }
        }
        try {
            bindDescribed(statement, parameters, described);
        } catch (QueryException refused) {
            if (fresh) {
                throw refused;
            }
            // The schema may have changed since the statement was described: ask again before refusing.
            types.forget(key);
            bind(statement, sql, parameters, types);
        }
    }

    /**
     * Turns the Java types binary COPY takes but the driver does not into the ones it does, so that a parameter takes
     * what COPY takes: any other CharSequence (a StringBuilder) as its String, a ByteBuffer as its remaining bytes.
     */
    private static Object[] asCopyTakesThem(Object[] parameters) {
        Object[] converted = parameters;
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            // Plain tests, not a pattern switch: this runs for every parameter of every statement.
            Object replacement;
            if (value instanceof CharSequence text && !(text instanceof String)) {
                replacement = text.toString();
            } else if (value instanceof java.nio.ByteBuffer buffer) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                replacement = bytes;
            } else {
                continue;
            }
            if (converted == parameters) {
                converted = parameters.clone();
            }
            converted[i] = replacement;
        }
        return converted;
    }

    /** Checks every String parameter, and every String element of an array parameter, before anything is sent. */
    private static void requireStorable(Object[] parameters) {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof String text) {
                requireStorable(i + 1, text);
            } else if (value instanceof Object[] || value instanceof java.util.Collection<?>) {
                List<?> elements = TypeEncoding.elements(value);
                if (elements != null) {
                    for (Object element : elements) {
                        if (element instanceof String text) {
                            requireStorable(i + 1, text);
                        }
                    }
                }
            }
        }
    }

    /**
     * Refuses text PostgreSQL cannot store verbatim, as binary COPY does: a NUL character, and half of a surrogate pair,
     * which has no UTF-8 form and which the driver would silently send as '?'. Names the position, never the text.
     */
    private static void requireStorable(int index, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException("parameter " + index + " holds a NUL character (U+0000) at index "
                        + i + ", which PostgreSQL text cannot hold; nothing was sent to the server");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException("parameter " + index + " holds half of a surrogate pair at "
                            + "index " + i + ", which is not valid Unicode and has no UTF-8 form (the driver would "
                            + "store '?' in its place); nothing was sent to the server");
                }
            }
        }
    }


    private static void bindDescribed(PreparedStatement statement, Object[] parameters, String[] described)
            throws SQLException {
        int serverVersion = -1;
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            String typeName = described == null || described.length <= i ? null : described[i];
            if (!isContextTyped(value) || typeName == null || TEXT_TYPES.contains(typeName)) {
                bindByJavaType(statement, i + 1, value);
                continue;
            }
            if (serverVersion < 0) {
                serverVersion = serverVersion(statement.getConnection());
            }
            TypeEncoder encoder = TypeEncoding.forTypeName(typeName, serverVersion);
            // Untyped: the server reads the text as the parameter's own type, the one it described.
            statement.setObject(i + 1, encoder == null ? contextText(value) : encode(encoder, value, i + 1), Types.OTHER);
        }
    }

    /**
     * Asks the server for the types of the context-typed parameters, bound untyped, the others by Java type. Inside a
     * transaction a savepoint keeps a describe the server refuses from aborting it. Null when it could not be asked.
     */
    private static String[] describe(PreparedStatement statement, Object[] parameters, ParameterTypes types)
            throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (isContextTyped(parameters[i])) {
                statement.setObject(i + 1, contextText(parameters[i]), Types.OTHER);
            } else {
                bindByJavaType(statement, i + 1, parameters[i]);
            }
        }
        Connection connection = statement.getConnection();
        Savepoint savepoint = null;
        try {
            if (!connection.getAutoCommit()) {
                savepoint = connection.setSavepoint();
            }
        } catch (SQLException e) {
            // An aborted transaction refuses the savepoint; the statement itself will report why.
            return null;
        }
        types.described();
        String[] names = new String[parameters.length];
        try {
            ParameterMetaData metaData = statement.getParameterMetaData();
            for (int i = 0; i < parameters.length && i < metaData.getParameterCount(); i++) {
                if (isContextTyped(parameters[i])) {
                    names[i] = metaData.getParameterTypeName(i + 1);
                }
            }
        } catch (SQLException e) {
            // Untyped, these parameters leave the server guessing (e.g. concat(?, 'x')): bind them as their Java types.
            names = ParameterTypes.NOT_DESCRIBED;
            if (savepoint != null) {
                connection.rollback(savepoint);
                savepoint = null;
            }
        }
        if (savepoint != null) {
            connection.releaseSavepoint(savepoint);
        }
        return names;
    }

    private static String key(String sql, Object[] parameters) {
        StringBuilder key = new StringBuilder(sql.length() + parameters.length * 16).append(sql);
        for (Object parameter : parameters) {
            key.append('\u0000').append(parameter == null ? "null" : isContextTyped(parameter)
                    ? "?" : parameter.getClass().getName());
        }
        return key.toString();
    }

    /** Whether only the statement can tell which PostgreSQL type {@code value} is meant as. */
    private static boolean isContextTyped(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return false;
        }
        if (value instanceof String || value instanceof Json || value instanceof InetAddress || value instanceof Enum<?>) {
            return true;
        }
        List<?> elements = TypeEncoding.elements(value);
        if (elements == null) {
            return false;
        }
        // An array is as context-typed as its elements: a List of Strings may be meant for uuid[] or inet[].
        for (Object element : elements) {
            if (element != null) {
                return isContextTyped(element);
            }
        }
        return true;
    }

    /** The text of a context-typed value as PostgreSQL reads it for any type it may turn out to be. */
    private static String contextText(Object value) {
        return switch (value) {
            case String text -> text;
            case Json json -> json.text();
            case Enum<?> constant -> constant.name();
            case InetAddress address -> encode(TypeEncoding.forTypeName("inet", 0), address, 0);
            default -> {
                StringBuilder text = new StringBuilder("{");
                for (Object element : TypeEncoding.elements(value)) {
                    text.append(text.length() == 1 ? "" : ",");
                    if (element == null) {
                        text.append("NULL");
                    } else {
                        text.append('"').append(contextText(element).replace("\\", "\\\\").replace("\"", "\\\""))
                                .append('"');
                    }
                }
                yield text.append('}').toString();
            }
        };
    }

    private static void bindByJavaType(PreparedStatement statement, int index, Object value) throws SQLException {
        // The commonest keys first, ahead of the pattern switch's chain of type tests.
        if (value instanceof Integer number) {
            statement.setInt(index, number);
            return;
        }
        if (value instanceof Long number) {
            statement.setLong(index, number);
            return;
        }
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case UntypedText untyped -> statement.setObject(index, untyped.text(), Types.OTHER);
            case Enum<?> constant -> statement.setObject(index, constant.name(), Types.OTHER);
            case Character character -> statement.setString(index, character.toString());
            case String text -> statement.setString(index, text);
            case byte[] bytes -> statement.setBytes(index, bytes);
            // What setObject does for these, without its chain of type tests and Tusk's own look-ups first.
            case Integer number -> statement.setInt(index, number);
            case Long number -> statement.setLong(index, number);
            default -> {
                String typeName = TypeEncoding.naturalTypeName(value);
                List<?> elements = typeName == null ? TypeEncoding.elements(value) : null;
                if (elements != null) {
                    String elementType = elementTypeName(elements, index);
                    // An array of only NULLs carries no type; text is what the server coerces most readily.
                    typeName = "_" + (elementType == null ? "text" : elementType);
                }
                if (typeName == null) {
                    statement.setObject(index, value);
                    return;
                }
                PGobject typed = new PGobject();
                typed.setType(typeName);
                typed.setValue(encode(TypeEncoding.forTypeName(typeName, serverVersion(statement.getConnection())),
                        elements != null && !(value instanceof List<?>) && !value.getClass().isArray()
                                ? elements : value, index));
                statement.setObject(index, typed);
            }
        }
    }

    private static String elementTypeName(List<?> elements, int index) {
        for (Object element : elements) {
            if (element != null) {
                String name = TypeEncoding.elementTypeName(element);
                if (name == null) {
                    throw new IllegalArgumentException("parameter " + index + " is an array of " + element.getClass().getName()
                            + ", which Tusk cannot bind; use String, Integer, Long, Short, Double, Float, Boolean, BigDecimal, UUID, "
                            + "byte[], Json, InetAddress, java.time or Duration/Period elements");
                }
                return name;
            }
        }
        return null;
    }

    private static String encode(TypeEncoder encoder, Object value, int index) {
        try {
            return encoder.text(value);
        } catch (EncodeFailure failure) {
            throw new ParameterException("parameter " + index + " (" + failure.javaType() + ") cannot be bound as "
                    + encoder.typeName() + (failure.reason() == null ? "" : ": " + failure.reason()),
                    ServerError.ofSqlState(failure.sqlState()), index, encoder.typeName(), value);
        }
    }

    private static int serverVersion(Connection connection) throws SQLException {
        var metaData = connection.getMetaData();
        return metaData.getDatabaseMajorVersion() * 10_000 + metaData.getDatabaseMinorVersion();
    }
}
