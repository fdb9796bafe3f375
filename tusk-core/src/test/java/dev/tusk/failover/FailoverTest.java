package dev.tusk.failover;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TargetSessionAttrs;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.PoolHooks;
import dev.tusk.pool.internal.HikariTuskPool;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.replication.ReplicatedPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multi-host client across a real primary and streaming replica: a crash of the primary and a promotion under a
 * concurrent write workload, and a fenced primary that answers writes with 25006.
 */
class FailoverTest {

    /** A generous bound for a shared 2-core machine; the real figures are printed and kept in HIGH-AVAILABILITY.md. */
    private static final Duration FIRST_WRITE_BOUND = Duration.ofSeconds(5);

    @Test
    void shouldMoveWritesToThePromotedReplicaLosingNoAcknowledgedWriteAndApplyingNoneTwice() throws Exception {
        PromotionRound round = PromotionRound.run("failover-crash");
        System.out.println("[FailoverTest] crash + promotion: " + round.summary());

        assertThat(round.audit().violations()).as(round.summary()).isEmpty();
        assertThat(round.fromPromoteRequestMillis()).as(round.summary())
                .isBetween(0.0, (double) FIRST_WRITE_BOUND.toMillis());
        assertThat(round.audit().acked()).as("writes acknowledged in the whole round").isGreaterThan(10);
    }

    @Test
    void shouldRetireConnectionsToAFencedPrimaryOnAReadOnlyErrorOrReportAndWriteOnThePromotedReplica()
            throws Exception {
        try (ReplicatedPostgres cluster = ReplicatedPostgres.start()) {
            ManagedPostgres primary = cluster.primary();
            ManagedPostgres replica = cluster.replica();
            primary.execute(WriteWorkload.TABLE_DDL);
            String refused = "failover-fenced-25006";
            String reported = "failover-fenced-report";
            // Fences the primary between a borrow and the statement, so that the statement is the first the session
            // runs after the reload (refused with 25006), then promotes the replica a moment later, as an HA manager does.
            AtomicBoolean fenceAtNextBorrow = new AtomicBoolean();
            AtomicReference<Thread> promotion = new AtomicReference<>();
            PoolHooks fencing = PoolHooks.NONE.withBeforeAcquire(connection -> {
                if (fenceAtNextBorrow.getAndSet(false)) {
                    cluster.fencePrimary();
                    promotion.set(Thread.ofVirtual().start(() -> {
                        sleep(Duration.ofMillis(300));
                        cluster.promote();
                    }));
                }
            });
            // The standby is listed first: read-write must pass over it.
            try (TuskClient writer = Tusk.connect(config(cluster, refused, TargetSessionAttrs.READ_WRITE, true), fencing);
                 TuskClient reader = Tusk.connect(config(cluster, reported, TargetSessionAttrs.READ_WRITE, true)
                         .toBuilder().poolMinSize(1).poolMaxSize(1).build())) {
                writer.execute("INSERT INTO failover_writes (key, worker) VALUES ('before', 0)");
                cluster.awaitReplicaCaughtUp(Duration.ofSeconds(30));
                assertThat(sessions(primary, refused)).isGreaterThanOrEqualTo(2);
                assertThat(sessions(primary, reported)).isEqualTo(1);
                assertThat(sessions(replica, refused)).isZero();

                fenceAtNextBorrow.set(true);
                long written = writer.execute("INSERT INTO failover_writes (key, worker) VALUES ('refused-once', 0)");
                promotion.get().join();
                // The reader's one connection, idle past HikariCP's 500 ms, is validated at its next borrow: the
                // session applies the reload and reports default_transaction_read_only = on before any write.
                sleep(Duration.ofMillis(600));
                reader.execute("INSERT INTO failover_writes (key, worker) VALUES ('reported', 0)");

                assertThat(written).isEqualTo(1);
                assertThat(replica.queryString("SELECT string_agg(key, ',' ORDER BY key) FROM failover_writes"))
                        .isEqualTo("before,refused-once,reported");
                assertThat(primary.queryString("SELECT string_agg(key, ',' ORDER BY key) FROM failover_writes"))
                        .isEqualTo("before");
                assertThat(writer.dataSource().unwrap(HikariTuskPool.class).evictions()).isEqualTo(1);
                assertThat(writer.resilienceStats().statementRetries()).as("the one-liner refused with 25006, run again")
                        .isEqualTo(1);
                assertThat(reader.dataSource().unwrap(HikariTuskPool.class).evictions()).isEqualTo(1);
                assertThat(reader.resilienceStats().statementRetries()).as("found at borrow, before any write").isZero();
                // Idle connections close at the eviction, lent ones as they come back: none to the old primary stays.
                assertThat(sessions(primary, refused)).isZero();
                assertThat(sessions(primary, reported)).isZero();
                assertThat(sessions(replica, refused)).isPositive();
            }
        }
    }

    static TuskConfig config(ReplicatedPostgres cluster, String applicationName, TargetSessionAttrs attrs,
                             boolean replicaFirst) {
        ManagedPostgres primary = cluster.primary();
        ManagedPostgres replica = cluster.replica();
        String primaryAddress = primary.host() + ":" + primary.port();
        String replicaAddress = replica.host() + ":" + replica.port();
        return TuskConfig.builder()
                .url("postgresql://" + primary.superuser() + "@" + (replicaFirst ? replicaAddress + "," + primaryAddress
                        : primaryAddress + "," + replicaAddress) + "/" + primary.defaultDatabase())
                .targetSessionAttrs(attrs).applicationName(applicationName).poolMinSize(2).poolMaxSize(4)
                .retryDelay(Duration.ofMillis(20)).build();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int sessions(ManagedPostgres server, String applicationName) {
        return Integer.parseInt(server.queryString("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + applicationName + "'"));
    }
}
