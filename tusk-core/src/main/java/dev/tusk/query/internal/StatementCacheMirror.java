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
    private final Map<PGConnection, Map<String, Boolean>> perConnection = new ConcurrentHashMap<>();
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
        Map<String, Boolean> cache = perConnection.get(physical);
        if (cache == null) {
            cache = newLru();
            perConnection.put(physical, cache);
            forgetClosedConnections();
        }
        // A connection is used by one thread at a time, so its own LRU needs no lock.
        if (cache.put(sql, Boolean.TRUE) != null) {
            hits.increment();
        } else {
            misses.increment();
        }
    }

    /** The hits and misses so far. */
    public StatementCacheStats stats() {
        return new StatementCacheStats(hits.sum(), misses.sum());
    }

    private Map<String, Boolean> newLru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
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
