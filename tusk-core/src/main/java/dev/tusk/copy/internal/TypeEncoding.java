package dev.tusk.copy.internal;

import dev.tusk.copy.internal.Encoders.TypeInfo;
import dev.tusk.query.Json;
import org.postgresql.util.PGInterval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tusk's one mapping between Java values and PostgreSQL types, in the text form statements bind: the very encoders
 * binary COPY uses, so that a value stores the same whether it travels by COPY, a multi-row INSERT or a parameter.
 */
public final class TypeEncoding {

    /** The built-in types Tusk encodes, by name, as {@code pg_type} describes them. */
    private static final Map<String, TypeInfo> BUILT_IN = new HashMap<>();
    private static final Map<Long, TypeInfo> BY_OID = new HashMap<>();

    static {
        builtIn(16, "bool", 1000);
        builtIn(17, "bytea", 1001);
        builtIn(19, "name", 1003);
        builtIn(20, "int8", 1016);
        builtIn(21, "int2", 1005);
        builtIn(23, "int4", 1007);
        builtIn(25, "text", 1009);
        builtIn(114, "json", 199);
        builtIn(650, "cidr", 651);
        builtIn(700, "float4", 1021);
        builtIn(701, "float8", 1022);
        builtIn(869, "inet", 1041);
        builtIn(1042, "bpchar", 1014);
        builtIn(1043, "varchar", 1015);
        builtIn(1082, "date", 1182);
        builtIn(1083, "time", 1183);
        builtIn(1114, "timestamp", 1115);
        builtIn(1184, "timestamptz", 1185);
        builtIn(1186, "interval", 1187);
        builtIn(1266, "timetz", 1270);
        builtIn(1700, "numeric", 1231);
        builtIn(2950, "uuid", 2951);
        builtIn(3802, "jsonb", 3807);
    }

    private TypeEncoding() {
    }

    private static void builtIn(long oid, String name, long arrayOid) {
        TypeInfo element = new TypeInfo(oid, name, 'b', 0, 0, 'X');
        TypeInfo array = new TypeInfo(arrayOid, "_" + name, 'b', 0, oid, 'A');
        BUILT_IN.put(name, element);
        BUILT_IN.put(array.name(), array);
        BY_OID.put(oid, element);
        BY_OID.put(arrayOid, array);
    }

    /** One PostgreSQL type's encoder, as statements use it. */
    public static final class TypeEncoder {
        private final ColumnEncoder encoder;

        private TypeEncoder(ColumnEncoder encoder) {
            this.encoder = encoder;
        }

        /** The type's name as messages show it ({@code int4[]} for arrays). */
        public String typeName() {
            return encoder.typeName();
        }

        /** {@code value}, not null, as this type's input text; refuses what COPY refuses, with the same reason. */
        public String text(Object value) {
            return encoder.text(value);
        }
    }

    /**
     * The encoder for the built-in type PgJDBC names {@code typeName} ({@code int4}, {@code _jsonb}), or null when it is
     * not one Tusk encodes (an enum, a domain, an extension's type): those take the value's own text.
     */
    public static TypeEncoder forTypeName(String typeName, int serverVersionNumber) {
        TypeInfo type = BUILT_IN.get(typeName);
        if (type == null) {
            return null;
        }
        ColumnEncoder encoder = Encoders.forType(type, BY_OID, serverVersionNumber);
        return encoder == null ? null : new TypeEncoder(encoder);
    }

    /**
     * The built-in type Tusk binds {@code value} as when the server's type is not known: the name of its element type
     * for a Java array or List (null when it has no non-null element), else its own. Null for types Tusk leaves to
     * PgJDBC (numbers, booleans, text, UUID, bytea) or does not know.
     */
    public static String naturalTypeName(Object value) {
        return switch (value) {
            case LocalDate ignored -> "date";
            case java.sql.Date ignored -> "date";
            case LocalTime ignored -> "time";
            case OffsetTime ignored -> "timetz";
            case LocalDateTime ignored -> "timestamp";
            case Instant ignored -> "timestamptz";
            case OffsetDateTime ignored -> "timestamptz";
            case ZonedDateTime ignored -> "timestamptz";
            case Duration ignored -> "interval";
            case Period ignored -> "interval";
            case dev.tusk.query.Interval ignored -> "interval";
            case PGInterval ignored -> "interval";
            case InetAddress ignored -> "inet";
            case Json ignored -> "jsonb";
            default -> null;
        };
    }

    /** The built-in type of an array element, for arrays whose element type is not known from the server. */
    public static String elementTypeName(Object element) {
        String natural = naturalTypeName(element);
        if (natural != null) {
            return natural;
        }
        return switch (element) {
            case String ignored -> "text";
            case Character ignored -> "text";
            case Integer ignored -> "int4";
            case Long ignored -> "int8";
            case Short ignored -> "int2";
            case Double ignored -> "float8";
            case Float ignored -> "float4";
            case Boolean ignored -> "bool";
            case BigDecimal ignored -> "numeric";
            case BigInteger ignored -> "numeric";
            case UUID ignored -> "uuid";
            case byte[] ignored -> "bytea";
            case ByteBuffer ignored -> "bytea";
            default -> null;
        };
    }

    /** The elements of a Java array (primitive ones boxed) or a Collection, or null if {@code value} is neither. */
    public static List<?> elements(Object value) {
        if (value instanceof java.util.Collection<?> collection && !(value instanceof List<?>)) {
            return new java.util.ArrayList<>(collection);
        }
        if (!(value instanceof List<?>) && (value == null || !value.getClass().isArray() || value instanceof byte[])) {
            return null;
        }
        return ArrayEncoder.elements(value);
    }
}
