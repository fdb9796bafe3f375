/**
 * Connection pooling: {@link dev.tusk.pool.TuskPool}, its {@link dev.tusk.pool.PoolStats} snapshot, and the
 * {@link dev.tusk.pool.PoolHooks} user code runs through.
 *
 * <h2>What HikariCP 7.1 does underneath</h2>
 * Lending and returning connections (its lock-free bag; since 7.x a virtual thread handing a connection to a waiter
 * parks for 10µs between tries instead of yield-spinning on its carrier), minimum and
 * maximum size, the acquire timeout ({@code connectionTimeout}), maximum lifetime, idle timeout, keep-alive probing
 * ({@code keepaliveTime}), the alive check of a connection idle for over 500ms before it is lent, eviction of a
 * connection that raised a fatal SQLSTATE, and opening replacements in the background.
 * <ul>
 *   <li><b>Lifetime jitter.</b> HikariCP retires each connection at a random moment between 75% and 100% of
 *   {@code maxLifetime} (it subtracts up to a quarter, its default {@code lifeTimeVarianceFactor} of 4, when the
 *   lifetime is over 10s), so connections opened together do not close together. Tusk adds no jitter of its own.</li>
 *   <li><b>Keep-alive.</b> Every idle connection is validated every {@code keepaliveInterval}, less up to 20% jitter;
 *   one that fails is closed and counted as broken. HikariCP needs at least 30s and less than {@code maxLifetime}.</li>
 *   <li><b>Idle timeout</b> applies only above the minimum size, is checked every 30s, and needs at least 10s.</li>
 * </ul>
 * Settings HikariCP would silently raise or disable are refused when the pool opens, naming the setting.
 *
 * <h2>What Tusk adds</h2>
 * <ul>
 *   <li><b>Maximum statements per connection</b> ({@code maxQueriesPerConnection}, asyncpg's {@code max_queries}):
 *   every statement prepared or created on a connection counts, over all its leases, so a transaction of twenty
 *   statements counts twenty. Each connection's own limit is the setting less a random 0 to 10%, drawn when it opens,
 *   so that connections opened together retire apart. At 98% of it the pool raises HikariCP's maximum and minimum-idle
 *   by one spare slot and HikariCP opens the replacement in the background (the pool holds one connection over
 *   {@code poolMaxSize} until the old one closes). The count is checked when a lease is returned, so a lease that
 *   passes the limit keeps its connection to the end; the connection is closed then if its replacement is open or
 *   another connection is idle (one such retiree at a time), otherwise lent on until the replacement is open, so that no borrower waits for a
 *   connect because of a retirement. Each Tusk call prepares its statement once, so the
 *   count is the statements Tusk ran; a {@code dataSource()} borrower that executes one {@code PreparedStatement}
 *   many times, or a JDBC batch, counts once, and COPY is not counted.</li>
 *   <li><b>Warm-up</b>: opening returns once {@code poolMinSize} connections are open and validated
 *   ({@code isValid}), or fails with a {@code ConnectionException} naming {@code host:port/database} and the cause.</li>
 *   <li><b>Exhaustion episodes</b>: when a caller waited longer than 100ms (or a tenth of {@code acquireTimeout} if
 *   shorter) for its connection an episode begins; it ends at a return that leaves no caller waiting. High utilisation
 *   alone begins none: a pool sized to its busy workers lends every connection all the time, and is healthy. Each episode is counted and given to the listener; the warning is logged once per
 *   episode, and at most once per 10s so that a pool crossing its threshold all the time cannot flood the log.</li>
 *   <li><b>Leak detection</b>: a lease held past {@code leakDetectionThreshold} is counted, logged at WARN with the
 *   stack of the code that took it, and logged again at INFO when it comes back. One sweep per pool finds such
 *   leases every quarter of the threshold (between 10ms and 5s) instead of a timer per lease, so a leak is reported
 *   up to that much after the threshold passes. Stacks are captured only while detection is on, and cost 1 to 5µs per
 *   acquire depending on the depth of the caller's stack.</li>
 *   <li><b>Clean returns</b>: a lease given back inside a transaction (open, or failed by an error) is rolled back
 *   before the connection is lent again, counted in {@code cleanReturnRollbacks} and logged; a clean return costs no
 *   round trip, as PgJDBC tracks the transaction state. With {@code resetOnReturn} (and not behind PgBouncer) every
 *   return also runs {@code DISCARD ALL}. See docs/resilience-pool.md for what session state survives a return.</li>
 *   <li><b>Fail fast</b>: a failure to connect that waiting cannot fix (wrong password, missing role or database,
 *   refused TLS, a host name that does not resolve, a refused connection before the pool ever connected) reaches the
 *   callers waiting for a connection, and warm-up, within about 100ms of the attempt, instead of when their acquire
 *   timeout runs out; acquires wait inside HikariCP in 100ms slices to look for it.</li>
 *   <li><b>Hooks</b>: {@code afterConnect}, {@code beforeAcquire}, {@code afterRelease}, as pgx's AfterConnect,
 *   PrepareConn and AfterRelease; see {@link dev.tusk.pool.PoolHooks} for their order and failure rules.</li>
 *   <li><b>Acquire failures told apart</b>: an acquire that times out while every connection was busy throws
 *   {@code PoolExhaustedException} carrying the snapshot; one that times out because connections could not be opened
 *   throws the connection failure ({@code ConnectionException}, {@code AuthenticationException}), never exhaustion.</li>
 *   <li><b>Statistics</b>: acquire-time p50/p99 come from a ring buffer of the 2,048 most recent acquires (exact
 *   percentiles of recent behaviour, not a lifetime histogram). Retirements by reason are exact for Tusk's own
 *   (max uses, failed hooks) and inferred for HikariCP's (which does not say why it closed a connection): broken if
 *   it failed validation, lifetime if it was in the last quarter of its lifetime, idle if it sat unlent for the idle
 *   timeout, broken otherwise. An old connection closed for idleness therefore counts as lifetime.</li>
 * </ul>
 */
package dev.tusk.pool;
