package dev.tusk.resilience;

import dev.tusk.CircuitOpenException;
import dev.tusk.ConnectionException;
import dev.tusk.SyntaxErrorException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

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
            assertThat(client.idempotent().queryValue(Boolean.class, KILL_FIRST_RUN)).isTrue();
            assertThat(client.resilienceStats().statementRetries()).isEqualTo(1);
        }
    }

    @Test
    void shouldNeverReplayAPlainStatementThatMayHaveReachedTheServer(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database.url()))) {
            client.execute("CREATE SEQUENCE kills");
            assertThatThrownBy(() -> client.queryValue(Boolean.class, KILL_FIRST_RUN))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> {
                        assertThat(e.mayHaveReachedServer()).isTrue();
                        assertThat(e.isTransient()).isTrue();
                    });
            assertThat(client.resilienceStats().statementRetries()).isZero();
            assertThat(client.queryValue(Long.class, "SELECT last_value FROM kills")).isEqualTo(1L);
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
            assertThat(client.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
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
                assertThat(client.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
                server.stop();
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> client.queryValue(Integer.class, "SELECT 1"))
                            .isInstanceOf(TuskException.class).isNotInstanceOf(CircuitOpenException.class);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
                long started = System.nanoTime();
                assertThatThrownBy(() -> client.queryValue(Integer.class, "SELECT 1"))
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
                assertThat(client.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
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
                    assertThatThrownBy(() -> client.queryValue(Integer.class, "SELECT 1")).isInstanceOf(TuskException.class);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
                server.start();
                // The pool keeps its minimum of one connection: when it opens one, the breaker stops waiting 5 minutes.
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (client.circuitBreaker().state() == CircuitState.OPEN && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.HALF_OPEN);
                assertThat(client.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
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
                    assertThatThrownBy(() -> client.queryValue(Integer.class, "SELECT 1"))
                            .isInstanceOf(TuskException.class).isNotInstanceOf(CircuitOpenException.class);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
            }
        }
    }
}
