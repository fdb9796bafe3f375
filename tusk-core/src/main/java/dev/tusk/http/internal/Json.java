package dev.tusk.http.internal;

import dev.tusk.internal.JsonStrings;

import java.time.Duration;

/** A minimal JSON writer for the server's flat documents; Tusk carries no JSON library for so little. */
public final class Json {

    private final StringBuilder out = new StringBuilder(256);
    private boolean first = true;

    private Json(char open) {
        out.append(open);
    }

    /** Starts an object. */
    public static Json object() {
        return new Json('{');
    }

    /** Starts an array. */
    public static Json array() {
        return new Json('[');
    }

    /** Adds {@code name: value} to an object; null becomes JSON null. */
    public Json field(String name, Object value) {
        separate();
        string(out, name);
        out.append(':');
        value(value);
        return this;
    }

    /** Adds {@code value} to an array. */
    public Json element(Object value) {
        separate();
        value(value);
        return this;
    }

    /** Closes the object and returns its text. */
    public String endObject() {
        return out.append('}').toString();
    }

    /** Closes the array and returns its text. */
    public String endArray() {
        return out.append(']').toString();
    }

    /** A duration as milliseconds with microsecond precision, the unit people read latencies in. */
    public static double millis(Duration duration) {
        return duration == null ? 0 : duration.toNanos() / 1_000L / 1_000.0;
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void value(Object value) {
        switch (value) {
            case null -> out.append("null");
            case Raw raw -> out.append(raw.text());
            case Boolean bool -> out.append(bool);
            case Double number -> out.append(Double.isFinite(number) ? number.toString() : "null");
            case Float number -> out.append(Float.isFinite(number) ? number.toString() : "null");
            case Number number -> out.append(number);
            default -> string(out, value.toString());
        }
    }

    /** Already-rendered JSON (a nested object or array) to embed as is. */
    public record Raw(String text) {
    }

    private static void string(StringBuilder out, String text) {
        JsonStrings.quote(out, text);
    }
}
