package dev.tusk.examples.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;

/**
 * A tiny JSON encoder for the API's responses: records become objects keyed by their component names, maps objects,
 * collections arrays; strings, numbers, booleans, dates and null as JSON has them. The recipe needs nothing more, so
 * it carries no JSON library (tusk-core's own writer is internal).
 */
public final class JsonText {

    private JsonText() {
    }

    /** JSON text that is already encoded, such as {@code HealthReport.toJson()}, to embed as it is. */
    public record Raw(String json) {
    }

    /** {@code value} as JSON text. */
    public static String of(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Raw raw -> out.append(raw.json());
            case String text -> quote(out, text);
            case Boolean bool -> out.append(bool);
            case Double number -> out.append(Double.isFinite(number) ? number.toString() : "null");
            case Float number -> out.append(Float.isFinite(number) ? number.toString() : "null");
            case Number number -> out.append(number);
            case Map<?, ?> map -> object(out, map);
            case Collection<?> items -> array(out, items);
            case Record record -> record(out, record);
            // Dates and times in ISO-8601 (LocalDate 2024-01-01, Instant 2024-01-01T00:00:00Z), as their toString.
            case TemporalAccessor time -> quote(out, time.toString());
            default -> quote(out, value.toString());
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            first = separate(out, first);
            quote(out, String.valueOf(entry.getKey()));
            out.append(':');
            write(out, entry.getValue());
        }
        out.append('}');
    }

    private static void array(StringBuilder out, Collection<?> items) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            first = separate(out, first);
            write(out, item);
        }
        out.append(']');
    }

    private static void record(StringBuilder out, Record record) {
        out.append('{');
        boolean first = true;
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            first = separate(out, first);
            quote(out, component.getName());
            out.append(':');
            try {
                write(out, component.getAccessor().invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + record.getClass().getSimpleName() + "."
                        + component.getName() + " to encode it as JSON: " + e.getMessage(), e);
            }
        }
        out.append('}');
    }

    private static boolean separate(StringBuilder out, boolean first) {
        if (!first) {
            out.append(',');
        }
        return false;
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Other control characters, and U+2028/U+2029 which break JavaScript parsers that eval JSON.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
