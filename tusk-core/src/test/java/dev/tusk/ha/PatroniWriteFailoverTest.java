package dev.tusk.ha;

import dev.tusk.testing.patroni.Failover;
import dev.tusk.testing.patroni.PatroniCluster;
import dev.tusk.testing.patroni.PatroniMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline the Tusk-level failover test will be held to: plain PgJDBC on a multi-host URL with
 * {@code targetServerType=primary} (libpq's {@code target_session_attrs=read-write}) under a write workload, while
 * Patroni replaces a SIGKILLed leader. Patroni runs in synchronous mode, so the promoted member has every acknowledged
 * commit; with asynchronous replication the last commits before the kill may be lost and this test could not demand 0.
 */
class PatroniWriteFailoverTest {

    private static final int WRITERS = 4;
    private static final Duration RESUME_AFTER_PROMOTION = Duration.ofMillis(500);
    private static PatroniCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = PatroniCluster.builder().members(3).synchronousMode(true).start();
        cluster.leader().execute("CREATE TABLE ha_writes (seq bigserial PRIMARY KEY, op_id bigint NOT NULL)");
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldWriteOnNewLeaderWithinHalfSecondOfPromotionLosingNoAcknowledgedWrite() throws Exception {
        // Patroni's synchronous mode names one standby in synchronous_standby_names; commits wait for it.
        assertThat(cluster.leader().queryString("SHOW synchronous_standby_names")).isNotBlank();
        String url = cluster.jdbcUrl("postgres") + "?targetServerType=primary&user=postgres"
                + "&connectTimeout=1&socketTimeout=5&hostRecheckSeconds=0&ApplicationName=ha-writer";
        Workload workload = new Workload(url);
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            writers.add(Thread.ofVirtual().name("ha-writer-" + i).start(workload::run));
        }
        workload.awaitAcknowledged(200, Duration.ofSeconds(30));

        PatroniMember oldLeader = cluster.killLeader();
        long killedAt = System.nanoTime();
        workload.killedAtNanos.set(killedAt);
        Failover failover = cluster.waitForNewLeader(Duration.ofSeconds(3L * cluster.ttlSeconds()));
        // The promotion is over when the new leader leaves recovery; /leader answers a few dozen ms before that.
        long promotedAt = killedAt + failover.writableAfter().toNanos();
        workload.awaitWriteAfter(promotedAt, Duration.ofSeconds(10));
        workload.stop();
        for (Thread writer : writers) {
            writer.join(Duration.ofSeconds(15));
        }

        long firstWrite = workload.firstWriteAfterKillNanos.get();
        Duration killToWrite = Duration.ofNanos(firstWrite - killedAt);
        Duration promotionToWrite = Duration.ofNanos(Math.max(0, firstWrite - promotedAt));
        System.out.printf("PgJDBC multi-host under Patroni failover: kill -> /leader %d ms, kill -> writable %d ms, "
                        + "kill -> first write %d ms, promotion -> first write %d ms; %d acknowledged, errors %s, "
                        + "%d outcomes resolved after reconnect%n",
                failover.leaderAfter().toMillis(), failover.writableAfter().toMillis(), killToWrite.toMillis(),
                promotionToWrite.toMillis(),
                workload.acknowledged.size(), new TreeMap<>(workload.errors), workload.resolvedUnknown.get());

        PatroniMember newLeader = failover.newLeader();
        assertThat(newLeader).isNotSameAs(oldLeader);
        assertThat(promotionToWrite).isLessThanOrEqualTo(RESUME_AFTER_PROMOTION);
        Set<Long> stored = storedOperations(newLeader);
        assertThat(stored).as("acknowledged writes present on the new leader").containsAll(workload.acknowledged.keySet());
        assertThat(duplicateOperations(newLeader)).as("operations applied twice").isEmpty();
        assertThat(workload.failures).as("writers that gave up").isEmpty();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Set<Long> storedOperations(PatroniMember leader) throws SQLException {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        try (Connection connection = leader.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT op_id FROM ha_writes")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private static List<Long> duplicateOperations(PatroniMember leader) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = leader.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT op_id FROM ha_writes GROUP BY op_id HAVING count(*) > 1")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /**
     * Writers that insert one row per operation id in autocommit, and reconnect through the multi-host URL after any
     * error. An insert whose outcome was lost (the error came after the statement was sent) is looked up by its id
     * on the new primary before it is sent again, so that no operation is applied twice.
     */
    private static final class Workload {
        final String url;
        final AtomicLong nextOperation = new AtomicLong();
        final Map<Long, Boolean> acknowledged = new ConcurrentHashMap<>();
        final Map<String, Integer> errors = new ConcurrentHashMap<>();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong killedAtNanos = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong firstWriteAfterKillNanos = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastWriteNanos = new AtomicLong();
        final AtomicLong resolvedUnknown = new AtomicLong();
        volatile boolean running = true;

        Workload(String url) {
            this.url = url;
        }

        void run() {
            Connection connection = null;
            Long pending = null;
            long deadline = Long.MAX_VALUE;
            while (running) {
                long operation = pending != null ? pending : nextOperation.incrementAndGet();
                try {
                    if (connection == null) {
                        connection = DriverManager.getConnection(url);
                        if (pending != null && exists(connection, operation)) {
                            resolvedUnknown.incrementAndGet();
                            acknowledge(operation);
                            pending = null;
                            continue;
                        }
                    }
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ha_writes (op_id) VALUES (?)")) {
                        insert.setLong(1, operation);
                        pending = operation;
                        insert.executeUpdate();
                    }
                    pending = null;
                    acknowledge(operation);
                    deadline = Long.MAX_VALUE;
                } catch (SQLException e) {
                    errors.merge(e.getSQLState() == null ? "none" : e.getSQLState(), 1, Integer::sum);
                    closeQuietly(connection);
                    connection = null;
                    if (deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    } else if (System.nanoTime() > deadline) {
                        failures.add(Thread.currentThread().getName() + ": no write for 60 s: " + e.getMessage());
                        return;
                    }
                    pause(Duration.ofMillis(5));
                }
            }
            closeQuietly(connection);
        }

        private void acknowledge(long operation) {
            acknowledged.put(operation, Boolean.TRUE);
            long now = System.nanoTime();
            lastWriteNanos.set(now);
            if (now > killedAtNanos.get()) {
                firstWriteAfterKillNanos.accumulateAndGet(now, Math::min);
            }
        }

        private static boolean exists(Connection connection, long operation) throws SQLException {
            try (PreparedStatement lookup = connection.prepareStatement("SELECT 1 FROM ha_writes WHERE op_id = ?")) {
                lookup.setLong(1, operation);
                try (ResultSet rows = lookup.executeQuery()) {
                    return rows.next();
                }
            }
        }

        void awaitAcknowledged(int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (acknowledged.size() < count) {
                assertThat(System.nanoTime()).as("writers acknowledged " + acknowledged.size() + " writes before the kill")
                        .isLessThan(deadline);
                pause(Duration.ofMillis(10));
            }
        }

        void awaitWriteAfter(long nanos, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (lastWriteNanos.get() < nanos || firstWriteAfterKillNanos.get() == Long.MAX_VALUE) {
                assertThat(System.nanoTime()).as("a write on the new leader; errors so far " + errors).isLessThan(deadline);
                pause(Duration.ofMillis(5));
            }
            // A few more writes on the new leader, so that every writer has moved.
            pause(Duration.ofMillis(300));
        }

        void stop() {
            running = false;
        }

        private static void closeQuietly(Connection connection) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // The connection is already broken; closing is only to free the socket.
                }
            }
        }
    }
}
