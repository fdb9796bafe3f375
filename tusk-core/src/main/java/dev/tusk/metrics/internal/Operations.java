package dev.tusk.metrics.internal;

/**
 * The {@code db.operation.name} of a statement: its first keyword when it is one of a fixed set, else {@code OTHER}.
 * The set is fixed so that the tag's values stay bounded whatever SQL arrives, and the keyword is matched in place so
 * that naming a statement allocates nothing.
 */
public final class Operations {

    /** The operation names a statement can be tagged with; the last one stands for everything else. */
    public static final String[] NAMES = {"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "VALUES", "CALL",
            "COPY", "CREATE", "ALTER", "DROP", "TRUNCATE", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "SET", "SHOW",
            "EXPLAIN", "LOCK", "ANALYZE", "VACUUM", "LISTEN", "NOTIFY", "OTHER"};

    /** The index of {@code OTHER} in {@link #NAMES}. */
    public static final int OTHER = NAMES.length - 1;

    private Operations() {
    }

    /** The index in {@link #NAMES} of the operation {@code sql} starts with, skipping blanks and opening parentheses. */
    public static int indexOf(String sql) {
        if (sql == null) {
            return OTHER;
        }
        int start = 0;
        int length = sql.length();
        while (start < length && (Character.isWhitespace(sql.charAt(start)) || sql.charAt(start) == '(')) {
            start++;
        }
        int end = start;
        while (end < length && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        int word = end - start;
        for (int i = 0; i < OTHER; i++) {
            String name = NAMES[i];
            if (name.length() == word && sql.regionMatches(true, start, name, 0, word)) {
                return i;
            }
        }
        return OTHER;
    }
}
