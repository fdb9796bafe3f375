package dev.tusk.pool.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts physical connections opened and closed, and sorts each closing into a {@link Retirement} reason.
 *
 * <p>HikariCP decides most closings itself and tells no one why, so the reason is inferred from what Tusk observes
 * (see {@link #classify}). Tusk's own retirements (max uses, failed hooks) are exact; the rest are an approximation
 * that is right whenever the reasons do not overlap, e.g. an old connection closed for idleness counts as lifetime.
 */
final class ConnectionLedger {

    /**
     * HikariCP 7.1 retires each connection at a random moment in the last quarter of its maxLifetime (it subtracts
     * a variance of up to maxLifetime / 4, its default {@code lifeTimeVarianceFactor}, when maxLifetime is over 10s),
     * so that connections opened together do not all close together.
     */
    static final long LIFETIME_VARIANCE_DIVISOR = 4;

    private final long maxLifetimeNanos;
    private final long idleTimeoutNanos;
    private final Set<PhysicalConnection> open = ConcurrentHashMap.newKeySet();
    private final LongAdder created = new LongAdder();
    private final LongAdder lifetime = new LongAdder();
    private final LongAdder maxUses = new LongAdder();
    private final LongAdder broken = new LongAdder();
    private final LongAdder idle = new LongAdder();
    private volatile boolean shuttingDown;
    private Runnable openedListener = () -> { };
    private volatile Observer observer;
    private long openedCount;

    /** The pool's own view of connections opening and closing, for retirement ahead of time. */
    interface Observer {
        /** {@code connection} opened, before HikariCP adds it to its pool. */
        void opened(PhysicalConnection connection);

        /** {@code connection} is closing, for any reason. */
        void closed(PhysicalConnection connection);
    }

    /** Tells {@code watcher} of every connection that opens or closes from now on. */
    void observe(Observer watcher) {
        observer = watcher;
    }

    ConnectionLedger(Duration maxLifetime, Duration idleTimeout) {
        this.maxLifetimeNanos = maxLifetime.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    void opened(PhysicalConnection connection) {
        open.add(connection);
        created.increment();
        Runnable listener;
        synchronized (this) {
            openedCount++;
            listener = openedListener;
        }
        listener.run();
        Observer watcher = observer;
        if (watcher != null) {
            watcher.opened(connection);
        }
    }

    /**
     * Runs {@code listener} each time a new connection opens, e.g. to tell a circuit breaker the server is back;
     * returns how many connections opened before, which the listener will not hear about (a warm-up's).
     */
    synchronized long whenOpened(Runnable listener) {
        openedListener = listener;
        return openedCount;
    }

    /** The connections open now; a live view, changed only when connections open or close, which is rare. */
    Collection<PhysicalConnection> openConnections() {
        return Collections.unmodifiableSet(open);
    }

    void shutDown() {
        shuttingDown = true;
    }

    void closed(PhysicalConnection connection, long nowNanos) {
        open.remove(connection);
        Observer watcher = observer;
        if (watcher != null) {
            watcher.closed(connection);
        }
        Retirement reason = classify(connection.retirement(), shuttingDown, connection.failedValidation(),
                connection.isLeased(), nowNanos - connection.createdNanos(), nowNanos - connection.lastReleasedNanos(),
                maxLifetimeNanos, idleTimeoutNanos);
        switch (reason) {
            case LIFETIME -> lifetime.increment();
            case MAX_USES -> maxUses.increment();
            case BROKEN -> broken.increment();
            case IDLE -> idle.increment();
            case SHUTDOWN -> {
                // Closing the pool is not a retirement.
            }
        }
    }

    /**
     * The reason a connection closed: Tusk's own mark if it set one; nothing during shutdown; broken if it ever failed
     * validation (HikariCP's alive check at borrow and its keep-alive probe both validate through Tusk's wrapper);
     * lifetime if it was old enough for HikariCP's lifetime timer; idle if it sat unused for the idle timeout; and
     * otherwise broken, which is what HikariCP's remaining closings are (a fatal SQLSTATE in use, a failed setup).
     */
    static Retirement classify(Retirement marked, boolean shuttingDown, boolean failedValidation, boolean leased,
                               long ageNanos, long idleNanos, long maxLifetimeNanos, long idleTimeoutNanos) {
        if (marked != null) {
            return marked;
        }
        if (shuttingDown) {
            return Retirement.SHUTDOWN;
        }
        if (failedValidation) {
            return Retirement.BROKEN;
        }
        if (maxLifetimeNanos > 0 && ageNanos >= maxLifetimeNanos - maxLifetimeNanos / LIFETIME_VARIANCE_DIVISOR) {
            return Retirement.LIFETIME;
        }
        if (idleTimeoutNanos > 0 && !leased && idleNanos >= idleTimeoutNanos) {
            return Retirement.IDLE;
        }
        return Retirement.BROKEN;
    }

    long created() {
        return created.sum();
    }

    long retiredLifetime() {
        return lifetime.sum();
    }

    long retiredMaxUses() {
        return maxUses.sum();
    }

    long retiredBroken() {
        return broken.sum();
    }

    long retiredIdle() {
        return idle.sum();
    }
}
