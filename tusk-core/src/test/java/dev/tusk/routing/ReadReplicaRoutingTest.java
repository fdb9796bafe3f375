package dev.tusk.routing;

import dev.tusk.ConnectionException;
import dev.tusk.ReadOnlyTransactionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.ReadFallback;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.health.HealthReport;
import dev.tusk.health.HealthStatus;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.replication.ReplicatedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Read-only work on real streaming replicas: spread, skipped when lagging or down, fallback, read-your-writes. */
class ReadReplicaRoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ReplicatedPostgres cluster;
    private static ManagedPostgres primary;
    private static ManagedPostgres first;
    private static ManagedPostgres second;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicatedPostgres.builder().replicas(2).start();
        primary = cluster.primary();
        first = cluster.replicas().get(0);
        second = cluster.replicas().get(1);
        primary.execute("CREATE TABLE routed (id int)");
        cluster.awaitReplicaCaughtUp(WAIT);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static TuskConfigBuilder config(ManagedPostgres... replicas) {
        return TuskConfig.builder().host(primary.host()).port(primary.port()).user(primary.superuser())
                .poolMinSize(1).poolMaxSize(4).retryDelay(Duration.ofMillis(10))
                .replicaCheckInterval(Duration.ofMillis(100))
                .readReplicas(Stream.of(replicas).map(replica -> "postgresql://" + replica.host() + ":" + replica.port())
                        .toList());
    }

    private static int port(dev.tusk.SqlOperations database) {
        return database.queryValue("SELECT inet_server_port()", Integer.class);
    }

    @Test
    void shouldSpreadReadsRoundRobinOverTwoReplicasAndKeepWritesOnThePrimary() throws Exception {
        try (TuskClient client = Tusk.connect(config(first, second).build())) {
            List<Integer> ports = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ports.add(port(client.readOnly()));
            }
            Map<Integer, Long> perServer = ports.stream().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));

            assertThat(perServer).containsOnly(Map.entry(first.port(), 10L), Map.entry(second.port(), 10L));
            assertThat(port(client)).isEqualTo(primary.port());
            Integer inTransaction = client.readOnly().inTransaction(
                    tx -> tx.queryValue("SELECT inet_server_port()", Integer.class));
            assertThat(inTransaction).isIn(first.port(), second.port());
            try (Stream<Integer> streamed = client.readOnly().stream("SELECT inet_server_port()",
                    row -> row.get(1, Integer.class))) {
                assertThat(streamed.toList()).singleElement().isIn(first.port(), second.port());
            }
            assertThat(client.replicas()).extracting(ReplicaStatus::state).containsOnly(ReplicaState.UP);
            HealthReport health = client.health();
            assertThat(health.status()).as(health.reasons().toString()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(health.replicas()).hasSize(2);
            assertThat(health.toJson()).contains("\"replicas\":[{\"server\":\"127.0.0.1:" + first.port()
                    + "\",\"state\":\"UP\",\"replayLagMillis\":0");
        }
    }

    @Test
    void shouldSkipALaggingReplicaUntilItCatchesUpAgain() throws Exception {
        try (TuskClient client = Tusk.connect(config(first, second).maxReplicaLag(Duration.ofSeconds(1)).build())) {
            second.execute("SELECT pg_wal_replay_pause()");
            try {
                primary.execute("INSERT INTO routed VALUES (1)");
                awaitState(client, second, ReplicaState.LAGGING);

                for (int i = 0; i < 6; i++) {
                    assertThat(port(client.readOnly())).isEqualTo(first.port());
                }
                ReplicaStatus lagging = status(client, second);
                assertThat(lagging.replayPaused()).isTrue();
                assertThat(lagging.replayLag()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                assertThat(lagging.lagBytes()).isPositive();
                assertThat(lagging.reason()).contains("is at or over maxReplicaLag 1000 ms")
                        .contains("SELECT pg_wal_replay_resume()");
                HealthReport health = client.health();
                assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(health.reasons()).anySatisfy(reason -> assertThat(reason)
                        .startsWith("read replica 127.0.0.1:" + second.port() + " is skipped for reads, LAGGING"));
            } finally {
                second.execute("SELECT pg_wal_replay_resume()");
            }
            awaitState(client, second, ReplicaState.UP);
            assertThat(Stream.generate(() -> port(client.readOnly())).limit(4).toList())
                    .contains(first.port(), second.port());
        }
    }

    @Test
    void shouldSkipAStoppedReplicaAndKeepReadingFromTheOther() throws Exception {
        try (TuskClient client = Tusk.connect(config(first, second).build())) {
            assertThat(Stream.generate(() -> port(client.readOnly())).limit(4).toList())
                    .contains(first.port(), second.port());
            second.stop();
            try {
                // At once, before a probe has seen it stop: every read still succeeds, on the replica that is up.
                for (int i = 0; i < 10; i++) {
                    assertThat(port(client.readOnly())).isEqualTo(first.port());
                }
                awaitState(client, second, ReplicaState.DOWN);
                assertThat(status(client, second).reason()).isNotBlank();
            } finally {
                second.start();
            }
            awaitState(client, second, ReplicaState.UP);
        }
    }

    @Test
    void shouldRunReadsOnThePrimaryOrFailNamingEveryReplicaWhenNoneTakesReads() throws Exception {
        int closedA = closedPort();
        int closedB = closedPort();
        TuskConfigBuilder builder = TuskConfig.builder().host(primary.host()).port(primary.port())
                .user(primary.superuser()).password("secret-pw").poolMinSize(1).poolMaxSize(2)
                .replicaCheckInterval(Duration.ofMillis(100))
                .readReplicas(List.of("postgresql://reader:replica-pw@127.0.0.1:" + closedA,
                        "postgresql://127.0.0.1:" + closedB));

        try (TuskClient client = Tusk.connect(builder.build())) {
            assertThat(port(client.readOnly())).isEqualTo(primary.port());
            assertThat(client.replicas()).extracting(ReplicaStatus::state).containsOnly(ReplicaState.DOWN);
            HealthReport health = client.health();
            assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(health.reasons()).contains("no read replica takes reads, so read-only work runs on the primary "
                    + "(readFallback=primary)");
        }
        try (TuskClient client = Tusk.connect(builder.readFallback(ReadFallback.FAIL).build())) {
            ConnectionException failure = catchThrowableOfType(ConnectionException.class,
                    () -> port(client.readOnly()));

            assertThat(failure).hasMessageStartingWith("no read replica takes read-only work now, and readFallback=fail: "
                            + "127.0.0.1:" + closedA + " DOWN: ")
                    .hasMessageContaining("; 127.0.0.1:" + closedB + " DOWN: ")
                    .hasMessageEndingWith("set readFallback=primary to run such work on the primary instead");
            assertThat(failure.getMessage()).doesNotContain("secret-pw").doesNotContain("replica-pw");
            assertThat(failure.mayHaveReachedServer()).isFalse();
            assertThat(failure.isTransient()).isFalse();
            assertThat(catchThrowableOfType(ConnectionException.class,
                    () -> client.readOnly().inTransaction(tx -> tx.queryValue("SELECT 1", Integer.class))))
                    .hasMessageStartingWith("no read replica takes read-only work now");
            assertThat(port(client)).isEqualTo(primary.port());
            HealthReport health = client.health();
            assertThat(health.status()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(health.toJson()).doesNotContain("secret-pw").doesNotContain("replica-pw");
        }
    }

    @Test
    void shouldSendAThreadsReadsAfterItsWriteToThePrimaryUntilTheReplicaHasReplayedIt() throws Exception {
        try (TuskClient client = Tusk.connect(config(first).readYourWrites(true).maxReplicaLag(Duration.ZERO).build())) {
            assertThat(port(client.readOnly())).isEqualTo(first.port());
            first.execute("SELECT pg_wal_replay_pause()");
            try {
                client.execute("INSERT INTO routed VALUES (2)");

                assertThat(port(client.readOnly())).isEqualTo(primary.port());
                assertThat(client.readOnly().queryValue("SELECT count(*) FROM routed WHERE id = 2", Long.class))
                        .isEqualTo(1L);
                // Another thread has written nothing, so the paused replica (no lag limit) still serves it.
                AtomicReference<Integer> otherThread = new AtomicReference<>();
                Thread.ofVirtual().start(() -> otherThread.set(port(client.readOnly()))).join();
                assertThat(otherThread.get()).isEqualTo(first.port());
            } finally {
                first.execute("SELECT pg_wal_replay_resume()");
            }
            await(() -> port(client.readOnly()) == first.port(), "reads to go to the replica once it replayed the write");
            assertThat(client.readOnly().queryValue("SELECT count(*) FROM routed WHERE id = 2", Long.class)).isEqualTo(1L);
        }
    }

    @Test
    void shouldRefuseAWriteOnAReplicaWithAReadOnlyError() throws Exception {
        try (TuskClient client = Tusk.connect(config(first).build())) {
            ReadOnlyTransactionException inTransaction = catchThrowableOfType(ReadOnlyTransactionException.class,
                    () -> client.readOnly().inTransaction(tx -> tx.execute("INSERT INTO routed VALUES (3)")));
            ReadOnlyTransactionException oneLiner = catchThrowableOfType(ReadOnlyTransactionException.class,
                    () -> client.readOnly().execute("INSERT INTO routed VALUES (3)"));

            for (ReadOnlyTransactionException failure : List.of(inTransaction, oneLiner)) {
                assertThat(failure.sqlState()).isEqualTo("25006");
                assertThat(failure).hasMessageContaining("cannot execute INSERT in a read-only transaction");
            }
            // Refused, so the primary's pool was left alone and nothing was written anywhere.
            assertThat(client.queryValue("SELECT count(*) FROM routed WHERE id = 3", Long.class)).isZero();
        }
    }

    @Test
    void shouldSkipAListedServerThatIsNotAStandby() throws Exception {
        try (TuskClient client = Tusk.connect(config(primary).build())) {
            ReplicaStatus status = client.replicas().get(0);

            assertThat(status.state()).isEqualTo(ReplicaState.NOT_STANDBY);
            assertThat(status.reason()).contains("pg_is_in_recovery() is false");
            assertThat(port(client.readOnly())).isEqualTo(primary.port());
        }
    }

    private static ReplicaStatus status(TuskClient client, ManagedPostgres replica) {
        return client.replicas().stream().filter(status -> status.server().port() == replica.port()).findFirst()
                .orElseThrow();
    }

    private static void awaitState(TuskClient client, ManagedPostgres replica, ReplicaState state) throws InterruptedException {
        await(() -> status(client, replica).state() == state, "replica on port " + replica.port() + " to be " + state
                + " (now " + status(client, replica) + ")");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
