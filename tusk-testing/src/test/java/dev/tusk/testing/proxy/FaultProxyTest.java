package dev.tusk.testing.proxy;

import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultProxyTest {

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.startDefault();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldForwardQueriesWhenClean() throws SQLException {
        try (FaultProxy proxy = startProxy(); Connection connection = connect(proxy)) {
            assertThat(queryInt(connection, "SELECT 40 + 2")).isEqualTo(42);
            assertThat(proxy.openConnections()).isEqualTo(1);
            assertThat(proxy.bytesForwarded()).isPositive();
            assertThat(proxy.jdbcUrl("app")).isEqualTo("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/app");
        }
    }

    @Test
    void shouldTimeOutThroughBlackholeWhileCleanProxyAnswers() throws SQLException {
        try (FaultProxy blackholed = startProxy(); FaultProxy clean = startProxy()) {
            blackholed.blackhole();

            long started = System.nanoTime();
            assertThatThrownBy(() -> connect(blackholed)).isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(blackholed.bytesForwarded()).isZero();

            try (Connection connection = connect(clean)) {
                assertThat(queryInt(connection, "SELECT 1")).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldDelayRoundTripByAtLeastTheLatency() throws SQLException {
        Duration latency = Duration.ofMillis(150);
        try (FaultProxy proxy = startProxy(); Connection connection = connect(proxy)) {
            proxy.latency(latency);

            long started = System.nanoTime();
            assertThat(queryInt(connection, "SELECT 7")).isEqualTo(7);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(latency);
        }
    }

    @Test
    void shouldBreakOpenConnectionsOnResetAndAcceptNewOnes() throws SQLException {
        try (FaultProxy proxy = startProxy(); Connection victim = connect(proxy)) {
            assertThat(queryInt(victim, "SELECT 1")).isEqualTo(1);

            proxy.resetAll();

            assertThat(proxy.openConnections()).isZero();
            assertThatThrownBy(() -> queryInt(victim, "SELECT 2")).isInstanceOf(SQLException.class);
            try (Connection fresh = connect(proxy)) {
                assertThat(queryInt(fresh, "SELECT 3")).isEqualTo(3);
            }
        }
    }

    @Test
    void shouldResetRatherThanCloseTheClientSocket() throws Exception {
        try (FaultProxy proxy = startProxy(); Socket raw = new Socket(proxy.host(), proxy.port())) {
            awaitOpenConnections(proxy, 1);

            proxy.resetAll();

            // A FIN would read as end of stream (-1); only a TCP reset makes the read fail.
            raw.setSoTimeout(5_000);
            assertThatThrownBy(() -> raw.getInputStream().read())
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void shouldCloseOpenConnectionOnceItsByteBudgetIsSpent() throws SQLException {
        try (FaultProxy proxy = startProxy(); Connection connection = connect(proxy)) {
            assertThat(queryInt(connection, "SELECT 1")).isEqualTo(1);
            long before = proxy.bytesForwarded();

            proxy.closeAfterBytes(50);

            assertThatThrownBy(() -> queryInt(connection, "SELECT length(repeat('x', 1000))"))
                    .isInstanceOf(SQLException.class);
            assertThat(proxy.bytesForwarded() - before).isEqualTo(50);
            assertThat(proxy.openConnections()).isZero();
        }
    }

    @Test
    void shouldCloseNewConnectionsDuringHandshakeWhenBudgetIsSmall() throws SQLException {
        try (FaultProxy proxy = startProxy()) {
            proxy.closeAfterBytes(10);
            assertThatThrownBy(() -> connect(proxy)).isInstanceOf(SQLException.class);

            proxy.heal();
            try (Connection connection = connect(proxy)) {
                assertThat(queryInt(connection, "SELECT 5")).isEqualTo(5);
            }
        }
    }

    @Test
    void shouldSilenceOpenConnectionWhenBlackholedAndServeNewOnesAfterHeal() throws SQLException {
        try (FaultProxy proxy = startProxy(); Connection connection = connect(proxy)) {
            assertThat(queryInt(connection, "SELECT 1")).isEqualTo(1);

            proxy.blackhole();
            long started = System.nanoTime();
            assertThatThrownBy(() -> queryInt(connection, "SELECT 2")).isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

            proxy.heal();
            try (Connection fresh = connect(proxy)) {
                assertThat(queryInt(fresh, "SELECT 3")).isEqualTo(3);
            }
        }
    }

    @Test
    void shouldReleaseWaitingChunksWhenLatencyIsLifted() throws Exception {
        try (FaultProxy proxy = startProxy(); Connection connection = connect(proxy, 0)) {
            proxy.latency(Duration.ofMinutes(10));
            CompletableFuture<Integer> query = queryAsync(connection, "SELECT 9");
            // Give the request time to reach the proxy and start waiting out the latency.
            Thread.sleep(200);
            assertThat(query).isNotDone();

            proxy.latency(Duration.ZERO);

            assertThat(query.get(10, TimeUnit.SECONDS)).isEqualTo(9);
        }
    }

    @Test
    void shouldEndAllThreadsAndConnectionsOnClose() throws Exception {
        FaultProxy proxy = startProxy();
        try (Connection idle = connect(proxy); Connection waiting = connect(proxy, 0)) {
            proxy.latency(Duration.ofMinutes(10));
            CompletableFuture<Integer> delayed = queryAsync(waiting, "SELECT 1");
            assertThat(proxy.liveThreads()).isGreaterThanOrEqualTo(5);

            proxy.close();

            assertThat(proxy.liveThreads()).isZero();
            assertThat(proxy.openConnections()).isZero();
            assertThatThrownBy(() -> delayed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().hasCauseInstanceOf(SQLException.class);
            assertThatThrownBy(() -> queryInt(idle, "SELECT 1")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> new Socket(proxy.host(), proxy.port()).close()).isInstanceOf(ConnectException.class);
            assertThatThrownBy(proxy::heal).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void shouldRefuseNegativeLatencyAndByteBudgetNamingTheValue() {
        try (FaultProxy proxy = startProxy()) {
            assertThatThrownBy(() -> proxy.latency(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("latency must not be negative, but was PT-1S");
            assertThatThrownBy(() -> proxy.closeAfterBytes(-5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("byteBudget must not be negative, but was -5");
            assertThatThrownBy(() -> proxy.latency(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("latency must not be null");
        }
        assertThatThrownBy(() -> FaultProxy.start("127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targetPort must be between 1 and 65535, but was 0");
    }

    private static FaultProxy startProxy() {
        return FaultProxy.start(server.host(), server.port());
    }

    private static Connection connect(FaultProxy proxy) throws SQLException {
        return connect(proxy, 1);
    }

    /** Connects through {@code proxy} as the superuser; a {@code socketTimeoutSeconds} of zero waits forever. */
    private static Connection connect(FaultProxy proxy, int socketTimeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.superuser());
        // No SSL probe to fall back from, so a blackholed connect costs one socket timeout, not two.
        properties.setProperty("sslmode", "disable");
        properties.setProperty("gssEncMode", "disable");
        properties.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        properties.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(proxy.jdbcUrl(PostgresServer.ADMIN_DATABASE), properties);
    }

    private static void awaitOpenConnections(FaultProxy proxy, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        // The proxy accepts on its own thread, so a connected client may briefly not be counted yet.
        while (proxy.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(proxy.openConnections()).isEqualTo(expected);
    }

    private static CompletableFuture<Integer> queryAsync(Connection connection, String sql) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return queryInt(connection, sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static int queryInt(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
