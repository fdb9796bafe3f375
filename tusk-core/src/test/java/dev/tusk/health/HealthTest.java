package dev.tusk.health;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.pool.PoolStats;
import dev.tusk.resilience.CircuitState;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.proxy.FaultProxy;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each health state, produced by a real condition on a real server. */
@WithPostgres
class HealthTest {

    private static TuskConfigBuilder config(String url) {
        return TuskConfig.fromUrl(url).toBuilder().retryDelay(Duration.ofMillis(5)).retryMaxDelay(Duration.ofMillis(50));
    }

    @Test
    void shouldReportHealthyWithWhatTheServerSaidInOneRoundTrip(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database.url()).build())) {
            HealthReport report = client.health();

            assertThat(report.status()).as(report.reasons().toString()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(report.reasons()).isEmpty();
            assertThat(report.testQueryLatency()).isPositive();
            ServerHealth server = report.server();
            assertThat(server.version()).isEqualTo(client.serverVersion().display());
            assertThat(server.time()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
            assertThat(server.uptime()).isPositive();
            assertThat(server.replica()).isFalse();
            assertThat(server.replayLag()).isNull();
            assertThat(server.replayPaused()).isFalse();
            assertThat(server.tls()).isFalse();
            assertThat(report.pool().level()).isEqualTo(PoolLevel.NORMAL);
            assertThat(report.pool().maximum()).isEqualTo(client.config().poolMaxSize());
            assertThat(report.breaker().state()).isEqualTo(CircuitState.CLOSED);
            assertThat(client.lastHealth()).containsSame(report);
            assertThat(report.toJson()).contains("\"status\":\"HEALTHY\"").contains("\"isReplica\":false");
        }
    }

    @Test
    void shouldReportDegradedWhileTheTestQueryIsSlowerThanTheSlowQueryThreshold(PostgresServer server,
                                                                                 TestDatabase database) {
        try (FaultProxy proxy = FaultProxy.start(server.host(), server.port());
             TuskClient client = Tusk.connect(config(database.url()).host(proxy.host()).port(proxy.port())
                     .slowQueryThreshold(Duration.ofMillis(50)).build())) {
            // Each direction is held 60 ms, so the round trip takes at least 120 ms.
            proxy.latency(Duration.ofMillis(60));
            HealthReport slow = client.health();

            assertThat(slow.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(slow.testQueryLatency()).isGreaterThan(Duration.ofMillis(100));
            assertThat(slow.reasons()).singleElement().asString()
                    .startsWith("the test query took ").endsWith("over slowQueryThreshold 50 ms");

            proxy.latency(Duration.ZERO);
            assertThat(client.health().status()).isEqualTo(HealthStatus.HEALTHY);
        }
    }

    @Test
    void shouldReportDegradedOnlyWhenCallersWaitOrTheCheckGetsNoConnection(TestDatabase database)
            throws Exception {
        TuskConfig config = config(database.url()).poolMinSize(4).poolMaxSize(4).exhaustionThresholdPercent(75)
                .acquireTimeout(Duration.ofMillis(300)).build();
        List<Connection> held = new ArrayList<>();
        try (TuskClient client = Tusk.connect(config)) {
            for (int i = 0; i < 3; i++) {
                held.add(client.dataSource().getConnection());
            }
            HealthReport high = client.health();

            // Busy is not unhealthy: the level says how full the pool is, and only waiting callers degrade it.
            assertThat(high.status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(high.pool().level()).isEqualTo(PoolLevel.HIGH);
            assertThat(high.pool().active()).isEqualTo(3);
            assertThat(high.pool().utilizationPercent()).isEqualTo(75.0);
            assertThat(high.reasons()).isEmpty();
            // The fourth connection was free, so the server was still asked.
            assertThat(high.server()).isNotNull();

            held.add(client.dataSource().getConnection());
            HealthReport full = client.health();

            // Every connection busy but nobody waiting is a pool sized to its work, not exhaustion; the check's own
            // connection could still not be had.
            assertThat(full.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(full.pool().level()).isEqualTo(PoolLevel.HIGH);
            assertThat(full.server()).isNull();
            assertThat(full.reasons()).singleElement().asString().contains("no connection came free within 300 ms");

            // A caller waiting for a connection is.
            Thread waiter = Thread.ofPlatform().start(() -> {
                try (Connection late = client.dataSource().getConnection()) {
                    late.isValid(1);
                } catch (java.sql.SQLException | RuntimeException expected) {
                    // It times out while all four are held, which is the point.
                }
            });
            HealthReport exhausted = null;
            for (int attempt = 0; attempt < 20 && waiter.isAlive(); attempt++) {
                if (client.poolStats().waiting() > 0) {
                    exhausted = client.health();
                    break;
                }
                Thread.sleep(5);
            }
            waiter.join();
            assertThat(exhausted).as("the health check ran while a caller waited").isNotNull();
            assertThat(exhausted.pool().level()).isEqualTo(PoolLevel.EXHAUSTED);
            assertThat(exhausted.reasons()).anySatisfy(reason -> assertThat(reason).contains("pool EXHAUSTED")
                    .contains("callers waiting"));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void shouldReportUnhealthyAtOnceWhenTheServerStopsAndServeTheLastReportWithoutAskingIt() throws Exception {
        try (ManagedPostgres server = ManagedPostgres.builder().label("health-stop").start()) {
            TuskConfigBuilder base = config(server.url(server.defaultDatabase())).acquireTimeout(Duration.ofMillis(300))
                    .connectTimeout(Duration.ofMillis(300)).retryDeadline(Duration.ofMillis(300));
            TuskClient onDemand = Tusk.connect(base.applicationName("health-on-demand")
                    .healthCheckInterval(Duration.ZERO).build());
            TuskClient background = Tusk.connect(base.applicationName("health-background")
                    .healthCheckInterval(Duration.ofMillis(200)).build());
            try (onDemand; background) {
                HealthReport before = onDemand.health();
                assertThat(before.status()).isEqualTo(HealthStatus.HEALTHY);
                awaitLastHealth(background, HealthStatus.HEALTHY);

                server.stop();
                // Served from memory: still the report from before the stop, unchanged.
                assertThat(onDemand.lastHealth()).containsSame(before);
                long started = System.nanoTime();
                HealthReport stopped = onDemand.health();

                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
                assertThat(stopped.status()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(stopped.server()).isNull();
                assertThat(stopped.reasons()).singleElement().asString()
                        .contains(server.host() + ":" + server.port() + "/" + server.defaultDatabase());
                if (server.superuserPassword() != null) {
                    assertThat(stopped.toJson()).doesNotContain(server.superuserPassword());
                }
                HealthReport seenInBackground = awaitLastHealth(background, HealthStatus.UNHEALTHY);
                assertThat(seenInBackground.checkedAt()).isAfter(before.checkedAt());

                server.start();
                awaitLastHealth(background, HealthStatus.HEALTHY);
                background.close();
                HealthReport last = background.lastHealth().orElseThrow();
                Thread.sleep(600);
                assertThat(background.lastHealth()).as("no check runs after close").containsSame(last);
            }
        }
    }

    @Test
    void shouldReportUnhealthyWithoutDatabaseWorkWhileTheBreakerIsOpenAndDegradedWhileHalfOpen() throws Exception {
        try (ManagedPostgres server = ManagedPostgres.builder().label("health-breaker").start()) {
            TuskConfig config = config(server.url(server.defaultDatabase())).poolMinSize(1)
                    .acquireTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofSeconds(1))
                    .retryDeadline(Duration.ofMillis(300)).circuitBreakerThreshold(2)
                    .circuitBreakerTimeout(Duration.ofMinutes(5)).build();
            try (TuskClient client = Tusk.connect(config)) {
                server.stop();
                for (int i = 0; i < 3 && client.circuitBreaker().state() != CircuitState.OPEN; i++) {
                    assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class)).isInstanceOf(TuskException.class);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
                PoolStats poolBefore = client.poolStats();
                HealthReport open = client.health();

                assertThat(open.status()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(open.breaker().state()).isEqualTo(CircuitState.OPEN);
                assertThat(open.reasons()).singleElement().asString().startsWith("circuit breaker OPEN after 2 consecutive")
                        .contains("until the trial call at " + open.breaker().probeAt());
                assertThat(open.server()).isNull();
                assertThat(open.testQueryLatency()).isNull();
                // No lease was even attempted: neither a success nor a timeout was counted.
                assertThat(client.poolStats().acquires()).isEqualTo(poolBefore.acquires());
                assertThat(client.poolStats().acquireTimeouts()).isEqualTo(poolBefore.acquireTimeouts());

                server.start();
                await(() -> client.circuitBreaker().state(), state -> state == CircuitState.HALF_OPEN);
                HealthReport halfOpen = client.health();

                assertThat(halfOpen.status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(halfOpen.reasons()).singleElement().asString().startsWith("circuit breaker HALF_OPEN");
                assertThat(halfOpen.server()).isNotNull();
                // The check is no trial call: the application's next call still decides.
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.HALF_OPEN);
                assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
                assertThat(client.health().status()).isEqualTo(HealthStatus.HEALTHY);
            }
        }
    }

    private static HealthReport awaitLastHealth(TuskClient client, HealthStatus status) {
        return await(() -> client.lastHealth().orElse(null), report -> report != null && report.status() == status);
    }

    private static <T> T await(Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            value = probe.get();
        }
        assertThat(done.test(value)).as("condition not reached within 20 s; last seen: " + value).isTrue();
        return value;
    }
}
