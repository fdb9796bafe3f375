package dev.tusk.listen;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.replication.ReplicatedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LISTEN on a multi-host client follows the primary: PostgreSQL refuses LISTEN during recovery and does not replicate
 * notifications, so the listening connection goes to the primary whatever {@code targetSessionAttrs} the pool uses,
 * and after a crash and a promotion it listens again on the promoted server. One primary/replica pair for the class;
 * the failover test runs last because it promotes the replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListenFailoverTest {

    private static ReplicatedPostgres cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicatedPostgres.start();
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The standby listed first, so that any targeting but the listener's own would land on it. */
    private static TuskConfig config(String applicationName, String targetSessionAttrs) {
        ManagedPostgres primary = cluster.primary();
        ManagedPostgres replica = cluster.replica();
        return TuskConfig.builder().url("postgresql://" + primary.superuser() + "@" + replica.host() + ":"
                        + replica.port() + "," + primary.host() + ":" + primary.port() + "/"
                        + ManagedPostgres.ADMIN_DATABASE + "?target_session_attrs=" + targetSessionAttrs)
                .applicationName(applicationName).poolMinSize(0).poolMaxSize(2)
                .connectTimeout(Duration.ofSeconds(2)).shutdownGracePeriod(Duration.ofSeconds(1)).build();
    }

    private static String listenerPid(ManagedPostgres server, String applicationName) {
        return server.queryString("SELECT pid FROM pg_stat_activity WHERE application_name = '" + applicationName
                + "' AND query LIKE 'LISTEN %'");
    }

    @Test
    @Order(1)
    void shouldListenOnThePrimaryWhenTheClientTargetsAnyServerAndAStandbyIsListedFirst() {
        String applicationName = "listen-any-" + UUID.randomUUID().toString().substring(0, 8);
        try (TuskClient client = Tusk.connect(config(applicationName, "any"))) {
            assertThat(client.queryValue("SELECT pg_is_in_recovery()", Boolean.class))
                    .as("the pool itself lands on the standby listed first").isTrue();
            Recorder recorder = new Recorder();
            try (Subscription ignored = client.listen("orders", recorder)) {
                cluster.primary().execute("NOTIFY orders, 'on the primary'");
                recorder.awaitNotifications(1);

                assertThat(recorder.payloads()).containsExactly("on the primary");
                assertThat(listenerPid(cluster.primary(), applicationName)).isNotNull();
                assertThat(listenerPid(cluster.replica(), applicationName)).isNull();
            }
        }
    }

    @Test
    @Order(2)
    void shouldRefuseToListenWithAClearErrorWhenNoListedServerIsAPrimary() {
        ManagedPostgres replica = cluster.replica();
        TuskConfig standbyOnly = TuskConfig.builder().url("postgresql://" + replica.superuser() + "@" + replica.host()
                        + ":" + replica.port() + "/" + ManagedPostgres.ADMIN_DATABASE)
                .applicationName("listen-standby").poolMinSize(0).poolMaxSize(1)
                .connectTimeout(Duration.ofSeconds(2)).shutdownGracePeriod(Duration.ofSeconds(1)).build();
        try (TuskClient client = Tusk.connect(standbyOnly)) {
            assertThatThrownBy(() -> client.listen("orders", new Recorder()))
                    .isInstanceOf(TuskException.class)
                    .hasMessageContaining("listen(\"orders\"): could not LISTEN on " + replica.host() + ":"
                            + replica.port() + "/postgres: SQLSTATE 08001: none of the listed servers is a writable "
                            + "primary, and LISTEN needs one: PostgreSQL refuses LISTEN on a standby and does not "
                            + "replicate notifications");
        }
    }

    @Test
    @Order(3)
    void shouldListenAgainOnThePromotedReplicaAfterThePrimaryCrashes() throws Exception {
        String applicationName = "listen-failover-" + UUID.randomUUID().toString().substring(0, 8);
        // Tusk's default reconnect back-off (retryDelay 1 s doubling to retryMaxDelay 5 s), as a user would have it.
        try (TuskClient client = Tusk.connect(config(applicationName, "read-write"))) {
            Recorder recorder = new Recorder();
            try (Subscription subscription = client.listen("orders", recorder)) {
                client.notify("orders", "before");
                recorder.awaitNotifications(1);

                cluster.crashPrimary();
                Thread.sleep(300);
                cluster.promote();
                long promotedAt = System.nanoTime();
                Instant promotedInstant = Instant.now();
                recorder.awaitEvents("a connection gap",
                        events -> events.stream().anyMatch(PossibleLoss.ConnectionGap.class::isInstance));
                long listeningAgainAt = System.nanoTime();
                client.notify("orders", "after");
                recorder.awaitNotifications(2);

                PossibleLoss.ConnectionGap gap = (PossibleLoss.ConnectionGap) recorder.losses().getFirst();
                System.out.printf("[ListenFailoverTest] LISTEN gap %d ms (cause %s); promotion → LISTEN again %d ms "
                                + "(gap end %d ms after the promotion)%n", gap.duration().toMillis(), gap.cause(),
                        (listeningAgainAt - promotedAt) / 1_000_000,
                        Duration.between(promotedInstant, gap.to()).toMillis());
                assertThat(recorder.payloads()).containsExactly("before", "after");
                assertThat(gap.channel()).isEqualTo("orders");
                // An immediate shutdown may or may not get its FATAL out before the socket closes.
                assertThat(gap.cause()).matches("SQLSTATE (57P01|08006): .*");
                assertThat(gap.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Recorder.WAIT);
                // Reconnect attempts every 50 ms for connectTimeout after the drop find the promoted server at once;
                // the retry backoff alone (up to 5 s by default) often took seconds. Generous for a loaded machine.
                assertThat(Duration.between(promotedInstant, gap.to())).as("promotion → LISTEN again")
                        .isLessThan(Duration.ofSeconds(3));
                assertThat(subscription.stats().listening()).isTrue();
                assertThat(subscription.stats().connectionGaps()).isEqualTo(1);
                assertThat(listenerPid(cluster.replica(), applicationName)).as("listening on the promoted server")
                        .isNotNull();
            }
        }
    }
}
