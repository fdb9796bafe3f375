package dev.tusk.internal;

import java.lang.reflect.Array;
import java.util.Collection;

/**
 * A caller's name (table, column) as an error message shows it: whole when short, cut to {@value #MAX_LENGTH}
 * characters with its length when long, so a 1 MB name does not make a 1 MB message, and with control characters
 * and halves of surrogate pairs written as {@code \}{@code uXXXX} escapes, so a NUL or a newline cannot end or forge a
 * log line.
 */
public final class Shown {

    /** The most characters of one name a message shows. */
    public static final int MAX_LENGTH = 80;
    /**
     * More characters than any valid name has: two quoted parts of 63 bytes with every quote doubled, and a dot. A name
     * the server resolves itself (to_regclass) is only refused above this; shorter ones it may cut to 63 bytes.
     */
    static final int MAX_NAME_CHARACTERS = 2 * (2 * SqlNames.MAX_IDENTIFIER_BYTES + 2) + 1;

    /** The most characters of one value a development-profile message shows. */
    public static final int MAX_VALUE_LENGTH = 60;

    private Shown() {
    }

    /** {@code name} fit for a message; "null" for null. */
    public static String name(String name) {
        if (name == null) {
            return "null";
        }
        String cut = name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
        StringBuilder shown = new StringBuilder(cut.length() + 24);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < cut.length()
                    && Character.isLowSurrogate(cut.charAt(i + 1));
            if (pair) {
                shown.append(c).append(cut.charAt(++i));
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return name.length() > MAX_LENGTH ? shown + "… (" + name.length() + " characters)" : shown.toString();
    }

    /**
     * Refuses {@code text} naming {@code what} and the position when it holds a NUL character or half of a surrogate
     * pair, which no PostgreSQL name can hold: the driver would refuse the NUL with a message that names nothing, and
     * send '?' for the half pair, looking up another name than the one given.
     */
    public static void requireStorableName(String what, String text) {
        if (text == null) {
            return;
        }
        if (text.length() > MAX_NAME_CHARACTERS) {
            throw new IllegalArgumentException(what + " \"" + name(text) + "\" is longer than any PostgreSQL name "
                    + "(schema.table, each at most " + SqlNames.MAX_IDENTIFIER_BYTES + " bytes, quoted); nothing was sent "
                    + "to the server");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException(what + " \"" + name(text) + "\" holds a NUL character at index " + i
                        + ", which PostgreSQL names cannot hold; nothing was sent to the server");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " \"" + name(text) + "\" holds half of a surrogate pair at "
                        + "index " + i + ", which is not valid Unicode; nothing was sent to the server");
            }
        }
    }

    /** A short rendering of a refused value: strings quoted, everything cut to a readable length. */
    public static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "of " + bytes.length + " bytes";
        }
        if (value instanceof Collection<?> collection) {
            return "of size " + collection.size();
        }
        if (value.getClass().isArray()) {
            return "of length " + Array.getLength(value);
        }
        String text;
        try {
            text = String.valueOf(value);
        } catch (RuntimeException e) {
            return "(toString failed)";
        }
        boolean quoted = value instanceof CharSequence || value instanceof Character;
        int fullLength = text.length();
        StringBuilder shown = new StringBuilder(quoted ? "\"" : "");
        for (int i = 0; i < Math.min(fullLength, MAX_VALUE_LENGTH); i++) {
            char c = text.charAt(i);
            // Control characters (a NUL among them) would garble logs, and half a surrogate pair cannot be printed as
            // UTF-8: show them escaped.
            shown.append(c < 0x20 || c == 0x7F || Character.isSurrogate(c)
                    ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        if (fullLength > MAX_VALUE_LENGTH) {
            shown.append('…');
        }
        if (quoted) {
            shown.append('"');
        }
        if (fullLength > MAX_VALUE_LENGTH) {
            shown.append(" (").append(fullLength).append(" chars)");
        }
        return shown.toString();
    }
}
