package dev.tusk.testing.replication;

import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A primary {@link ManagedPostgres} with one hot-standby replica (or more, {@link Builder#replicas(int)}) streaming
 * from it, each through a physical replication slot of its own, for tests of read routing and failover.
 *
 * <p>The replica is cloned from a file copy taken between {@code pg_backup_start} and {@code pg_backup_stop}, because
 * the embedded binaries ship without {@code pg_basebackup}.
 */
public final class ReplicatedPostgres implements AutoCloseable {

    /** How long {@link Builder#start()} waits for the replica to stream and replay a marker row. */
    public static final Duration DEFAULT_REPLICATION_TIMEOUT = Duration.ofSeconds(60);
    /** The {@code application_name} the replica streams under, as seen in {@code pg_stat_replication}. */
    public static final String REPLICA_APPLICATION_NAME = "replica";
    /** The physical replication slot on the primary that keeps WAL until the replica has it. */
    public static final String SLOT_NAME = "tusk_replica";

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedPostgres.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final ManagedPostgres primary;
    private final ManagedPostgres replica;
    private final java.util.List<ManagedPostgres> replicas;
    private volatile boolean promoted;

    private ReplicatedPostgres(ManagedPostgres primary, java.util.List<ManagedPostgres> replicas) {
        this.primary = primary;
        this.replica = replicas.get(0);
        this.replicas = java.util.List.copyOf(replicas);
    }

    /** A builder for a primary and replica of the default version. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a primary and a streaming replica of the default version; returns once replication is confirmed. */
    public static ReplicatedPostgres start() {
        return builder().start();
    }

    /** The primary, which accepts writes. */
    public ManagedPostgres primary() {
        return primary;
    }

    /** The replica: a read-only hot standby until {@link #promote()}, then a primary of its own. */
    public ManagedPostgres replica() {
        return replica;
    }

    /** Every replica, the first being {@link #replica()}. */
    public java.util.List<ManagedPostgres> replicas() {
        return replicas;
    }

    /** Whether {@link #promote()} has turned the replica into a primary. */
    public boolean isPromoted() {
        return promoted;
    }

    /** Waits until the replica has replayed all WAL the primary had written when this was called. */
    public void awaitReplicaCaughtUp(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (promoted) {
            throw new IllegalStateException("the replica on port " + replica.port()
                    + " was promoted and no longer follows the primary on port " + primary.port());
        }
        for (ManagedPostgres each : replicas) {
            awaitCaughtUp(each, timeout);
        }
    }

    /** Waits until {@code standby}, one of {@link #replicas()}, has replayed all WAL the primary had written when this was called. */
    public void awaitCaughtUp(ManagedPostgres standby, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        String primaryLsn = primary.queryString("SELECT pg_current_wal_lsn()");
        awaitOrFail(timeout, "the replica on port " + standby.port() + " to replay up to the primary's LSN " + primaryLsn,
                () -> "t".equals(standby.queryString(
                        "SELECT coalesce(pg_last_wal_replay_lsn() >= '" + primaryLsn + "'::pg_lsn, false)")));
    }

    /**
     * Stops the primary the way a crash does ({@code pg_ctl stop -m immediate}): no checkpoint, every session cut.
     * The replica keeps its data and waits for a primary, until {@link #promote()}.
     */
    public void crashPrimary() {
        primary.crash();
    }

    /**
     * Makes the running primary refuse writes from now on, as a fencing step of a failover does: every session,
     * those already open included, gets SQLSTATE 25006 for a write once it has read the reloaded configuration.
     */
    public void fencePrimary() {
        primary.execute("ALTER SYSTEM SET default_transaction_read_only = on");
        primary.execute("SELECT pg_reload_conf()");
        // pg_reload_conf() only signals the postmaster: a new session reading "on" shows it has reloaded, and it
        // signals every other session as it does; a short pause lets those signals land before the caller goes on.
        awaitOrFail(Duration.ofSeconds(30), "the primary to reload default_transaction_read_only = on",
                () -> "on".equals(primary.queryString("SHOW default_transaction_read_only")));
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fencing the primary", e);
        }
    }

    /** Promotes the replica to a primary that accepts writes, and returns it; the old primary keeps running. */
    public synchronized ManagedPostgres promote() {
        if (promoted) {
            throw new IllegalStateException("the replica on port " + replica.port() + " was already promoted");
        }
        replica.promote();
        promoted = true;
        return replica;
    }

    /** Stops and removes the replicas, then the primary. */
    @Override
    public void close() {
        try {
            for (ManagedPostgres each : replicas) {
                each.close();
            }
        } finally {
            primary.close();
        }
    }

    @Override
    public String toString() {
        return "ReplicatedPostgres[primary " + primary.host() + ":" + primary.port() + ", replica " + replica.host() + ":"
                + replica.port() + (promoted ? " (promoted)" : "") + (replicas.size() > 1 ? ", and "
                + (replicas.size() - 1) + " more replica(s) on ports " + replicas.subList(1, replicas.size()).stream()
                .map(each -> String.valueOf(each.port())).toList() : "") + "]";
    }

    private void confirmStreaming(Duration timeout) {
        for (int i = 0; i < replicas.size(); i++) {
            String name = applicationName(i);
            awaitOrFail(timeout, "pg_stat_replication on the primary to show " + name + " streaming",
                    () -> "streaming".equals(primary.queryString("SELECT state FROM pg_stat_replication WHERE "
                            + "application_name = '" + name + "'")));
        }
        // Streaming alone does not prove replay: a row written now must show up on the replica.
        String marker = UUID.randomUUID().toString();
        primary.execute("CREATE TABLE tusk_replication_marker (token text)");
        try {
            primary.execute("INSERT INTO tusk_replication_marker VALUES ('" + marker + "')");
            for (ManagedPostgres each : replicas) {
                awaitOrFail(timeout, "marker row " + marker + " to appear on the replica on port " + each.port(),
                        () -> "1".equals(each.queryString("SELECT count(*) FROM pg_class WHERE relname = 'tusk_replication_marker'"))
                                && marker.equals(each.queryString("SELECT token FROM tusk_replication_marker")));
            }
        } finally {
            // Tests expect the default database to be empty on both sides.
            primary.execute("DROP TABLE IF EXISTS tusk_replication_marker");
        }
        awaitReplicaCaughtUp(timeout);
    }

    private void awaitOrFail(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what + " (" + this
                        + ")\nLast lines of the replica's log " + replica.logFile() + ":\n" + replica.logTail(30));
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The {@code application_name} replica {@code index} (from 0) streams under; the first is {@link #REPLICA_APPLICATION_NAME}. */
    static String applicationName(int index) {
        return index == 0 ? REPLICA_APPLICATION_NAME : REPLICA_APPLICATION_NAME + (index + 1);
    }

    /** The replication slot replica {@code index} (from 0) streams through; the first is {@link #SLOT_NAME}. */
    static String slotName(int index) {
        return index == 0 ? SLOT_NAME : SLOT_NAME + "_" + (index + 1);
    }

    /** Chooses the version and replication timeout of a {@link ReplicatedPostgres}. */
    public static final class Builder {
        private int version = ManagedPostgres.DEFAULT_VERSION;
        private Duration replicationTimeout = DEFAULT_REPLICATION_TIMEOUT;
        private boolean synchronous;
        private int replicaCount = 1;

        private Builder() {
        }

        /** How many replicas stream from the primary: 1 (the default) to 3, each cloned from the primary on its own. */
        public Builder replicas(int count) {
            if (count < 1 || count > 3) {
                throw new IllegalArgumentException("replicas must be from 1 to 3, but was " + count);
            }
            this.replicaCount = count;
            return this;
        }

        /** The major version both servers run: 16, 17 or 18. */
        public Builder version(int majorVersion) {
            // Validate now, with the harness's own message, rather than after the primary has started.
            ManagedPostgres.builder().version(majorVersion);
            this.version = majorVersion;
            return this;
        }

        /** How long {@link #start()} waits for the replica to stream and replay; must be positive. */
        public Builder replicationTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("replicationTimeout must be positive, but was " + timeout);
            }
            this.replicationTimeout = timeout;
            return this;
        }

        /**
         * Whether the primary waits for the replica to flush each commit before acknowledging it
         * ({@code synchronous_standby_names} naming the replica, {@code synchronous_commit = on}), so that no
         * acknowledged commit is missing on the replica when it is promoted. Off by default (asynchronous).
         */
        public Builder synchronous(boolean value) {
            this.synchronous = value;
            return this;
        }

        /** Starts the primary, clones and starts the replica, and returns once a row written on the primary is read on the replica. */
        public ReplicatedPostgres start() {
            ManagedPostgres primary = ManagedPostgres.builder().version(version).label("primary").start();
            java.util.List<ManagedPostgres> replicas = new java.util.ArrayList<>();
            try {
                requireReplicationTrust(primary);
                for (int i = 0; i < replicaCount; i++) {
                    replicas.add(startReplica(primary, i));
                }
                ReplicatedPostgres pair = new ReplicatedPostgres(primary, replicas);
                pair.confirmStreaming(replicationTimeout);
                if (synchronous) {
                    // Set after the base backup, so that the replica, once promoted, does not wait for a standby itself.
                    primary.execute("ALTER SYSTEM SET synchronous_standby_names = '" + REPLICA_APPLICATION_NAME + "'");
                    primary.execute("SELECT pg_reload_conf()");
                    pair.awaitOrFail(replicationTimeout, "pg_stat_replication to show " + REPLICA_APPLICATION_NAME
                            + " as a synchronous standby", () -> "sync".equals(primary.queryString(
                            "SELECT sync_state FROM pg_stat_replication WHERE application_name = '"
                                    + REPLICA_APPLICATION_NAME + "'")));
                }
                for (ManagedPostgres replica : replicas) {
                    LOG.info("Replica on port {} streams from primary on port {}", replica.port(), primary.port());
                }
                return pair;
            } catch (RuntimeException e) {
                for (ManagedPostgres replica : replicas) {
                    replica.close();
                }
                primary.close();
                throw e;
            }
        }

        private ManagedPostgres startReplica(ManagedPostgres primary, int index) {
            String slot = slotName(index);
            // Reserving WAL now keeps every segment from the backup's start until the replica has streamed it.
            primary.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
            return ManagedPostgres.builder().version(version).label(index == 0 ? "replica" : "replica" + (index + 1))
                    .populateDataDirectory(data -> BaseBackup.copy(primary, data, "tusk-" + applicationName(index)))
                    .customizeDataDirectory(Builder::markStandby)
                    .setting("primary_conninfo", "'host=" + primary.host() + " port=" + primary.port() + " user="
                            + primary.superuser() + " application_name=" + applicationName(index) + "'")
                    .setting("primary_slot_name", "'" + slot + "'")
                    .setting("hot_standby", "on")
                    .start();
        }

        private static void requireReplicationTrust(PostgresServer primary) {
            String rules = primary.queryString("SELECT count(*) FROM pg_hba_file_rules WHERE type = 'host' "
                    + "AND 'replication' = ANY(database) AND address = '127.0.0.1' AND auth_method = 'trust'");
            if ("0".equals(rules)) {
                throw new IllegalStateException("pg_hba.conf of " + primary + " has " + rules
                        + " rules trusting replication connections from 127.0.0.1, but the replica needs one");
            }
        }

        private static void markStandby(Path data) {
            try {
                Files.createFile(data.resolve("standby.signal"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not create standby.signal in " + data, e);
            }
        }
    }
}
