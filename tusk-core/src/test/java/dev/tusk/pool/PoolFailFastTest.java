package dev.tusk.pool;

import dev.tusk.AuthenticationException;
import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskException;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.tusk.pool.PoolTestSupport.closedPort;
import static dev.tusk.pool.PoolTestSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Failures that waiting cannot fix reach the caller within the connect timeout, not at the end of the acquire timeout. */
class PoolFailFastTest {

    private static final String PASSWORD = "s3cret-Passw0rd-xyz";
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration FAST_ENOUGH = Duration.ofSeconds(6);

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.builder().label("fail-fast")
                .hbaRules(List.of("host all postgres 127.0.0.1/32 trust", "host all ghost 127.0.0.1/32 trust",
                        "host all all 127.0.0.1/32 scram-sha-256"))
                .start();
        server.execute("CREATE ROLE app LOGIN PASSWORD 'right-password'");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static dev.tusk.config.TuskConfigBuilder lazyPool(String user, String database) {
        return TuskConfig.builder().host(server.host()).port(server.port()).database(database).user(user)
                .password(PASSWORD).applicationName(uniqueName("failfast")).poolMinSize(0).poolMaxSize(2)
                .warmUp(false).acquireTimeout(ACQUIRE_TIMEOUT).connectTimeout(Duration.ofSeconds(2))
                .shutdownGracePeriod(Duration.ZERO);
    }

    @Test
    void shouldReportAWrongPasswordAtOnce() {
        TuskException failure = acquireFailure(lazyPool("app", "postgres").build(), AuthenticationException.class);

        assertThat(failure.sqlState()).isEqualTo("28P01");
        assertThat(failure.isTransient()).isFalse();
        assertThat(failure).hasMessageContaining("password authentication failed for user \"app\"");
    }

    @Test
    void shouldReportAMissingRoleAtOnce() {
        TuskException failure = acquireFailure(lazyPool("ghost", "postgres").build(), AuthenticationException.class);

        assertThat(failure.sqlState()).isEqualTo("28000");
        assertThat(failure).hasMessageContaining("role \"ghost\" does not exist");
    }

    @Test
    void shouldReportAMissingDatabaseAtOnceAsANonTransientConnectionFailure() {
        TuskException failure = acquireFailure(lazyPool("postgres", "nowhere").build(), ConnectionException.class);

        assertThat(failure.sqlState()).isEqualTo("3D000");
        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.mayHaveReachedServer()).isFalse();
        assertThat(failure).hasMessageContaining("database \"nowhere\" does not exist");
    }

    @Test
    void shouldReportAMissingPasswordForScramAtOnceAsNotTransient() {
        TuskConfig config = lazyPool("app", "postgres").password(null).build();

        TuskException failure = acquireFailure(config, ConnectionException.class);

        assertThat(failure.sqlState()).isEqualTo("08004");
        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.mayHaveReachedServer()).isFalse();
        assertThat(failure).hasMessageContaining("no password was provided");
    }

    @Test
    void shouldReportRefusedTlsAtOnce() {
        TuskConfig config = lazyPool("postgres", "postgres").sslMode(SslMode.REQUIRE).build();

        TuskException failure = acquireFailure(config, ConnectionException.class);

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure).hasMessageContaining("the server offers no TLS, and sslmode=require insists on it");
    }

    @Test
    void shouldReportAHostNameThatDoesNotResolveAtOnce() {
        TuskConfig config = lazyPool("postgres", "postgres").host("db.invalid").build();

        TuskException failure = acquireFailure(config, ConnectionException.class);

        assertThat(failure).hasMessageContaining("host name db.invalid did not resolve");
        assertThat(failure.mayHaveReachedServer()).isFalse();
    }

    @Test
    void shouldReportAPortNothingListensOnAtOnceWhileThePoolHasNeverConnected() throws Exception {
        int port = closedPort();
        TuskConfig config = lazyPool("postgres", "postgres").host("127.0.0.1").port(port).build();

        TuskException failure = acquireFailure(config, ConnectionException.class);

        assertThat(failure).hasMessageContaining("nothing accepts connections at 127.0.0.1:" + port
                + " — is the server running and the port right?");
        assertThat(failure.isTransient()).isTrue();
    }

    @Test
    void shouldFailWarmUpAtOnceOnAWrongPassword() {
        TuskConfig config = lazyPool("app", "postgres").warmUp(true).poolMinSize(2).build();

        long started = System.nanoTime();
        AuthenticationException failure = catchThrowableOfType(AuthenticationException.class,
                () -> Tusk.connect(config).close());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.println("fail-fast warm-up (wrong password) took " + took.toMillis() + "ms");
        assertThat(took).isLessThan(FAST_ENOUGH);
        assertThat(failure).isNotNull();
        assertNamesEverythingButThePassword(failure, config);
    }

    @Test
    void shouldConnectOnceWhatFailedIsFixedOnTheServer() throws Exception {
        TuskConfig config = lazyPool("latecomer", "postgres").build();
        try (TuskPool pool = TuskPool.open(config)) {
            assertThat(catchThrowableOfType(AuthenticationException.class, pool::acquire)).isNotNull();

            server.execute("CREATE ROLE latecomer LOGIN PASSWORD '" + PASSWORD + "'");

            // A permanent failure is reported to the callers waiting when it happens, not to every later one.
            try (var connection = pool.acquire()) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
    }

    private static TuskException acquireFailure(TuskConfig config, Class<? extends TuskException> type) {
        try (TuskPool pool = TuskPool.open(config)) {
            long started = System.nanoTime();
            TuskException failure = catchThrowableOfType(TuskException.class, pool::acquire);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            System.out.println("fail-fast " + type.getSimpleName() + " " + (failure == null ? "" : failure.sqlState())
                    + " took " + took.toMillis() + "ms");
            assertThat(failure).isInstanceOf(type);
            assertThat(took).as("time to report " + failure.getMessage()).isLessThan(FAST_ENOUGH);
            assertThat(failure.mayHaveReachedServer()).isFalse();
            assertThat(pool.stats().acquireTimeouts()).as("a permanent failure is not a timeout").isZero();
            assertNamesEverythingButThePassword(failure, config);
            return failure;
        }
    }

    private static void assertNamesEverythingButThePassword(TuskException failure, TuskConfig config) {
        assertThat(failure).hasMessageContaining(config.host() + ":" + config.port())
                .hasMessageContaining("database \"" + config.database() + "\"")
                .hasMessageContaining("user \"" + config.user() + "\"")
                .hasMessageNotContaining(PASSWORD);
        assertThat(failure.toString()).doesNotContain(PASSWORD);
    }
}
