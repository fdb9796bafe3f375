package dev.tusk.metrics;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.metrics.internal.ClientMeters;
import dev.tusk.metrics.internal.MeteringTracer;
import dev.tusk.metrics.internal.StatementFeed;
import dev.tusk.metrics.internal.StatementMeters;
import dev.tusk.pool.PoolHooks;
import dev.tusk.trace.TuskTracer;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Objects;

/**
 * Tusk's meters in a Micrometer registry, in two halves: {@link #bind} registers meters read from the client's own
 * statistics when the registry is scraped (nothing on the hot path), and {@link #tracer} returns the tracer that
 * records what no statistic holds (connection waits, statement durations by operation, transactions, COPY, batches,
 * breaker transitions). Micrometer is an optional dependency: only this class and {@code dev.tusk.metrics.internal}
 * refer to it, and a client that never touches them runs without Micrometer on the classpath. Every meter is tagged
 * {@code pool} with the client's {@code applicationName}. With {@code metricsEnabled=false} both halves register
 * nothing and the tracer is {@link TuskTracer#NONE}, so a disabled client pays nothing. See docs/OBSERVABILITY.md.
 */
public final class TuskMetrics {

    /** How many statements, by total time, get meters tagged with their fingerprint. */
    public static final int TOP_STATEMENTS = 10;

    private TuskMetrics() {
    }

    /** Opens a client for {@code config} with {@code hooks}, its tracer recording into and its stats bound to {@code registry}. */
    public static TuskClient connect(TuskConfig config, PoolHooks hooks, MeterRegistry registry) {
        TuskClient client = Tusk.connect(config, hooks, tracer(config, registry));
        bind(client, registry);
        return client;
    }

    /** The tracer recording the pushed meters of a client opened with {@code config}; combine with {@link TuskTracer#of}. */
    public static TuskTracer tracer(TuskConfig config, MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        return config.metricsEnabled() ? new MeteringTracer(registry, config.applicationName()) : TuskTracer.NONE;
    }

    /** Registers the meters read from {@code client}'s pool, resilience and statement statistics in {@code registry}. */
    public static void bind(TuskClient client, MeterRegistry registry) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(registry, "registry");
        if (!client.config().metricsEnabled()) {
            return;
        }
        String pool = client.config().applicationName();
        ClientMeters.bind(client, registry, pool);
        StatementMeters.bind(statementFeed(client), registry, pool, TOP_STATEMENTS);
    }

    /** The client's statement statistics, read at scrape time. */
    private static StatementFeed statementFeed(TuskClient client) {
        return new StatementFeed() {
            @Override
            public long slowStatements() {
                return client.statementStats().slowStatements();
            }

            @Override
            public long evictedStatements() {
                return client.statementStats().evictedStatements();
            }

            @Override
            public List<Statement> top(int n) {
                return client.statementStats().top(n).stream()
                        .map(stat -> new Statement(stat.fingerprint(), stat.operation(), stat.calls(), stat.errors(),
                                stat.rows(), stat.totalTime().toNanos()))
                        .toList();
            }
        };
    }
}
