package dev.tusk.security.internal;

import java.time.Instant;
import java.util.Map;

/** One audit event as recorded, waiting in the queue to be written. */
record AuditEvent(Instant at, String type, String principal, boolean success, Map<String, String> details) {

    /** The details as a JSON object, keys in their given order. */
    String detailsJson() {
        return detailsJson(false);
    }

    /**
     * A one-line form for the log: the principal quoted as JSON text, so a newline in it cannot forge a log line, and
     * each text cut to {@value AuditText#MAX_LOGGED_LENGTH} characters (the table keeps all of it).
     */
    String logLine() {
        String shownPrincipal = principal == null ? "null"
                : quote(new StringBuilder(), AuditText.forLog(principal)).toString();
        return "audit type=" + type + " principal=" + shownPrincipal + " success=" + success + " details="
                + detailsJson(true);
    }

    private String detailsJson(boolean forLog) {
        StringBuilder json = new StringBuilder("{");
        details.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, forLog ? AuditText.forLog(key) : key).append(':');
            if (value == null) {
                json.append("null");
            } else {
                quote(json, forLog ? AuditText.forLog(value) : value);
            }
        });
        return json.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                // jsonb refuses \u0000, so a NUL is replaced rather than failing the whole batch.
                case '\0' -> json.append("\\ufffd");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
