package dev.tusk.query.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every statement of one client shares: the fetch size for cursors and the statement-cache counters.
 *
 * @param fetchSize      rows fetched per round trip when streaming
 * @param defaultTimeoutMillis the client-side statement timeout when the server cannot hold one (behind PgBouncer), else 0
 * @param serverTimeoutMillis  the {@code statement_timeout} every session starts with, or 0 for none
 * @param statementCache the mirror of PgJDBC's statement caches, for the hit rate
 * @param log            where query warnings go
 */
public record QueryContext(int fetchSize, long defaultTimeoutMillis, long serverTimeoutMillis, StatementCacheMirror statementCache,
                           Logger log) {

    /** A context with Tusk's query logger. */
    public static QueryContext of(int fetchSize, long defaultTimeoutMillis, long serverTimeoutMillis, int statementCacheSize) {
        return new QueryContext(fetchSize, defaultTimeoutMillis, serverTimeoutMillis, new StatementCacheMirror(statementCacheSize),
                LoggerFactory.getLogger("dev.tusk.query"));
    }
}
