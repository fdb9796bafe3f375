package dev.tusk.tx;

import dev.tusk.CommitOutcomeUnknownException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.proxy.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * COMMITs whose acknowledgement is lost, produced for real: the server waits at COMMIT for a synchronous standby that
 * does not exist (so the commit record is written but not yet acknowledged) and then the connection goes.
 */
class CommitOutcomeTest {

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() throws Exception {
        // Sessions commit locally unless they ask for synchronous commit, which then waits for this missing standby.
        server = ManagedPostgres.builder().label("commit-outcome")
                .setting("synchronous_standby_names", "'phantom'")
                .setting("synchronous_commit", "local").start();
        server.execute("CREATE TABLE IF NOT EXISTS ledger (entry uuid, amount int)");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void emptyLedger() throws Exception {
        if (!server.isRunning()) {
            server.start();
        }
        server.execute("TRUNCATE ledger");
    }

    private static TuskConfig config(String url) {
        return TuskConfig.fromUrl(url).toBuilder().applicationName("commit-outcome").poolMaxSize(4)
                .retryDelay(Duration.ofMillis(10)).retryMaxDelay(Duration.ofMillis(100))
                .retryDeadline(Duration.ofSeconds(10)).build();
    }

    private static String url() {
        return server.url(server.defaultDatabase());
    }

    /** Once a COMMIT of this test's client waits for the missing standby (its commit record written), runs {@code action}. */
    private static CompletableFuture<Void> whenACommitWaits(ThrowingRunnable action) {
        return CompletableFuture.runAsync(() -> {
            try (Connection admin = server.connect(server.defaultDatabase()); Statement statement = admin.createStatement()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline) {
                    try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_stat_activity "
                            + "WHERE application_name = 'commit-outcome' AND wait_event = 'SyncRep'")) {
                        if (rows.next()) {
                            action.run();
                            return;
                        }
                    }
                    Thread.sleep(20);
                }
                throw new IllegalStateException("no COMMIT waited for the standby within 10 s");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** An action that may throw. */
    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void shouldReturnTheResultWhenTheServerCommittedButTheAcknowledgementWasLost() throws Exception {
        try (TuskClient client = Tusk.connect(config(url()))) {
            UUID entry = UUID.randomUUID();
            AtomicInteger runs = new AtomicInteger();
            CompletableFuture<Void> killer = whenACommitWaits(() -> server.terminateBackends("commit-outcome"));
            String result = client.inTransaction(tx -> {
                runs.incrementAndGet();
                tx.execute("SET LOCAL synchronous_commit = on");
                tx.execute("INSERT INTO ledger VALUES (?, 10)", entry);
                return "moved";
            });
            killer.get(10, TimeUnit.SECONDS);
            assertThat(result).isEqualTo("moved");
            assertThat(runs.get()).as("a committed transaction is never run again").isEqualTo(1);
            assertThat(client.queryValue("SELECT count(*) FROM ledger WHERE entry = ?", Long.class, entry)).isEqualTo(1L);
        }
    }

    @Test
    void shouldEndTheOrphanedBackendWhenTheNetworkDropsDuringCommit() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(server.host(), server.port());
             TuskClient client = Tusk.connect(config(url().replace(":" + server.port() + "/", ":" + proxy.port() + "/")))) {
            UUID entry = UUID.randomUUID();
            AtomicInteger runs = new AtomicInteger();
            // The client's sockets are reset; the backend, still waiting at COMMIT, knows nothing of it.
            CompletableFuture<Void> cut = whenACommitWaits(proxy::resetAll);
            String result = client.inTransaction(tx -> {
                runs.incrementAndGet();
                tx.execute("SET LOCAL synchronous_commit = on");
                tx.execute("INSERT INTO ledger VALUES (?, 20)", entry);
                return "kept";
            });
            cut.get(10, TimeUnit.SECONDS);
            assertThat(result).isEqualTo("kept");
            assertThat(runs.get()).isEqualTo(1);
            assertThat(client.queryValue("SELECT count(*) FROM ledger WHERE entry = ?", Long.class, entry)).isEqualTo(1L);
        }
    }

    @Test
    void shouldRunAgainWhenTheServerSaysTheLostCommitAborted() throws Exception {
        server.execute("""
                CREATE OR REPLACE FUNCTION end_self_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF current_setting('tusk.end_at_commit', true) = 'on' THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                  END IF;
                  RETURN NULL;
                END $$""");
        server.execute("DROP TRIGGER IF EXISTS end_self ON ledger");
        server.execute("CREATE CONSTRAINT TRIGGER end_self AFTER INSERT ON ledger DEFERRABLE INITIALLY DEFERRED "
                + "FOR EACH ROW EXECUTE FUNCTION end_self_at_commit()");
        try (TuskClient client = Tusk.connect(config(url()))) {
            UUID entry = UUID.randomUUID();
            AtomicInteger runs = new AtomicInteger();
            int result = client.inTransaction(tx -> {
                if (runs.incrementAndGet() == 1) {
                    // The deferred trigger ends the backend while COMMIT runs, before the commit record is written.
                    tx.execute("SET LOCAL tusk.end_at_commit = 'on'");
                }
                tx.execute("INSERT INTO ledger VALUES (?, 30)", entry);
                return runs.get();
            });
            assertThat(result).isEqualTo(2);
            assertThat(client.queryValue("SELECT count(*) FROM ledger WHERE entry = ?", Long.class, entry)).isEqualTo(1L);
        } finally {
            server.execute("DROP TRIGGER IF EXISTS end_self ON ledger");
        }
    }

    @Test
    void shouldReportAnUnknownOutcomeWithTheTransactionIdWhenTheServerStaysAway() throws Exception {
        TuskConfig config = config(url()).toBuilder().retryDeadline(Duration.ofSeconds(2))
                .acquireTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).build();
        UUID entry = UUID.randomUUID();
        long transactionId;
        try (TuskClient client = Tusk.connect(config)) {
            CompletableFuture<Void> stop = whenACommitWaits(server::stop);
            long started = System.nanoTime();
            CommitOutcomeUnknownException unknown = (CommitOutcomeUnknownException) org.assertj.core.api.Assertions
                    .catchThrowable(() -> client.inTransaction(tx -> {
                        tx.execute("SET LOCAL synchronous_commit = on");
                        return tx.execute("INSERT INTO ledger VALUES (?, 40)", entry);
                    }));
            stop.get(20, TimeUnit.SECONDS);
            assertThat(unknown).isNotNull();
            assertThat(unknown.mayHaveReachedServer()).isTrue();
            assertThat(unknown.isTransient()).isFalse();
            assertThat(unknown.transactionId()).isPositive();
            assertThat(unknown).hasMessageContaining("pg_xact_status('" + unknown.transactionId() + "'::xid8)");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            transactionId = unknown.transactionId();
        }
        server.start();
        // The commit record was written before the wait for the standby, so the transaction did commit.
        try (TuskClient client = Tusk.connect(config(url()))) {
            assertThat(client.queryValue("SELECT pg_xact_status(?::xid8)", String.class, Long.toString(transactionId)))
                    .isEqualTo("committed");
            assertThat(client.queryValue("SELECT count(*) FROM ledger WHERE entry = ?", Long.class, entry)).isEqualTo(1L);
        }
    }

    @Test
    void shouldNotTrustACommittedStatusAfterTheServerCrashedAndRestarted() throws Exception {
        TuskConfig config = config(url()).toBuilder().retryDeadline(Duration.ofSeconds(20)).build();
        UUID entry = UUID.randomUUID();
        try (TuskClient client = Tusk.connect(config)) {
            // Crashed while the COMMIT waits after its commit record: after restart the id reads "committed", but a
            // crashed server may have given that id to another transaction, so Tusk must not claim it was this one.
            CompletableFuture<Void> crash = whenACommitWaits(() -> {
                server.crash();
                server.start();
            });
            Throwable outcome = org.assertj.core.api.Assertions.catchThrowable(() -> client.inTransaction(tx -> {
                tx.execute("SET LOCAL synchronous_commit = on");
                return tx.execute("INSERT INTO ledger VALUES (?, 50)", entry);
            }));
            crash.get(30, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(CommitOutcomeUnknownException.class,
                    unknown -> assertThat(unknown).hasMessageContaining("the server restarted"));
        }
    }
}
