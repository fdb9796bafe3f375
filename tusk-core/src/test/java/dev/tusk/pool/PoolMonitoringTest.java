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
    void shouldReportOneExhaustionEpisodeUntilUtilizationDropsBelowThreshold(TestDatabase database) throws Exception {
        RecordingListener listener = new RecordingListener();
        TuskConfig config = smallPool(database).poolMinSize(2).poolMaxSize(2).exhaustionThresholdPercent(50).build();
        try (TuskPool pool = TuskPool.open(config, PoolHooks.NONE.withListener(listener))) {
            Connection first = pool.acquire();
            Connection second = pool.acquire();
            second.close();
            assertThat(listener.exhaustions).as("50% and then 100% are one episode").hasSize(1);
            assertThat(listener.exhaustions.get(0).active()).isEqualTo(1);
            assertThat(pool.stats().exhaustionEpisodes()).isEqualTo(1);

            first.close();
            pool.acquire().close();

            assertThat(listener.exhaustions).as("dropping to 0% ended the first episode").hasSize(2);
            assertThat(pool.stats().exhaustionEpisodes()).isEqualTo(2);
        }
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
