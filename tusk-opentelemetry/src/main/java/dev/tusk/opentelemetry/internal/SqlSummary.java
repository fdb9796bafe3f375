package dev.tusk.opentelemetry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a span may say about a statement without its text: the operation ({@code SELECT}), the first table it names
 * ({@code orders}, as written) and whether it has {@code RETURNING}. A single pass over at most {@link #MAX_SCANNED}
 * characters that skips literals, comments and quoted text, so a literal that looks like SQL never ends up in a span.
 */
public record SqlSummary(String operation, String collection, boolean returning) {

    /** How much of a statement is read: operation and target come first, and a long statement must not cost more. */
    public static final int MAX_SCANNED = 4096;

    /** The summary of a statement that names no known operation. */
    static final SqlSummary UNKNOWN = new SqlSummary(null, null, false);

    /** First words that are operations; any other first word is not reported, so span names stay a bounded set. */
    private static final Set<String> OPERATIONS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES",
            "TABLE", "CALL", "DO", "COPY", "CREATE", "ALTER", "DROP", "TRUNCATE", "GRANT", "REVOKE", "COMMENT",
            "ANALYZE", "VACUUM", "EXPLAIN", "LOCK", "SET", "SHOW", "RESET", "LISTEN", "NOTIFY", "UNLISTEN", "PREPARE",
            "EXECUTE", "DEALLOCATE", "REFRESH", "CLUSTER", "REINDEX", "DISCARD", "BEGIN", "START", "COMMIT", "ROLLBACK",
            "SAVEPOINT", "RELEASE", "FETCH", "DECLARE", "CLOSE", "MOVE", "CHECKPOINT", "LOAD", "IMPORT");

    /** Operations a {@code WITH} may lead to; the first at the top level is the statement's real operation. */
    private static final Set<String> MAIN_OPERATIONS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES",
            "TABLE");

    /** The summary of {@code sql}; never fails, whatever the text. */
    public static SqlSummary of(String sql) {
        List<Token> tokens = tokens(sql);
        if (tokens.isEmpty() || tokens.getFirst().kind != Kind.WORD) {
            return UNKNOWN;
        }
        String operation = tokens.getFirst().upper();
        int from = 1;
        if (operation.equals("WITH")) {
            operation = null;
            for (int i = 1; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                if (token.depth == 0 && token.kind == Kind.WORD && MAIN_OPERATIONS.contains(token.upper())) {
                    operation = token.upper();
                    from = i + 1;
                    break;
                }
            }
            if (operation == null) {
                return UNKNOWN;
            }
        } else if (!OPERATIONS.contains(operation)) {
            return UNKNOWN;
        }
        boolean returning = false;
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            returning |= token.depth == 0 && token.kind == Kind.WORD && token.upper().equals("RETURNING");
        }
        return new SqlSummary(operation, collection(operation, tokens, from), returning);
    }

    /** The first table {@code operation} names after {@code from}, or null when it cannot be told cheaply. */
    private static String collection(String operation, List<Token> tokens, int from) {
        String marker = switch (operation) {
            case "SELECT", "DELETE" -> "FROM";
            case "INSERT", "MERGE" -> "INTO";
            case "UPDATE", "COPY", "TRUNCATE", "TABLE" -> "";
            default -> null;
        };
        if (marker == null) {
            return null;
        }
        int at = from;
        if (!marker.isEmpty()) {
            while (at < tokens.size() && !(tokens.get(at).depth == 0 && tokens.get(at).is(marker))) {
                at++;
            }
            at++;
        }
        while (at < tokens.size() && (tokens.get(at).is("ONLY") || tokens.get(at).is("TABLE"))) {
            at++;
        }
        StringBuilder name = new StringBuilder();
        while (at < tokens.size() && tokens.get(at).isName()) {
            name.append(tokens.get(at).text);
            at++;
            if (at + 1 < tokens.size() && tokens.get(at).is(".") && tokens.get(at + 1).isName()) {
                name.append('.');
                at++;
            } else {
                break;
            }
        }
        // A name followed by a parenthesis is a function (FROM generate_series(…)), not a table.
        boolean function = at < tokens.size() && tokens.get(at).is("(") && !operation.equals("INSERT")
                && !operation.equals("COPY");
        return name.isEmpty() || function ? null : name.toString();
    }

    private enum Kind { WORD, QUOTED, PUNCTUATION }

    private record Token(Kind kind, String text, int depth) {
        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }

        boolean is(String word) {
            return kind != Kind.QUOTED && text.equalsIgnoreCase(word);
        }

        boolean isName() {
            return kind == Kind.QUOTED || (kind == Kind.WORD && !is("LATERAL") && !is("SELECT") && !is("VALUES"));
        }
    }

    /** Words, quoted names and the punctuation that matters, with their parenthesis depth; literals are dropped. */
    private static List<Token> tokens(String sql) {
        List<Token> tokens = new ArrayList<>();
        int end = Math.min(sql.length(), MAX_SCANNED);
        int depth = 0;
        int i = 0;
        while (i < end) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < end && sql.charAt(i + 1) == '-') {
                i = skipTo(sql, i + 2, end, "\n");
            } else if (c == '/' && i + 1 < end && sql.charAt(i + 1) == '*') {
                i = skipTo(sql, i + 2, end, "*/");
            } else if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                i = skipString(sql, i + 1, end, escapes);
            } else if (c == '"') {
                int close = sql.indexOf('"', i + 1);
                if (close < 0 || close >= end) {
                    break;
                }
                tokens.add(new Token(Kind.QUOTED, sql.substring(i, close + 1), depth));
                i = close + 1;
            } else if (c == '$') {
                int tagEnd = i + 1;
                while (tagEnd < end && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
                    tagEnd++;
                }
                if (tagEnd < end && sql.charAt(tagEnd) == '$' && !Character.isDigit(sql.charAt(i + 1))) {
                    // A dollar-quoted body: a function's source, or a literal.
                    i = skipTo(sql, tagEnd + 1, end, sql.substring(i, tagEnd + 1));
                } else {
                    i = tagEnd;
                }
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < end && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                if (i < end && sql.charAt(i) == '\'') {
                    continue; // A prefix such as E'…' or B'…': the literal follows.
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i), depth));
            } else {
                if (c == ')') {
                    depth = Math.max(0, depth - 1);
                }
                if (c == '(' || c == ')' || c == '.' || c == ',' || c == ';') {
                    tokens.add(new Token(Kind.PUNCTUATION, String.valueOf(c), depth));
                }
                if (c == '(') {
                    depth++;
                }
                i++;
            }
        }
        return tokens;
    }

    private static int skipTo(String sql, int from, int end, String closing) {
        int at = sql.indexOf(closing, from);
        return at < 0 || at >= end ? end : at + closing.length();
    }

    private static int skipString(String sql, int from, int end, boolean escapes) {
        int i = from;
        while (i < end) {
            char c = sql.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < end && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return end;
    }
}
