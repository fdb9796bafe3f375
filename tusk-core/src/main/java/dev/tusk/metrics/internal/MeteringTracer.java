package dev.tusk.metrics.internal;

import dev.tusk.resilience.CircuitState;
import dev.tusk.trace.TuskTracer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters that must be pushed because no statistic holds them: the connection wait, each statement's duration by
 * operation, transactions, COPY, batches and breaker transitions. Every meter a successful statement can touch is
 * looked up once, here, so the hot path costs an array read and a timer record, never a registry lookup.
 */
public final class MeteringTracer implements TuskTracer {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer connectionWait;
    private final Timer[] succeeded = new Timer[Operations.NAMES.length];
    private final ConcurrentMap<String, Timer> failed = new ConcurrentHashMap<>();
    private final Timer committed;
    private final ConcurrentMap<String, Timer> rolledBack = new ConcurrentHashMap<>();
    private final Counter copyRowsIn;
    private final Counter copyRowsOut;
    private final Counter copyBytesIn;
    private final Counter copyBytesOut;
    private final ConcurrentMap<String, Timer> copies = new ConcurrentHashMap<>();
    private final Timer batches;
    private final Counter batchItems;
    private final Counter batchErrors;
    private final ConcurrentMap<String, Counter> transitions = new ConcurrentHashMap<>();

    /** A tracer registering its meters in {@code registry}, each tagged {@code pool=pool}. */
    public MeteringTracer(MeterRegistry registry, String pool) {
        this.registry = registry;
        this.tags = Tags.of("pool", pool);
        this.connectionWait = Timer.builder("db.client.connections.wait_time")
                .description("Time callers waited for a pooled connection").tags(tags).register(registry);
        for (int i = 0; i < succeeded.length; i++) {
            succeeded[i] = operationTimer(Operations.NAMES[i], "success", "none");
        }
        this.committed = transactionTimer("commit", "none");
        this.copyRowsIn = copyCounter("tusk.copy.rows", "rows", "in");
        this.copyRowsOut = copyCounter("tusk.copy.rows", "rows", "out");
        this.copyBytesIn = copyCounter("tusk.copy.bytes", "bytes", "in");
        this.copyBytesOut = copyCounter("tusk.copy.bytes", "bytes", "out");
        this.batches = Timer.builder("tusk.batch.duration").description("How long executeBatch and processItems calls took")
                .tags(tags).register(registry);
        this.batchItems = Counter.builder("tusk.batch.items").description("Items given to batches").tags(tags)
                .register(registry);
        this.batchErrors = Counter.builder("tusk.batch.errors").description("Batch items left without effect")
                .tags(tags).register(registry);
    }

    private Timer operationTimer(String operation, String outcome, String errorType) {
        return Timer.builder("db.client.operation.duration").description("Duration of database client operations")
                .tags(tags).tag("db.system.name", "postgresql").tag("db.operation.name", operation)
                .tag("outcome", outcome).tag("error.type", errorType).register(registry);
    }

    private Timer transactionTimer(String outcome, String errorType) {
        return Timer.builder("tusk.transaction.duration").description("Transactions, re-runs included, by outcome")
                .tags(tags).tag("outcome", outcome).tag("error.type", errorType).register(registry);
    }

    private Counter copyCounter(String name, String unit, String direction) {
        return Counter.builder(name).description("COPY " + unit + " moved, by direction").baseUnit(unit).tags(tags)
                .tag("direction", direction).register(registry);
    }

    /** The failure's class, never its message: messages can carry values, classes are few. */
    private static String errorType(Throwable failure) {
        return failure == null ? "none" : failure.getClass().getSimpleName();
    }

    @Override
    public void statementSucceeded(String sql, Object context, long rows, long nanos) {
        succeeded[Operations.indexOf(sql)].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void statementFailed(String sql, Object context, Throwable failure, long nanos) {
        String operation = Operations.NAMES[Operations.indexOf(sql)];
        String errorType = errorType(failure);
        failed.computeIfAbsent(operation + ' ' + errorType, key -> operationTimer(operation, "failure", errorType))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void connectionAcquired(long waitNanos) {
        connectionWait.record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void transactionCommitted(Object context, long nanos) {
        committed.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void transactionRolledBack(Object context, Throwable failure, long nanos) {
        String errorType = errorType(failure);
        rolledBack.computeIfAbsent(errorType, key -> transactionTimer("rollback", errorType))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void breakerStateChanged(CircuitState from, CircuitState to) {
        transitions.computeIfAbsent(from + ">" + to, key -> Counter.builder("tusk.breaker.transitions")
                .description("Circuit-breaker state changes").tags(tags)
                .tag("from", from.name().toLowerCase(Locale.ROOT)).tag("to", to.name().toLowerCase(Locale.ROOT))
                .register(registry)).increment();
    }

    @Override
    public void copyFinished(String target, boolean in, long rows, long bytes, long nanos, Throwable failure) {
        // The target is left out of the tags: a query has none, and tables would multiply the series.
        (in ? copyRowsIn : copyRowsOut).increment(rows);
        (in ? copyBytesIn : copyBytesOut).increment(bytes);
        String direction = in ? "in" : "out";
        String errorType = errorType(failure);
        copies.computeIfAbsent(direction + ' ' + errorType, key -> Timer.builder("tusk.copy.duration")
                .description("COPY calls by direction and outcome").tags(tags).tag("direction", direction)
                .tag("outcome", failure == null ? "success" : "failure").tag("error.type", errorType)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batchFinished(long items, long failedItems, long nanos) {
        batches.record(nanos, TimeUnit.NANOSECONDS);
        batchItems.increment(items);
        batchErrors.increment(failedItems);
    }
}
