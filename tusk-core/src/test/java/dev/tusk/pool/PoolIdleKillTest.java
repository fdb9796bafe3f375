package dev.tusk.pool;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.tusk.pool.PoolTestSupport.await;
import static dev.tusk.pool.PoolTestSupport.smallPool;
import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class PoolIdleKillTest {

    @Test
    void shouldLendLiveConnectionsWhenEveryIdleBackendWasTerminated(TestDatabase database, PostgresServer server)
            throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(4).poolMaxSize(4).build();
        try (TuskClient client = Tusk.connect(config)) {
            List<Integer> before = client.query("SELECT pid FROM pg_stat_activity WHERE application_name = ?", Integer.class,
                    config.applicationName());
            assertThat(before).hasSize(4);

            assertThat(server.terminateBackends(config.applicationName())).isEqualTo(4);
            // Well inside HikariCP's 500ms alive-check bypass, so only Tusk's check at borrow can notice.
            Thread.sleep(200);

            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(threads.submit(() -> {
                        start.await();
                        return client.queryValue("SELECT pg_backend_pid()", Integer.class);
                    }));
                }
                start.countDown();
                for (Future<Integer> call : calls) {
                    assertThat(call.get(30, TimeUnit.SECONDS)).isNotIn(before);
                }
            } finally {
                threads.shutdownNow();
            }
            await("the four killed connections are counted as broken", () -> client.poolStats().retiredBroken() == 4);
        }
    }

    @Test
    void shouldKeepLendingAnIdleConnectionThatNobodyDisturbed(TestDatabase database) {
        TuskConfig config = smallPool(database).poolMinSize(1).poolMaxSize(1).build();
        try (TuskClient client = Tusk.connect(config)) {
            int pid = client.queryValue("SELECT pg_backend_pid()", Integer.class);
            for (int i = 0; i < 20; i++) {
                assertThat(client.queryValue("SELECT pg_backend_pid()", Integer.class)).isEqualTo(pid);
            }
            assertThat(client.poolStats().retiredBroken()).isZero();
            assertThat(client.poolStats().created()).isEqualTo(1);
        }
    }
}
