package dev.tusk.query.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every statement of one client shares: the fetch size for cursors and the statement-cache counters.
 *
 * @param fetchSize      rows fetched per round trip when streaming
 * @param statementCache the mirror of PgJDBC's statement caches, for the hit rate
 * @param log            where query warnings go
 */
public record QueryContext(int fetchSize, StatementCacheMirror statementCache, Logger log) {

    /** A context with Tusk's query logger. */
    public static QueryContext of(int fetchSize, int statementCacheSize) {
        return new QueryContext(fetchSize, new StatementCacheMirror(statementCacheSize),
                LoggerFactory.getLogger("dev.tusk.query"));
    }
}
