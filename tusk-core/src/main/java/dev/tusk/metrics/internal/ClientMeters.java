package dev.tusk.metrics.internal;

import dev.tusk.TuskClient;
import dev.tusk.pool.PoolStats;
import dev.tusk.resilience.CircuitState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The meters read from the client's own statistics when the registry is scraped: pool gauges and counters, the
 * resilience counters and the breaker's state. Nothing here runs on the client's hot path. The meters hold the client
 * weakly, as Micrometer's do, so binding does not keep a closed and dropped client alive.
 */
public final class ClientMeters {

    private final Tags tags;

    private ClientMeters(String pool) {
        this.tags = Tags.of("pool", pool);
    }

    /** Registers the pull-based meters of {@code client} in {@code registry}, tagged {@code pool=pool}. */
    public static void bind(TuskClient client, MeterRegistry registry, String pool) {
        new ClientMeters(pool).register(client, registry);
    }

    /** A fresh snapshot per meter read: scrapes are seconds apart, and a cached one would lag what it reports. */
    private static PoolStats stats(TuskClient client) {
        return client.poolStats();
    }

    private void register(TuskClient client, MeterRegistry registry) {
        gauge(registry, client, "db.client.connections.usage", "Connections in use or idle", "state", "used",
                stats -> stats.active());
        gauge(registry, client, "db.client.connections.usage", "Connections in use or idle", "state", "idle",
                stats -> stats.idle());
        gauge(registry, client, "db.client.connections.max", "The most connections the pool may open", null, null,
                stats -> stats.maximum());
        gauge(registry, client, "db.client.connections.pending_requests", "Callers waiting for a connection", null,
                null, stats -> stats.waiting());
        counter(registry, client, "db.client.connections.timeouts", "Callers whose wait for a connection ran out",
                null, null, stats -> stats.acquireTimeouts());
        counter(registry, client, "tusk.connections.created", "Connections opened", null, null,
                stats -> stats.created());
        counter(registry, client, "tusk.connections.retired", "Connections closed, by reason", "reason", "lifetime",
                stats -> stats.retiredLifetime());
        counter(registry, client, "tusk.connections.retired", "Connections closed, by reason", "reason", "max_uses",
                stats -> stats.retiredMaxUses());
        counter(registry, client, "tusk.connections.retired", "Connections closed, by reason", "reason", "broken",
                stats -> stats.retiredBroken());
        counter(registry, client, "tusk.connections.retired", "Connections closed, by reason", "reason", "idle",
                stats -> stats.retiredIdle());
        counter(registry, client, "tusk.connections.potential_leaks", "Leases held past the leak threshold", null,
                null, stats -> stats.potentialLeaks());
        counter(registry, client, "tusk.pool.exhaustion_episodes", "Times callers began waiting over the exhaustion wait threshold",
                null, null, stats -> stats.exhaustionEpisodes());
        counter(registry, client, "tusk.pool.clean_return_rollbacks",
                "Connections given back inside a transaction and rolled back by the pool", null, null,
                stats -> stats.cleanReturnRollbacks());
        counter(registry, client, "tusk.statements", "Statements run (every one-liner and statement in a transaction)",
                null, null, stats -> stats.queries());
        counter(registry, client, "tusk.transactions", "Transactions begun (a re-run is not counted again)", null,
                null, stats -> stats.transactions());
        counter(registry, client, "tusk.errors", "Statements and transactions that failed", null, null,
                stats -> stats.errors());
        resilience(registry, client, "tusk.statement.retries", "One-liners tried again after a safe-to-retry failure",
                c -> c.resilienceStats().statementRetries());
        resilience(registry, client, "tusk.transaction.reruns", "Transactions whose callback ran again",
                c -> c.resilienceStats().transactionReruns());
        resilience(registry, client, "tusk.commits.resolved", "COMMITs whose lost acknowledgement was resolved",
                c -> c.resilienceStats().commitsResolved());
        resilience(registry, client, "tusk.commits.unknown", "COMMITs whose outcome could not be learned in time",
                c -> c.resilienceStats().commitOutcomesUnknown());
        resilience(registry, client, "tusk.breaker.opened", "Times the circuit breaker opened",
                c -> c.circuitBreaker().timesOpened());
        audit(registry, client);
        for (CircuitState state : CircuitState.values()) {
            // One series per state, 1 for the current one: the shape Resilience4j's own Micrometer binding uses.
            Gauge.builder("tusk.breaker.state", client, c -> c.circuitBreaker().state() == state ? 1 : 0)
                    .description("1 for the circuit breaker's current state, else 0").tags(tags)
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    /** The audit log's counters: events by outcome, failed table writes, and what is still waiting to be written. */
    private void audit(MeterRegistry registry, TuskClient client) {
        String events = "Audit events, by outcome: queued (taken), written (to the audit table), dropped (queue full)";
        FunctionCounter.builder("tusk.audit.events", client, c -> c.audit().queued()).description(events).tags(tags)
                .tag("outcome", "queued").register(registry);
        FunctionCounter.builder("tusk.audit.events", client, c -> c.audit().written()).description(events).tags(tags)
                .tag("outcome", "written").register(registry);
        FunctionCounter.builder("tusk.audit.events", client, c -> c.audit().dropped()).description(events).tags(tags)
                .tag("outcome", "dropped").register(registry);
        FunctionCounter.builder("tusk.audit.write.failures", client, c -> c.audit().failedWrites())
                .description("Attempts to write a batch to the audit table that failed").tags(tags).register(registry);
        Gauge.builder("tusk.audit.pending", client, c -> c.audit().pending())
                .description("Audit events queued but not written yet").tags(tags).register(registry);
    }

    private void gauge(MeterRegistry registry, TuskClient client, String name, String description, String tagKey,
                       String tagValue, ToDoubleFunction<PoolStats> value) {
        Gauge.Builder<TuskClient> builder = Gauge.builder(name, client, c -> value.applyAsDouble(stats(c)))
                .description(description).tags(tags);
        if (tagKey != null) {
            builder.tag(tagKey, tagValue);
        }
        builder.register(registry);
    }

    private void counter(MeterRegistry registry, TuskClient client, String name, String description, String tagKey,
                         String tagValue, ToDoubleFunction<PoolStats> value) {
        FunctionCounter.Builder<TuskClient> builder = FunctionCounter.builder(name, client,
                c -> value.applyAsDouble(stats(c))).description(description).tags(tags);
        if (tagKey != null) {
            builder.tag(tagKey, tagValue);
        }
        builder.register(registry);
    }

    private void resilience(MeterRegistry registry, TuskClient client, String name, String description,
                            ToDoubleFunction<TuskClient> value) {
        FunctionCounter.builder(name, client, value).description(description).tags(tags).register(registry);
    }
}
