package dev.tusk.query.internal;

import dev.tusk.internal.ServerSession;
import dev.tusk.trace.TuskTracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every statement of one client shares: the fetch size for cursors and the statement-cache counters.
 *
 * @param fetchSize      rows fetched per round trip when streaming
 * @param defaultTimeoutMillis the client-side statement timeout when the server cannot hold one (behind PgBouncer), else 0
 * @param serverTimeoutMillis  the {@code statement_timeout} every session starts with, or 0 for none
 * @param networkTimeoutMillis how long one socket read may wait on every connection, or 0 for ever
 * @param statementCache the mirror of PgJDBC's statement caches, for the hit rate
 * @param parameterTypes what the server said the parameters of statements are, so each is described once
 * @param insertTargets  the tables small bulk inserts wrote to, so each is looked up in the catalog once
 * @param tracer         hears every statement; {@link TuskTracer#NONE} when nobody listens
 * @param log            where query warnings go
 * @param showValues     whether error messages may quote the caller's values (the development profile only)
 * @param serverSession  whether a connection keeps its server session, or PgBouncer shares it per transaction
 */
public record QueryContext(int fetchSize, long defaultTimeoutMillis, long serverTimeoutMillis, long networkTimeoutMillis,
                           StatementCacheMirror statementCache, ParameterTypes parameterTypes,
                           dev.tusk.copy.internal.InsertTargets insertTargets, TuskTracer tracer,
                           Logger log, boolean showValues, ServerSession serverSession) {

    /** A context with Tusk's query logger. */
    public static QueryContext of(int fetchSize, long defaultTimeoutMillis, long serverTimeoutMillis,
                                  long networkTimeoutMillis, int statementCacheSize, TuskTracer tracer,
                                  boolean showValues, ServerSession serverSession) {
        return new QueryContext(fetchSize, defaultTimeoutMillis, serverTimeoutMillis, networkTimeoutMillis,
                new StatementCacheMirror(statementCacheSize), new ParameterTypes(),
                new dev.tusk.copy.internal.InsertTargets(), tracer,
                LoggerFactory.getLogger("dev.tusk.query"), showValues, serverSession);
    }
}
