package dev.tusk.metrics.internal;

import dev.tusk.metrics.SlowStatement;
import dev.tusk.metrics.StatementStat;
import dev.tusk.metrics.StatementStats;
import dev.tusk.trace.TuskTracer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tracer behind {@code TuskClient.statementStats()}: calls, errors, rows and times per normalised statement, for
 * at most {@code capacity} statements. When a new statement finds it full, the least-called twentieth is evicted at
 * once, as {@code pg_stat_statements} does, so eviction's scan is paid rarely. Lock-free on the hot path; a call
 * racing an eviction of its own statement may go uncounted.
 */
public final class StatementStatistics implements TuskTracer {

    /** The most statements tracked by default. */
    public static final int DEFAULT_CAPACITY = 1_000;

    private final NormalizedSqlCache normalizer;
    private final int capacity;
    private final ConcurrentHashMap<String, Entry> byFingerprint = new ConcurrentHashMap<>();
    private final LongAdder evicted = new LongAdder();
    private final Object admission = new Object();

    /** One statement's running figures. */
    private static final class Entry {
        final NormalizedSql sql;
        final LongAdder calls = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder rows = new LongAdder();
        final LongAdder totalNanos = new LongAdder();
        final AtomicLong maxNanos = new AtomicLong();
        final LogHistogram times = new LogHistogram();

        Entry(NormalizedSql sql) {
            this.sql = sql;
        }

        void record(long rowCount, long nanos, boolean failed) {
            calls.increment();
            if (failed) {
                errors.increment();
            }
            if (rowCount > 0) {
                rows.add(rowCount);
            }
            totalNanos.add(nanos);
            times.record(nanos);
            long max = maxNanos.get();
            while (nanos > max && !maxNanos.compareAndSet(max, nanos)) {
                max = maxNanos.get();
            }
        }

        StatementStat snapshot() {
            long callCount = calls.sum();
            long total = totalNanos.sum();
            long max = maxNanos.get();
            return new StatementStat(sql.fingerprint(), sql.sql(), sql.operation(), callCount, errors.sum(),
                    rows.sum(), Duration.ofNanos(total), Duration.ofNanos(callCount == 0 ? 0 : total / callCount),
                    Duration.ofNanos(max), Duration.ofNanos(Math.min(max, times.percentile(0.95))));
        }
    }

    /** Statistics for at most {@code capacity} statements. */
    public StatementStatistics(NormalizedSqlCache normalizer, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be 1 or more, but was " + capacity);
        }
        this.normalizer = normalizer;
        this.capacity = capacity;
    }

    @Override
    public void statementSucceeded(String sql, Object context, long rows, long nanos) {
        entry(sql).record(rows, nanos, false);
    }

    @Override
    public void statementFailed(String sql, Object context, Throwable failure, long nanos) {
        entry(sql).record(0, nanos, true);
    }

    private Entry entry(String sql) {
        NormalizedSql normalized = normalizer.normalize(sql);
        Entry entry = byFingerprint.get(normalized.fingerprint());
        if (entry != null) {
            return entry;
        }
        synchronized (admission) {
            entry = byFingerprint.get(normalized.fingerprint());
            if (entry == null) {
                if (byFingerprint.size() >= capacity) {
                    evictLeastCalled();
                }
                entry = new Entry(normalized);
                byFingerprint.put(normalized.fingerprint(), entry);
            }
            return entry;
        }
    }

    private void evictLeastCalled() {
        List<Entry> entries = new ArrayList<>(byFingerprint.values());
        entries.sort(Comparator.comparingLong(entry -> entry.calls.sum()));
        int victims = Math.max(1, capacity / 20);
        for (int i = 0; i < victims && i < entries.size(); i++) {
            byFingerprint.remove(entries.get(i).sql.fingerprint());
            evicted.increment();
        }
    }

    /** A snapshot of every statement tracked, by total time, largest first, with the slow log's figures. */
    public StatementStats snapshot(long slowStatements, List<SlowStatement> recentSlow) {
        List<StatementStat> statements = new ArrayList<>(byFingerprint.size());
        for (Entry entry : byFingerprint.values()) {
            statements.add(entry.snapshot());
        }
        statements.sort(Comparator.comparing(StatementStat::totalTime).reversed()
                .thenComparing(StatementStat::fingerprint));
        return new StatementStats(statements, evicted.sum(), slowStatements, recentSlow);
    }
}
