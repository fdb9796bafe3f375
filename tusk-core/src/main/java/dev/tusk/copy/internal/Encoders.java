package dev.tusk.copy.internal;

import java.util.Map;

/** Picks the encoder for a column's type from the catalog's description of it, once per COPY. */
final class Encoders {

    /** What binary COPY in can encode, for the message that refuses other types. */
    static final String SUPPORTED = "bool, int2, int4, int8, float4, float8, numeric, text, varchar, bpchar, name, "
            + "bytea, uuid, date, time, timetz, timestamp, timestamptz, interval, json, jsonb, inet, cidr, enums, "
            + "domains over these, and one-dimensional arrays of them";

    private Encoders() {
    }

    /**
     * A row of {@code pg_type}.
     *
     * @param oid      the type's oid
     * @param name     its name
     * @param kind     typtype: b base, d domain, e enum, …
     * @param baseOid  typbasetype: what a domain is over, else 0
     * @param elemOid  typelem: an array's element type, else 0
     * @param category typcategory: A for arrays
     */
    record TypeInfo(long oid, String name, char kind, long baseOid, long elemOid, char category) {

        boolean isDomain() {
            return kind == 'd';
        }

        boolean isArray() {
            return category == 'A' && elemOid != 0;
        }
    }

    /** The name messages show for {@code type}: its own name, or the element's name and {@code []} for arrays. */
    static String displayName(TypeInfo type, Map<Long, TypeInfo> types) {
        if (type.isArray() && types.containsKey(type.elemOid())) {
            return types.get(type.elemOid()).name() + "[]";
        }
        return type.name();
    }

    /** The encoder for {@code type}, looking up domains and elements in {@code types}; null if it is not supported. */
    static ColumnEncoder forType(TypeInfo type, Map<Long, TypeInfo> types, int serverVersionNumber) {
        String display = displayName(type, types);
        TypeInfo base = baseOf(type, types);
        if (base.isArray()) {
            TypeInfo element = types.get(base.elemOid());
            TypeInfo elementBase = baseOf(element, types);
            if (elementBase.isArray()) {
                return null;
            }
            ColumnEncoder elementEncoder = scalar(elementBase, element.name(), serverVersionNumber);
            // The header names the declared element type (a domain's own oid): array_recv checks it against the column.
            return elementEncoder == null ? null : new ArrayEncoder(display, elementEncoder, (int) base.elemOid());
        }
        return scalar(base, display, serverVersionNumber);
    }

    private static TypeInfo baseOf(TypeInfo type, Map<Long, TypeInfo> types) {
        TypeInfo current = type;
        while (current.isDomain()) {
            current = types.get(current.baseOid());
        }
        return current;
    }

    private static ColumnEncoder scalar(TypeInfo base, String display, int serverVersionNumber) {
        if (base.kind() == 'e') {
            return TextEncoders.text(display);
        }
        return switch ((int) base.oid()) {
            case 16 -> NumberEncoders.bool(display);
            case 17 -> TextEncoders.bytea(display);
            case 19, 25, 1042, 1043 -> TextEncoders.text(display);
            case 20 -> NumberEncoders.int8(display);
            case 21 -> NumberEncoders.int2(display);
            case 23 -> NumberEncoders.int4(display);
            case 114 -> TextEncoders.json(display, false);
            case 3802 -> TextEncoders.json(display, true);
            case 650 -> new NetworkEncoder(display, true);
            case 869 -> new NetworkEncoder(display, false);
            case 700 -> NumberEncoders.float4(display);
            case 701 -> NumberEncoders.float8(display);
            case 1700 -> new NumericEncoder(display, serverVersionNumber);
            case 1082 -> TimeEncoders.date(display);
            case 1083 -> TimeEncoders.time(display);
            case 1266 -> TimeEncoders.timetz(display);
            case 1114 -> TimeEncoders.timestamp(display);
            case 1184 -> TimeEncoders.timestamptz(display);
            case 1186 -> TimeEncoders.interval(display);
            case 2950 -> TextEncoders.uuid(display);
            default -> null;
        };
    }
}
