package dev.tusk.security.internal;

import java.util.regex.Pattern;

import dev.tusk.security.AuditLog;

/**
 * What an audit event's text may hold. The audit table stores text verbatim, and PostgreSQL refuses a NUL character
 * and the half of a surrogate pair (invalid UTF-8 once encoded): one such event would fail its whole batch at every
 * retry, and hold back every event behind it. So they are refused when recorded, naming the field and the position
 * but never the text, which may be long or secret.
 */
final class AuditText {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._:-]+");
    /** How much of one text an audit log line shows; the table keeps all of it. */
    static final int MAX_LOGGED_LENGTH = 200;

    private AuditText() {
    }

    static void checkType(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank, but was " + (type == null ? "null" : "blank"));
        }
        if (type.length() > AuditLog.MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("type must be at most " + AuditLog.MAX_TYPE_LENGTH
                    + " characters, but was " + type.length());
        }
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("type must be letters, digits, '.', '_', ':' and '-' only, e.g. "
                    + "invoice.read; a character at index " + firstOutside(type) + " is not");
        }
    }

    /** Refuses {@code text} (null passes) when PostgreSQL could not store it verbatim. */
    static void checkStorable(String field, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException(field + " holds a NUL character at index " + i
                        + ", which the audit table cannot store");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field + " holds half of a surrogate pair at index " + i
                        + " (not valid Unicode, so not valid UTF-8), which the audit table cannot store");
            }
        }
    }

    /** {@code text} as a log line shows it: cut to {@value #MAX_LOGGED_LENGTH} characters, saying how long it was. */
    static String forLog(String text) {
        if (text == null || text.length() <= MAX_LOGGED_LENGTH) {
            return text;
        }
        return text.substring(0, MAX_LOGGED_LENGTH) + "…(" + text.length() + " characters)";
    }

    private static int firstOutside(String type) {
        for (int i = 0; i < type.length(); i++) {
            if (!TYPE.matcher(type.substring(i, i + 1)).matches()) {
                return i;
            }
        }
        return -1;
    }
}
