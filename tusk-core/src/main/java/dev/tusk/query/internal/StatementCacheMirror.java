package dev.tusk.query.internal;

import dev.tusk.query.StatementCacheStats;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts hits of PgJDBC's per-connection statement cache by keeping, for each physical connection, an LRU of the SQL
 * it ran with the same capacity as the driver's cache. PgJDBC exposes no counters of its own; the mirror matches the
 * driver's LRU by entry count (its additional size-in-MiB limit only matters for very large statements).
 */
public final class StatementCacheMirror {

    private final int capacity;
    private final Map<PGConnection, Lru> perConnection = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** A mirror of caches holding {@code capacity} statements each; 0 means the cache is off and every lookup misses. */
    public StatementCacheMirror(int capacity) {
        this.capacity = capacity;
    }

    /** Records that {@code sql} is about to run on {@code connection}. */
    public void record(Connection connection, String sql) throws SQLException {
        if (capacity == 0) {
            misses.increment();
            return;
        }
        PGConnection physical = connection.unwrap(PGConnection.class);
        Lru cache = perConnection.get(physical);
        if (cache == null) {
            cache = new Lru(capacity);
            perConnection.put(physical, cache);
            forgetClosedConnections();
        }
        // A connection is used by one thread at a time, so its own LRU needs no lock.
        if (cache.use(sql)) {
            hits.increment();
        } else {
            misses.increment();
        }
    }

    /** The hits and misses so far. */
    public StatementCacheStats stats() {
        return new StatementCacheStats(hits.sum(), misses.sum());
    }

    /** One connection's statements, least recently used first, as the driver's cache holds them. */
    private static final class Lru extends LinkedHashMap<String, Boolean> {
        private final int capacity;
        // The statement run last: running it again is a hit that leaves the order as it is, so the map is not touched.
        private String last;

        Lru(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        /** Marks {@code sql} used now; returns whether it was cached already. */
        boolean use(String sql) {
            if (sql == last) {
                return true;
            }
            last = sql;
            return put(sql, Boolean.TRUE) != null;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
        }
    }

    private void forgetClosedConnections() {
        perConnection.keySet().removeIf(connection -> {
            try {
                return ((Connection) connection).isClosed();
            } catch (SQLException | ClassCastException e) {
                return true;
            }
        });
    }
}
