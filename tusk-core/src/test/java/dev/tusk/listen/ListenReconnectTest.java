package dev.tusk.listen;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The LISTEN connection comes back by itself after its backend is killed or the server restarts, and says so. */
class ListenReconnectTest {

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.builder().label("listen-reconnect").start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static TuskConfig config(String applicationName) {
        // A short backoff keeps the test quick; the default (1s, doubling to 5s) behaves the same, slower.
        return TuskConfig.fromUrl(server.url(ManagedPostgres.ADMIN_DATABASE)).toBuilder()
                .applicationName(applicationName).poolMinSize(0).poolMaxSize(2)
                .retryDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(200))
                .connectTimeout(Duration.ofSeconds(2)).shutdownGracePeriod(Duration.ofSeconds(1)).build();
    }

    private static String listenerPid(String applicationName) {
        return server.queryString("SELECT pid FROM pg_stat_activity WHERE application_name = '" + applicationName
                + "' AND query LIKE 'LISTEN %'");
    }

    @Test
    void shouldListenAgainAndReportTheGapAfterItsBackendIsTerminated() {
        String applicationName = "terminated-" + UUID.randomUUID().toString().substring(0, 8);
        try (StderrCapture log = new StderrCapture(); TuskClient client = Tusk.connect(config(applicationName))) {
            Recorder orders = new Recorder();
            Recorder invoices = new Recorder();
            try (Subscription ordersSubscription = client.listen("orders", orders);
                 Subscription ignored = client.listen("invoices", invoices)) {
                client.notify("orders", "before");
                orders.awaitNotifications(1);
                String oldPid = listenerPid(applicationName);

                server.execute("SELECT pg_terminate_backend(" + oldPid + ")");
                orders.awaitEvents("a connection gap", events -> events.stream().anyMatch(PossibleLoss.ConnectionGap.class::isInstance));
                invoices.awaitEvents("a connection gap", events -> events.stream().anyMatch(PossibleLoss.ConnectionGap.class::isInstance));
                client.notify("orders", "after");
                client.notify("invoices", "after");
                orders.awaitNotifications(2);
                invoices.awaitNotifications(1);

                assertThat(orders.payloads()).containsExactly("before", "after");
                assertThat(orders.events.get(1)).isInstanceOf(PossibleLoss.ConnectionGap.class);
                PossibleLoss.ConnectionGap gap = (PossibleLoss.ConnectionGap) orders.losses().getFirst();
                assertThat(gap.channel()).isEqualTo("orders");
                assertThat(gap.cause()).startsWith("SQLSTATE 57P01");
                assertThat(gap.duration()).isPositive().isLessThan(Recorder.WAIT);
                assertThat(invoices.payloads()).containsExactly("after");
                assertThat(listenerPid(applicationName)).isNotEqualTo(oldPid);
                SubscriptionStats stats = ordersSubscription.stats();
                assertThat(stats.connectionGaps()).isEqualTo(1);
                assertThat(stats.listening()).isTrue();
                assertThat(log.warnings("dev.tusk.listen")).anySatisfy(line -> assertThat(line).startsWith(
                        "LISTEN connection to 127.0.0.1:" + server.port() + "/postgres lost (SQLSTATE 57P01: FATAL: "
                                + "terminating connection due to administrator command); reconnecting. Notifications "
                                + "sent to [orders, invoices] until it is back are lost"))
                        .anySatisfy(line -> assertThat(line).matches("LISTEN connection to 127\\.0\\.0\\.1:\\d+/postgres "
                                + "restored after \\d+ ms, at connection attempt 1; listening again on \\[orders, "
                                + "invoices\\]; notifications sent in that gap were lost.*"));
            }
        }
    }

    @Test
    void shouldListenAgainAndReportTheGapAfterTheServerRestarts() {
        String applicationName = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        try (TuskClient client = Tusk.connect(config(applicationName))) {
            Recorder recorder = new Recorder();
            try (Subscription subscription = client.listen("orders", recorder)) {
                client.notify("orders", "before");
                recorder.awaitNotifications(1);

                server.stop();
                long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
                while (subscription.stats().listening()) {
                    assertThat(System.nanoTime()).as("the subscription notices the server is gone").isLessThan(deadline);
                    Recorder.sleep(10);
                }
                // Long enough for several reconnect attempts to be refused and back off.
                Recorder.sleep(500);
                assertThat(recorder.losses()).as("no gap is reported before LISTEN is back").isEmpty();
                server.start();

                recorder.awaitEvents("a connection gap", events -> events.stream().anyMatch(PossibleLoss.ConnectionGap.class::isInstance));
                client.notify("orders", "after");
                recorder.awaitNotifications(2);
                assertThat(recorder.payloads()).containsExactly("before", "after");
                List<PossibleLoss> losses = recorder.losses();
                assertThat(losses).hasSize(1);
                PossibleLoss.ConnectionGap gap = (PossibleLoss.ConnectionGap) losses.getFirst();
                assertThat(gap.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
                assertThat(gap.cause()).startsWith("SQLSTATE 57P01");
                assertThat(subscription.stats().connectionGaps()).isEqualTo(1);
                assertThat(subscription.stats().listening()).isTrue();
            }
        } finally {
            server.start();
        }
    }
}
