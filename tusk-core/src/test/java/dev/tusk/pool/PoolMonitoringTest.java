package dev.tusk.pool;

import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tusk.pool.PoolTestSupport.await;
import static dev.tusk.pool.PoolTestSupport.backendPid;
import static dev.tusk.pool.PoolTestSupport.smallPool;
import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class PoolMonitoringTest {

    /** Collects what the pool reports, as a test would read the log lines it writes for the same events. */
    static final class RecordingListener implements PoolListener {
        final List<PoolStats> exhaustions = new CopyOnWriteArrayList<>();
        final List<PotentialLeak> leaks = new CopyOnWriteArrayList<>();
        final List<Duration> returnedLeaks = new CopyOnWriteArrayList<>();

        @Override
        public void onExhaustion(PoolStats stats) {
            exhaustions.add(stats);
        }

        @Override
        public void onPotentialLeak(PotentialLeak leak) {
            leaks.add(leak);
        }

        @Override
        public void onLeakReturned(PotentialLeak leak, Duration heldFor) {
            returnedLeaks.add(heldFor);
        }
    }

    @Test
    void shouldNotReportExhaustionForAPoolSizedToItsBusyWorkers(TestDatabase database) throws Exception {
        RecordingListener listener = new RecordingListener();
        TuskConfig config = smallPool(database).poolMinSize(8).poolMaxSize(8).exhaustionThresholdPercent(50).build();
        try (TuskPool pool = TuskPool.open(config, PoolHooks.NONE.withListener(listener))) {
            int[] leases = runWorkers(pool, 8, "SELECT pg_sleep(0.005)", Duration.ofSeconds(2));

            assertThat(java.util.Arrays.stream(leases).min().orElseThrow()).as("leases of the least busy worker")
                    .isGreaterThan(10);
            assertThat(pool.stats().acquireTimeP99()).as("each worker had its own connection")
                    .isLessThan(Duration.ofMillis(100));
            assertThat(listener.exhaustions).as("8 connections for 8 busy workers is healthy").isEmpty();
            assertThat(pool.stats().exhaustionEpisodes()).isZero();
        }
    }

    @Test
    void shouldReportExhaustionWhenCallersWaitPastTheThreshold(TestDatabase database) throws Exception {
        RecordingListener listener = new RecordingListener();
        TuskConfig config = smallPool(database).poolMinSize(8).poolMaxSize(8).build();
        try (TuskPool pool = TuskPool.open(config, PoolHooks.NONE.withListener(listener))) {
            // 16 workers holding a connection 200ms each: half of them wait about a lease for theirs.
            runWorkers(pool, 16, "SELECT pg_sleep(0.2)", Duration.ofSeconds(2));

            assertThat(listener.exhaustions).as("one episode while callers kept waiting").isNotEmpty();
            assertThat(pool.stats().exhaustionEpisodes()).isEqualTo(listener.exhaustions.size());
            PoolStats first = listener.exhaustions.get(0);
            assertThat(first.maximum()).isEqualTo(8);
            assertThat(first.size()).isEqualTo(8);
            assertThat(first.waiting()).as("callers were waiting when it began").isPositive();
            assertThat(dev.tusk.pool.internal.ExhaustionWarningsAccess.warning(pool.name(), 180, 100, first))
                    .contains("a caller waited 180ms for a connection, over the exhaustion wait threshold of 100ms")
                    .contains(first.waiting() + " caller(s) waiting").contains("at most 8");
        }
    }

    /** Runs {@code workers} threads that each lease a connection and run {@code sql} in a loop; their lease counts. */
    private static int[] runWorkers(TuskPool pool, int workers, String sql, Duration duration) throws Exception {
        int[] leases = new int[workers];
        Thread[] threads = new Thread[workers];
        long deadline = System.nanoTime() + duration.toNanos();
        for (int w = 0; w < workers; w++) {
            int index = w;
            threads[w] = Thread.ofPlatform().start(() -> {
                while (System.nanoTime() - deadline < 0) {
                    try (Connection connection = pool.acquire();
                         java.sql.Statement statement = connection.createStatement()) {
                        statement.execute(sql);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    leases[index]++;
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return leases;
    }

    @Test
    void shouldCountLeakAndReportWhereItWasTaken(TestDatabase database) throws Exception {
        RecordingListener listener = new RecordingListener();
        TuskConfig config = smallPool(database).leakDetectionThreshold(Duration.ofMillis(200)).build();
        try (TuskPool pool = TuskPool.open(config, PoolHooks.NONE.withListener(listener))) {
            Connection lease = pool.acquire();
            await("the lease is reported as a potential leak", () -> !listener.leaks.isEmpty());

            assertThat(pool.stats().potentialLeaks()).isEqualTo(1);
            PotentialLeak leak = listener.leaks.get(0);
            assertThat(leak.takenAt().getStackTrace()[0].getMethodName())
                    .as("the first frame of the reported stack is the code that took the connection")
                    .isEqualTo("shouldCountLeakAndReportWhereItWasTaken");
            assertThat(leak.threadName()).isEqualTo(Thread.currentThread().getName());
            assertThat(leak.heldFor()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(leak.message()).startsWith("pool " + pool.name() + ": a connection taken by thread '")
                    .contains("longer than the leak-detection threshold of 200ms");

            lease.close();
            assertThat(listener.returnedLeaks).singleElement()
                    .satisfies(heldFor -> assertThat(heldFor).isGreaterThanOrEqualTo(leak.heldFor()));
            assertThat(pool.stats().potentialLeaks()).isEqualTo(1);
        }
    }

    @Test
    void shouldNotCountLeasesReturnedWithinThreshold(TestDatabase database) throws Exception {
        RecordingListener listener = new RecordingListener();
        TuskConfig config = smallPool(database).leakDetectionThreshold(Duration.ofMillis(200)).build();
        try (TuskPool pool = TuskPool.open(config, PoolHooks.NONE.withListener(listener))) {
            for (int i = 0; i < 20; i++) {
                backendPid(pool);
            }
            // Sweeps ran while the short leases were out; had they been counted, the count would now exceed one.
            try (Connection held = pool.acquire()) {
                await("the held lease is reported", () -> !listener.leaks.isEmpty());
                assertThat(held.isClosed()).isFalse();
            }

            assertThat(pool.stats().potentialLeaks()).isEqualTo(1);
            assertThat(listener.leaks).hasSize(1);
        }
    }

    @Test
    void shouldReportSaneAcquireTimePercentiles(TestDatabase database) throws Exception {
        try (TuskPool pool = TuskPool.open(smallPool(database).build())) {
            assertThat(pool.stats().acquireTimeP99()).isEqualTo(Duration.ZERO);
            for (int i = 0; i < 100; i++) {
                backendPid(pool);
            }

            PoolStats stats = pool.stats();
            assertThat(stats.acquires()).isEqualTo(100);
            assertThat(stats.acquireTimeP50()).isPositive().isLessThanOrEqualTo(stats.acquireTimeP99());
            assertThat(stats.acquireTimeP99()).isLessThan(Duration.ofSeconds(5));
            assertThat(stats.acquireTimeouts()).isZero();
        }
    }

    @Test
    void shouldReportSizeAndUseInSnapshot(TestDatabase database) throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(2).poolMaxSize(4).build();
        try (TuskPool pool = TuskPool.open(config); Connection held = pool.acquire()) {
            PoolStats stats = pool.stats();

            assertThat(held.isClosed()).isFalse();
            assertThat(stats.size()).isEqualTo(2);
            assertThat(stats.active()).isEqualTo(1);
            assertThat(stats.idle()).isEqualTo(1);
            assertThat(stats.waiting()).isZero();
            assertThat(stats.maximum()).isEqualTo(4);
            assertThat(stats.utilizationPercent()).isEqualTo(25.0);
            assertThat(stats.summary()).isEqualTo("(total=2, active=1, idle=1, waiting=0, max=4)");
        }
    }
}
