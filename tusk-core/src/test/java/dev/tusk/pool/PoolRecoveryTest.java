package dev.tusk.pool;

import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tusk.pool.PoolTestSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/** After the server goes away and comes back, waiting callers get connections at once, without a connection storm. */
class PoolRecoveryTest {

    private static final int CALLERS = 4;
    private static final int POOL_MAX = 3;
    private static final Duration RECOVERED_WITHIN = Duration.ofMillis(500);

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.builder().label("recovery").start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldLendWorkingConnectionsRightAfterTheServerRecoversFromACrash() throws Exception {
        assertRecoversQuickly("crash", server::crash);
    }

    @Test
    void shouldLendWorkingConnectionsRightAfterTheServerRestarts() throws Exception {
        assertRecoversQuickly("restart", server::stop);
    }

    private static void assertRecoversQuickly(String what, Runnable takeDown) throws Exception {
        TuskConfig config = TuskConfig.fromUrl(server.url(ManagedPostgres.ADMIN_DATABASE)).toBuilder()
                .applicationName(uniqueName("recovery")).poolMinSize(2).poolMaxSize(POOL_MAX)
                .acquireTimeout(Duration.ofSeconds(15)).connectTimeout(Duration.ofSeconds(5))
                .shutdownGracePeriod(Duration.ZERO).build();
        try (TuskPool pool = TuskPool.open(config)) {
            AtomicBoolean sampling = new AtomicBoolean(true);
            AtomicInteger mostOpen = new AtomicInteger();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (sampling.get()) {
                    mostOpen.accumulateAndGet(pool.stats().size(), Math::max);
                    sleep(2);
                }
            });

            takeDown.run();
            long downAt = System.nanoTime();
            List<AtomicLong> firstSuccess = new ArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                AtomicLong success = new AtomicLong();
                firstSuccess.add(success);
                callers.add(Thread.ofPlatform().start(() -> callUntilSuccess(pool, success)));
            }
            sleep(2000);
            AtomicLong rawConnectAt = new AtomicLong();
            Thread probe = Thread.ofPlatform().start(() -> probeUntilConnectable(rawConnectAt));
            server.start();
            probe.join(Duration.ofSeconds(30));
            for (Thread caller : callers) {
                assertThat(caller.join(Duration.ofSeconds(30))).isTrue();
            }
            sampling.set(false);
            sampler.join();

            List<Long> lagMillis = firstSuccess.stream()
                    .map(at -> Duration.ofNanos(at.get() - rawConnectAt.get()).toMillis()).sorted().toList();
            System.out.println("recovery after " + what + ": server accepted a raw connect "
                    + Duration.ofNanos(rawConnectAt.get() - downAt).toMillis() + "ms after going down; callers' "
                    + "first successes came " + lagMillis + "ms after that; most connections open " + mostOpen.get());
            assertThat(lagMillis.getLast()).as("slowest caller's lag after the server accepted connections, ms")
                    .isLessThan(RECOVERED_WITHIN.toMillis());
            assertThat(mostOpen.get()).isLessThanOrEqualTo(POOL_MAX);
            try (Connection connection = pool.acquire()) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
    }

    private static void callUntilSuccess(TuskPool pool, AtomicLong success) {
        while (true) {
            try (Connection connection = pool.acquire(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT 1")) {
                rows.next();
                // Only a call made after the server went down counts; all are.
                success.set(System.nanoTime());
                return;
            } catch (SQLException | RuntimeException e) {
                // A connection lent just before the server went down fails once; the caller tries again.
                sleep(5);
            }
        }
    }

    private static void probeUntilConnectable(AtomicLong connectedAt) {
        Properties properties = new Properties();
        properties.setProperty("user", server.superuser());
        properties.setProperty("connectTimeout", "1");
        while (true) {
            try (Connection ignored = DriverManager.getConnection(server.jdbcUrl(), properties)) {
                connectedAt.set(System.nanoTime());
                return;
            } catch (SQLException e) {
                sleep(5);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
