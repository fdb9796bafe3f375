package dev.tusk.routing.internal;

import dev.tusk.ClientClosedException;
import dev.tusk.ConnectionException;
import dev.tusk.PoolExhaustedException;
import dev.tusk.ServerError;
import dev.tusk.TuskException;
import dev.tusk.config.ReadFallback;
import dev.tusk.config.ReadReplica;
import dev.tusk.config.TuskConfig;
import dev.tusk.health.HealthReport;
import dev.tusk.pool.PoolHooks;
import dev.tusk.pool.TuskPool;
import dev.tusk.routing.ReplicaState;
import dev.tusk.routing.ReplicaStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spreads read-only work round-robin over the read replicas that take reads, each through a pool of its own, and
 * keeps their state current with a background probe on virtual threads every {@code replicaCheckInterval}: one
 * statement per replica (is it a standby, what has it replayed, how old is its last replayed commit) and one on the
 * primary (its current WAL position), so that no read pays for a check.
 */
public final class ReplicaRouter implements AutoCloseable {

    /** The logger for replica state changes. */
    public static final String LOGGER = "dev.tusk.routing";

    /** What a probe asks a replica, in one round trip. */
    static final String PROBE_QUERY = "SELECT pg_is_in_recovery() AS standby, "
            + "pg_last_wal_replay_lsn()::text AS replay_lsn, "
            + "pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() AS replayed_all_received, "
            + "extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 AS commit_age_seconds, "
            + "CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END AS paused";
    /** What a probe asks the primary: where its WAL is now. */
    static final String PRIMARY_POSITION_QUERY = "SELECT pg_current_wal_lsn()::text";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final TuskConfig config;
    private final TuskPool primary;
    private final List<Replica> replicas;
    private final PrimaryPositions positions = new PrimaryPositions(1024);
    private final AtomicInteger next = new AtomicInteger();
    private final Duration probeTimeout;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private ReplicaRouter(TuskConfig config, TuskPool primary, List<Replica> replicas, Clock clock) {
        this.config = config;
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
        this.clock = clock;
        this.probeTimeout = config.acquireTimeout().compareTo(HealthReport.CHECK_TIMEOUT) < 0 ? config.acquireTimeout()
                : HealthReport.CHECK_TIMEOUT;
        // A virtual thread is a daemon: a client that is never closed cannot keep the JVM alive through it.
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("tusk-replica-probe-" + primary.name()).factory());
    }

    /**
     * Opens a pool per replica of {@code config} and probes them all once (waiting at most the probe timeout, so a
     * replica that does not answer is skipped rather than holding up the start), then every
     * {@code replicaCheckInterval} in the background; null when {@code config} lists no replica.
     */
    public static ReplicaRouter open(TuskConfig config, TuskPool primary, PoolHooks hooks) {
        if (config.readReplicas().isEmpty()) {
            return null;
        }
        List<Replica> replicas = new ArrayList<>();
        try {
            int position = 0;
            for (ReadReplica replica : config.readReplicas()) {
                position++;
                TuskConfig replicaConfig;
                try {
                    replicaConfig = config.forReplica(replica);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("readReplicas entry " + position + " of "
                            + config.readReplicas().size() + " (" + replica.address() + "): " + e.getMessage(), e);
                }
                replicas.add(new Replica(replica.address(), TuskPool.open(replicaConfig, hooks), LOG));
            }
        } catch (RuntimeException e) {
            replicas.forEach(replica -> replica.pool().close());
            throw e;
        }
        ReplicaRouter router = new ReplicaRouter(config, primary, replicas, Clock.systemUTC());
        router.probeAll(true);
        long interval = config.replicaCheckInterval().toNanos();
        router.scheduler.scheduleWithFixedDelay(() -> router.probeAll(false), interval, interval, TimeUnit.NANOSECONDS);
        return router;
    }

    /**
     * A connection to the next replica in turn that takes reads and has replayed {@code requiredLsn} (0 for any), or
     * null when the work is to run on the primary: no replica has replayed {@code requiredLsn} yet, or none takes reads
     * and {@code readFallback} is primary.
     *
     * @throws ConnectionException   when no replica takes reads and {@code readFallback} is fail; names every replica
     * @throws PoolExhaustedException when every replica that takes reads kept all its connections busy
     */
    public Connection acquire(long requiredLsn) {
        int count = replicas.size();
        int start = Math.floorMod(next.getAndIncrement(), count);
        boolean someTakeReads = false;
        PoolExhaustedException exhausted = null;
        for (int i = 0; i < count; i++) {
            Replica replica = replicas.get((start + i) % count);
            Replica.Probe probe = replica.latest();
            if (!probe.state().takesReads()) {
                continue;
            }
            someTakeReads = true;
            if (requiredLsn > 0 && probe.replayLsn() < requiredLsn) {
                continue;
            }
            try {
                return replica.pool().acquire();
            } catch (PoolExhaustedException e) {
                exhausted = e;
            } catch (ClientClosedException e) {
                throw e;
            } catch (TuskException e) {
                // Found before the next probe: no read waits on this replica again until a probe sees it answer.
                replica.update(Replica.Probe.down("no connection: " + e.getMessage(), clock.instant()));
            }
        }
        if (exhausted != null) {
            throw exhausted;
        }
        if (requiredLsn > 0 && someTakeReads) {
            return null;
        }
        if (config.readFallback() == ReadFallback.PRIMARY) {
            return null;
        }
        throw new ConnectionException("no read replica takes read-only work now, and readFallback=fail: "
                + describeAll() + "; set readFallback=primary to run such work on the primary instead", null,
                ServerError.NONE, false, false);
    }

    /** Whether a read with no position to wait for would go to a replica now. */
    public boolean someTakeReads() {
        return replicas.stream().anyMatch(replica -> replica.latest().state().takesReads());
    }

    /** Every replica as its latest probe found it, in the configured order. */
    public List<ReplicaStatus> statuses() {
        return replicas.stream().map(Replica::status).toList();
    }

    /** Every replica and why it is skipped, for messages: {@code db2:5432 LAGGING: replay lag 12.0 s ...; db3:5432 DOWN: ...}. */
    public String describeAll() {
        return String.join("; ", replicas.stream().map(Replica::describe).toList());
    }

    /** The configured fallback, for the health check's verdict. */
    public ReadFallback fallback() {
        return config.readFallback();
    }

    private void probeAll(boolean waitForAll) {
        try {
            samplePrimary();
            List<Thread> running = new ArrayList<>();
            for (Replica replica : replicas) {
                if (replica.startProbe()) {
                    running.add(Thread.ofVirtual().name("tusk-replica-probe-" + replica.address()).start(() -> {
                        try {
                            replica.update(probe(replica));
                        } finally {
                            replica.endProbe();
                        }
                    }));
                }
            }
            if (waitForAll) {
                long deadline = System.nanoTime() + probeTimeout.toNanos() * 2;
                for (Thread thread : running) {
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        thread.join(Duration.ofNanos(left));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A probe round never throws by design; should one anyway, the next round must still run.
            LOG.warn("A probe of the read replicas failed unexpectedly: {}", e.toString());
        }
    }

    private void samplePrimary() {
        long sent = System.nanoTime();
        try (Connection connection = primary.acquire(probeTimeout);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(PRIMARY_POSITION_QUERY)) {
            row.next();
            positions.record(Lsn.parse(row.getString(1)), sent);
        } catch (SQLException | RuntimeException e) {
            // Without a fresh sample, lag is judged by older samples and by the age of the last replayed commit.
            LOG.debug("Could not read the primary's WAL position for replica lag: {}", e.getMessage());
        }
    }

    private Replica.Probe probe(Replica replica) {
        Instant at = clock.instant();
        Connection connection;
        try {
            connection = replica.pool().acquire(probeTimeout);
        } catch (PoolExhaustedException e) {
            // Every connection is serving reads: it answers, so what the last probe found stands.
            return replica.latest();
        } catch (RuntimeException e) {
            return Replica.Probe.down("no connection within " + Durations.readable(probeTimeout) + ": " + e.getMessage(), at);
        }
        try (connection) {
            int previous = connection.getNetworkTimeout();
            connection.setNetworkTimeout(Runnable::run, (int) Math.max(1, probeTimeout.toMillis()));
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(PROBE_QUERY)) {
                row.next();
                if (!row.getBoolean("standby")) {
                    return new Replica.Probe(ReplicaState.NOT_STANDBY, null, -1, false, "it answers but is not a "
                            + "standby (pg_is_in_recovery() is false): promoted, or the URL names a primary, so its data "
                            + "may differ from the primary's", at, -1);
                }
                long replayLsn = Lsn.parse(row.getString("replay_lsn"));
                boolean replayedAllReceived = row.getBoolean("replayed_all_received");
                double ageSeconds = row.getDouble("commit_age_seconds");
                Duration commitAge = row.wasNull() ? null : Duration.ofNanos(Math.round(Math.max(0, ageSeconds) * 1e9));
                boolean paused = row.getBoolean("paused");
                return judge(positions.estimate(replayLsn, commitAge, replayedAllReceived, System.nanoTime()), paused,
                        replayLsn, at);
            } finally {
                if (!connection.isClosed()) {
                    connection.setNetworkTimeout(Runnable::run, previous);
                }
            }
        } catch (SQLException | RuntimeException e) {
            return Replica.Probe.down("the probe query failed: " + e.getMessage(), at);
        }
    }

    private Replica.Probe judge(PrimaryPositions.Estimate estimate, boolean paused, long replayLsn, Instant at) {
        Duration limit = config.maxReplicaLag();
        String pausedNote = paused ? "; replay is paused: SELECT pg_wal_replay_resume() on the replica resumes it" : "";
        if (!limit.isZero() && estimate.lag() == null) {
            return new Replica.Probe(ReplicaState.LAGGING, null, estimate.lagBytes(), paused, "its replay lag is unknown: "
                    + "it is behind the primary and has replayed no transaction since it started" + pausedNote, at,
                    replayLsn);
        }
        if (!limit.isZero() && estimate.lag().compareTo(limit) >= 0) {
            return new Replica.Probe(ReplicaState.LAGGING, estimate.lag(), estimate.lagBytes(), paused, "replay lag "
                    + Durations.readable(estimate.lag()) + (estimate.lagBytes() < 0 ? "" : " (" + estimate.lagBytes()
                    + " bytes of WAL)") + " is at or over maxReplicaLag " + Durations.readable(limit) + pausedNote, at,
                    replayLsn);
        }
        return new Replica.Probe(ReplicaState.UP, estimate.lag(), estimate.lagBytes(), paused, null, at, replayLsn);
    }

    /** Stops the probe and closes every replica's pool; calling it again does nothing. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(probeTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replicas.forEach(replica -> replica.pool().close());
    }
}
