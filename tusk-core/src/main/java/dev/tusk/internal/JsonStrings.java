package dev.tusk.internal;

import java.util.Locale;

/** The one JSON string escaping every document Tusk writes uses (health reports, the HTTP server's documents). */
public final class JsonStrings {

    private JsonStrings() {
    }

    /** Appends {@code text} to {@code out} as a quoted JSON string. */
    public static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // Escaped so that a document embedded in a page can never close a <script> element.
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
