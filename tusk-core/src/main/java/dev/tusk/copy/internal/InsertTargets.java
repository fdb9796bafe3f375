package dev.tusk.copy.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tables a small {@code bulkInsert} wrote to, remembered per table name and column list as the caller wrote them,
 * so that a few rows of INSERT do not pay a catalog round trip every call. A stale entry cannot put rows in the wrong
 * place: the INSERT names the table as the caller did, so the server resolves it (search_path included), and takes
 * the encoded values as untyped text of its own column types. A cached encoder that refuses a value, or a server
 * error that a schema change explains, makes the call look the table up again and run once more.
 */
public final class InsertTargets {

    /** Tables remembered; past this the least recently used is forgotten. */
    static final int CAPACITY = 256;

    private final Map<String, CopyTarget> byTable = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CopyTarget> eldest) {
            return size() > CAPACITY;
        }
    };
    private final LongAdder lookups = new LongAdder();

    /** The remembered target for {@code table} and {@code columns}, or null. */
    synchronized CopyTarget get(String table, List<String> columns) {
        return byTable.get(key(table, columns));
    }

    synchronized void put(String table, List<String> columns, CopyTarget target) {
        byTable.put(key(table, columns), target);
    }

    synchronized void forget(String table, List<String> columns) {
        byTable.remove(key(table, columns));
    }

    /** Counts a catalog look-up made for the INSERT path. */
    void lookedUp() {
        lookups.increment();
    }

    /** Catalog look-ups the INSERT path has made: one per table and column list, unless forgotten. */
    public long lookups() {
        return lookups.sum();
    }

    private static String key(String table, List<String> columns) {
        // NUL cannot appear in a name PostgreSQL stores, so it separates the parts unambiguously.
        return table + '\0' + String.join("\0", columns);
    }
}
