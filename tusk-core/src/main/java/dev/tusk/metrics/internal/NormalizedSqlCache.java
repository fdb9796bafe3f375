package dev.tusk.metrics.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Normalisations by SQL text, so a statement the application runs again is not lexed again. Bounded: when it holds
 * {@link #CAPACITY} texts it starts afresh, which costs one re-lex per statement still in use; texts longer than
 * {@link #LONGEST_CACHED} chars (generated multi-row INSERTs, mostly) are lexed each time rather than held.
 */
public final class NormalizedSqlCache {

    /** The most SQL texts held. */
    static final int CAPACITY = 2_048;
    /** The longest SQL text held, in chars. */
    static final int LONGEST_CACHED = 4_096;

    private final ConcurrentHashMap<String, NormalizedSql> bySql = new ConcurrentHashMap<>();

    /** {@code sql} normalised, from the cache when it was seen before. */
    public NormalizedSql normalize(String sql) {
        NormalizedSql known = bySql.get(sql);
        if (known != null) {
            return known;
        }
        NormalizedSql normalized = SqlNormalizer.normalize(sql);
        if (sql.length() <= LONGEST_CACHED) {
            if (bySql.size() >= CAPACITY) {
                bySql.clear();
            }
            bySql.put(sql, normalized);
        }
        return normalized;
    }

    /** How many SQL texts are held now. */
    int size() {
        return bySql.size();
    }
}
