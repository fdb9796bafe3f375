package dev.tusk.query.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server said the parameters of a statement are, remembered per SQL text and Java types of the parameters, so
 * that a statement is described once per client rather than once per call. Only parameters whose PostgreSQL type Java
 * cannot tell (a String, a Json, an InetAddress, an enum, an array without elements) are described; a stale entry
 * costs little, since they are bound untyped and the server reads them by its own type.
 */
public final class ParameterTypes {

    /** Statements remembered; past this the least recently used is forgotten. */
    static final int CAPACITY = 1_000;
    /** What a failed describe leaves: nothing known, so every parameter binds by its Java type. */
    static final String[] NOT_DESCRIBED = new String[0];

    private final Map<String, String[]> byStatement = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
            return size() > CAPACITY;
        }
    };
    private final LongAdder describes = new LongAdder();

    /** The parameter type names described for {@code key}, {@link #NOT_DESCRIBED}, or null if never described. */
    synchronized String[] get(String key) {
        return byStatement.get(key);
    }

    synchronized void put(String key, String[] typeNames) {
        byStatement.put(key, typeNames);
    }

    synchronized void forget(String key) {
        byStatement.remove(key);
    }

    /** Counts a describe round trip. */
    void described() {
        describes.increment();
    }

    /** Describe round trips so far: one per statement text and parameter shape, unless forgotten. */
    public long describes() {
        return describes.sum();
    }
}
