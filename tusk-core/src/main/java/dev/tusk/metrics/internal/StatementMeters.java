package dev.tusk.metrics.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Statement meters with bounded cardinality: the slow and evicted counters, and per-fingerprint meters for the top
 * {@code n} statements by total time only. The top set is re-read when the {@code tusk.statements.tracked} gauge is
 * scraped, at most once a second; a statement leaving it has its meters removed, so at most {@code n} fingerprints
 * exist at any time.
 */
public final class StatementMeters {

    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final StatementFeed feed;
    private final MeterRegistry registry;
    private final Tags tags;
    private final int top;
    private final Map<String, List<Meter>> tracked = new HashMap<>();
    private volatile Map<String, StatementFeed.Statement> latest = Map.of();
    private long refreshedAt;
    private boolean refreshed;

    private StatementMeters(StatementFeed feed, MeterRegistry registry, String pool, int top) {
        this.feed = feed;
        this.registry = registry;
        this.tags = Tags.of("pool", pool);
        this.top = top;
    }

    /** Registers the statement meters of {@code feed}, the top {@code top} by fingerprint. */
    public static void bind(StatementFeed feed, MeterRegistry registry, String pool, int top) {
        StatementMeters meters = new StatementMeters(feed, registry, pool, top);
        FunctionCounter.builder("tusk.statements.slow", feed, StatementFeed::slowStatements)
                .description("Statements slower than the slow-query threshold").tags(meters.tags).register(registry);
        FunctionCounter.builder("tusk.statements.evicted", feed, StatementFeed::evictedStatements)
                .description("Statements dropped from the statistics to bound memory").tags(meters.tags)
                .register(registry);
        Gauge.builder("tusk.statements.tracked", meters, StatementMeters::refresh).strongReference(true)
                .description("Statements with meters of their own (the top N by total time)").tags(meters.tags)
                .register(registry);
    }

    /** Re-reads the top statements when a second has passed, adding and removing their meters; returns how many. */
    synchronized double refresh() {
        long now = System.nanoTime();
        if (refreshed && now - refreshedAt < REFRESH_NANOS) {
            return tracked.size();
        }
        refreshed = true;
        refreshedAt = now;
        Map<String, StatementFeed.Statement> current = new HashMap<>();
        for (StatementFeed.Statement statement : feed.top(top)) {
            current.put(statement.fingerprint(), statement);
        }
        latest = current;
        tracked.entrySet().removeIf(entry -> {
            if (current.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().forEach(registry::remove);
            return true;
        });
        for (StatementFeed.Statement statement : current.values()) {
            tracked.computeIfAbsent(statement.fingerprint(), fingerprint -> register(statement));
        }
        return tracked.size();
    }

    private List<Meter> register(StatementFeed.Statement statement) {
        String fingerprint = statement.fingerprint();
        Tags statementTags = tags.and("db.system.name", "postgresql", "db.operation.name", statement.operation(),
                "fingerprint", fingerprint);
        List<Meter> meters = new ArrayList<>(3);
        meters.add(FunctionTimer.builder("tusk.statement.duration", this, m -> m.of(fingerprint).calls(),
                        m -> m.of(fingerprint).totalNanos(), TimeUnit.NANOSECONDS)
                .description("Calls and total time of one of the top statements").tags(statementTags)
                .register(registry));
        meters.add(FunctionCounter.builder("tusk.statement.errors", this, m -> m.of(fingerprint).errors())
                .description("Failures of one of the top statements").tags(statementTags).register(registry));
        meters.add(FunctionCounter.builder("tusk.statement.rows", this, m -> m.of(fingerprint).rows())
                .description("Rows returned or touched by one of the top statements").tags(statementTags)
                .register(registry));
        return meters;
    }

    private StatementFeed.Statement of(String fingerprint) {
        StatementFeed.Statement statement = latest.get(fingerprint);
        return statement != null ? statement : new StatementFeed.Statement(fingerprint, "OTHER", 0, 0, 0, 0);
    }
}
