package dev.tusk.pool;

import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.tusk.pool.PoolTestSupport.await;
import static dev.tusk.pool.PoolTestSupport.backendPid;
import static dev.tusk.pool.PoolTestSupport.smallPool;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retirement by {@code maxQueriesPerConnection} ahead of time: each connection's own jittered limit, its replacement
 * opened in the background, and no caller ever waiting for that connect.
 */
@WithPostgres
class RetirementTest {

    /** A connect that takes this long (an afterConnect hook that sleeps), as to a far or busy server. */
    private static final Duration SLOW_CONNECT = Duration.ofMillis(300);
    /** Half the slow connect: any call this slow waited for a connect. Wide, for a shared 2-core machine. */
    private static final Duration NO_CONNECT_WAIT = Duration.ofMillis(150);
    private static final Duration LOOP_LIMIT = Duration.ofSeconds(30);

    /** What one loop of single-statement leases saw: statements per backend pid in order, and the slowest call. */
    private record Observed(Map<Integer, Integer> statementsByPid, Duration slowestCall, int mostOpen) {
    }

    @Test
    void shouldReplaceASoleConnectionWithoutAnyCallWaitingForTheSlowConnect(TestDatabase database) throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(1).poolMaxSize(1).maxQueriesPerConnection(40).build();
        try (TuskPool pool = TuskPool.open(config, PoolHooks.NONE.withAfterConnect(RetirementTest::slowConnect))) {
            Observed seen = loopUntilRetired(pool, 3, false);

            assertThat(seen.slowestCall()).as("no call waited for a %sms connect", SLOW_CONNECT.toMillis())
                    .isLessThan(NO_CONNECT_WAIT);
            assertThat(seen.statementsByPid()).as("a backend per retirement").hasSizeGreaterThanOrEqualTo(3);
            List<Integer> retired = seen.statementsByPid().values().stream().toList()
                    .subList(0, seen.statementsByPid().size() - 2);
            // With one connection there is never another idle one: each served on past its limit until its
            // replacement, opened meanwhile, was ready, and never retired before 90% of its limit.
            assertThat(retired).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(36));
            assertThat(seen.mostOpen()).as("one spare over poolMaxSize at most, while a replacement opens")
                    .isLessThanOrEqualTo(2);
            assertCounters(pool);
        }
    }

    @Test
    void shouldRetireAtEachConnectionsOwnLimitWhenAnotherIsIdle(TestDatabase database) throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(2).poolMaxSize(2).maxQueriesPerConnection(1_000).build();
        try (TuskPool pool = TuskPool.open(config, PoolHooks.NONE.withAfterConnect(RetirementTest::slowConnect))) {
            Observed seen = loopUntilRetired(pool, 5, true);

            assertThat(seen.slowestCall()).isLessThan(NO_CONNECT_WAIT);
            Set<Integer> open = openPids(database, config.applicationName());
            List<Integer> retired = seen.statementsByPid().entrySet().stream()
                    .filter(entry -> !open.contains(entry.getKey())).map(Map.Entry::getValue).toList();
            assertThat(retired).hasSizeGreaterThanOrEqualTo(3);
            // One thread borrows one connection at a time and lets replacements open, so the other is idle whenever one
            // reaches its limit: each retires exactly there, at the setting less its own 0 to 10%.
            assertThat(retired).allSatisfy(count -> assertThat(count).isBetween(900, 1_000));
            assertThat(new HashSet<>(retired)).as("limits drawn per connection differ").hasSizeGreaterThan(1);
            assertCounters(pool);
        }
    }

    @Test
    void shouldSpreadRetirementsOfConnectionsOpenedTogetherUnderConcurrentLoad(TestDatabase database)
            throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(4).poolMaxSize(4).maxQueriesPerConnection(2_000).build();
        try (TuskPool pool = TuskPool.open(config, PoolHooks.NONE.withAfterConnect(RetirementTest::slowConnect))) {
            Duration[] slowest = new Duration[4];
            Thread[] workers = new Thread[4];
            for (int w = 0; w < workers.length; w++) {
                int index = w;
                workers[w] = Thread.ofPlatform().start(() -> {
                    long worst = 0;
                    long deadline = System.nanoTime() + LOOP_LIMIT.toNanos();
                    while (pool.stats().retiredMaxUses() < 6 && System.nanoTime() - deadline < 0) {
                        long started = System.nanoTime();
                        try {
                            backendPid(pool);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                        worst = Math.max(worst, System.nanoTime() - started);
                    }
                    slowest[index] = Duration.ofNanos(worst);
                });
            }
            for (Thread worker : workers) {
                worker.join();
            }

            assertThat(pool.stats().retiredMaxUses()).isGreaterThanOrEqualTo(6);
            assertThat(slowest).as("four busy workers on four connections never waited for a connect")
                    .allSatisfy(worst -> assertThat(worst).isLessThan(NO_CONNECT_WAIT));
            assertCounters(pool);
        }
    }

    private static void slowConnect(Connection connection) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(SLOW_CONNECT.toNanos());
    }

    /**
     * Borrows, runs one statement and returns, until {@code retirements} connections retired for max uses; with
     * {@code settle}, waits between calls after each retirement until the pool's connections are all idle again, so
     * that another is idle whenever one reaches its limit.
     */
    private static Observed loopUntilRetired(TuskPool pool, int retirements, boolean settle) throws SQLException {
        int size = pool.stats().size();
        long retiredSeen = 0;
        Map<Integer, Integer> statementsByPid = new LinkedHashMap<>();
        long slowest = 0;
        int mostOpen = 0;
        long deadline = System.nanoTime() + LOOP_LIMIT.toNanos();
        while (pool.stats().retiredMaxUses() < retirements) {
            assertThat(System.nanoTime() - deadline).as("%d retirements within %s", retirements, LOOP_LIMIT)
                    .isNegative();
            long started = System.nanoTime();
            int pid = backendPid(pool);
            slowest = Math.max(slowest, System.nanoTime() - started);
            statementsByPid.merge(pid, 1, Integer::sum);
            mostOpen = Math.max(mostOpen, pool.stats().size());
            if (settle && pool.stats().retiredMaxUses() > retiredSeen) {
                retiredSeen = pool.stats().retiredMaxUses();
                await("the retired connection's replacement is open", () -> pool.stats().idle() >= size);
            }
        }
        return new Observed(statementsByPid, Duration.ofNanos(slowest), mostOpen);
    }

    /** The pool's counters agree with its history: every opening is an open connection or a max-uses retirement. */
    private static void assertCounters(TuskPool pool) {
        await("the retired connections are closed and counted", () -> {
            PoolStats stats = pool.stats();
            return stats.created() == stats.retiredMaxUses() + stats.size();
        });
        PoolStats stats = pool.stats();
        assertThat(stats.retiredBroken()).isZero();
        assertThat(stats.retiredLifetime()).isZero();
        assertThat(stats.retiredIdle()).isZero();
        assertThat(stats.acquireTimeouts()).isZero();
    }

    private static Set<Integer> openPids(TestDatabase database, String applicationName) throws SQLException {
        Set<Integer> pids = new HashSet<>();
        try (Connection admin = database.connect();
             PreparedStatement statement = admin.prepareStatement(
                     "SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, applicationName);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pids.add(rows.getInt(1));
                }
            }
        }
        return pids;
    }
}
