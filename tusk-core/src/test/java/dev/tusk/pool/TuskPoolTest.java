package dev.tusk.pool;

import dev.tusk.ClientClosedException;
import dev.tusk.ConnectionException;
import dev.tusk.PoolExhaustedException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.proxy.FaultProxy;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.tusk.pool.PoolTestSupport.await;
import static dev.tusk.pool.PoolTestSupport.backendPid;
import static dev.tusk.pool.PoolTestSupport.closedPort;
import static dev.tusk.pool.PoolTestSupport.sessions;
import static dev.tusk.pool.PoolTestSupport.smallPool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class TuskPoolTest {

    @Test
    void shouldRetireConnectionAfterMaxQueries(TestDatabase database) throws Exception {
        // Two connections, so that the other is idle when one reaches its limit and it retires exactly there (a limit
        // under 10 has no jitter); a sole connection serves on until its replacement is open (see RetirementTest).
        TuskConfig config = smallPool(database).poolMinSize(2).poolMaxSize(2).maxQueriesPerConnection(3).build();
        try (TuskPool pool = TuskPool.open(config)) {
            List<Integer> pids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                if (i == 3) {
                    // So that the other connection is idle again when the second one reaches its limit.
                    await("the first one's replacement is open", () -> pool.stats().idle() == 2);
                }
                pids.add(backendPid(pool));
            }

            assertThat(pids.subList(0, 3)).containsOnly(pids.get(0));
            assertThat(pids.subList(3, 6)).containsOnly(pids.get(3));
            assertThat(pids.get(3)).isNotEqualTo(pids.get(0));
            await("both connections are retired for max uses and two others are open",
                    () -> pool.stats().retiredMaxUses() == 2 && pool.stats().created() == 4);
            assertThat(pool.stats().retiredBroken()).isZero();
        }
    }

    @Test
    void shouldCountStatementsNotLeasesAndRetireOnlyWhenTheLeaseIsReturned(TestDatabase database) throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(2).poolMaxSize(2).maxQueriesPerConnection(3).build();
        try (TuskPool pool = TuskPool.open(config)) {
            int first;
            try (Connection connection = pool.acquire()) {
                first = backendPid(connection);
                // Past the limit within one lease: the connection serves the lease to its end.
                for (int i = 0; i < 4; i++) {
                    try (PreparedStatement statement = connection.prepareStatement("SELECT ?::int")) {
                        statement.setInt(1, i);
                        statement.executeQuery().close();
                    }
                }
                assertThat(backendPid(connection)).isEqualTo(first);
            }
            assertThat(backendPid(pool)).as("one lease of six statements retires the connection").isNotEqualTo(first);
            await("the connection is retired for its statement count", () -> pool.stats().retiredMaxUses() == 1);

            // Two statements per lease against a limit of three: the second lease reaches it.
            try (TuskPool fresh = TuskPool.open(config)) {
                int pid;
                try (Connection connection = fresh.acquire()) {
                    pid = backendPid(connection);
                    backendPid(connection);
                }
                try (Connection connection = fresh.acquire()) {
                    assertThat(backendPid(connection)).isEqualTo(pid);
                    backendPid(connection);
                }
                assertThat(backendPid(fresh)).isNotEqualTo(pid);
            }
        }
    }

    @Test
    void shouldRetireAClientConnectionAfterATransactionRunsMaxQueriesStatements(TestDatabase database) {
        TuskConfig config = smallPool(database).poolMinSize(2).poolMaxSize(2).maxQueriesPerConnection(5).build();
        try (TuskClient client = Tusk.connect(config)) {
            int first = client.inTransaction(tx -> {
                int pid = tx.queryValue("SELECT pg_backend_pid()", Integer.class);
                for (int i = 0; i < 5; i++) {
                    tx.execute("SELECT ?::int", i);
                }
                assertThat(tx.queryValue("SELECT pg_backend_pid()", Integer.class)).isEqualTo(pid);
                return pid;
            });
            assertThat(client.queryValue("SELECT pg_backend_pid()", Integer.class)).isNotEqualTo(first);
        }
    }

    @Test
    void shouldOpenMinimumConnectionsBeforeReturning(TestDatabase database) throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(3).poolMaxSize(5).build();
        try (TuskPool pool = TuskPool.open(config)) {
            assertThat(sessions(database, config.applicationName())).isEqualTo(3);
            assertThat(pool.stats().created()).isEqualTo(3);
            assertThat(pool.stats().idle()).isEqualTo(3);
            assertThat(pool.stats().acquires()).as("warm-up is not counted as use").isZero();
        }
    }

    @Test
    void shouldFailWarmUpClearlyAgainstClosedPort(TestDatabase database) throws Exception {
        int port = closedPort();
        TuskConfig config = smallPool(database).host("127.0.0.1").port(port).password("s3cret-Passw0rd")
                .acquireTimeout(Duration.ofMillis(250)).connectTimeout(Duration.ofSeconds(1)).build();

        assertThatThrownBy(() -> TuskPool.open(config))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("could not open its minimum of 1 connections to 127.0.0.1:" + port + "/"
                        + database.name())
                .hasMessageContaining("refused")
                .hasMessageNotContaining("s3cret-Passw0rd");
    }

    @Test
    void shouldOpenLazilyWithoutWarmUpAndReportServerDownAsConnectionFailure(TestDatabase database) throws Exception {
        int port = closedPort();
        TuskConfig config = smallPool(database).host("127.0.0.1").port(port).warmUp(false).poolMinSize(0)
                .acquireTimeout(Duration.ofMillis(250)).build();
        try (TuskPool pool = TuskPool.open(config)) {
            assertThatThrownBy(pool::acquire)
                    .isInstanceOf(ConnectionException.class)
                    .isNotInstanceOf(PoolExhaustedException.class)
                    .hasMessageContaining("could not open a connection to 127.0.0.1:" + port)
                    .hasMessageContaining("[SQLSTATE 08001]");
            // Refused by a pool that never connected is reported at once, as a wrong port, not as a timeout.
            assertThat(pool.stats().acquireTimeouts()).isZero();
        }
    }

    @Test
    void shouldReportConnectionFailureNotExhaustionWhenServerGoesAway(TestDatabase database, PostgresServer server)
            throws Exception {
        FaultProxy proxy = FaultProxy.start(server.host(), server.port());
        TuskConfig config = smallPool(database).host(proxy.host()).port(proxy.port()).poolMinSize(0).warmUp(false)
                .acquireTimeout(Duration.ofMillis(250)).build();
        try (TuskPool pool = TuskPool.open(config); Connection held = pool.acquire()) {
            assertThat(backendPid(held)).isPositive();
            proxy.close();

            assertThatThrownBy(pool::acquire)
                    .isInstanceOf(ConnectionException.class)
                    .isNotInstanceOf(PoolExhaustedException.class)
                    .hasMessageContaining("(total=1, active=1, idle=0, waiting=0, max=2)");
        } finally {
            proxy.close();
        }
    }

    @Test
    void shouldThrowPoolExhaustedWithSnapshotWhenEveryConnectionStaysBusy(TestDatabase database) throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(2).poolMaxSize(2).build();
        try (TuskPool pool = TuskPool.open(config)) {
            Connection first = pool.acquire();
            Connection second = pool.acquire();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(Thread.ofVirtual().start(() -> {
                    try (Connection ignored = pool.acquire(Duration.ofSeconds(30))) {
                        assertThat(ignored.isClosed()).isFalse();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            await("three callers are waiting", () -> pool.stats().waiting() == 3);

            assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(250)))
                    .isInstanceOfSatisfying(PoolExhaustedException.class, e -> {
                        assertThat(e.stats().waiting()).isEqualTo(3);
                        assertThat(e.stats().active()).isEqualTo(2);
                        assertThat(e.isTransient()).isTrue();
                    })
                    .hasMessageContaining("no connection available within 250ms "
                            + "(total=2, active=2, idle=0, waiting=3, max=2)");
            assertThat(pool.stats().acquireTimeouts()).isEqualTo(1);

            first.close();
            second.close();
            for (Thread waiter : waiters) {
                assertThat(waiter.join(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(pool.stats().acquires()).isEqualTo(5);
        }
    }

    @Test
    void shouldRetireConnectionWhoseBackendWasTerminated(TestDatabase database) throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(1).poolMaxSize(1).build();
        try (TuskPool pool = TuskPool.open(config)) {
            int victim;
            try (Connection lease = pool.acquire()) {
                victim = backendPid(lease);
                try (Connection admin = database.connect();
                     PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                    terminate.setInt(1, victim);
                    terminate.execute();
                }
                assertThatThrownBy(() -> backendPid(lease)).isInstanceOf(SQLException.class);
            }

            await("the broken connection is retired", () -> pool.stats().retiredBroken() == 1);
            assertThat(backendPid(pool)).isNotEqualTo(victim);
            assertThat(pool.stats().retiredMaxUses()).isZero();
        }
    }

    @Test
    void shouldLendDataSourceConnectionsAsLeases(TestDatabase database) throws Exception {
        try (TuskPool pool = TuskPool.open(smallPool(database).build())) {
            try (Connection connection = pool.dataSource().getConnection()) {
                assertThat(backendPid(connection)).isPositive();
                assertThat(pool.stats().active()).isEqualTo(1);
            }
            assertThat(pool.stats().active()).isZero();
            assertThat(pool.stats().acquires()).isEqualTo(1);
            assertThat(pool.dataSource().unwrap(TuskPool.class)).isSameAs(pool);
        }
    }

    @Test
    void shouldRefuseToLendAfterClose(TestDatabase database) {
        TuskPool pool = TuskPool.open(smallPool(database).build());
        pool.close();

        assertThatThrownBy(pool::acquire)
                .isInstanceOf(ClientClosedException.class)
                .hasMessageContaining("pool " + pool.name() + " is closed");
    }
}
