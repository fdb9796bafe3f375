package dev.tusk.security.internal;

import dev.tusk.config.TuskConfig;
import dev.tusk.pool.TuskPool;
import dev.tusk.security.AuditLog;
import dev.tusk.trace.TuskTracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The audit log behind {@code client.audit()}: callers only {@code offer} to a bounded queue; one flusher on a virtual
 * thread drains it in batches, logs each event, and inserts the batch with a pooled connection. When the write fails
 * (server down, table locked past the write timeout) the batch is kept and tried again later, while the queue keeps
 * taking events until it is full and then drops and counts them.
 */
public final class AsyncAuditLog implements AuditLog, AutoCloseable {

    static final int BATCH_SIZE = 500;
    static final int RETENTION_CHUNK = 1000;
    static final int RETENTION_CHUNKS_PER_ROUND = 100;
    static final Duration IDLE_WAIT = Duration.ofMillis(100);
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RETENTION_PERIOD = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final BlockingQueue<AuditEvent> queue;
    private final TuskPool pool;
    private final AuditTable table;
    private final Duration retention;
    private final Duration closeTimeout;
    private final Clock clock;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong writtenRows = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong failedWriteAttempts = new AtomicLong();
    private final TuskTracer tracer;
    private final Thread flusher;
    private volatile boolean closed;
    private boolean tableReady;
    private Instant nextCleanup = Instant.MIN;

    private AsyncAuditLog(TuskConfig config, TuskPool pool, Clock clock) {
        this.queue = new ArrayBlockingQueue<>(config.auditQueueCapacity());
        this.pool = config.auditEnabled() ? pool : null;
        this.table = new AuditTable(config.auditSchema(), config.auditTable(), config.applicationName(), WRITE_TIMEOUT);
        this.retention = config.auditRetention();
        this.closeTimeout = config.shutdownGracePeriod();
        this.clock = clock;
        this.tracer = new AuditTracer(this, config.user());
        this.flusher = Thread.ofVirtual().name("tusk-audit-" + pool.name()).unstarted(this::run);
    }

    /** Starts the audit log of a client with {@code config}, writing to its table with {@code pool}'s connections. */
    public static AsyncAuditLog start(TuskConfig config, TuskPool pool) {
        AsyncAuditLog audit = new AsyncAuditLog(config, pool, Clock.systemUTC());
        audit.flusher.start();
        return audit;
    }

    /** Records that the pool opened a new connection to {@code database} on {@code host}, as {@code principal}. */
    public void connectionOpened(String principal, String host, String database) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("host", host);
        details.put("database", database);
        record("connection.opened", principal, true, details);
    }

    /** The tracer that records connection failures, authentication failures and breaker changes. */
    public TuskTracer tracer() {
        return tracer;
    }

    @Override
    public void record(String type, String principal, boolean success, Map<String, String> details) {
        AuditText.checkType(type);
        AuditText.checkStorable("principal", principal);
        // Copied so a caller changing its map afterwards cannot change what is written; nulls are kept as JSON null.
        Map<String, String> copy = details == null ? Map.of() : new LinkedHashMap<>(details);
        int index = 0;
        for (Map.Entry<String, String> detail : copy.entrySet()) {
            if (detail.getKey() == null) {
                throw new IllegalArgumentException("details key " + (index + 1) + " is null");
            }
            AuditText.checkStorable("details key " + (index + 1), detail.getKey());
            AuditText.checkStorable("details value of key " + (index + 1), detail.getValue());
            index++;
        }
        if (closed || !queue.offer(new AuditEvent(clock.instant(), type, principal, success, copy))) {
            droppedEvents.incrementAndGet();
            return;
        }
        accepted.incrementAndGet();
    }

    @Override
    public long dropped() {
        return droppedEvents.get();
    }

    @Override
    public long written() {
        return writtenRows.get();
    }

    @Override
    public long pending() {
        return accepted.get() - done.get();
    }

    @Override
    public long queued() {
        return accepted.get();
    }

    @Override
    public long failedWrites() {
        return failedWriteAttempts.get();
    }

    @Override
    public boolean flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (done.get() < target) {
            if (System.nanoTime() - deadline >= 0 || !flusher.isAlive()) {
                return done.get() >= target;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    /** Stops taking events, writes what is queued in one last attempt bounded by the shutdown grace period, and stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!flusher.join(closeTimeout.plus(IDLE_WAIT))) {
                flusher.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = pending();
        if (left > 0) {
            LOG.warn("audit log closed with {} events not written to {}", left, table.qualifiedName());
        }
    }

    private void run() {
        List<AuditEvent> batch = new ArrayList<>();
        try {
            while (!closed || !queue.isEmpty() || !batch.isEmpty()) {
                if (batch.isEmpty()) {
                    AuditEvent first = queue.poll(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, BATCH_SIZE - 1);
                        batch.forEach(AsyncAuditLog::log);
                    }
                }
                boolean ok = write(batch);
                if (ok) {
                    batch.clear();
                    cleanUpIfDue();
                } else if (closed) {
                    return;
                } else {
                    Thread.sleep(RETRY_DELAY);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void log(AuditEvent event) {
        if (event.success()) {
            LOG.info(event.logLine());
        } else {
            LOG.warn(event.logLine());
        }
    }

    private boolean write(List<AuditEvent> batch) {
        if (pool == null) {
            done.addAndGet(batch.size());
            return true;
        }
        if (batch.isEmpty() && tableReady) {
            return true;
        }
        try (Connection connection = pool.acquire()) {
            if (!tableReady) {
                table.create(connection);
                tableReady = true;
            }
            if (!batch.isEmpty()) {
                table.insert(connection, batch);
                writtenRows.addAndGet(batch.size());
                done.addAndGet(batch.size());
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            failedWriteAttempts.incrementAndGet();
            // The error's class only: a driver message can echo connection details.
            LOG.debug("audit write to {} failed ({}); retrying in {}", table.qualifiedName(),
                    e.getClass().getSimpleName(), RETRY_DELAY);
            return false;
        }
    }

    private void cleanUpIfDue() {
        if (pool == null || retention.isZero() || clock.instant().isBefore(nextCleanup)) {
            return;
        }
        nextCleanup = clock.instant().plus(RETENTION_PERIOD);
        try (Connection connection = pool.acquire()) {
            // Bounded chunks, so one cleanup never holds many row locks or one long transaction.
            for (int round = 0; round < RETENTION_CHUNKS_PER_ROUND && !closed; round++) {
                if (table.deleteOlderThan(connection, retention, RETENTION_CHUNK) < RETENTION_CHUNK) {
                    return;
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("audit retention cleanup of {} failed ({})", table.qualifiedName(), e.getClass().getSimpleName());
        }
    }
}
