package dev.tusk.health.internal;

import dev.tusk.internal.JsonStrings;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Just enough of a JSON writer for health reports: Tusk takes no JSON library as a dependency for one small document.
 * Commas are placed from what was written last, so callers only open, name and close.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder(512);
    private boolean needsComma;

    /** Opens an object. */
    public JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    /** Closes the open object. */
    public JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    /** Opens an array. */
    public JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    /** Closes the open array. */
    public JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** Writes a member name; the value follows. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    /** Writes a string value, or null. */
    public JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needsComma = true;
        return this;
    }

    /** Writes null. */
    public JsonWriter nullValue() {
        separate();
        out.append("null");
        needsComma = true;
        return this;
    }

    /** Writes a member with a string value, or null. */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    /** Writes a member with an instant in ISO-8601 UTC, or null. */
    public JsonWriter field(String name, Instant value) {
        return name(name).value(value == null ? null : value.toString());
    }

    /** Writes a member with a duration in milliseconds to the microsecond, or null. */
    public JsonWriter field(String name, Duration value) {
        return value == null ? name(name).nullValue() : field(name, value.toNanos() / 1e6);
    }

    /** Writes a member with a whole number. */
    public JsonWriter field(String name, long value) {
        return raw(name, Long.toString(value));
    }

    /** Writes a member with a whole number. */
    public JsonWriter field(String name, int value) {
        return raw(name, Integer.toString(value));
    }

    /** Writes a member with a number rounded to three decimals; JSON has no NaN or infinity, so those become null. */
    public JsonWriter field(String name, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return name(name).nullValue();
        }
        String text = String.format(Locale.ROOT, "%.3f", value);
        // Trailing zeros carry nothing and make the numbers harder to read.
        text = text.replaceAll("\\.?0+$", "");
        return raw(name, text.isEmpty() || text.equals("-") ? "0" : text);
    }

    /** Writes a member with a boolean. */
    public JsonWriter field(String name, boolean value) {
        return raw(name, Boolean.toString(value));
    }

    private JsonWriter raw(String name, String literal) {
        name(name);
        out.append(literal);
        needsComma = true;
        return this;
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
            needsComma = false;
        }
    }

    private void string(String value) {
        JsonStrings.quote(out, value);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
