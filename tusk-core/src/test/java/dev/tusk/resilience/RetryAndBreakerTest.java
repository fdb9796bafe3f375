package dev.tusk.resilience;

import dev.tusk.CircuitOpenException;
import dev.tusk.ConnectionException;
import dev.tusk.SyntaxErrorException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retry and the circuit breaker, wired into the client, against real servers. */
@WithPostgres
class RetryAndBreakerTest {

    private static final String KILL_FIRST_RUN = "SELECT CASE WHEN nextval('kills') = 1 "
            + "THEN pg_terminate_backend(pg_backend_pid()) ELSE true END";

    private static TuskConfig config(String url) {
        return TuskConfig.fromUrl(url).toBuilder().retryDelay(Duration.ofMillis(5)).retryMaxDelay(Duration.ofMillis(50))
                .build();
    }

    @Test
    void shouldRetryAnIdempotentStatementWhoseConnectionWasLostMidStatement(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database.url()))) {
            client.execute("CREATE SEQUENCE kills");
            assertThat(client.idempotent().queryValue(KILL_FIRST_RUN, Boolean.class)).isTrue();
            assertThat(client.resilienceStats().statementRetries()).isEqualTo(1);
        }
    }

    @Test
    void shouldNeverReplayAPlainStatementThatMayHaveReachedTheServer(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database.url()))) {
            client.execute("CREATE SEQUENCE kills");
            assertThatThrownBy(() -> client.queryValue(KILL_FIRST_RUN, Boolean.class))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> {
                        assertThat(e.mayHaveReachedServer()).isTrue();
                        assertThat(e.isTransient()).isTrue();
                    });
            assertThat(client.resilienceStats().statementRetries()).isZero();
            assertThat(client.queryValue("SELECT last_value FROM kills", Long.class)).isEqualTo(1L);
        }
    }

    @Test
    void shouldNotCountErrorsTheCallerCausedTowardsTheBreaker(TestDatabase database) {
        TuskConfig config = config(database.url()).toBuilder().circuitBreakerThreshold(2).build();
        try (TuskClient client = Tusk.connect(config)) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> client.execute("SELEC 1")).isInstanceOf(SyntaxErrorException.class);
            }
            assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void shouldNotOpenWhenTheServerEndsConnectionsItWillReplaceAtOnce(PostgresServer server, TestDatabase database)
            throws Exception {
        TuskConfig config = config(database.url()).toBuilder().applicationName("breaker-terminations").poolMinSize(4)
                .poolMaxSize(4).circuitBreakerThreshold(2).build();
        try (TuskClient client = Tusk.connect(config)) {
            for (int round = 0; round < 3; round++) {
                List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
                try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int call = 0; call < 4; call++) {
                        calls.add(threads.submit(() -> client.idempotent().queryValue("SELECT 1 FROM pg_sleep(0.3)",
                                Integer.class)));
                    }
                    Thread.sleep(100);
                    // Every connection of the client is ended mid-statement, as an operator or a failover would.
                    assertThat(server.terminateBackends("breaker-terminations")).isPositive();
                    for (java.util.concurrent.Future<Integer> call : calls) {
                        assertThat(call.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
                    }
                }
            }
            assertThat(client.resilienceStats().statementRetries()).isPositive();
            assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
            assertThat(client.circuitBreaker().timesOpened()).isZero();
        }
    }

    @Test
    void shouldOpenAfterConsecutiveConnectionFailuresAndRefuseAtOnceThenRecover() throws Exception {
        try (ManagedPostgres server = ManagedPostgres.builder().label("breaker").start()) {
            TuskConfig config = config(server.url(server.defaultDatabase())).toBuilder().warmUp(false).poolMinSize(0)
                    .acquireTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(300))
                    .retryDeadline(Duration.ofMillis(300)).circuitBreakerThreshold(3)
                    .circuitBreakerTimeout(Duration.ofSeconds(1)).build();
            try (TuskClient client = Tusk.connect(config)) {
                assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
                server.stop();
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                            .isInstanceOf(TuskException.class).isNotInstanceOf(CircuitOpenException.class);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
                long started = System.nanoTime();
                assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                        .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                            assertThat(e.isTransient()).isTrue();
                            assertThat(e.mayHaveReachedServer()).isFalse();
                            assertThat(e.probeAt()).isAfter(Instant.now().minusSeconds(1));
                            assertThat(e).hasMessageContaining("3 consecutive connection failures");
                        });
                // Refused without waiting for the pool: well under the 300 ms acquire timeout.
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(200));
                server.start();
                Thread.sleep(1_100);
                assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
                assertThat(client.circuitBreaker().timesOpened()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldLetATrialCallThroughAsSoonAsThePoolReachesTheServerAgain() throws Exception {
        try (ManagedPostgres server = ManagedPostgres.builder().label("breaker-recovery").start()) {
            TuskConfig config = config(server.url(server.defaultDatabase())).toBuilder().poolMinSize(1)
                    .acquireTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofSeconds(1))
                    .retryDeadline(Duration.ofMillis(300)).circuitBreakerThreshold(2)
                    .circuitBreakerTimeout(Duration.ofMinutes(5)).build();
            try (TuskClient client = Tusk.connect(config)) {
                server.stop();
                for (int i = 0; i < 3 && client.circuitBreaker().state() != CircuitState.OPEN; i++) {
                    assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class)).isInstanceOf(TuskException.class);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
                server.start();
                // The pool keeps its minimum of one connection: when it opens one, the breaker stops waiting 5 minutes.
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (client.circuitBreaker().state() == CircuitState.OPEN && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.HALF_OPEN);
                assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
            }
        }
    }

    @Test
    void shouldLetEverythingThroughWhenTheBreakerIsOff() throws Exception {
        try (ManagedPostgres server = ManagedPostgres.builder().label("no-breaker").start()) {
            TuskConfig config = config(server.url(server.defaultDatabase())).toBuilder().warmUp(false).poolMinSize(0)
                    .acquireTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(300))
                    .retryDeadline(Duration.ofMillis(300)).circuitBreakerThreshold(0).build();
            try (TuskClient client = Tusk.connect(config)) {
                server.stop();
                for (int i = 0; i < 4; i++) {
                    assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                            .isInstanceOf(TuskException.class).isNotInstanceOf(CircuitOpenException.class);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
            }
        }
    }
}
