package dev.tusk.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a possibly schema-qualified SQL name ({@code orders}, {@code billing.orders}, {@code "Orders"}) the way the
 * server would, and quotes it for splicing into a statement. Anything that is not a plain or double-quoted identifier
 * (such as {@code users; DROP TABLE x}) is refused, so a caller's text can never change a statement's shape.
 */
public final class SqlNames {

    /** The longest identifier PostgreSQL keeps whole (NAMEDATALEN - 1); it cuts longer ones. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    private SqlNames() {
    }

    /** The name's parts, unquoted and, where they were not quoted, folded to lower case as PostgreSQL does. */
    public static List<String> parse(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder part = new StringBuilder();
            if (i < name.length() && name.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= name.length()) {
                        throw invalid(name, what, "an unclosed double quote");
                    }
                    char c = name.charAt(i++);
                    if (c == '"') {
                        if (i < name.length() && name.charAt(i) == '"') {
                            part.append('"');
                            i++;
                            continue;
                        }
                        break;
                    }
                    part.append(c);
                }
                if (part.isEmpty()) {
                    throw invalid(name, what, "an empty quoted identifier");
                }
                parts.add(part.toString());
            } else {
                int start = i;
                while (i < name.length() && (Character.isLetterOrDigit(name.charAt(i)) || name.charAt(i) == '_'
                        || name.charAt(i) == '$')) {
                    i++;
                }
                if (i == start || Character.isDigit(name.charAt(start)) || name.charAt(start) == '$') {
                    throw invalid(name, what, "something that is not an identifier at position " + (start + 1));
                }
                parts.add(name.substring(start, i).toLowerCase(Locale.ROOT));
            }
            String last = parts.getLast();
            int bytes = last.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > MAX_IDENTIFIER_BYTES) {
                // PostgreSQL would cut it to 63 bytes, silently naming another table or column.
                throw invalid(name, what, "a part of " + bytes + " bytes, longer than the " + MAX_IDENTIFIER_BYTES
                        + " bytes of a PostgreSQL name (the server would cut it and use another name)");
            }
            if (i == name.length()) {
                break;
            }
            if (name.charAt(i) != '.' || parts.size() == 3) {
                throw invalid(name, what, "'" + Shown.name(String.valueOf(name.charAt(i))) + "' at position " + (i + 1));
            }
            i++;
        }
        return parts;
    }

    /**
     * Refuses a table name the server would resolve after cutting one of its parts to 63 bytes (to_regclass and the
     * catalogs cut silently, so a long name could find another table). A name that does not parse is left to the
     * server, which reports it in its own words.
     */
    public static void requireNoCutPart(String name, String what) {
        if (name == null || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES) {
            return;
        }
        try {
            parse(name, what);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("longer than the " + MAX_IDENTIFIER_BYTES + " bytes")) {
                throw e;
            }
        }
    }

    /** {@code name}, parsed and quoted part by part: {@code "billing"."orders"}. */
    public static String quote(String name, String what) {
        return String.join(".", parse(name, what).stream().map(SqlNames::quoteIdentifier).toList());
    }

    /** One identifier in double quotes, inner quotes doubled. */
    public static String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static IllegalArgumentException invalid(String name, String what, String problem) {
        return new IllegalArgumentException(what + " \"" + Shown.name(name) + "\" is not a valid SQL name: it has " + problem
                + "; use a plain identifier, a \"double-quoted\" one, or schema.table");
    }
}
