package dev.tusk.metrics.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns SQL into a form safe to show and to group by: every literal (quoted, {@code E'…'}, dollar-quoted, numeric)
 * and every placeholder ({@code ?}, {@code $1}) becomes {@code ?}, {@code IN} lists and extra {@code VALUES} rows
 * collapse, comments go and whitespace shrinks to one space. A small lexer rather than a parser: it never fails, and
 * what it does not understand it keeps as written.
 */
public final class SqlNormalizer {

    private static final Set<String> OPERATIONS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "COPY",
            "CALL", "VALUES", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET", "RESET",
            "SHOW", "CREATE", "ALTER", "DROP", "TRUNCATE", "GRANT", "REVOKE", "EXPLAIN", "ANALYZE", "VACUUM",
            "REFRESH", "LOCK", "LISTEN", "NOTIFY", "UNLISTEN", "DO", "DISCARD", "PREPARE", "EXECUTE", "DEALLOCATE",
            "DECLARE", "FETCH", "MOVE", "CLOSE", "COMMENT", "CLUSTER", "REINDEX", "CHECKPOINT");
    private static final Set<String> WITH_BODIES = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES");

    private static final String PLACEHOLDER = "?";
    private static final String ELIDED = "...";

    /** One token, and whether whitespace or a comment stood before it. */
    private record Token(String text, boolean spaceBefore) {
    }

    private SqlNormalizer() {
    }

    /** {@code sql} normalised, with its operation and fingerprint. */
    public static NormalizedSql normalize(String sql) {
        List<Token> tokens = collapseLists(tokenize(sql));
        StringBuilder text = new StringBuilder(sql.length());
        for (Token token : tokens) {
            if (token.spaceBefore() && !text.isEmpty()) {
                text.append(' ');
            }
            text.append(token.text());
        }
        String normalized = text.toString();
        return new NormalizedSql(fingerprint(normalized), normalized, operation(tokens));
    }

    /**
     * The tokens of {@code sql} as {@link #normalize} reads them: comments dropped, every literal and placeholder as
     * {@code ?}, identifiers (quoted ones with their quotes) and symbols as written; for checks of what a statement is.
     */
    public static List<String> tokens(String sql) {
        return tokenize(sql).stream().map(Token::text).toList();
    }

    /** 16 hex digits of the SHA-256 of {@code normalized}: stable across JVMs, unlike {@code String.hashCode}. */
    static String fingerprint(String normalized) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int length = sql.length();
        int i = 0;
        boolean space = false;
        while (i < length) {
            char c = sql.charAt(i);
            char next = i + 1 < length ? sql.charAt(i + 1) : '\0';
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            if (c == '-' && next == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
                space = true;
                continue;
            }
            if (c == '/' && next == '*') {
                i = skipBlockComment(sql, i);
                space = true;
                continue;
            }
            String text;
            int end;
            if (c == '\'') {
                end = skipString(sql, i, false);
                text = PLACEHOLDER;
            } else if ((c == 'E' || c == 'e') && next == '\'') {
                end = skipString(sql, i + 1, true);
                text = PLACEHOLDER;
            } else if ((c == 'U' || c == 'u') && next == '&' && i + 2 < length && sql.charAt(i + 2) == '\'') {
                end = skipString(sql, i + 2, false);
                text = PLACEHOLDER;
            } else if ("BbXxNn".indexOf(c) >= 0 && next == '\'') {
                end = skipString(sql, i + 1, false);
                text = PLACEHOLDER;
            } else if (c == '$' && Character.isDigit(next)) {
                end = i + 1;
                while (end < length && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                text = PLACEHOLDER;
            } else if (c == '$' && (end = dollarQuoteEnd(sql, i)) > 0) {
                text = PLACEHOLDER;
            } else if (c == '"') {
                end = skipQuotedIdentifier(sql, i);
                text = sql.substring(i, end);
            } else if (Character.isLetter(c) || c == '_') {
                end = i + 1;
                while (end < length && isIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                text = sql.substring(i, end);
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next))) {
                end = skipNumber(sql, i);
                text = PLACEHOLDER;
            } else {
                end = i + 1;
                text = String.valueOf(c);
            }
            tokens.add(new Token(text, space));
            space = false;
            i = end;
        }
        return tokens;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int skipBlockComment(String sql, int start) {
        // PostgreSQL's block comments nest.
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The index after the string literal whose opening quote is at {@code quote}; {@code ''} is always a quote. */
    private static int skipString(String sql, int quote, boolean backslashEscapes) {
        return skipQuoted(sql, quote, '\'', backslashEscapes);
    }

    private static int skipQuotedIdentifier(String sql, int quote) {
        return skipQuoted(sql, quote, '"', false);
    }

    /** The index after the text opened by {@code mark} at {@code quote}, where a doubled mark stands for itself. */
    private static int skipQuoted(String sql, int quote, char mark, boolean backslashEscapes) {
        int i = quote + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == mark) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == mark) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The index after the dollar-quoted string opening at {@code dollar}, or -1 when no {@code $tag$} opens there. */
    private static int dollarQuoteEnd(String sql, int dollar) {
        int i = dollar + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i >= sql.length() || sql.charAt(i) != '$') {
            return -1;
        }
        String tag = sql.substring(dollar, i + 1);
        int close = sql.indexOf(tag, i + 1);
        return close < 0 ? sql.length() : close + tag.length();
    }

    private static int skipNumber(String sql, int start) {
        int i = start;
        int length = sql.length();
        if (sql.charAt(i) == '0' && i + 1 < length && "xXoObB".indexOf(sql.charAt(i + 1)) >= 0) {
            i += 2;
            while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                i++;
            }
            return i;
        }
        while (i < length && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < length && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < length && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < length && Character.isDigit(sql.charAt(exponent))) {
                i = exponent;
                while (i < length && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    /** {@code IN (?, ?, ?)} becomes {@code IN (...)}; {@code VALUES (…), (…)} keeps its first row and {@code , ...}. */
    private static List<Token> collapseLists(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        int i = 0;
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            out.add(token);
            i++;
            if (token.text().equalsIgnoreCase("IN") && i < tokens.size() && tokens.get(i).text().equals("(")) {
                int close = placeholderListEnd(tokens, i);
                if (close > 0) {
                    out.add(tokens.get(i));
                    out.add(new Token(ELIDED, false));
                    out.add(new Token(")", false));
                    i = close + 1;
                }
            } else if (token.text().equalsIgnoreCase("VALUES") && i < tokens.size() && tokens.get(i).text().equals("(")) {
                int close = groupEnd(tokens, i);
                out.addAll(tokens.subList(i, close + 1));
                i = close + 1;
                boolean elided = false;
                while (i + 1 < tokens.size() && tokens.get(i).text().equals(",") && tokens.get(i + 1).text().equals("(")) {
                    i = groupEnd(tokens, i + 1) + 1;
                    elided = true;
                }
                if (elided) {
                    out.add(new Token(",", false));
                    out.add(new Token(ELIDED, true));
                }
            }
        }
        return out;
    }

    /** The index of the {@code )} closing the group at {@code open} when it holds only placeholders, else -1. */
    private static int placeholderListEnd(List<Token> tokens, int open) {
        boolean any = false;
        for (int i = open + 1; i < tokens.size(); i++) {
            String text = tokens.get(i).text();
            if (text.equals(")")) {
                return any ? i : -1;
            }
            if (text.equals(PLACEHOLDER)) {
                any = true;
            } else if (!text.equals(",")) {
                return -1;
            }
        }
        return -1;
    }

    /** The index of the {@code )} closing the group at {@code open}, or the last token when it never closes. */
    private static int groupEnd(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            String text = tokens.get(i).text();
            if (text.equals("(")) {
                depth++;
            } else if (text.equals(")") && --depth == 0) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    /** The statement's verb; for {@code WITH}, the verb of its main statement, after the common table expressions. */
    private static String operation(List<Token> tokens) {
        int i = 0;
        while (i < tokens.size() && tokens.get(i).text().equals("(")) {
            i++;
        }
        if (i == tokens.size()) {
            return "OTHER";
        }
        String first = tokens.get(i).text().toUpperCase(Locale.ROOT);
        if (first.equals("WITH")) {
            int depth = 0;
            for (int j = i + 1; j < tokens.size(); j++) {
                String text = tokens.get(j).text();
                if (text.equals("(")) {
                    depth++;
                } else if (text.equals(")")) {
                    depth--;
                } else if (depth == 0 && WITH_BODIES.contains(text.toUpperCase(Locale.ROOT))) {
                    return text.toUpperCase(Locale.ROOT);
                }
            }
            return "OTHER";
        }
        if (first.equals("TABLE")) {
            return "SELECT";
        }
        return OPERATIONS.contains(first) ? first : "OTHER";
    }
}
