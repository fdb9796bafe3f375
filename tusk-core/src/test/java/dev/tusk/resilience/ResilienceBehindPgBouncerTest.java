package dev.tusk.resilience;

import dev.tusk.CircuitOpenException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.pgbouncer.BehindPgBouncer;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * COMMIT resolution and the circuit breaker through a real PgBouncer in transaction mode, where the server's backend
 * is not the client's own and a stopped server shows as PgBouncer refusing logins. The scenarios of
 * {@code CommitOutcomeTest} and {@code RetryAndBreakerTest} that start servers of their own, moved behind PgBouncer.
 */
@WithPostgres(managed = true, throughPgBouncer = true,
        // Sessions commit locally unless they ask for synchronous commit, which then waits for this missing standby.
        settings = {"synchronous_standby_names = 'phantom'", "synchronous_commit = local"})
class ResilienceBehindPgBouncerTest {

    private static final String APPLICATION = "pgbouncer-resilience";

    private static TuskConfig config(TestDatabase database) {
        return TuskConfig.fromUrl(database.url()).toBuilder().applicationName(APPLICATION).poolMaxSize(4)
                .retryDelay(Duration.ofMillis(10)).retryMaxDelay(Duration.ofMillis(100))
                .retryDeadline(Duration.ofSeconds(10)).build();
    }

    /** Once a COMMIT of this test's client waits for the missing standby (its commit record written), runs {@code action}. */
    private static CompletableFuture<Void> whenACommitWaits(PostgresServer server, Runnable action) {
        return CompletableFuture.runAsync(() -> {
            // Straight to the server, as an operator would look.
            try (Connection admin = ((BehindPgBouncer) server).server().connect();
                 Statement statement = admin.createStatement()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline) {
                    try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_stat_activity "
                            + "WHERE application_name = '" + APPLICATION + "' AND wait_event = 'SyncRep'")) {
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

    @Test
    void shouldReturnTheResultWhenTheServerCommittedButTheAcknowledgementWasLost(PostgresServer server,
                                                                                 TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(config(database))) {
            client.execute("CREATE TABLE ledger (entry uuid, amount int)");
            UUID entry = UUID.randomUUID();
            AtomicInteger runs = new AtomicInteger();
            // PgBouncer passes the client's application_name on to the server connection the transaction runs on, and
            // answers the COMMIT with "server conn crashed?" (08P01) once that connection dies: not an abort.
            CompletableFuture<Void> killer = whenACommitWaits(server, () -> server.terminateBackends(APPLICATION));
            String result = client.inTransaction(tx -> {
                runs.incrementAndGet();
                tx.execute("SET LOCAL synchronous_commit = on");
                tx.execute("INSERT INTO ledger VALUES (?, 10)", entry);
                return "moved";
            });
            killer.get(10, TimeUnit.SECONDS);
            assertThat(result).isEqualTo("moved");
            assertThat(runs.get()).as("a committed transaction is never run again").isEqualTo(1);
            assertThat(client.resilienceStats().commitsResolved()).isEqualTo(1);
            assertThat(client.queryValue("SELECT count(*) FROM ledger WHERE entry = ?", Long.class, entry)).isEqualTo(1L);
        }
    }

    @Test
    void shouldRunAgainWhenTheServerSaysTheLostCommitAborted(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database))) {
            client.execute("CREATE TABLE ledger (entry uuid, amount int)");
            client.execute("""
                    CREATE FUNCTION end_self_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF current_setting('tusk.end_at_commit', true) = 'on' THEN
                        PERFORM pg_terminate_backend(pg_backend_pid());
                      END IF;
                      RETURN NULL;
                    END $$""");
            client.execute("CREATE CONSTRAINT TRIGGER end_self AFTER INSERT ON ledger DEFERRABLE INITIALLY DEFERRED "
                    + "FOR EACH ROW EXECUTE FUNCTION end_self_at_commit()");
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
        }
    }

    @Test
    void shouldOpenTheBreakerWhenTheServerBehindPgBouncerStopsAndCloseItOnceBack(PostgresServer server,
                                                                                 TestDatabase database) throws Exception {
        // PgBouncer holds a query sent on a client connection it already accepted until it reaches the server or its
        // query_wait_timeout (120 s) passes; Tusk's client-side statement timeout is what ends that wait sooner.
        TuskConfig config = config(database).toBuilder().statementTimeout(Duration.ofSeconds(1)).poolMinSize(1)
                .acquireTimeout(Duration.ofMillis(300))
                .connectTimeout(Duration.ofMillis(300)).retryDeadline(Duration.ofMillis(300)).circuitBreakerThreshold(3)
                .circuitBreakerTimeout(Duration.ofSeconds(1)).build();
        try (TuskClient client = Tusk.connect(config)) {
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
            server.stop();
            // PgBouncer still accepts the client, then refuses its login once it cannot log in to the server itself.
            for (int i = 0; i < 6 && client.circuitBreaker().state() != CircuitState.OPEN; i++) {
                assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                        .isInstanceOf(TuskException.class).isNotInstanceOf(CircuitOpenException.class);
            }
            assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
            assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                    .isInstanceOfSatisfying(CircuitOpenException.class, e -> assertThat(e.mayHaveReachedServer()).isFalse());
            server.start();
            // Back once the breaker lets a trial through and PgBouncer's own login retry pause has passed.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Integer answer = null;
            while (answer == null && System.nanoTime() < deadline) {
                try {
                    answer = client.queryValue("SELECT 1", Integer.class);
                } catch (TuskException stillAway) {
                    Thread.sleep(100);
                }
            }
            assertThat(answer).isEqualTo(1);
            assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
            assertThat(client.circuitBreaker().timesOpened()).isPositive();
        }
    }
}
