package dev.tusk.pool.internal;

import dev.tusk.pool.PotentialLeak;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One lease: the connection a caller holds between {@code acquire} and {@code close}. Wraps HikariCP's proxy so
 * that closing it runs Tusk's release path (hooks, use count, leak and exhaustion accounting) exactly once.
 */
final class LeasedConnection extends DelegatingConnection {

    static final int OUT = 0;
    static final int REPORTED = 1;
    static final int RETURNED = 2;
    private static final AtomicIntegerFieldUpdater<LeasedConnection> STATE =
            AtomicIntegerFieldUpdater.newUpdater(LeasedConnection.class, "state");

    private final HikariTuskPool pool;
    private final PhysicalConnection physical;
    private final long takenNanos;
    private final Thread taker;
    private final Throwable site;
    private volatile int state = OUT;
    private volatile PotentialLeak report;

    LeasedConnection(Connection hikariProxy, PhysicalConnection physical, HikariTuskPool pool, long takenNanos,
                     Throwable site) {
        super(hikariProxy);
        this.pool = pool;
        this.physical = physical;
        this.takenNanos = takenNanos;
        this.taker = Thread.currentThread();
        this.site = site;
    }

    Connection hikariProxy() {
        return delegate;
    }

    PhysicalConnection physical() {
        return physical;
    }

    long takenNanos() {
        return takenNanos;
    }

    Thread taker() {
        return taker;
    }

    Throwable site() {
        return site;
    }

    boolean isOut() {
        return state == OUT;
    }

    PotentialLeak report() {
        return report;
    }

    /** Records {@code leak} and marks the lease reported, unless it has been returned meanwhile. */
    boolean markReported(PotentialLeak leak) {
        report = leak;
        return STATE.compareAndSet(this, OUT, REPORTED);
    }

    @Override
    public void close() {
        int previous = STATE.getAndSet(this, RETURNED);
        if (previous != RETURNED) {
            pool.release(this, previous == REPORTED);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return state == RETURNED || delegate.isClosed();
    }

    @Override
    public String toString() {
        return "lease of " + pool.name() + " connection " + physical.hashCode();
    }
}
