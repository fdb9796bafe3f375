package dev.tusk.failover;

import dev.tusk.CommitOutcomeUnknownException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TargetSessionAttrs;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.replication.ReplicatedPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A COMMIT whose acknowledgement is lost when the primary crashes, resolved after the replica is promoted: the new
 * primary is another history (a new WAL timeline), so Tusk reports the outcome as unknown rather than guess.
 */
class CommitAcrossFailoverTest {

    @Test
    void shouldReportUnknownForACommitThatNeverReachedTheReplica() throws Exception {
        try (ReplicatedPostgres cluster = ReplicatedPostgres.builder().synchronous(true).start()) {
            ManagedPostgres primary = cluster.primary();
            ManagedPostgres replica = cluster.replica();
            primary.execute(WriteWorkload.TABLE_DDL);
            cluster.awaitReplicaCaughtUp(Duration.ofSeconds(30));
            // The replica stops streaming: the primary writes the commit record, then waits for a standby forever.
            replica.execute("ALTER SYSTEM SET primary_conninfo = ''");
            replica.execute("SELECT pg_reload_conf()");
            awaitValue(primary, "SELECT count(*) FROM pg_stat_replication", "0");

            CommitOutcomeUnknownException unknown = loseCommitInFailover(cluster, "never-replicated", "");

            assertThat(unknown.getMessage()).contains("promoted since (WAL timeline 00000001 became 00000002)")
                    .contains("has never seen that transaction id");
            assertThat(replica.queryString("SELECT count(*) FROM failover_writes")).isEqualTo("0");
        }
    }

    @Test
    void shouldReportUnknownEvenWhenThePromotedReplicaHasTheTransactionCommitted() throws Exception {
        try (ReplicatedPostgres cluster = ReplicatedPostgres.builder().synchronous(true).start()) {
            ManagedPostgres primary = cluster.primary();
            ManagedPostgres replica = cluster.replica();
            primary.execute(WriteWorkload.TABLE_DDL);
            cluster.awaitReplicaCaughtUp(Duration.ofSeconds(30));
            // With remote_apply the COMMIT waits until the replica has replayed it: paused replay holds it there,
            // with the commit record already on the replica.
            replica.execute("SELECT pg_wal_replay_pause()");

            CommitOutcomeUnknownException unknown = loseCommitInFailover(cluster, "replicated",
                    "-c synchronous_commit=remote_apply");

            assertThat(unknown.getMessage()).contains("promoted since").contains("reports the id as committed");
            assertThat(replica.queryString("SELECT count(*) FROM failover_writes")).isEqualTo("1");
        }
    }

    /**
     * Writes one row in a transaction whose COMMIT the primary holds (waiting for its synchronous standby), crashes
     * the primary, promotes the replica, and returns what the caller was told.
     */
    private static CommitOutcomeUnknownException loseCommitInFailover(ReplicatedPostgres cluster, String key,
                                                                      String options) throws Exception {
        ManagedPostgres primary = cluster.primary();
        ManagedPostgres replica = cluster.replica();
        String applicationName = "commit-" + key;
        TuskConfig config = TuskConfig.builder()
                .url("postgresql://" + primary.superuser() + "@" + primary.host() + ":" + primary.port() + ","
                        + replica.host() + ":" + replica.port() + "/" + primary.defaultDatabase())
                .targetSessionAttrs(TargetSessionAttrs.READ_WRITE).applicationName(applicationName)
                .options(options.isEmpty() ? null : options).poolMinSize(1).poolMaxSize(2).build();
        try (TuskClient client = Tusk.connect(config)) {
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> client.inTransaction(tx ->
                    tx.execute("INSERT INTO failover_writes (key, worker) VALUES (?, 0)", key)));
            awaitValue(primary, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + applicationName
                    + "' AND wait_event = 'SyncRep'", "1");

            cluster.crashPrimary();
            cluster.promote();

            Exception failure = catchThrowableOfType(Exception.class, () -> call.get(60, TimeUnit.SECONDS));
            assertThat(failure).as("what the caller was told").isNotNull();
            assertThat(failure.getCause()).isInstanceOf(CommitOutcomeUnknownException.class);
            assertThat(client.resilienceStats().commitOutcomesUnknown()).isEqualTo(1);
            return (CommitOutcomeUnknownException) failure.getCause();
        }
    }

    private static void awaitValue(ManagedPostgres server, String sql, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = server.queryString(sql);
        while (!expected.equals(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sql + " returned " + last + " for 30 s, never " + expected);
            }
            Thread.sleep(20);
            last = server.queryString(sql);
        }
    }
}
