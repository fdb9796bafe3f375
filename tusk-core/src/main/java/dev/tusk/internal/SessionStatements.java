package dev.tusk.internal;

import dev.tusk.metrics.internal.SqlNormalizer;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells the statements whose effect outlives their transaction on the server session: behind PgBouncer in transaction
 * mode the next transaction may run on another server connection, and the one they changed is handed to other clients.
 *
 * <p>A look at the leading keywords, with comments and string literals skipped, plus a search for the session-level
 * advisory lock functions anywhere in the statement; not a parser. Statements whose session effect hides in a function
 * ({@code set_config(…, false)}, a procedure that runs {@code LISTEN}) are not seen.
 */
public final class SessionStatements {

    /** The advisory lock functions whose lock is held until the session ends or unlocks it, not until COMMIT. */
    private static final Set<String> SESSION_LOCK_FUNCTIONS = Set.of("pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_shared",
            "pg_advisory_unlock_all");
    /** Leading keywords that may start a statement needing a session; any other statement is looked at no further. */
    private static final Set<String> SESSION_KEYWORDS = Set.of("LISTEN", "SET", "RESET", "PREPARE", "DECLARE", "CREATE");

    private SessionStatements() {
    }

    /** What a statement that needs a session is, for messages, and what to do instead. */
    public record SessionStatement(String kind, String instead) {
    }

    /** What {@code sql} is when it needs a server session of its own, or null when a transaction is all it needs. */
    public static SessionStatement find(String sql) {
        String keyword = leadingKeyword(sql);
        if (keyword != null && SESSION_KEYWORDS.contains(keyword)) {
            SessionStatement found = byKeywords(SqlNormalizer.tokens(sql));
            if (found != null) {
                return found;
            }
        }
        return containsIgnoreCase(sql, "advisory") ? sessionLock(SqlNormalizer.tokens(sql)) : null;
    }

    private static SessionStatement byKeywords(List<String> tokens) {
        int first = 0;
        while (first < tokens.size() && tokens.get(first).equals("(")) {
            first++;
        }
        String verb = word(tokens, first);
        String next = word(tokens, first + 1);
        return switch (verb) {
            case "LISTEN" -> new SessionStatement("LISTEN",
                    "a listener needs a connection of its own to the server, not through PgBouncer");
            case "SET" -> switch (next) {
                // Transaction-scoped forms: they end with the transaction, on the connection that ran it.
                case "LOCAL", "TRANSACTION", "CONSTRAINTS" -> null;
                default -> new SessionStatement("SET without LOCAL",
                        "use SET LOCAL (or set_config(name, value, true)) inside inTransaction, which lasts until COMMIT");
            };
            case "RESET" -> new SessionStatement("RESET",
                    "use SET LOCAL inside inTransaction, which needs no RESET");
            case "PREPARE" -> next.equals("TRANSACTION") ? null : new SessionStatement("PREPARE",
                    "pass parameters as ? to Tusk's calls, which need no named prepared statement");
            case "DECLARE" -> holdsCursor(tokens, first) ? new SessionStatement("DECLARE ... WITH HOLD",
                    "use stream() or a cursor without HOLD inside inTransaction") : null;
            case "CREATE" -> temporaryObject(tokens, first);
            default -> null;
        };
    }

    /** Whether the DECLARE at {@code first} says WITH HOLD before its query. */
    private static boolean holdsCursor(List<String> tokens, int first) {
        for (int i = first + 1; i + 1 < tokens.size(); i++) {
            String word = word(tokens, i);
            if (word.equals("FOR")) {
                return false;
            }
            if (word.equals("WITH") && word(tokens, i + 1).equals("HOLD")) {
                return true;
            }
        }
        return false;
    }

    /** A CREATE TEMP object that outlives the transaction, or null (not temporary, or a table ON COMMIT DROP). */
    private static SessionStatement temporaryObject(List<String> tokens, int first) {
        int i = first + 1;
        if (word(tokens, i).equals("OR") && word(tokens, i + 1).equals("REPLACE")) {
            i += 2;
        }
        if (word(tokens, i).equals("GLOBAL") || word(tokens, i).equals("LOCAL")) {
            i++;
        }
        if (!word(tokens, i).equals("TEMP") && !word(tokens, i).equals("TEMPORARY")) {
            return null;
        }
        String object = word(tokens, i + 1);
        if (object.equals("TABLE")) {
            for (int j = i + 2; j + 2 < tokens.size(); j++) {
                if (word(tokens, j).equals("ON") && word(tokens, j + 1).equals("COMMIT") && word(tokens, j + 2).equals("DROP")) {
                    return null;
                }
            }
            return new SessionStatement("CREATE TEMP TABLE without ON COMMIT DROP",
                    "create it with ON COMMIT DROP and use it within one inTransaction");
        }
        return new SessionStatement("CREATE TEMP " + object,
                "create a temporary object inside inTransaction only as a table with ON COMMIT DROP");
    }

    private static SessionStatement sessionLock(List<String> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            String name = identifier(tokens.get(i));
            if (SESSION_LOCK_FUNCTIONS.contains(name) && tokens.get(i + 1).equals("(")) {
                return new SessionStatement("session advisory lock (" + name + ")",
                        "use pg_advisory_xact_lock (or pg_try_advisory_xact_lock) inside inTransaction, released at COMMIT");
            }
        }
        return null;
    }

    /** An identifier as the server resolves it: unquoted ones fold to lower case, quoted ones lose their quotes. */
    private static String identifier(String token) {
        if (token.length() > 1 && token.startsWith("\"") && token.endsWith("\"")) {
            return token.substring(1, token.length() - 1).replace("\"\"", "\"");
        }
        return token.toLowerCase(Locale.ROOT);
    }

    /** The token at {@code index} in upper case, or an empty string past the end. */
    private static String word(List<String> tokens, int index) {
        return index < tokens.size() ? tokens.get(index).toUpperCase(Locale.ROOT) : "";
    }

    /**
     * The first word of {@code sql} in upper case, past blanks, comments and opening parentheses, or null when it does
     * not start with one: a scan of the first characters only, so that most statements cost next to nothing.
     */
    static String leadingKeyword(String sql) {
        int length = sql.length();
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (sql.startsWith("/*", i)) {
                i = blockCommentEnd(sql, i);
            } else {
                break;
            }
        }
        int start = i;
        while (i < length && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i == start ? null : sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    private static int blockCommentEnd(String sql, int start) {
        // PostgreSQL's block comments nest.
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    private static boolean containsIgnoreCase(String text, String lowerCaseWord) {
        int last = text.length() - lowerCaseWord.length();
        for (int i = 0; i <= last; i++) {
            if (text.regionMatches(true, i, lowerCaseWord, 0, lowerCaseWord.length())) {
                return true;
            }
        }
        return false;
    }
}
