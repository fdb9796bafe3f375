package dev.tusk.failover;

import dev.tusk.ConnectionException;
import dev.tusk.ReadOnlyTransactionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TargetSessionAttrs;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.TuskPool;
import dev.tusk.pool.internal.HikariTuskPool;
import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Connecting with a host list against one real server: hosts tried in order, every host named when none answers. */
class MultiHostConnectTest {

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.startDefault();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldPassOverAListedHostThatRefusesAndConnectToTheNext() throws Exception {
        int closed = closedPort();
        TuskConfig config = TuskConfig.builder().host("127.0.0.1:" + closed + "," + server.host() + ":" + server.port())
                .user(server.superuser()).targetSessionAttrs(TargetSessionAttrs.READ_WRITE).poolMinSize(1)
                .poolMaxSize(2).build();

        try (TuskClient client = Tusk.connect(config)) {
            assertThat(client.queryValue("SELECT inet_server_port()", Integer.class)).isEqualTo(server.port());
            assertThat(client.toString()).contains("127.0.0.1:" + closed + ",127.0.0.1:" + server.port());
        }
    }

    @Test
    void shouldNameEveryListedServerWhenNoneAcceptsConnections() throws Exception {
        int first = closedPort();
        int second = closedPort();
        TuskConfig config = TuskConfig.builder().host("127.0.0.1:" + first + ",127.0.0.1:" + second)
                .user(server.superuser()).poolMinSize(0).warmUp(false).acquireTimeout(Duration.ofSeconds(10)).build();

        try (TuskPool pool = TuskPool.open(config)) {
            ConnectionException failure = catchThrowableOfType(ConnectionException.class, pool::acquire);

            assertThat(failure).hasMessageContaining("nothing accepts connections at any of 127.0.0.1:" + first
                    + ",127.0.0.1:" + second);
            assertThat(failure.mayHaveReachedServer()).isFalse();
        }
    }

    @Test
    void shouldRunATransactionAgainOnceItsServerTurnedReadOnlyAndWritableAgain() throws Exception {
        server.execute("CREATE TABLE IF NOT EXISTS fenced_writes (key text)");
        TuskConfig config = TuskConfig.builder().host("127.0.0.1:" + closedPort() + "," + server.host() + ":"
                        + server.port()).user(server.superuser()).targetSessionAttrs(TargetSessionAttrs.READ_WRITE)
                .applicationName("fenced-tx").poolMinSize(1).poolMaxSize(2).retryDelay(Duration.ofMillis(20)).build();
        AtomicInteger runs = new AtomicInteger();
        try (TuskClient client = Tusk.connect(config)) {
            try {
                client.inTransaction(tx -> {
                    if (runs.incrementAndGet() == 1) {
                        // The INSERT is the session's first statement after the reload (BEGIN goes with it): 25006.
                        fence("on");
                        Thread.ofVirtual().start(() -> {
                            pause(Duration.ofMillis(300));
                            fence("off");
                        });
                    }
                    return tx.execute("INSERT INTO fenced_writes VALUES ('tx')");
                });
            } finally {
                fence("off");
            }

            assertThat(runs).hasValue(2);
            assertThat(client.resilienceStats().transactionReruns()).isEqualTo(1);
            assertThat(client.dataSource().unwrap(HikariTuskPool.class).evictions()).isEqualTo(1);
            assertThat(server.queryString("SELECT count(*) FROM fenced_writes WHERE key = 'tx'")).isEqualTo("1");
        }
    }

    @Test
    void shouldSurfaceAReadOnlyErrorWithoutRetryOrEvictionWhenAnyServerWillDo() throws Exception {
        server.execute("CREATE TABLE IF NOT EXISTS fenced_writes (key text)");
        TuskConfig config = TuskConfig.builder().host("127.0.0.1:" + closedPort() + "," + server.host() + ":"
                        + server.port()).user(server.superuser()).targetSessionAttrs(TargetSessionAttrs.ANY)
                .poolMinSize(1).poolMaxSize(2).retryDelay(Duration.ofMillis(20)).build();
        try (TuskClient client = Tusk.connect(config)) {
            fence("on");
            try {
                assertThatThrownBy(() -> client.execute("INSERT INTO fenced_writes VALUES ('any')"))
                        .isInstanceOf(ReadOnlyTransactionException.class).hasMessageContaining("25006");
            } finally {
                fence("off");
            }
            assertThat(client.resilienceStats().statementRetries()).isZero();
            assertThat(client.dataSource().unwrap(HikariTuskPool.class).evictions()).isZero();
        }
    }

    @Test
    void shouldJudgeTlsByTheHostThatAcceptedTheConnection() throws Exception {
        TuskConfig config = TuskConfig.builder().host("127.0.0.1:" + closedPort() + "," + server.host() + ":"
                + server.port()).user(server.superuser()).sslMode(dev.tusk.config.SslMode.DISABLE).poolMinSize(1)
                .poolMaxSize(1).build();
        try (TuskClient client = Tusk.connect(config)) {
            assertThat(client.tlsReport().tls()).isFalse();
            assertThat(client.tlsReport().findings()).as("a loopback server, whatever the list says").isEmpty();
        }
    }

    @Test
    void shouldRetireIdleConnectionsAtOnceAndLentOnesOnReturnWhenEvictedOncePerBurst() throws Exception {
        TuskConfig config = TuskConfig.builder().host(server.host()).port(server.port()).user(server.superuser())
                .applicationName("evict-all").poolMinSize(3).poolMaxSize(3).build();
        try (TuskPool pool = TuskPool.open(config)) {
            java.sql.Connection held = pool.acquire();
            int heldPid = held.unwrap(org.postgresql.PGConnection.class).getBackendPID();

            assertThat(pool.evictAll("a test asked")).isTrue();
            assertThat(pool.evictAll("a second failure of the same failover")).as("within 100 ms").isFalse();
            assertThat(held.isClosed()).as("a lent connection stays usable until it comes back").isFalse();
            assertThat(held.createStatement().execute("SELECT 1")).isTrue();
            held.close();

            try (java.sql.Connection fresh = pool.acquire()) {
                assertThat(fresh.unwrap(org.postgresql.PGConnection.class).getBackendPID()).isNotEqualTo(heldPid);
            }
            pause(Duration.ofMillis(150));
            assertThat(pool.evictAll("a later failover")).isTrue();
            assertThat(((HikariTuskPool) pool).evictions()).isEqualTo(2);
            assertThatThrownBy(() -> pool.evictAll(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("evictAll needs a reason for the log, but was  ");
        }
    }

    private static void fence(String readOnly) {
        server.execute("ALTER SYSTEM SET default_transaction_read_only = " + readOnly);
        server.execute("SELECT pg_reload_conf()");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!readOnly.equals(server.queryString("SHOW default_transaction_read_only"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not reload default_transaction_read_only = " + readOnly);
            }
            pause(Duration.ofMillis(20));
        }
        pause(Duration.ofMillis(20));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
