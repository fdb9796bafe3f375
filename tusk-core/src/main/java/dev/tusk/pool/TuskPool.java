package dev.tusk.pool;

import dev.tusk.config.TuskConfig;
import dev.tusk.pool.internal.HikariTuskPool;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;

/**
 * A pool of connections to one PostgreSQL database: HikariCP underneath, with Tusk's warm-up, per-connection use
 * limit, exhaustion and leak accounting, lifecycle hooks and {@link PoolStats}; thread-safe, including under virtual
 * threads. See the package documentation for what HikariCP does and what Tusk adds.
 */
public interface TuskPool extends AutoCloseable {

    /** Opens a pool for {@code config} with no hooks; see {@link #open(TuskConfig, PoolHooks)}. */
    static TuskPool open(TuskConfig config) {
        return open(config, PoolHooks.NONE);
    }

    /**
     * Opens a pool for {@code config} that runs {@code hooks}. With {@code warmUp} on, returns only once
     * {@code poolMinSize} connections are open and validated, or throws a {@code ConnectionException} (or
     * {@code AuthenticationException}) naming the server and the cause, within the longer of {@code acquireTimeout}
     * and {@code connectTimeout}; with it off, returns at once and connections open in the background.
     *
     * @throws IllegalArgumentException for settings HikariCP would silently change, naming the setting
     */
    static TuskPool open(TuskConfig config, PoolHooks hooks) {
        return HikariTuskPool.open(config, hooks);
    }

    /** The pool's name, as it appears in logs and messages. */
    String name();

    /** Borrows a connection, waiting up to the configured {@code acquireTimeout}; closing it returns it. */
    Connection acquire();

    /**
     * Borrows a connection, waiting up to {@code timeout}; closing the connection returns it to the pool.
     *
     * @throws dev.tusk.PoolExhaustedException  when every connection stayed busy for {@code timeout}; carries the stats
     * @throws dev.tusk.ConnectionException     when no connection could be opened (server down, hook failed)
     * @throws dev.tusk.ClientClosedException   when the pool is closed
     */
    Connection acquire(Duration timeout);

    /**
     * Retires every connection open now: idle ones at once, lent ones as they come back; new connections are opened in
     * their place, each to the first listed server that matches {@code targetSessionAttrs}. Called when the server the
     * pool was using stopped being the one it wants (a failover); {@code reason} is logged. Repeated calls within
     * 100 ms of one that evicted do nothing, so a burst of failures from one failover evicts once. Returns whether
     * this call evicted.
     */
    boolean evictAll(String reason);

    /** A snapshot of the pool's size, use and history. */
    PoolStats stats();

    /** The pool as a standard {@link DataSource} whose connections are leases like those of {@link #acquire()}. */
    DataSource dataSource();

    /**
     * Stops lending, waits up to {@code shutdownGracePeriod} for leases to come back, then closes every connection
     * (aborting those still lent). Calling it again does nothing.
     */
    @Override
    void close();
}
